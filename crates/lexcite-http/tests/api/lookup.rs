//! GET /v1/lookup: citations resolve to their unit, or a 404 says which part is missing.

use crate::common::{PUBLIC_KEY, RESTRICTED_KEY, spawn_app};

#[test]
fn citations_resolve_to_their_units() {
    let app = spawn_app();
    let cases = [
        (
            "điểm a khoản 1 Điều 9 Luật số 134/2025/QH15",
            "134-2025-qh15_20251210:art9.cl1.pta",
        ),
        (
            "khoản 2 Điều 9 Luật Trí tuệ nhân tạo",
            "134-2025-qh15_20251210:art9.cl2",
        ),
        ("Mục III Nghị quyết 57-NQ/TW", "57-nq-tw_20241222:sec3"),
        (
            "Mục 3 Nghị quyết số 57/NQ-TW ngày 22/12/2024 của Bộ Chính trị",
            "57-nq-tw_20241222:sec3",
        ),
        (
            "gạch đầu dòng thứ 3 tiểu mục 1 Mục II Nghị quyết 57-NQ/TW",
            "57-nq-tw_20241222:sec2.it1.b3",
        ),
        (
            "Điều 35 Luật Trí tuệ nhân tạo 2025",
            "134-2025-qh15_20251210:art35",
        ),
    ];
    for (citation, unit) in cases {
        let r = app.lookup(citation, PUBLIC_KEY);
        assert_eq!(r.status, 200, "{citation}: {:?}", r.body);
        assert_eq!(r.body["units"][0]["unit_id"], unit, "{citation}");
        assert!(
            r.body["units"][0]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        );
    }
    let list = app.lookup(
        "khoản 1 và khoản 2 Điều 9 Luật số 134/2025/QH15",
        PUBLIC_KEY,
    );
    assert_eq!(list.status, 200);
    let ids: Vec<&str> = list.body["units"]
        .as_array()
        .map(|u| u.iter().filter_map(|x| x["unit_id"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        ids,
        [
            "134-2025-qh15_20251210:art9.cl1",
            "134-2025-qh15_20251210:art9.cl2"
        ]
    );
    let programme = app.lookup(
        "tiểu mục 3 Mục II Chương trình ban hành kèm theo Nghị quyết số 71/NQ-CP",
        RESTRICTED_KEY,
    );
    assert_eq!(programme.status, 200, "{:?}", programme.body);
    assert_eq!(
        programme.body["units"][0]["unit_id"],
        "71-nq-cp_20250401:att1.sec2.it3"
    );
}

#[test]
fn missing_parts_are_named() {
    let app = spawn_app();
    let cases = [
        (
            "Điều 99 Luật số 134/2025/QH15",
            404,
            "article_not_found",
            "Điều 1–35",
        ),
        (
            "khoản 9 Điều 9 Luật số 134/2025/QH15",
            404,
            "clause_not_found",
            "khoản 1–3",
        ),
        (
            "điểm z khoản 1 Điều 9 Luật số 134/2025/QH15",
            404,
            "point_not_found",
            "điểm",
        ),
        (
            "Mục IX Nghị quyết 57-NQ/TW",
            404,
            "section_not_found",
            "Mục",
        ),
        (
            "Điều 5 Luật số 91/2025/QH15",
            404,
            "document_not_found",
            "91/2025/QH15",
        ),
        (
            "Điều 5 Luật Thủy sản",
            404,
            "document_not_found",
            "Thủy sản",
        ),
        (
            "Nghị quyết 57-NQ/TW ngày 01/01/2020",
            404,
            "document_not_found",
            "22/12/2024",
        ),
        ("Điều 5", 400, "invalid_citation", "names no document"),
        ("khoản 2 Điều này", 400, "invalid_citation", "relative"),
        ("xin chào", 400, "invalid_citation", "xin chào"),
    ];
    for (citation, status, code, says) in cases {
        let r = app.lookup(citation, PUBLIC_KEY);
        assert_eq!(
            (r.status, r.code()),
            (status, code),
            "{citation}: {:?}",
            r.body
        );
        assert!(
            r.message().contains(says),
            "{citation}: {:?} should say {says:?}",
            r.message()
        );
    }
    // A partial copy: what we lack may exist, and the message says so.
    let r = app.lookup("Mục V Nghị quyết số 71/NQ-CP", RESTRICTED_KEY);
    assert_eq!((r.status, r.code()), (404, "section_not_found"));
    assert!(r.message().contains("only part"), "{}", r.message());
}

#[test]
fn a_documents_relations_and_standing_come_with_dates() {
    let app = spawn_app();
    let r = app.get(
        "/v1/documents/134-2025-qh15_20251210/relations?as_of=2026-06-01",
        Some(PUBLIC_KEY),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    let states = r.body["states"].as_array().expect("states");
    let repeals: Vec<&str> = states
        .iter()
        .filter(|s| s["kind"] == "repeals")
        .filter_map(|s| s["target_units"][0].as_str())
        .collect();
    assert_eq!(
        repeals,
        vec![
            "khoản 9 Điều 3",
            "khoản 7 Điều 4",
            "khoản 6 Điều 12",
            "điểm đ khoản 2 Điều 34",
            "Chương IV"
        ]
    );
    // Luật 71/2025/QH15 is not in this store: the target is kept as written.
    assert!(states.iter().all(|s| s.get("target_document_id").is_none()));
    assert_eq!(r.body["validity"]["status"], "in_force");
    assert_eq!(r.body["validity"]["as_of"], "2026-06-01");
    let early = app.get(
        "/v1/documents/134-2025-qh15_20251210?as_of=2026-01-01",
        Some(PUBLIC_KEY),
    );
    assert_eq!(early.body["validity"]["status"], "not_yet_in_force");
    assert_eq!(early.body["validity"]["effective"], "2026-03-01");
    // A document the key may not see has no relations either.
    let hidden = app.get(
        "/v1/documents/71-nq-cp_20250401/relations",
        Some(PUBLIC_KEY),
    );
    assert_eq!((hidden.status, hidden.code()), (404, "document_not_found"));
    let bad = app.get(
        "/v1/documents/134-2025-qh15_20251210/relations?as_of=01/06/2026",
        Some(PUBLIC_KEY),
    );
    assert_eq!((bad.status, bad.code()), (400, "invalid_parameter"));
    // Looked-up units carry their standing too.
    let unit = app.get_query(
        "/v1/lookup",
        PUBLIC_KEY,
        &[
            ("citation", "Điều 9 Luật số 134/2025/QH15"),
            ("as_of", "2026-06-01"),
        ],
    );
    assert_eq!(unit.body["units"][0]["validity"]["status"], "in_force");
}
