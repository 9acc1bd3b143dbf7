//! Documents written over the API: added as a job that the catalog and lookup see when it is
//! done, the same file twice writing nothing, a replacement that must be the same document, a
//! removal, the readers' errors in the job, scopes and clearance, and the corpus folder's
//! documents left to the folder.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use lexcite_engine::testing::{corpus, engine_with};
use lexcite_http::pushed::Provenance;
use lexcite_index::Classification;

use crate::common::{App, NO_ASK_KEY, OTHER_WRITE_KEY, WRITE_KEY, repo_root, spawn_app_writable};
use crate::drafts::{Sent, form, send_form};

const PROGRAMME: &str = "corpus/71-NQ-CP_2025-04-01_ChinhPhu_PARTIAL-quotes.txt";

/// What the manifest says of 71/NQ-CP, as form fields.
const PROGRAMME_META: &[(&str, &str)] = &[
    ("number", "71/NQ-CP"),
    ("type", "Nghị quyết"),
    ("issuer", "Chính phủ"),
    ("issued", "2025-04-01"),
    ("completeness", "partial"),
    (
        "holds",
        "Điều 1; Chương trình hành động: Mục I, tiểu mục 3 Mục II; Phụ lục I",
    ),
];

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo_root().join(path)).expect("corpus file")
}

/// An app over a fresh store holding 57-NQ/TW, a document of its corpus folder.
fn writable(dir: &std::path::Path) -> (App, String) {
    let (_, resolution) = corpus()
        .into_iter()
        .find(|(e, _)| {
            e.number
                .as_ref()
                .is_some_and(|n| n.to_string() == "57-NQ/TW")
        })
        .expect("57-NQ/TW in the corpus");
    let id = resolution.id.clone();
    let engine = Arc::new(engine_with(&[(resolution, Classification::Public)]));
    let provenance = Provenance::open(dir).expect("pushed list");
    provenance.set_corpus([id.clone()]);
    (spawn_app_writable(engine, provenance), id)
}

/// Polls the job until it is done.
fn finished(app: &App, job: &Value, key: &str) -> Value {
    let id = job["id"].as_str().expect("job id");
    let started = Instant::now();
    loop {
        let r = app.get(&format!("/v1/jobs/{id}"), Some(key));
        assert_eq!(r.status, 200, "{:?}", r.body);
        if matches!(r.body["state"].as_str(), Some("succeeded" | "failed")) {
            return r.body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the job never finished: {}",
            r.body
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn push(app: &App, key: &str, name: &str, bytes: &[u8], fields: &[(&str, &str)]) -> Sent {
    form(
        &app.base,
        "/v1/documents",
        key,
        Some((name, bytes)),
        fields,
        None,
    )
}

fn replace(app: &App, id: &str, file: (&str, &[u8])) -> Sent {
    send_form(
        "PUT",
        &app.base,
        &format!("/v1/documents/{id}"),
        WRITE_KEY,
        Some(file),
        &[],
        None,
    )
}

#[test]
fn a_pushed_document_is_served_once_its_job_is_done_and_the_same_file_twice_writes_nothing() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (app, _) = writable(dir.path());
    let bytes = read(PROGRAMME);
    let r = push(&app, WRITE_KEY, "71-NQ-CP.txt", &bytes, PROGRAMME_META);
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.bytes));
    let job = r.json();
    assert_eq!(
        r.headers["location"],
        format!("/v1/jobs/{}", job["id"].as_str().unwrap_or_default())
    );
    assert_eq!(job["kind"], "add");
    assert_eq!(job["file"]["bytes"], bytes.len());

    let done = finished(&app, &job, WRITE_KEY);
    assert_eq!(done["state"], "succeeded", "{done}");
    assert_eq!(done["document"]["outcome"], "added");
    assert_eq!(
        done["progress"]["records_done"],
        done["progress"]["records_total"]
    );
    let id = done["document"]["id"]
        .as_str()
        .expect("document id")
        .to_string();

    // The catalog and lookup see it without a restart.
    let list = app.get("/v1/documents", Some(WRITE_KEY));
    assert!(list.body.to_string().contains(&id), "{}", list.body);
    let unit = app.lookup(
        "tiểu mục 3 Mục II Chương trình ban hành kèm theo Nghị quyết số 71/NQ-CP",
        WRITE_KEY,
    );
    assert_eq!(unit.status, 200, "{:?}", unit.body);
    // It is recorded as pushed, so a restart keeps it.
    assert!(Provenance::open(dir.path()).expect("list").is_pushed(&id));

    // The same file again: nothing written.
    let again = finished(
        &app,
        &push(&app, WRITE_KEY, "again.txt", &bytes, PROGRAMME_META).json(),
        WRITE_KEY,
    );
    assert_eq!(again["state"], "succeeded");
    assert_eq!(again["document"]["outcome"], "unchanged");
    for field in ["added", "updated", "deleted"] {
        assert_eq!(again["document"][field], 0, "{again}");
    }

    // Removed: gone from the catalog and from the list of pushed documents.
    let r = app.delete(&format!("/v1/documents/{id}"), WRITE_KEY);
    assert_eq!(r.status, 202, "{:?}", r.body);
    let removed = finished(&app, &r.body, WRITE_KEY);
    assert_eq!(removed["document"]["outcome"], "deleted", "{removed}");
    assert_eq!(
        app.get(&format!("/v1/documents/{id}"), Some(WRITE_KEY))
            .status,
        404
    );
    assert!(!Provenance::open(dir.path()).expect("list").is_pushed(&id));
}

#[test]
fn a_bad_file_fails_its_job_with_the_readers_code_and_a_replacement_must_be_the_same_document() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (app, corpus_id) = writable(dir.path());
    let scan = read("tests/fixtures/pdf/scanned.pdf");
    let failed = finished(
        &app,
        &push(&app, WRITE_KEY, "scan.pdf", &scan, &[]).json(),
        WRITE_KEY,
    );
    assert_eq!(failed["state"], "failed");
    assert_eq!(failed["error"]["code"], "pdf_no_text_layer", "{failed}");
    let html = read("tests/fixtures/html/no-legal-text.html");
    let failed = finished(
        &app,
        &push(&app, WRITE_KEY, "page.html", &html, &[]).json(),
        WRITE_KEY,
    );
    assert_eq!(failed["error"]["code"], "no_legal_text", "{failed}");

    // A text that does not say which document it is, pushed without its number.
    let resolution = read("corpus/57-NQ-TW_2024-12-22_BoChinhTri.txt");
    let unnamed = finished(
        &app,
        &push(&app, WRITE_KEY, "57.txt", &resolution, &[]).json(),
        WRITE_KEY,
    );
    assert_eq!(
        unnamed["error"]["code"], "document_unidentified",
        "{unnamed}"
    );
    // The corpus folder's document is the folder's: not over the API.
    let own = finished(
        &app,
        &push(
            &app,
            WRITE_KEY,
            "57.txt",
            &resolution,
            &[
                ("number", "57-NQ/TW"),
                ("type", "resolution"),
                ("issuer", "Bộ Chính trị"),
                ("issued", "2024-12-22"),
            ],
        )
        .json(),
        WRITE_KEY,
    );
    assert_eq!(own["error"]["code"], "document_from_corpus", "{own}");
    let r = app.delete(&format!("/v1/documents/{corpus_id}"), WRITE_KEY);
    assert_eq!((r.status, r.code()), (409, "document_from_corpus"));

    // A replacement that is another document fails; the document stays as it was.
    let added = finished(
        &app,
        &push(&app, WRITE_KEY, "71.txt", &read(PROGRAMME), PROGRAMME_META).json(),
        WRITE_KEY,
    );
    let id = added["document"]["id"].as_str().expect("id").to_string();
    let other = read("corpus/Luat-An-ninh-mang_24-2018-QH14.txt");
    let r = send_form(
        "PUT",
        &app.base,
        &format!("/v1/documents/{id}"),
        WRITE_KEY,
        Some(("other.txt", &other)),
        &[
            ("number", "24/2018/QH14"),
            ("type", "law"),
            ("title", "An ninh mạng"),
        ],
        None,
    );
    assert_eq!(r.status, 202, "{}", String::from_utf8_lossy(&r.bytes));
    let mismatch = finished(&app, &r.json(), WRITE_KEY);
    assert_eq!(mismatch["kind"], "replace");
    assert_eq!(mismatch["error"]["code"], "document_mismatch", "{mismatch}");
    assert_eq!(
        app.get(&format!("/v1/documents/{id}"), Some(WRITE_KEY))
            .status,
        200
    );
    // The same text as a new version, nothing said of it: the document as known, unchanged.
    let r = replace(&app, &id, ("71.txt", &read(PROGRAMME)));
    let same = finished(&app, &r.json(), WRITE_KEY);
    assert_eq!(same["document"]["id"], id.as_str(), "{same}");
    assert_eq!(same["document"]["outcome"], "unchanged", "{same}");
    let missing = replace(&app, "no-such-document", ("x.txt", b"text"));
    assert_eq!(
        (missing.status, missing.code()),
        (404, "document_not_found".to_string())
    );
}

#[test]
fn writing_needs_the_write_scope_the_clearance_and_a_job_is_its_submitters_own() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (app, _) = writable(dir.path());
    let bytes = read(PROGRAMME);
    let r = push(&app, NO_ASK_KEY, "71.txt", &bytes, PROGRAMME_META);
    assert_eq!((r.status, r.code()), (403, "forbidden".to_string()));
    let mut restricted = PROGRAMME_META.to_vec();
    restricted.push(("classification", "restricted"));
    let r = push(&app, WRITE_KEY, "71.txt", &bytes, &restricted);
    assert_eq!((r.status, r.code()), (403, "forbidden".to_string()));
    let r = push(
        &app,
        WRITE_KEY,
        "71.txt",
        &bytes,
        &[("issued", "1 April 2025")],
    );
    assert_eq!((r.status, r.code()), (400, "invalid_parameter".to_string()));
    let r = push(
        &app,
        WRITE_KEY,
        "71.txt",
        &bytes,
        &[("completeness", "whole")],
    );
    assert_eq!((r.status, r.code()), (400, "invalid_parameter".to_string()));

    let job = push(&app, WRITE_KEY, "71.txt", &bytes, PROGRAMME_META).json();
    let id = job["id"].as_str().expect("id");
    let other = app.get(&format!("/v1/jobs/{id}"), Some(OTHER_WRITE_KEY));
    assert_eq!((other.status, other.code()), (404, "job_not_found"));
    finished(&app, &job, WRITE_KEY);
}
