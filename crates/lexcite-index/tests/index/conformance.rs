//! The store conformance suite: every backend must pass it unchanged. Vectors are small and
//! made by hand so that the expected ranking is known; BM25 vectors are the real ones.

use chrono::NaiveDate;
use lexcite_core::UnitKind;
use lexcite_core::sparse::Bm25;
use lexcite_index::record::date_to_int;
use lexcite_index::store::Fusion;
use lexcite_index::{Classification, Filters, Mode, Point, Query, Record, Store};

use crate::common::backends;

const DIM: usize = 8;

fn axis(i: usize) -> Vec<f32> {
    let mut v = vec![0.0; DIM];
    v[i % DIM] = 1.0;
    v
}

/// A vector mostly along axis `i`, a little along axis `j`.
fn near(i: usize, j: usize, w: f32) -> Vec<f32> {
    let mut v = axis(i);
    v[j % DIM] += w;
    v
}

struct Spec<'a> {
    id: &'a str,
    doc: &'a str,
    kind: UnitKind,
    doc_type: &'a str,
    issuer: &'a str,
    issued: (i32, u32, u32),
    class: Classification,
    text: &'a str,
}

fn point(s: &Spec, dense: Vec<f32>) -> Point {
    let issued = NaiveDate::from_ymd_opt(s.issued.0, s.issued.1, s.issued.2).expect("date");
    Point {
        record: Record {
            number: Some(format!("{}-number", s.doc)),
            doc_type: Some(s.doc_type.to_string()),
            issuer: Some(s.issuer.to_string()),
            issued: Some(date_to_int(issued)),
            kind: Some(s.kind),
            citation: format!("{} {}", s.kind.label(), s.id),
            text: s.text.to_string(),
            end: s.text.chars().count(),
            fingerprint: format!("fp-{}", s.text.len()),
            ..Record::unit(s.id.to_string(), s.doc.to_string(), s.class)
        },
        dense,
        sparse: Bm25::default().document(s.text),
    }
}

/// Five units over three documents, each with its own axis.
fn sample() -> Vec<Point> {
    use Classification::*;
    use UnitKind::*;
    let specs = [
        Spec {
            id: "luat-a:art1",
            doc: "luat-a",
            kind: Article,
            doc_type: "law",
            issuer: "Quốc hội",
            issued: (2025, 6, 24),
            class: Public,
            text: "Dữ liệu cá nhân là thông tin gắn với một con người cụ thể.",
        },
        Spec {
            id: "luat-a:art2",
            doc: "luat-a",
            kind: Article,
            doc_type: "law",
            issuer: "Quốc hội",
            issued: (2025, 6, 24),
            class: Public,
            text: "Chủ thể dữ liệu có quyền được biết về hoạt động xử lý dữ liệu.",
        },
        Spec {
            id: "nd-b:art1.cl1",
            doc: "nd-b",
            kind: Clause,
            doc_type: "decree",
            issuer: "Chính phủ",
            issued: (2023, 4, 17),
            class: Internal,
            text: "Bên Kiểm soát dữ liệu phải thông báo vi phạm trong 72 giờ.",
        },
        Spec {
            id: "nq-c:sec2",
            doc: "nq-c",
            kind: Section,
            doc_type: "resolution",
            issuer: "Bộ Chính trị",
            issued: (2024, 12, 22),
            class: Restricted,
            text: "Kinh phí chi cho nghiên cứu phát triển đạt 2% GDP.",
        },
        Spec {
            id: "nq-c:sec3",
            doc: "nq-c",
            kind: Section,
            doc_type: "resolution",
            issuer: "Bộ Chính trị",
            issued: (2024, 12, 22),
            class: Public,
            text: "Phát triển hạ tầng số, hạ tầng dữ liệu quốc gia.",
        },
    ];
    specs
        .iter()
        .enumerate()
        .map(|(i, s)| point(s, axis(i)))
        .collect()
}

fn ids(records: impl IntoIterator<Item = Record>) -> Vec<String> {
    records.into_iter().map(|r| r.id).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn query(
    store: &dyn Store,
    dense: Vec<f32>,
    text: &str,
    mode: Mode,
    filters: Filters,
    limit: usize,
) -> Vec<String> {
    let hits = store
        .search(&Query {
            dense,
            sparse: Bm25::default().query(text),
            mode,
            filters,
            limit,
            fusion: Fusion::default(),
        })
        .expect("search");
    hits.into_iter().map(|h| h.record.id).collect()
}

#[test]
fn upsert_then_get_count_and_scan() {
    for b in backends("upsert", DIM) {
        let store = &*b.store;
        store.upsert(&sample()).expect("upsert");
        let asked = [
            "nq-c:sec2".to_string(),
            "missing".to_string(),
            "luat-a:art1".to_string(),
        ];
        let got = store.get(&asked).expect("get");
        assert_eq!(ids(got.clone()), ["nq-c:sec2", "luat-a:art1"], "{}", b.name);
        assert_eq!(
            got[0],
            sample()[3].record,
            "{}: the payload comes back as written",
            b.name
        );
        assert_eq!(
            store.count(&Filters::default()).expect("count"),
            5,
            "{}",
            b.name
        );
        assert_eq!(
            store.count(&Filters::documents()).expect("count"),
            0,
            "{}",
            b.name
        );
        assert_eq!(
            store.scan(&Filters::units()).expect("scan").len(),
            5,
            "{}",
            b.name
        );
        // The outline is every record without its text, the rest of the payload intact.
        let mut outline = store.scan_outline(&Filters::units()).expect("outline");
        outline.sort_by(|a, b| a.id.cmp(&b.id));
        let mut expected: Vec<Record> = sample().into_iter().map(|p| p.record).collect();
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        for r in &mut expected {
            r.text.clear();
        }
        assert_eq!(outline, expected, "{}", b.name);
    }
}

#[test]
fn upsert_replaces_a_record_with_the_same_id() {
    for b in backends("replace", DIM) {
        let store = &*b.store;
        store.upsert(&sample()).expect("upsert");
        let mut changed = sample()[0].clone();
        changed.record.text = "Văn bản đã sửa đổi.".to_string();
        store.upsert(&[changed]).expect("upsert again");
        let got = store.get(&["luat-a:art1".to_string()]).expect("get");
        assert_eq!(got[0].text, "Văn bản đã sửa đổi.", "{}", b.name);
        assert_eq!(
            store.count(&Filters::default()).expect("count"),
            5,
            "{}",
            b.name
        );
    }
}

#[test]
fn delete_removes_only_the_named_records() {
    for b in backends("delete", DIM) {
        let store = &*b.store;
        store.upsert(&sample()).expect("upsert");
        store
            .delete(&["luat-a:art2".to_string(), "never-written".to_string()])
            .expect("delete");
        assert_eq!(
            store.count(&Filters::default()).expect("count"),
            4,
            "{}",
            b.name
        );
        assert!(
            store
                .get(&["luat-a:art2".to_string()])
                .expect("get")
                .is_empty()
        );
        let hits = query(
            store,
            axis(1),
            "quyền được biết",
            Mode::Hybrid,
            Filters::units(),
            5,
        );
        assert!(
            !hits.contains(&"luat-a:art2".to_string()),
            "{}: deleted record found: {hits:?}",
            b.name
        );
    }
}

#[test]
fn dense_sparse_and_hybrid_rankings() {
    for b in backends("modes", DIM) {
        let store = &*b.store;
        store.upsert(&sample()).expect("upsert");
        // Dense: the vector along axis 2 is the decree clause.
        let dense = query(store, near(2, 3, 0.5), "", Mode::Dense, Filters::units(), 2);
        assert_eq!(dense, ["nd-b:art1.cl1", "nq-c:sec2"], "{}", b.name);
        // Sparse: the words of the resolution's section 2, without their tone marks.
        let sparse = query(
            store,
            axis(0),
            "kinh phi nghien cuu phat trien",
            Mode::Sparse,
            Filters::units(),
            3,
        );
        assert_eq!(
            sparse.first().map(String::as_str),
            Some("nq-c:sec2"),
            "{}: {sparse:?}",
            b.name
        );
        // Hybrid: art2 is second by vector and first by words, art1 first by vector only:
        // reciprocal rank fusion puts art2 first.
        let hybrid = query(
            store,
            near(0, 1, 0.9),
            "quyền được biết về hoạt động xử lý",
            Mode::Hybrid,
            Filters::units(),
            3,
        );
        assert_eq!(
            hybrid.first().map(String::as_str),
            Some("luat-a:art2"),
            "{}: {hybrid:?}",
            b.name
        );
        assert!(
            hybrid.contains(&"luat-a:art1".to_string()),
            "{}: {hybrid:?}",
            b.name
        );
    }
}

#[test]
fn filters_restrict_every_mode() {
    for b in backends("filters", DIM) {
        let store = &*b.store;
        store.upsert(&sample()).expect("upsert");
        // [dense, sparse, hybrid] result ids, sorted.
        let all = |filters: Filters| {
            [Mode::Dense, Mode::Sparse, Mode::Hybrid].map(|mode| {
                sorted(query(
                    store,
                    near(3, 4, 0.3),
                    "dữ liệu phát triển",
                    mode,
                    filters.clone(),
                    10,
                ))
            })
        };
        let by_doc = all(Filters {
            document_ids: vec!["nq-c".into()],
            ..Filters::units()
        });
        assert_eq!(
            by_doc[0],
            ["nq-c:sec2", "nq-c:sec3"],
            "{}: by document",
            b.name
        );
        assert_eq!(by_doc[2], by_doc[0], "{}: hybrid by document", b.name);
        assert!(
            by_doc[1].iter().all(|id| id.starts_with("nq-c")),
            "{}: sparse by document {:?}",
            b.name,
            by_doc[1]
        );

        let by_type = all(Filters {
            doc_types: vec!["law".into(), "decree".into()],
            ..Filters::units()
        });
        assert_eq!(
            by_type[0],
            ["luat-a:art1", "luat-a:art2", "nd-b:art1.cl1"],
            "{}: by type",
            b.name
        );

        let by_issuer = all(Filters {
            issuers: vec!["Chính phủ".into()],
            ..Filters::units()
        });
        assert_eq!(by_issuer[0], ["nd-b:art1.cl1"], "{}: by issuer", b.name);

        let by_kind = all(Filters {
            kinds: vec![UnitKind::Article],
            ..Filters::units()
        });
        assert_eq!(
            by_kind[0],
            ["luat-a:art1", "luat-a:art2"],
            "{}: by kind",
            b.name
        );

        let public = all(Filters {
            classifications: vec![Classification::Public],
            ..Filters::units()
        });
        assert_eq!(
            public[0],
            ["luat-a:art1", "luat-a:art2", "nq-c:sec3"],
            "{}: by classification",
            b.name
        );
        assert!(
            !public[1].contains(&"nq-c:sec2".to_string()),
            "{}: sparse leaks a restricted unit",
            b.name
        );
        assert!(
            !public[2].contains(&"nq-c:sec2".to_string()),
            "{}: hybrid leaks a restricted unit",
            b.name
        );

        // Inclusive bounds on the issue date.
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        let range = all(Filters {
            issued_from: d(2023, 4, 17),
            issued_to: d(2024, 12, 22),
            ..Filters::units()
        });
        assert_eq!(
            range[0],
            ["nd-b:art1.cl1", "nq-c:sec2", "nq-c:sec3"],
            "{}: date range",
            b.name
        );
        let since = all(Filters {
            issued_from: d(2025, 1, 1),
            ..Filters::units()
        });
        assert_eq!(
            since[0],
            ["luat-a:art1", "luat-a:art2"],
            "{}: since",
            b.name
        );

        let none = all(Filters {
            document_ids: vec!["nd-b".into()],
            kinds: vec![UnitKind::Section],
            ..Filters::units()
        });
        assert!(
            none.iter().all(Vec::is_empty),
            "{}: conditions combine with AND: {none:?}",
            b.name
        );
    }
}

/// Set in the child process of the crash test: the folder it writes into.
const CRASH_WRITER: &str = "LEXCITE_CRASH_WRITER";
const CRASH_BATCH: usize = 10;

/// The child: writes batches forever, saying which ones were acknowledged.
fn crash_writer(dir: &str) {
    use std::io::Write;
    let store = lexcite_index::EdgeStore::open(std::path::Path::new(dir), DIM).expect("open");
    for batch in 0..100_000 {
        let points: Vec<Point> = (0..CRASH_BATCH)
            .map(|j| {
                let mut p = sample()[j % 5].clone();
                p.record.id = format!("crash:{batch}:{j}");
                p
            })
            .collect();
        store.upsert(&points).expect("upsert");
        println!("acked {batch}");
        std::io::stdout().flush().expect("stdout");
    }
}

#[test]
fn edge_store_keeps_acknowledged_writes_after_a_crash() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    if let Ok(dir) = std::env::var(CRASH_WRITER) {
        crash_writer(&dir);
        return;
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("index");
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "conformance::edge_store_keeps_acknowledged_writes_after_a_crash",
            "--exact",
            "--nocapture",
        ])
        .env(CRASH_WRITER, &path)
        .stdout(Stdio::piped())
        .spawn()
        .expect("writer starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut acked = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("line");
        if let Some(n) = line.strip_prefix("acked ") {
            let n: usize = n.parse().expect("batch number");
            acked = Some(n);
            if n == 30 {
                // SIGKILL: no destructor, no flush, exactly like a power cut for the process.
                child.kill().expect("kill");
                break;
            }
        }
    }
    child.wait().expect("writer ends");
    let acked = acked.expect("the writer acknowledged batches");
    let store = lexcite_index::EdgeStore::open(&path, DIM).expect("reopens after the crash");
    let count = store.count(&Filters::default()).expect("count");
    assert!(
        count >= (acked + 1) * CRASH_BATCH,
        "{count} records after {acked} acknowledged batches"
    );
    let wanted: Vec<String> = (0..=acked)
        .flat_map(|b| (0..CRASH_BATCH).map(move |j| format!("crash:{b}:{j}")))
        .collect();
    assert_eq!(
        store.get(&wanted).expect("get").len(),
        wanted.len(),
        "an acknowledged record is missing"
    );
    let hits = query(
        &store,
        axis(3),
        "nghiên cứu phát triển",
        Mode::Hybrid,
        Filters::units(),
        3,
    );
    assert!(
        hits.iter().all(|id| id.starts_with("crash:")) && !hits.is_empty(),
        "search works after reopening: {hits:?}"
    );
}

#[test]
fn edge_store_refuses_a_model_of_another_dimension() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("index");
    drop(lexcite_index::EdgeStore::open(&path, DIM).expect("create"));
    let err = lexcite_index::EdgeStore::open(&path, 384).expect_err("other dimension");
    let message = err.to_string();
    assert!(
        message.contains("8-dimensional") && message.contains("384"),
        "{message}"
    );
}

/// Takes `len` bytes of real space on the disk holding `path` (not a sparse file).
fn filler(path: &std::path::Path, len: u64) -> std::fs::File {
    let file = std::fs::File::create(path).expect("filler file");
    rustix::fs::fallocate(&file, rustix::fs::FallocateFlags::empty(), 0, len).expect("allocate");
    file
}

#[test]
fn a_disk_that_fills_up_after_opening_refuses_the_next_write_and_closing_does_not_panic() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let disk = dir.path().join("disk");
    std::fs::create_dir_all(&disk).expect("folder");
    // A 96 MiB file system where one can be mounted; elsewhere the store asks for all but
    // 256 MiB of the disk's free space and the filler takes 512 MiB.
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=96m", "tmpfs"])
        .arg(&disk)
        .status()
        .is_ok_and(|s| s.success());
    let free = || lexcite_index::edge::free_bytes(&disk).expect("free space");
    let min_free = if mounted {
        16 << 20
    } else {
        free().saturating_sub(256 << 20)
    };
    let path = disk.join("index");
    let store = lexcite_index::EdgeStore::open_keeping(&path, DIM, min_free).expect("opens");
    store.upsert(&sample()[..2]).expect("a write with room");
    let fill = if mounted {
        free().saturating_sub(4 << 20)
    } else {
        512 << 20
    };
    let _fill = filler(&disk.join("filler"), fill);
    let err = store
        .upsert(&sample()[2..])
        .expect_err("a write without room is refused");
    let message = err.to_string();
    assert!(
        message.contains("not enough free space") && message.contains(&path.display().to_string()),
        "{message}"
    );
    // What was written before is there; closing on the full disk logs, it does not panic.
    assert_eq!(store.count(&Filters::default()).expect("count"), 2);
    drop(store);
    std::fs::remove_file(disk.join("filler")).expect("filler removed");
    if mounted {
        let _ = std::process::Command::new("umount").arg(&disk).status();
    }
}
