//! Every bad input gets its status and code in the one error shape; never a 500.

use serde_json::json;

use crate::common::{PUBLIC_KEY, spawn_app, spawn_app_with};

#[test]
fn bad_requests_name_what_is_wrong() {
    let app = spawn_app();
    let cases: Vec<(&str, &str, u16, &str, &str)> = vec![
        (
            "application/json",
            "{\"query\": ",
            400,
            "invalid_json",
            "EOF",
        ),
        (
            "application/json",
            "{\"qeury\": \"x\"}",
            400,
            "invalid_json",
            "qeury",
        ),
        ("application/json", "{}", 400, "invalid_json", "query"),
        (
            "application/json",
            "{\"query\": \"x\", \"limit\": \"ten\"}",
            400,
            "invalid_json",
            "limit",
        ),
        (
            "application/json",
            "{\"query\": \"x\", \"limit\": 0}",
            400,
            "invalid_parameter",
            "limit",
        ),
        (
            "application/json",
            "{\"query\": \"x\", \"limit\": 500}",
            400,
            "invalid_parameter",
            "limit",
        ),
        (
            "application/json",
            "{\"query\": \"   \"}",
            400,
            "invalid_parameter",
            "query",
        ),
        (
            "application/json",
            "{\"query\": \"x\", \"mode\": \"fuzzy\"}",
            400,
            "invalid_json",
            "mode",
        ),
        (
            "application/json",
            "{\"query\": \"x\", \"filters\": {\"issued_from\": \"22/12/2024\"}}",
            400,
            "invalid_json",
            "filters.issued_from",
        ),
        (
            "application/json",
            "{\"query\": \"x\", \"filters\": {\"number\": \"abc\"}}",
            400,
            "invalid_parameter",
            "filters.number",
        ),
        (
            "application/json",
            "{\"query\": \"x\", \"filters\": {\"type\": \"poem\"}}",
            400,
            "invalid_parameter",
            "filters.type",
        ),
        (
            "application/json",
            "{\"query\": \"x\", \"filters\": {\"kinds\": [\"paragraph\"]}}",
            400,
            "invalid_json",
            "filters.kinds",
        ),
        (
            "text/plain",
            "{\"query\": \"x\"}",
            400,
            "invalid_content_type",
            "application/json",
        ),
    ];
    for (content_type, body, status, code, names) in cases {
        let r = app.post_raw("/v1/search", Some(PUBLIC_KEY), content_type, body);
        assert_eq!((r.status, r.code()), (status, code), "{body}: {:?}", r.body);
        assert!(
            r.message().contains(names),
            "{body}: {:?} should name {names:?}",
            r.message()
        );
    }
    let ask = app.post(
        "/v1/ask",
        Some(PUBLIC_KEY),
        &json!({"question": "x", "passages": 99}),
    );
    assert_eq!((ask.status, ask.code()), (400, "invalid_parameter"));
    let missing = app.get("/v1/lookup", Some(PUBLIC_KEY));
    assert_eq!((missing.status, missing.code()), (400, "invalid_parameter"));
    assert!(missing.message().contains("citation"));
    let route = app.get("/v2/search", Some(PUBLIC_KEY));
    assert_eq!((route.status, route.code()), (404, "route_not_found"));
    let method = app.get("/v1/search", Some(PUBLIC_KEY));
    assert_eq!((method.status, method.code()), (405, "method_not_allowed"));
    let doc = app.get("/v1/documents/no-such-doc", Some(PUBLIC_KEY));
    assert_eq!((doc.status, doc.code()), (404, "document_not_found"));
    let unit = app.get("/v1/units/57-nq-tw_20241222:sec99", Some(PUBLIC_KEY));
    assert_eq!((unit.status, unit.code()), (404, "unit_not_found"));
}

#[test]
fn oversized_bodies_get_413() {
    let app = spawn_app_with(Some(crate::common::engine()), 4096);
    let big = json!({"query": "a ".repeat(5000)});
    let r = app.post("/v1/search", Some(PUBLIC_KEY), &big);
    assert_eq!(
        (r.status, r.code()),
        (413, "payload_too_large"),
        "{:?}",
        r.body
    );
    assert!(r.message().contains("4096"));
}

#[test]
fn before_the_store_is_ready_requests_get_503() {
    let app = spawn_app_with(None, 4096);
    let r = app.post("/v1/search", Some(PUBLIC_KEY), &json!({"query": "x"}));
    assert_eq!((r.status, r.code()), (503, "not_ready"));
    let ready = app.get("/readyz", None);
    assert_eq!((ready.status, ready.code()), (503, "not_ready"));
    assert_eq!(app.get("/healthz", None).status, 200);
}
