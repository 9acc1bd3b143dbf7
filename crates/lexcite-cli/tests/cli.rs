//! The `lexcite` binary as a user runs it.

mod support;

use std::path::PathBuf;
use std::process::Command;

fn lexcite(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lexcite"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .output()
        .expect("lexcite runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn summary_prints_one_line_per_corpus_document() {
    let (ok, out, err) = lexcite(&["parse", "--summary", "corpus/"]);
    assert!(ok, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 11, "{out}");
    let law = lines
        .iter()
        .find(|l| l.starts_with("134/2025/QH15"))
        .expect("Luật Trí tuệ nhân tạo listed");
    assert!(
        law.contains(" law ") && law.contains("art=35") && law.contains("ch=8"),
        "{law}"
    );
    let partial = lines
        .iter()
        .find(|l| l.starts_with("71/NQ-CP"))
        .expect("71/NQ-CP listed");
    assert!(partial.contains("partial"), "{partial}");
}

#[test]
fn parse_prints_the_document_tree_as_json() {
    let (ok, out, err) = lexcite(&["parse", "corpus/57-NQ-TW_2024-12-22_BoChinhTri.txt"]);
    assert!(ok, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    assert_eq!(doc["number"], "57-NQ/TW");
    assert_eq!(doc["id"], "57-nq-tw_20241222");
    let sections: Vec<&str> = doc["units"]
        .as_array()
        .expect("units")
        .iter()
        .filter(|u| u["kind"] == "section")
        .map(|u| u["citation"].as_str().expect("citation"))
        .collect();
    assert_eq!(
        sections,
        ["Mục I", "Mục II", "Mục III", "Mục IV"].map(|s| format!("{s} Nghị quyết số 57-NQ/TW"))
    );
}

#[test]
fn bad_input_fails_with_a_one_line_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let binary = dir.path().join("scan.bin");
    std::fs::write(&binary, [0xffu8, 0xfe, 0x00, 0x01, 0x02]).expect("write");
    for (path, reason) in [
        (
            empty.to_str().expect("utf-8 path"),
            "the file is empty (0 bytes)",
        ),
        (
            binary.to_str().expect("utf-8 path"),
            "the input is not text",
        ),
        (
            "tests/fixtures/pdf/scanned.pdf",
            "no text layer on page 1 of 1",
        ),
        ("no/such/file.txt", "is neither a file nor a folder"),
    ] {
        let (ok, _, err) = lexcite(&["parse", path]);
        assert!(!ok, "{path} should fail");
        assert!(
            err.starts_with("error: ") && err.contains(reason),
            "{path}: {err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    }
}

#[test]
fn a_plain_folder_is_read_file_by_file_and_unreadable_files_are_named() {
    let (ok, out, err) = lexcite(&["parse", "--summary", "tests/fixtures/pdf"]);
    assert!(ok, "{err}");
    // The one good PDF is parsed; the three broken ones are reported, each on its own line.
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with("13/2023/NĐ-CP"), "{out}");
    for name in ["broken-glyph-map.pdf", "scanned.pdf", "truncated.pdf"] {
        assert!(
            err.lines()
                .any(|l| l.starts_with("skipped: ") && l.contains(name)),
            "{name} not reported: {err}"
        );
    }
}

#[test]
fn convert_turns_legacy_bytes_back_into_utf8() {
    let (ok, out, err) = lexcite(&["convert", "tests/fixtures/legacy/nd13-excerpt.vni.txt"]);
    assert!(ok, "{err}");
    assert!(err.contains("read as VNI"), "{err}");
    let original = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/legacy/nd13-excerpt.utf8.txt"),
    )
    .expect("fixture");
    assert!(out == original, "converted text differs from the original");
}

#[test]
fn a_settings_file_gives_the_commands_and_the_server_the_same_store() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let data = dir.path().join("store");
    let config = dir.path().join("lexcite.toml");
    std::fs::write(
        &config,
        format!(
            "bind = \"127.0.0.1:0\"\ncorpus = \"\"\ndata_dir = {:?}\n",
            data.display().to_string()
        ),
    )
    .expect("settings file");
    let config = config.display().to_string();
    let (ok, out, err) = lexcite(&[
        "ingest",
        "--config",
        &config,
        "corpus/71-NQ-CP_2025-04-01_ChinhPhu_PARTIAL-quotes.txt",
    ]);
    assert!(ok, "{err}");
    assert!(out.contains(&data.display().to_string()), "{out}");

    let (ok, out, err) = lexcite(&["documents", "--config", &config]);
    assert!(ok, "{err}");
    assert!(out.contains("71/NQ-CP"), "{out}");

    let mut server = support::serve(&config, &[]);
    let base = server.base();
    let ready = support::wait_ready(&base, std::time::Duration::from_secs(60));
    assert!(ready, "the server did not become ready");
    // The key the server made at first start lies in the settings file's data dir.
    let key = std::fs::read_to_string(data.join("api-key")).expect("api key in the data dir");
    let (status, body) = support::get(&base, "/v1/documents", Some(key.trim()));
    assert_eq!(status, 200);
    assert!(body.contains("71/NQ-CP"), "{body}");
}

/// Two small laws of ALQAC 2023 with the training questions about them, written as a dataset
/// folder; the questions in the competition's other format when `statements` is set.
fn small_alqac(dir: &std::path::Path, statements: bool) -> usize {
    let shared =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets/alqac2023");
    let read = |name: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(shared.join(name)).expect("ALQAC in ../shared"))
            .expect("JSON")
    };
    let keep = ["Luật Cư trú", "Luật Thanh niên", "Luật Điện ảnh"];
    let laws: Vec<serde_json::Value> = read("law.json")
        .as_array()
        .expect("laws")
        .iter()
        .filter(|l| keep.contains(&l["id"].as_str().unwrap_or("")))
        .cloned()
        .collect();
    let questions: Vec<serde_json::Value> = read("train.json")
        .as_array()
        .expect("questions")
        .iter()
        .filter(|q| keep.contains(&q["relevant_articles"][0]["law_id"].as_str().unwrap_or("")))
        .map(|q| {
            if statements {
                serde_json::json!({
                    "example_id": q["question_id"],
                    "statement": q["text"],
                    "legal_passages": q["relevant_articles"],
                })
            } else {
                q.clone()
            }
        })
        .collect();
    std::fs::write(
        dir.join("law.json"),
        serde_json::to_vec(&laws).expect("json"),
    )
    .expect("write");
    std::fs::write(
        dir.join("train.json"),
        serde_json::to_vec(&questions).expect("json"),
    )
    .expect("write");
    questions.len()
}

#[test]
fn eval_cross_validates_every_mode_on_an_alqac_folder() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let dataset = dir.path().join("small");
    std::fs::create_dir(&dataset).expect("folder");
    let asked = small_alqac(&dataset, true);
    assert!(asked >= 6, "the subset keeps {asked} questions");
    let data = dir.path().join("store");
    let (ok, out, err) = lexcite(&[
        "eval",
        "--dataset",
        &dataset.display().to_string(),
        "--folds",
        "3",
        "--json",
        "--data-dir",
        &data.display().to_string(),
    ]);
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON report");
    assert_eq!(report["questions"], asked);
    assert_eq!(report["laws"], 3);
    let modes: Vec<&str> = report["modes"]
        .as_array()
        .expect("modes")
        .iter()
        .map(|m| m["mode"].as_str().expect("mode"))
        .collect();
    assert_eq!(modes, ["dense", "bm25", "hybrid"]);
    for m in report["modes"].as_array().expect("modes") {
        let folds = m["folds"].as_array().expect("folds");
        assert_eq!(folds.len(), 3);
        let held_out: u64 = folds
            .iter()
            .map(|f| f["held_out"]["questions"].as_u64().expect("n"))
            .sum();
        assert_eq!(
            held_out as usize, asked,
            "every question is held out exactly once"
        );
        let recall5 = m["mean"]["recall"][1].as_f64().expect("recall");
        assert!(
            recall5 > 0.5,
            "{}: Recall@5 {recall5} on three small laws",
            m["mode"]
        );
    }

    // The same folder asked in the table form; a question about an article the laws lack
    // is refused with its id.
    let (ok, out, err) = lexcite(&[
        "eval",
        "--dataset",
        &dataset.display().to_string(),
        "--folds",
        "2",
        "--data-dir",
        &data.display().to_string(),
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("| hybrid |") && out.contains("held-out folds"),
        "{out}"
    );
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"[{"question_id": "Q9", "text": "?", "relevant_articles": [{"law_id": "Luật Cư trú", "article_id": "999"}]}]"#,
    )
    .expect("write");
    let (ok, _, err) = lexcite(&[
        "eval",
        "--dataset",
        &dataset.display().to_string(),
        "--questions",
        &bad.display().to_string(),
        "--data-dir",
        &data.display().to_string(),
    ]);
    assert!(!ok);
    assert!(err.contains("Q9") && err.contains("999"), "{err}");
}

#[test]
fn parse_lists_the_relations_a_document_states() {
    let (ok, out, err) = lexcite(&[
        "parse",
        "--relations",
        "corpus/ND-356-2025-ND-CP_huong-dan-Luat-BVDLCN.txt",
    ]);
    assert!(ok, "{err}");
    let ends = out
        .lines()
        .find(|l| l.contains("\tends\t"))
        .unwrap_or_else(|| panic!("an expiry in {out}"));
    assert!(
        ends.starts_with("356/2025/NĐ-CP\tkhoản 2 Điều 42") && ends.contains("13/2023/NĐ-CP"),
        "{ends}"
    );
    assert!(
        out.lines().any(|l| l.contains("\tamends\t")
            && l.contains("khoản 2 Điều 16")
            && l.ends_with("new wording quoted")),
        "{out}"
    );
}

#[test]
fn relations_says_where_each_indexed_document_stands_on_a_date() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let texts = dir.path().join("texts");
    std::fs::create_dir(&texts).expect("folder");
    let law = |number: &str, year: u32, title: &str, effective: &str, more: &str| {
        format!(
            "QUỐC HỘI\n\nLuật số: {number}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nHà Nội, ngày 10 tháng 01 năm {year}\n\nLUẬT\n{title}\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định việc thử nghiệm.\n\nĐiều 2. Hiệu lực thi hành\n\n1. Luật này có hiệu lực thi hành từ ngày {effective}.\n\n{more}\n"
        )
    };
    std::fs::write(
        texts.join("a.txt"),
        law("5/2030/QH15", 2030, "THỬ NGHIỆM", "01 tháng 7 năm 2030", ""),
    )
    .expect("write");
    std::fs::write(
        texts.join("b.txt"),
        law(
            "7/2032/QH15",
            2032,
            "THỬ NGHIỆM MỚI",
            "01 tháng 7 năm 2032",
            "2. Luật Thử nghiệm số 5/2030/QH15 hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.",
        ),
    )
    .expect("write");
    let store = dir.path().join("store").display().to_string();
    let (ok, _, err) = lexcite(&["ingest", "--data-dir", &store, &texts.display().to_string()]);
    assert!(ok, "{err}");
    let on = |date: &str| {
        let (ok, out, err) = lexcite(&["relations", "--data-dir", &store, "--as-of", date]);
        assert!(ok, "{err}");
        out
    };
    let after = on("2032-08-01");
    let old = after
        .lines()
        .find(|l| l.starts_with("Luật Thử nghiệm số 5/2030/QH15"))
        .unwrap_or_else(|| panic!("the old law in {after}"));
    assert!(old.contains("đã hết hiệu lực"), "{old}");
    assert!(
        after.contains("ends on 2032-07-01 by khoản 2 Điều 2 Luật Thử nghiệm mới số 7/2032/QH15"),
        "{after}"
    );
    let before = on("2031-08-01");
    assert!(
        before
            .lines()
            .any(|l| l.starts_with("Luật Thử nghiệm số 5/2030/QH15") && l.contains("còn hiệu lực")),
        "{before}"
    );
    assert!(
        before
            .lines()
            .any(|l| l.starts_with("Luật Thử nghiệm mới số 7/2032/QH15")
                && l.contains("chưa có hiệu lực")),
        "{before}"
    );
}

#[test]
fn verify_annotates_a_word_draft_and_reports_as_csv() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let config = dir.path().join("lexcite.toml");
    std::fs::write(
        &config,
        format!(
            "corpus = \"\"\ndata_dir = {:?}\n",
            dir.path().join("store").display().to_string()
        ),
    )
    .expect("settings file");
    let config = config.display().to_string();
    let (ok, _, err) = lexcite(&[
        "ingest",
        "--config",
        &config,
        "corpus/71-NQ-CP_2025-04-01_ChinhPhu_PARTIAL-quotes.txt",
    ]);
    assert!(ok, "{err}");

    let draft = "tests/fixtures/docx/nghi_dinh_356_2025_ND_CP.docx";
    let out = dir.path().join("annotated.docx");
    let out_arg = out.display().to_string();
    let (ok, csv, err) = lexcite(&[
        "verify",
        draft,
        "--annotate",
        &out_arg,
        "--csv",
        "--config",
        &config,
    ]);
    assert!(ok, "{err}");
    let rows = csv.trim_end().lines().count() - 1;
    assert!(rows > 20, "one row per reference: {csv}");
    assert!(err.contains(&format!("{} comments", rows + 1)), "{err}");
    // The JSON report, written reference by reference: one document, the counts last.
    let (ok, json, err) = lexcite(&["verify", draft, "--json", "--config", &config]);
    assert!(ok, "{err}");
    let report: serde_json::Value = serde_json::from_str(&json).expect("one JSON document");
    let refs = report["references"].as_array().expect("references");
    assert_eq!(refs.len(), rows);
    assert_eq!(report["summary"]["total"], rows);
    assert!(
        refs.iter()
            .all(|r| r["status"].is_string() && r["start"].is_u64())
    );

    let bytes = std::fs::read(&out).expect("the annotated draft");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a .docx");
    let mut comments = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/comments.xml").expect("comments part"),
        &mut comments,
    )
    .expect("comments");
    assert_eq!(comments.matches("<w:comment ").count(), rows + 1);

    // A draft that is not a Word document cannot carry comments; the draft is never
    // overwritten.
    let (ok, _, err) = lexcite(&[
        "verify",
        "tests/fixtures/pdf/decree-two-pages.pdf",
        "--annotate",
        &out_arg,
        "--config",
        &config,
    ]);
    assert!(!ok);
    assert!(err.contains("Word documents only"), "{err}");
    let (ok, _, err) = lexcite(&["verify", draft, "--annotate", draft, "--config", &config]);
    assert!(!ok);
    assert!(err.contains("new file"), "{err}");
}
