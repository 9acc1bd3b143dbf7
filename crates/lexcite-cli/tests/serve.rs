//! `lexcite serve` and `lexcite ingest` when things go wrong: killed during the first start,
//! a corpus that changed, a data folder it cannot write, a disk with no room.

mod support;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use support::{get, repo_root, serve, wait_ready};

/// The corpus entries kept for these tests: a law, a Party resolution and a Government one.
const FILES: &[&str] = &[
    "Luat-Bao-ve-du-lieu-ca-nhan_91-2025-QH15.txt",
    "57-NQ-TW_2024-12-22_BoChinhTri.txt",
    "Luat-Tri-tue-nhan-tao_134-2025-QH15.txt",
];

/// Writes a corpus folder holding `files`, with their entries of the project's manifest.
fn small_corpus(dir: &Path, files: &[&str]) {
    std::fs::create_dir_all(dir).expect("corpus folder");
    let manifest =
        std::fs::read_to_string(repo_root().join("corpus/manifest.toml")).expect("manifest");
    let mut kept = String::new();
    for entry in manifest.split("[[document]]").skip(1) {
        if files
            .iter()
            .any(|f| entry.contains(&format!("file = \"{f}\"")))
        {
            kept.push_str("[[document]]");
            kept.push_str(entry);
        }
    }
    std::fs::write(dir.join("manifest.toml"), kept).expect("manifest written");
    for f in files {
        std::fs::copy(repo_root().join("corpus").join(f), dir.join(f)).expect("copy");
    }
}

/// A settings file in `dir` for a server on port 0 over `corpus` and `data`; its path.
fn settings_file(dir: &Path, corpus: &Path, data: &Path) -> String {
    let config = dir.join("lexcite.toml");
    std::fs::write(
        &config,
        format!(
            "bind = \"127.0.0.1:0\"\ncorpus = {:?}\ndata_dir = {:?}\n",
            corpus.display().to_string(),
            data.display().to_string()
        ),
    )
    .expect("settings");
    config.display().to_string()
}

/// The ids of the documents the key sees.
fn documents(base: &str, key: &str) -> Vec<String> {
    let (status, body) = get(base, "/v1/documents", Some(key));
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    v["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .filter_map(|d| d["id"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_first_start_killed_while_ingesting_is_finished_at_the_next_and_the_corpus_followed() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let corpus = dir.path().join("corpus");
    small_corpus(&corpus, FILES);
    let data = dir.path().join("data");
    let config = settings_file(dir.path(), &corpus, &data);

    // Killed (SIGKILL) part-way through the first ingestion.
    let mut first = serve(&config, &[]);
    let base = first.base();
    let started = Instant::now();
    let mut caught = None;
    while started.elapsed() < Duration::from_secs(300) {
        let (status, body) = get(&base, "/readyz", None);
        assert_ne!(
            status, 200,
            "ingestion ended before the test could interrupt it"
        );
        // Anonymous callers learn what is under way, not where.
        assert!(!body.contains(&data.display().to_string()), "{body}");
        if let Some(progress) = body
            .split("ingesting the corpus: ")
            .nth(1)
            .and_then(|p| p.split(' ').next())
            .and_then(|p| p.split_once('/'))
            .and_then(|(done, total)| {
                Some((done.parse::<usize>().ok()?, total.parse::<usize>().ok()?))
            })
            .filter(|(done, total)| *done > 0 && done < total)
        {
            caught = Some(progress);
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let (done, total) = caught.expect("the first start reported its progress");
    first.0.kill().expect("killed");
    let _ = first.0.wait();
    assert!(done < total);
    let key = std::fs::read_to_string(data.join("api-key")).expect("key made at first start");
    let key = key.trim();

    let mut second = serve(&config, &[]);
    let base = second.base();
    assert!(
        wait_ready(&base, Duration::from_secs(300)),
        "the restart never became ready"
    );
    let mut ids = documents(&base, key);
    ids.sort();
    assert_eq!(
        ids,
        vec![
            "134-2025-qh15_20251210",
            "57-nq-tw_20241222",
            "91-2025-qh15_20250626"
        ]
    );
    // A unit of the document ingested last is there.
    let (status, body) = get(
        &base,
        "/v1/lookup?citation=M%E1%BB%A5c%20III%20Ngh%E1%BB%8B%20quy%E1%BA%BFt%2057-NQ%2FTW",
        Some(key),
    );
    assert_eq!(status, 200, "{body}");
    drop(second);

    // A document taken out of the corpus is taken out of the store at the next start.
    small_corpus(&corpus, &FILES[..2]);
    std::fs::remove_file(corpus.join(FILES[2])).expect("removed");
    let mut third = serve(&config, &[]);
    let base = third.base();
    assert!(wait_ready(&base, Duration::from_secs(120)), "not ready");
    assert_eq!(documents(&base, key).len(), 2);
}

/// A folder nothing can be written in: read-only by its mode, and by a read-only mount
/// where the test runs as root (whom modes do not stop).
fn read_only_folder(dir: &Path) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let ro = dir.join("ro");
    std::fs::create_dir_all(&ro).ok()?;
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).ok()?;
    if std::fs::write(ro.join("probe"), "x").is_err() {
        return Some(ro);
    }
    let _ = std::fs::remove_file(ro.join("probe"));
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs"])
        .arg(&ro)
        .status()
        .is_ok_and(|s| s.success());
    mounted.then_some(ro)
}

fn unmount(path: &Path) {
    let _ = Command::new("umount").arg(path).status();
}

#[test]
fn a_start_that_cannot_succeed_exits_non_zero_with_the_reason() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let Some(ro) = read_only_folder(dir.path()) else {
        eprintln!("skipped: no read-only folder can be made here");
        return;
    };
    let config = dir.path().join("lexcite.toml");
    std::fs::write(
        &config,
        format!(
            "bind = \"127.0.0.1:0\"\ncorpus = \"\"\ndata_dir = {:?}\naudit_log = {:?}\n",
            ro.display().to_string(),
            dir.path().join("audit.jsonl").display().to_string()
        ),
    )
    .expect("settings");
    let keys = format!("probe:{}:read", "a".repeat(64));
    let mut server = serve(
        &config.display().to_string(),
        &[("LEXCITE_API_KEYS", keys.as_str())],
    );
    // It listens first, then finds it cannot open the store, and exits.
    let _ = server.base();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.0.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > Duration::from_secs(60) {
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    if let Some(mut e) = server.0.stderr.take() {
        use std::io::Read;
        let _ = e.read_to_string(&mut stderr);
    }
    unmount(&ro);
    let status = status.expect("the server stayed up on a store it cannot open");
    assert!(!status.success());
    assert_eq!(status.code(), Some(1), "ended by a signal: {status:?}");
    assert!(stderr.contains(&ro.display().to_string()), "{stderr}");
}

#[test]
fn a_disk_without_room_is_refused_with_a_clear_error_not_a_signal() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let tiny = dir.path().join("tiny");
    std::fs::create_dir_all(&tiny).expect("folder");
    // A 16 MiB file system where one can be mounted; elsewhere the same check, asked for
    // more room than any disk has.
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16m", "tmpfs"])
        .arg(&tiny)
        .status()
        .is_ok_and(|s| s.success());
    let min_free = if mounted {
        "134217728"
    } else {
        "1000000000000000000"
    };
    let out = Command::new(env!("CARGO_BIN_EXE_lexcite"))
        .args(["ingest", "corpus/57-NQ-TW_2024-12-22_BoChinhTri.txt"])
        .current_dir(repo_root())
        .env("LEXCITE_DATA_DIR", &tiny)
        .env("LEXCITE_MIN_FREE_BYTES", min_free)
        .env_remove("LEXCITE_CONFIG")
        .output()
        .expect("lexcite runs");
    if mounted {
        unmount(&tiny);
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "ended by a signal: {stderr}");
    assert!(stderr.contains("not enough free space"), "{stderr}");
    assert!(stderr.contains(&tiny.display().to_string()), "{stderr}");
    assert!(stderr.contains("MiB needed"), "{stderr}");
}

/// Posts a document over the API and waits for its job; returns the job.
fn push(base: &str, key: &str, file: &str, fields: &[(&str, &str)]) -> serde_json::Value {
    let boundary = "lexcite-serve-test";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file}\"\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(&std::fs::read(repo_root().join("corpus").join(file)).expect("file"));
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut r = support::agent()
        .post(&format!("{base}/v1/documents"))
        .header("Authorization", &format!("Bearer {key}"))
        .header(
            "Content-Type",
            &format!("multipart/form-data; boundary={boundary}"),
        )
        .send(&body[..])
        .expect("sent");
    assert_eq!(r.status().as_u16(), 202);
    let job: serde_json::Value =
        serde_json::from_str(&r.body_mut().read_to_string().expect("body")).expect("json");
    let started = Instant::now();
    loop {
        let (status, body) = get(
            base,
            &format!("/v1/jobs/{}", job["id"].as_str().expect("id")),
            Some(key),
        );
        assert_eq!(status, 200, "{body}");
        let job: serde_json::Value = serde_json::from_str(&body).expect("json");
        if job["state"] == "succeeded" || job["state"] == "failed" {
            return job;
        }
        assert!(started.elapsed() < Duration::from_secs(300), "{job}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_document_pushed_over_the_api_stays_when_the_server_restarts() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let corpus = dir.path().join("corpus");
    small_corpus(&corpus, &FILES[1..2]);
    let data = dir.path().join("data");
    let config = settings_file(dir.path(), &corpus, &data);
    let mut first = serve(&config, &[]);
    let base = first.base();
    assert!(wait_ready(&base, Duration::from_secs(300)), "not ready");
    let key = std::fs::read_to_string(data.join("api-key")).expect("key");
    let key = key.trim();
    let job = push(
        &base,
        key,
        "71-NQ-CP_2025-04-01_ChinhPhu_PARTIAL-quotes.txt",
        &[
            ("number", "71/NQ-CP"),
            ("type", "resolution"),
            ("issuer", "Chính phủ"),
            ("issued", "2025-04-01"),
        ],
    );
    assert_eq!(job["state"], "succeeded", "{job}");
    assert_eq!(documents(&base, key).len(), 2);
    drop(first);

    // The restart brings the store in step with the corpus folder, and keeps what was pushed.
    let mut second = serve(&config, &[]);
    let base = second.base();
    assert!(wait_ready(&base, Duration::from_secs(120)), "not ready");
    let mut ids = documents(&base, key);
    ids.sort();
    assert_eq!(ids, vec!["57-nq-tw_20241222", "71-nq-cp_20250401"]);
}
