//! API keys, scopes, classification and the audit trail.

use serde_json::json;

use crate::common::{NO_ASK_KEY, PUBLIC_KEY, RESTRICTED_KEY, spawn_app};

const RESTRICTED_DOC: &str = "71-nq-cp_20250401";
/// Words from the restricted document's programme.
const ABOUT_IT: &str = "sửa đổi, bổ sung, cập nhật Chương trình hành động của Chính phủ";

#[test]
fn a_key_without_clearance_never_sees_a_restricted_document() {
    let app = spawn_app();
    for (key, visible) in [(PUBLIC_KEY, false), (RESTRICTED_KEY, true)] {
        let search = app.post(
            "/v1/search",
            Some(key),
            &json!({"query": ABOUT_IT, "limit": 50}),
        );
        assert_eq!(search.status, 200);
        let seen = search.body["results"]
            .as_array()
            .is_some_and(|r| r.iter().any(|h| h["document"]["id"] == RESTRICTED_DOC));
        assert_eq!(seen, visible, "search with {key}");
        for mode in ["dense", "sparse"] {
            let r = app.post(
                "/v1/search",
                Some(key),
                &json!({"query": ABOUT_IT, "limit": 50, "mode": mode}),
            );
            let seen = r.body["results"]
                .as_array()
                .is_some_and(|r| r.iter().any(|h| h["document"]["id"] == RESTRICTED_DOC));
            assert_eq!(seen, visible, "{mode} search with {key}");
        }

        let docs = app.get("/v1/documents", Some(key));
        let listed = docs.body["documents"]
            .as_array()
            .is_some_and(|d| d.iter().any(|d| d["id"] == RESTRICTED_DOC));
        assert_eq!(listed, visible);

        let doc = app.get(&format!("/v1/documents/{RESTRICTED_DOC}"), Some(key));
        assert_eq!(doc.status, if visible { 200 } else { 404 });
        let unit = app.get(
            &format!("/v1/units/{RESTRICTED_DOC}:att1.sec2.it3"),
            Some(key),
        );
        assert_eq!(unit.status, if visible { 200 } else { 404 });
        let lookup = app.lookup(
            "tiểu mục 3 Mục II Chương trình ban hành kèm theo Nghị quyết số 71/NQ-CP",
            key,
        );
        assert_eq!(lookup.status, if visible { 200 } else { 404 });
        if !visible {
            assert_eq!(lookup.code(), "document_not_found");
        }
        let ask = app.post(
            "/v1/ask",
            Some(key),
            &json!({"question": ABOUT_IT, "passages": 20}),
        );
        assert_eq!(ask.status, 200);
        let cited = ask.body["citations"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["document"]["id"] == RESTRICTED_DOC));
        if !visible {
            assert!(!cited, "{}", ask.body);
        }
    }
}

#[test]
fn a_key_can_read_its_own_name_and_scopes_and_nothing_else_can() {
    let app = spawn_app();
    let r = app.get("/v1/key", Some(NO_ASK_KEY));
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body, json!({ "name": "reader", "scopes": ["read"] }));
    let r = app.get("/v1/key", Some(PUBLIC_KEY));
    assert_eq!(r.body["scopes"], json!(["read", "ask", "verify"]));
    let r = app.get("/v1/key", Some("not-a-key"));
    assert_eq!((r.status, r.code()), (401, "unauthorized"));
    assert_eq!(app.get("/v1/key", None).status, 401);
}

#[test]
fn keys_are_required_and_scopes_enforced() {
    let app = spawn_app();
    let body = json!({"query": "trí tuệ nhân tạo"});
    let none = app.post("/v1/search", None, &body);
    assert_eq!((none.status, none.code()), (401, "unauthorized"));
    let wrong = app.post("/v1/search", Some("not-a-key"), &body);
    assert_eq!((wrong.status, wrong.code()), (401, "unauthorized"));
    let no_ask = app.post(
        "/v1/ask",
        Some(NO_ASK_KEY),
        &json!({"question": "trí tuệ nhân tạo là gì"}),
    );
    assert_eq!((no_ask.status, no_ask.code()), (403, "forbidden"));
    assert!(no_ask.message().contains("ask"));
    // Health, readiness, metrics and the docs need no key.
    for path in [
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
        "/swagger-ui/",
    ] {
        assert_eq!(app.get(path, None).status, 200, "{path}");
    }
}

#[test]
fn the_audit_log_records_who_asked_what_and_what_came_back() {
    let app = spawn_app();
    let r = app.post(
        "/v1/search",
        Some(PUBLIC_KEY),
        &json!({"query": "rủi ro cao", "limit": 2}),
    );
    assert_eq!(r.status, 200);
    let l = app.lookup("Điều 9 Luật số 134/2025/QH15", PUBLIC_KEY);
    assert_eq!(l.status, 200);
    let log = std::fs::read_to_string(&app.audit).expect("audit log");
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["key"], "portal");
    assert_eq!(lines[0]["route"], "/v1/search");
    assert_eq!(lines[0]["request"], "rủi ro cao");
    assert_eq!(
        lines[0]["returned"],
        r.body["results"]
            .as_array()
            .map(|a| a.iter().map(|h| h["unit_id"].clone()).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .collect::<serde_json::Value>()
    );
    assert_eq!(lines[1]["returned"][0], "134-2025-qh15_20251210:art9");
    assert!(lines[1]["at"].as_str().is_some_and(|t| t.ends_with('Z')));
}

#[test]
fn metrics_count_requests_per_route() {
    let app = spawn_app();
    for _ in 0..3 {
        app.lookup("Điều 9 Luật số 134/2025/QH15", PUBLIC_KEY);
    }
    let m = app.get("/metrics", None);
    let text = m.body.as_str().unwrap_or("");
    assert!(
        text.contains(
            r#"lexcite_http_requests_total{method="GET",route="/v1/lookup",status="200"} 3"#
        ),
        "{text}"
    );
    assert!(text.contains("lexcite_http_request_duration_seconds_bucket{route=\"/v1/lookup\""));
}
