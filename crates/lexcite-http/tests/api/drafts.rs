//! Drafts as files: a form upload to verify (DOCX, PDF, text), a .docx annotated with one Word
//! comment per reference, CSV reports, the readers' errors, and the workspace page.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use serde_json::{Value, json};

use crate::common::{NO_ASK_KEY, PUBLIC_KEY, repo_root, spawn_app, spawn_app_with};
use crate::verify::statuses;

const DRAFT: [&str; 3] = [
    "Theo khoản 1 Điều 13 Luật số 134/2025/QH15, hệ thống trí tuệ nhân tạo có rủi ro cao phải được đánh giá sự phù hợp trước khi đưa vào sử dụng.",
    "Điều 99 Luật số 134/2025/QH15 quy định về xử phạt. Nghị định số 845/2026/NĐ-CP hướng dẫn chi tiết.",
    "Theo Mục II Nghị quyết 57-NQ/TW, kinh phí chi cho nghiên cứu phát triển (R&D) đạt 3% GDP.",
];

/// A Word document with one paragraph per line; each paragraph's text split into two runs,
/// the first bold, so references cross run boundaries.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        let cut = p
            .char_indices()
            .nth(p.chars().count() / 3)
            .map_or(0, |(i, _)| i);
        let (a, b) = p.split_at(cut);
        let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
        body.push_str(&format!(
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(a),
            esc(b)
        ));
    }
    let parts = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string(),
        ),
        (
            "word/document.xml",
            format!("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"),
        ),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        zip.write_all(data.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

/// What came back from a form post.
pub struct Sent {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub bytes: Vec<u8>,
}

impl Sent {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }

    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

/// Posts a `multipart/form-data` form: `file` (when given) and text fields.
pub fn form(
    base: &str,
    path: &str,
    key: &str,
    file: Option<(&str, &[u8])>,
    fields: &[(&str, &str)],
    accept: Option<&str>,
) -> Sent {
    send_form("POST", base, path, key, file, fields, accept)
}

/// Sends a `multipart/form-data` form with `method`.
pub fn send_form(
    method: &str,
    base: &str,
    path: &str,
    key: &str,
    file: Option<(&str, &[u8])>,
    fields: &[(&str, &str)],
    accept: Option<&str>,
) -> Sent {
    let boundary = "lexcite-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((filename, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let url = format!("{base}{path}");
    let mut req = match method {
        "PUT" => agent.put(&url),
        _ => agent.post(&url),
    }
    .header(
        "Content-Type",
        &format!("multipart/form-data; boundary={boundary}"),
    )
    .header("Authorization", &format!("Bearer {key}"));
    if let Some(a) = accept {
        req = req.header("Accept", a);
    }
    let mut r = req.send(&body[..]).expect("request sent");
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let mut bytes = Vec::new();
    r.body_mut()
        .as_reader()
        .read_to_end(&mut bytes)
        .expect("body");
    Sent {
        status: r.status().as_u16(),
        headers,
        bytes,
    }
}

fn entries(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("data");
            (f.name().expect("name").to_string(), data)
        })
        .collect()
}

/// The text of each comment of `comments.xml`, in order.
fn comment_texts(comments: &str) -> Vec<String> {
    comments
        .split("<w:comment ")
        .skip(1)
        .map(|c| {
            c.split("<w:t")
                .skip(1)
                .filter_map(|t| Some(t.split_once('>')?.1.split_once("</w:t>")?.0))
                .map(|t| {
                    t.replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&apos;", "'")
                        .replace("&amp;", "&")
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

#[test]
fn a_word_draft_is_verified_as_its_text_is_and_the_offsets_are_in_the_text_returned() {
    let app = spawn_app();
    let r = form(
        &app.base,
        "/v1/citations/verify",
        PUBLIC_KEY,
        Some(("dự thảo.docx", &docx(&DRAFT))),
        &[("as_of", "2025-12-31")],
        None,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    let report = r.json();
    assert_eq!(report["format"], "docx");
    assert_eq!(report["filename"], "dự thảo.docx");
    let text = report["text"].as_str().expect("text");
    assert_eq!(text, format!("{}\n", DRAFT.join("\n")));
    let chars: Vec<char> = text.chars().collect();
    for reference in report["references"].as_array().expect("references") {
        let (s, e) = (
            reference["start"].as_u64().expect("start") as usize,
            reference["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(
            chars[s..e].iter().collect::<String>(),
            reference["text"].as_str().expect("text")
        );
    }
    // The same verdicts as for the text sent as JSON.
    let same = app.post(
        "/v1/citations/verify",
        Some(PUBLIC_KEY),
        &json!({ "text": text, "as_of": "2025-12-31" }),
    );
    assert_eq!(statuses(&report), statuses(&same.body));
    let found: Vec<String> = statuses(&report).into_iter().map(|(_, s)| s).collect();
    for status in ["verified", "unit_not_found", "document_not_found"] {
        assert!(found.iter().any(|s| s == status), "{status} in {found:?}");
    }
}

#[test]
fn an_annotated_draft_has_one_comment_per_reference_on_its_own_words_and_a_summary() {
    let app = spawn_app();
    let original = docx(&DRAFT);
    let r = form(
        &app.base,
        "/v1/citations/annotate",
        PUBLIC_KEY,
        Some(("Dự thảo báo cáo.docx", &original)),
        &[("as_of", "2025-12-31")],
        None,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(
        r.headers["content-type"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(
        r.headers["content-disposition"].contains("Du thao bao cao.lexcite.docx"),
        "{}",
        r.headers["content-disposition"]
    );
    let summary: Value = serde_json::from_str(&r.headers["lexcite-summary"]).expect("JSON");
    let verified = form(
        &app.base,
        "/v1/citations/verify",
        PUBLIC_KEY,
        Some(("d.docx", &original)),
        &[("as_of", "2025-12-31")],
        None,
    )
    .json();
    assert_eq!(summary, verified["summary"]);

    let parts = entries(&r.bytes);
    let comments = String::from_utf8(parts["word/comments.xml"].clone()).expect("UTF-8");
    let texts = comment_texts(&comments);
    let references = verified["references"].as_array().expect("references");
    assert_eq!(
        texts.len(),
        references.len() + 1,
        "one per reference and a summary"
    );
    assert!(texts[0].contains(&format!("{} tham chiếu", references.len())));
    for (text, reference) in texts[1..].iter().zip(references) {
        let label = match reference["status"].as_str() {
            Some("verified") => "[Đã xác minh]",
            Some("unit_not_found") => "[Không tìm thấy điều, khoản]",
            Some("document_not_found") => "[Không tìm thấy văn bản]",
            _ => "[",
        };
        assert!(
            text.starts_with(&format!("{label}{}", if label == "[" { "" } else { " " })),
            "{text}"
        );
        assert!(text.contains(reference["text"].as_str().expect("text")));
        assert!(text.contains(reference["explanation"].as_str().expect("explanation")));
    }
    let document = String::from_utf8(parts["word/document.xml"].clone()).expect("UTF-8");
    assert_eq!(
        document.matches("<w:commentRangeStart ").count(),
        references.len() + 1
    );
    // Still a Word document with the same text.
    assert_eq!(
        lexcite_ingest::docx::docx_text(&r.bytes).expect("reads"),
        lexcite_ingest::docx::docx_text(&original).expect("reads")
    );
}

#[test]
fn the_real_decree_in_word_gets_as_many_comments_as_references() {
    let app = spawn_app();
    let bytes =
        std::fs::read(repo_root().join("tests/fixtures/docx/nghi_dinh_356_2025_ND_CP.docx"))
            .expect("fixture");
    let r = form(
        &app.base,
        "/v1/citations/annotate",
        PUBLIC_KEY,
        Some(("nghi_dinh_356_2025_ND_CP.docx", &bytes)),
        &[],
        None,
    );
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.bytes));
    let summary: Value = serde_json::from_str(&r.headers["lexcite-summary"]).expect("JSON");
    let total = summary["total"].as_u64().expect("total") as usize;
    assert!(total > 20, "the decree cites many provisions: {total}");
    let parts = entries(&r.bytes);
    let comments = String::from_utf8_lossy(&parts["word/comments.xml"]).into_owned();
    assert_eq!(comments.matches("<w:comment ").count(), total + 1);
    let before = entries(&bytes);
    for (name, data) in &before {
        if name.starts_with("word/media/")
            || name == "word/styles.xml"
            || name == "word/numbering.xml"
        {
            assert_eq!(&parts[name], data, "{name} is kept as it was");
        }
    }
}

#[test]
fn a_report_can_be_had_as_csv() {
    let app = spawn_app();
    let r = form(
        &app.base,
        "/v1/citations/verify",
        PUBLIC_KEY,
        Some(("draft.txt", DRAFT.join("\n").as_bytes())),
        &[],
        Some("text/csv"),
    );
    assert_eq!(r.status, 200);
    assert!(r.headers["content-type"].starts_with("text/csv"));
    let csv = String::from_utf8(r.bytes).expect("UTF-8");
    let rows: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert!(
        rows[0]
            .trim_start_matches('\u{feff}')
            .starts_with("start,end,status")
    );
    assert!(rows.len() >= 4, "{csv}");
    assert!(
        rows.iter()
            .any(|r| r.contains("Nghị định số 845/2026/NĐ-CP") && r.contains("document_not_found"))
    );
}

#[test]
fn files_that_cannot_be_read_get_the_readers_codes() {
    let app = spawn_app();
    let fixture =
        |p: &str| std::fs::read(repo_root().join("tests/fixtures").join(p)).expect("fixture");
    for (name, bytes, status, code) in [
        (
            "scan.pdf",
            fixture("pdf/scanned.pdf"),
            422,
            "pdf_no_text_layer",
        ),
        (
            "cut.pdf",
            fixture("pdf/truncated.pdf"),
            422,
            "pdf_truncated",
        ),
        (
            "x.docx",
            fixture("zip/not-a-docx.docx"),
            415,
            "zip_not_docx",
        ),
        ("empty.docx", Vec::new(), 400, "empty_file"),
        (
            "old.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest".to_vec(),
            415,
            "legacy_doc",
        ),
        ("blank.docx", docx(&["   "]), 400, "empty_text"),
    ] {
        for path in ["/v1/citations/verify", "/v1/citations/annotate"] {
            let r = form(&app.base, path, PUBLIC_KEY, Some((name, &bytes)), &[], None);
            assert_eq!(
                (r.status, r.code()),
                (status, code.to_string()),
                "{path} {name}"
            );
        }
    }
    let blank = form(
        &app.base,
        "/v1/citations/verify",
        PUBLIC_KEY,
        Some(("blank.txt", b"   \n\n ")),
        &[],
        None,
    );
    assert_eq!(
        (blank.status, blank.code()),
        (400, "empty_text".to_string())
    );
    // Annotation writes Word comments: a PDF that reads is still refused, saying why.
    let pdf = form(
        &app.base,
        "/v1/citations/annotate",
        PUBLIC_KEY,
        Some(("decree.pdf", &fixture("pdf/decree-two-pages.pdf"))),
        &[],
        None,
    );
    assert_eq!((pdf.status, pdf.code()), (415, "docx_required".to_string()));
    assert!(
        pdf.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("PDF")
    );

    // Forms that are not what the route takes.
    let no_file = form(
        &app.base,
        "/v1/citations/verify",
        PUBLIC_KEY,
        None,
        &[("as_of", "2025-01-01")],
        None,
    );
    assert_eq!(
        (no_file.status, no_file.code()),
        (400, "invalid_body".to_string())
    );
    let unknown = form(
        &app.base,
        "/v1/citations/verify",
        PUBLIC_KEY,
        Some(("a.txt", DRAFT[0].as_bytes())),
        &[("colour", "red")],
        None,
    );
    assert_eq!(unknown.status, 400);
    assert!(
        unknown.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("colour")
    );
    let bad_date = form(
        &app.base,
        "/v1/citations/verify",
        PUBLIC_KEY,
        Some(("a.txt", DRAFT[0].as_bytes())),
        &[("as_of", "31/12/2025")],
        None,
    );
    assert_eq!(
        (bad_date.status, bad_date.code()),
        (400, "invalid_parameter".to_string())
    );
    // The scope is the verifier's.
    let reader = form(
        &app.base,
        "/v1/citations/annotate",
        NO_ASK_KEY,
        Some(("d.docx", &docx(&DRAFT))),
        &[],
        None,
    );
    assert_eq!(
        (reader.status, reader.code()),
        (403, "forbidden".to_string())
    );
}

#[test]
fn a_file_over_the_body_limit_is_refused_before_it_is_read() {
    let app = spawn_app_with(Some(crate::common::engine()), 4096);
    // A real draft with trailing bytes past the limit (zip readers ignore them).
    let padded: Vec<u8> = docx(&DRAFT)
        .into_iter()
        .chain(std::iter::repeat_n(b' ', 8192))
        .collect();
    for route in ["/v1/citations/annotate", "/v1/citations/verify"] {
        let r = form(
            &app.base,
            route,
            PUBLIC_KEY,
            Some(("big.docx", &padded)),
            &[],
            None,
        );
        assert_eq!(
            (r.status, r.code()),
            (413, "payload_too_large".to_string()),
            "{route}"
        );
    }
}

/// Reads a Server-Sent Events body into (event, data) pairs.
fn events(body: &str) -> Vec<(String, Value)> {
    body.split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .map(|block| {
            let mut name = String::new();
            let mut data = String::new();
            for line in block.lines() {
                if let Some(n) = line.strip_prefix("event: ") {
                    name = n.to_string();
                } else if let Some(d) = line.strip_prefix("data: ") {
                    data.push_str(d);
                }
            }
            (name, serde_json::from_str(&data).expect("JSON data"))
        })
        .collect()
}

#[test]
fn an_answer_streams_as_events_and_ends_with_the_same_answer_as_json() {
    let app = spawn_app();
    let question = json!({ "question": "Mục tiêu đến năm 2030 về kinh tế số là bao nhiêu?" });
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut r = agent
        .post(&format!("{}/v1/ask", app.base))
        .header("Authorization", &format!("Bearer {PUBLIC_KEY}"))
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .send(question.to_string())
        .expect("sent");
    assert_eq!(r.status().as_u16(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/event-stream")
    );
    let body = r.body_mut().read_to_string().expect("body");
    let events = events(&body);
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[..2], ["passages", "citations"], "{names:?}");
    assert_eq!(names.last(), Some(&"done"));
    assert_eq!(names[names.len() - 2], "references");
    let sentences: Vec<&Value> = events
        .iter()
        .filter(|(n, _)| n == "sentence")
        .map(|(_, d)| d)
        .collect();
    let done = &events.last().expect("done").1;
    assert!(!sentences.is_empty());
    assert_eq!(
        sentences.iter().map(|s| (*s).clone()).collect::<Vec<_>>(),
        done["sentences"].as_array().expect("sentences").clone()
    );
    assert_eq!(
        events[1].1, done["citations"],
        "the markers' targets come first"
    );
    let plain = app.post("/v1/ask", Some(PUBLIC_KEY), &question);
    assert_eq!(done["answer"], plain.body["answer"]);
    assert_eq!(done["citations"], plain.body["citations"]);

    // A question refused before anything is said is an ordinary error.
    let empty = agent
        .post(&format!("{}/v1/ask", app.base))
        .header("Authorization", &format!("Bearer {PUBLIC_KEY}"))
        .header("Content-Type", "application/json")
        .header("Accept", "text/event-stream")
        .send(json!({ "question": " " }).to_string())
        .expect("sent");
    assert_eq!(empty.status().as_u16(), 400);
}

#[test]
fn the_workspace_is_served_from_the_binary_with_a_strict_policy() {
    let app = spawn_app();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut page = agent.get(&format!("{}/", app.base)).call().expect("page");
    assert_eq!(page.status().as_u16(), 200);
    let header = |name: &str| {
        page.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(header("content-type").starts_with("text/html"));
    let csp = header("content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "no-referrer");
    let html = page.body_mut().read_to_string().expect("html");
    assert!(html.contains("lang=\"vi\""), "the page is in Vietnamese");
    // Every script and stylesheet the page names is served, with its type.
    for asset in html.split("/assets/").skip(1) {
        let name = asset.split(['"', '\'']).next().unwrap_or_default();
        let r = agent
            .get(&format!("{}/assets/{name}", app.base))
            .call()
            .expect("asset");
        assert_eq!(r.status().as_u16(), 200, "{name}");
        let ct = r.headers()["content-type"]
            .to_str()
            .unwrap_or_default()
            .to_string();
        if name.ends_with(".js") {
            assert!(ct.starts_with("text/javascript"), "{name}: {ct}");
        }
    }
    assert!(
        !html.contains("<script>") && !html.contains("style=\""),
        "nothing inline"
    );
    let missing = app.get("/assets/nothing-here.js", None);
    assert_eq!((missing.status, missing.code()), (404, "route_not_found"));
}
