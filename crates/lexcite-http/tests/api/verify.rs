//! POST /v1/citations/verify: statuses with offsets over HTTP, scope, bad input, a 5 MB text.

use serde_json::{Value, json};

use std::sync::Arc;

use lexcite_engine::testing::{corpus, engine_with};
use lexcite_index::Classification;

use crate::common::{NO_ASK_KEY, PUBLIC_KEY, RESTRICTED_KEY, spawn_app, spawn_app_with};

const DRAFT: &str = "Theo khoản 1 Điều 13 Luật số 134/2025/QH15, hệ thống trí tuệ nhân tạo có rủi ro cao phải được đánh giá sự phù hợp trước khi đưa vào sử dụng. Điều 99 Luật số 134/2025/QH15 quy định về xử phạt. Nghị định số 845/2026/NĐ-CP hướng dẫn chi tiết. Theo Mục II Nghị quyết 57-NQ/TW, kinh phí chi cho nghiên cứu phát triển (R&D) đạt 3% GDP.";

/// Each reference of a report: its text and its status.
pub(crate) fn statuses(body: &Value) -> Vec<(String, String)> {
    body["references"]
        .as_array()
        .expect("references")
        .iter()
        .map(|r| {
            (
                r["text"].as_str().unwrap_or_default().to_string(),
                r["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_draft_gets_one_verdict_per_reference_with_offsets() {
    let app = spawn_app();
    let r = app.post(
        "/v1/citations/verify",
        Some(PUBLIC_KEY),
        &json!({ "text": DRAFT }),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(
        statuses(&r.body),
        [
            (
                "khoản 1 Điều 13 Luật số 134/2025/QH15".into(),
                "verified".into()
            ),
            (
                "Điều 99 Luật số 134/2025/QH15".into(),
                "unit_not_found".into()
            ),
            (
                "Nghị định số 845/2026/NĐ-CP".into(),
                "document_not_found".into()
            ),
            (
                "Mục II Nghị quyết 57-NQ/TW".into(),
                "content_mismatch".into()
            ),
        ]
    );
    let chars: Vec<char> = DRAFT.chars().collect();
    for reference in r.body["references"].as_array().expect("references") {
        let (start, end) = (
            reference["start"].as_u64().expect("start") as usize,
            reference["end"].as_u64().expect("end") as usize,
        );
        let at: String = chars[start..end].iter().collect();
        assert_eq!(at, reference["text"].as_str().expect("text"));
        assert!(
            !reference["explanation"]
                .as_str()
                .expect("explanation")
                .is_empty()
        );
    }
    let refs = &r.body["references"];
    assert_eq!(
        refs[0]["units"][0]["unit_id"],
        "134-2025-qh15_20251210:art13.cl1"
    );
    assert_eq!(refs[0]["evidence"]["verdict"], "supported");
    assert!(
        refs[1]["explanation"]
            .as_str()
            .unwrap_or_default()
            .contains("Điều 1–35")
    );
    assert_eq!(refs[3]["evidence"]["missing"], json!(["3%"]));
    assert!(
        refs[3]["evidence"]["quote"]
            .as_str()
            .unwrap_or_default()
            .contains("2% GDP")
    );
    assert_eq!(r.body["summary"]["total"], 4);
    assert_eq!(r.body["summary"]["verified"], 1);
    assert_eq!(r.body["summary"]["content_mismatch"], 1);
}

#[test]
fn a_restricted_document_is_unknown_to_a_public_key() {
    let app = spawn_app();
    let text = json!({"text": "Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ."});
    let public = app.post("/v1/citations/verify", Some(PUBLIC_KEY), &text);
    assert_eq!(statuses(&public.body)[0].1, "document_not_found");
    assert!(public.body["references"][0].get("document").is_none());
    let restricted = app.post("/v1/citations/verify", Some(RESTRICTED_KEY), &text);
    assert_eq!(
        statuses(&restricted.body)[0].1,
        "verified",
        "{:?}",
        restricted.body
    );
}

#[test]
fn verification_needs_its_scope_and_a_text() {
    let app = spawn_app();
    let r = app.post(
        "/v1/citations/verify",
        Some(NO_ASK_KEY),
        &json!({"text": DRAFT}),
    );
    assert_eq!((r.status, r.code()), (403, "forbidden"));
    let r = app.post(
        "/v1/citations/verify",
        Some(PUBLIC_KEY),
        &json!({"text": "  "}),
    );
    assert_eq!((r.status, r.code()), (400, "invalid_parameter"));
    assert!(r.message().contains("text"));
    let r = app.post(
        "/v1/citations/verify",
        Some(PUBLIC_KEY),
        &json!({"txt": DRAFT}),
    );
    assert_eq!((r.status, r.code()), (400, "invalid_json"));
}

/// About `bytes` of text: the draft's sentences with filler prose between them.
fn large_text(bytes: usize) -> String {
    let filler = "Các cơ quan, tổ chức có trách nhiệm phối hợp triển khai thực hiện nhiệm vụ được giao theo kế hoạch hằng năm. ";
    let mut text = String::with_capacity(bytes + 1024);
    while text.len() < bytes {
        text.push_str(DRAFT);
        text.push(' ');
        text.push_str(filler);
    }
    text
}

#[test]
fn a_long_text_is_answered_as_it_is_judged_with_the_verdicts_of_a_whole_report() {
    let app = spawn_app();
    // Over the size from which the report is written as it is judged.
    let text = large_text(300_000);
    let body = json!({ "text": text }).to_string();
    let r = app.post_raw(
        "/v1/citations/verify",
        Some(PUBLIC_KEY),
        "application/json",
        &body,
    );
    assert_eq!(r.status, 200, "{:?}", r.body.get("error"));
    let refs = r.body["references"].as_array().expect("one JSON report");
    assert!(refs.len() > 2_000, "{} references", refs.len());
    assert_eq!(r.body["summary"]["total"], refs.len());
    let streamed: Vec<String> = refs
        .iter()
        .map(|r| {
            format!(
                "{},{},{}",
                r["start"],
                r["end"],
                r["status"].as_str().unwrap_or("")
            )
        })
        .collect();
    // The same text as CSV, which is made from the report held whole.
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let csv = agent
        .post(&format!("{}/v1/citations/verify", app.base))
        .header("Content-Type", "application/json")
        .header("Accept", "text/csv")
        .header("Authorization", &format!("Bearer {PUBLIC_KEY}"))
        .send(&body)
        .expect("request sent")
        .body_mut()
        .with_config()
        .limit(256 << 20)
        .read_to_string()
        .expect("CSV");
    let whole: Vec<String> = csv
        .trim_end()
        .split("\r\n")
        .skip(1)
        .map(|row| row.splitn(4, ',').take(3).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(streamed, whole);
    // Bad input is still refused with a status, not a cut body.
    let blank = " ".repeat(300_000);
    let r = app.post(
        "/v1/citations/verify",
        Some(PUBLIC_KEY),
        &json!({ "text": blank }),
    );
    assert_eq!((r.status, r.code()), (400, "invalid_parameter"));
}

#[test]
fn a_five_megabyte_text_is_checked_and_a_larger_body_than_allowed_gets_413() {
    let app = spawn_app();
    let text = large_text(5_000_000);
    let r = app.post(
        "/v1/citations/verify",
        Some(PUBLIC_KEY),
        &json!({ "text": text }),
    );
    assert_eq!(r.status, 200, "{:?}", r.body.get("error"));
    let total = r.body["summary"]["total"].as_u64().unwrap_or_default();
    // Four references in every ~570 bytes of the text.
    assert!(total > 30_000, "{total} references");
    let invented = r.body["summary"]["document_not_found"]
        .as_u64()
        .unwrap_or_default();
    assert_eq!(
        invented * 4,
        total,
        "one invented decree in every four references"
    );
    let small = spawn_app_with(Some(crate::common::engine()), 4 << 20);
    let r = small.post(
        "/v1/citations/verify",
        Some(PUBLIC_KEY),
        &json!({ "text": text }),
    );
    assert_eq!((r.status, r.code()), (413, "payload_too_large"));
}

#[test]
fn claims_their_evidence_and_suggestions_come_back_over_http() {
    let app = spawn_app();
    let text = "Theo khoản 1 Điều 22 Luật số 134/2025/QH15, Quỹ Phát triển trí tuệ nhân tạo quốc gia do Bộ Tài chính thành lập. Điều 26 Luật số 134/2025/QH15 quy định về Quỹ Phát triển trí tuệ nhân tạo quốc gia. Căn cứ Luật số 134/2025/QH15;";
    let r = app.post(
        "/v1/citations/verify",
        Some(PUBLIC_KEY),
        &json!({ "text": text }),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    let refs = r.body["references"].as_array().expect("references");
    assert_eq!(refs.len(), 3, "{refs:#?}");
    // The cited clause says the Government sets the fund up: the contradicting passage, with
    // its offsets in the unit, and what it says instead.
    let wrong_body = &refs[0];
    assert_eq!(wrong_body["status"], "content_mismatch", "{wrong_body:#}");
    assert_eq!(wrong_body["claim"]["kinds"][0], "body");
    let evidence = &wrong_body["evidence"];
    assert_eq!(evidence["verdict"], "contradicted");
    assert!(
        evidence["instead"].to_string().contains("Chính phủ"),
        "{evidence:#}"
    );
    let (start, end) = (
        evidence["start"].as_u64().expect("start") as usize,
        evidence["end"].as_u64().expect("end") as usize,
    );
    assert!(start < end, "{evidence:#}");
    // A real article cited for a subject it does not treat: to be checked, with the article
    // that does treat it.
    let wrong_subject = &refs[1];
    assert_eq!(wrong_subject["status"], "unsupported", "{wrong_subject:#}");
    assert!(
        wrong_subject["evidence"]["suggestion"]["citation"]
            .as_str()
            .is_some_and(|c| c.contains("Điều 22")),
        "{wrong_subject:#}"
    );
    // A basis claims nothing: said so with a null claim.
    assert_eq!(refs[2]["status"], "verified");
    assert!(refs[2]["claim"].is_null(), "{:#}", refs[2]);
    assert_eq!(r.body["summary"]["unsupported"], 1);
    assert_eq!(r.body["summary"]["content_mismatch"], 1);
}

/// Legal time over HTTP, on a store of the four documents concerned: the draft's dateline
/// decides whether a reference to the decree Nghị định 356/2025 ended, or to the chapter
/// Luật 134/2025 repealed, is `outdated`.
#[test]
fn a_dated_draft_citing_what_has_ended_is_outdated_and_an_earlier_one_verified() {
    let docs: Vec<_> = corpus()
        .into_iter()
        .filter(|(entry, _)| {
            entry.number.as_ref().is_some_and(|n| {
                [
                    "13/2023/NĐ-CP",
                    "356/2025/NĐ-CP",
                    "71/2025/QH15",
                    "134/2025/QH15",
                ]
                .contains(&n.to_string().as_str())
            })
        })
        .map(|(_, doc)| (doc, Classification::Public))
        .collect();
    assert_eq!(docs.len(), 4);
    let app = spawn_app_with(
        Some(Arc::new(engine_with(&docs))),
        lexcite_engine::settings::DEFAULT_MAX_BODY,
    );
    let verify = |text: String| {
        let r = app.post(
            "/v1/citations/verify",
            Some(PUBLIC_KEY),
            &json!({ "text": text }),
        );
        assert_eq!(r.status, 200, "{:?}", r.body);
        r.body
    };
    let claim = "Theo Điều 25 Nghị định 13/2023/NĐ-CP, việc chuyển dữ liệu cá nhân ra nước ngoài phải lập hồ sơ đánh giá tác động.";
    let after = verify(format!("Hà Nội, ngày 01 tháng 6 năm 2026\n\n{claim}"));
    let r = &after["references"][0];
    assert_eq!(r["status"], "outdated", "{r:#}");
    let why = r["explanation"].as_str().unwrap_or_default();
    assert!(
        why.contains("356/2025/NĐ-CP") && why.contains("01/01/2026"),
        "{why}"
    );
    assert_eq!(after["summary"]["outdated"], 1);
    let before = verify(format!("Hà Nội, ngày 01 tháng 6 năm 2025\n\n{claim}"));
    assert_eq!(
        before["references"][0]["status"], "verified",
        "{:#}",
        before["references"][0]
    );
    // A repealed chapter in a text of November 2026, and the same by `as_of` without a
    // dateline.
    let chapter =
        "Chương IV Luật Công nghiệp công nghệ số số 71/2025/QH15 quy định về trí tuệ nhân tạo.";
    let repealed = verify(format!("Hà Nội, ngày 15 tháng 11 năm 2026\n\n{chapter}"));
    let r = &repealed["references"][0];
    assert_eq!(r["status"], "outdated", "{r:#}");
    let why = r["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("134/2025/QH15"), "{why}");
    let r = app.post(
        "/v1/citations/verify",
        Some(PUBLIC_KEY),
        &json!({ "text": chapter, "as_of": "2025-12-01" }),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_ne!(
        r.body["references"][0]["status"], "outdated",
        "{:#}",
        r.body
    );
}
