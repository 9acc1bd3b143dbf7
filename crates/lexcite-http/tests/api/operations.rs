//! Operating the server: every `/v1` call audited, metrics that no request can grow, slow
//! clients timed out, each key held to its limits, errors in one shape whatever made them,
//! and the spec's limits the server's.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use lexcite_engine::settings::{DEFAULT_MAX_BODY, Limits};

use crate::common::{
    NO_ASK_KEY, PUBLIC_KEY, engine, generated_spec, spawn_app, spawn_app_configured,
};

fn audit_lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("audit log")
        .lines()
        .map(|l| serde_json::from_str(l).expect("whole JSON line"))
        .collect()
}

#[test]
fn refused_calls_are_audited_too() {
    let app = spawn_app();
    let no_key = app.get("/v1/documents", None);
    assert_eq!(no_key.status, 401);
    let bad_key = app.get("/v1/documents/57-nq-tw_20241222", Some("not-a-key"));
    assert_eq!(bad_key.status, 401);
    let forbidden = app.post(
        "/v1/ask",
        Some(NO_ASK_KEY),
        &json!({"question": "trí tuệ nhân tạo là gì"}),
    );
    assert_eq!(forbidden.status, 403);
    // Probing for a hidden document leaves a trace with the id asked.
    let hidden = app.get("/v1/documents/71-nq-cp_20250401", Some(PUBLIC_KEY));
    assert_eq!(hidden.status, 404);
    let nowhere = app.get("/v1/secrets", Some(PUBLIC_KEY));
    assert_eq!(nowhere.status, 404);

    let lines = audit_lines(&app.audit);
    let seen: Vec<(&str, &str, u64, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["key"].as_str().unwrap_or(""),
                l["route"].as_str().unwrap_or(""),
                l["status"].as_u64().unwrap_or(0),
                l["error"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            ("anonymous", "/v1/documents", 401, "unauthorized"),
            ("anonymous", "/v1/documents/{id}", 401, "unauthorized"),
            ("reader", "/v1/ask", 403, "forbidden"),
            ("portal", "/v1/documents/{id}", 404, "document_not_found"),
            ("portal", "/v1/secrets", 404, "route_not_found"),
        ]
    );
    assert_eq!(lines[3]["target"], "/v1/documents/71-nq-cp_20250401");
    assert_eq!(lines[3]["returned"], json!([]));
    // Operations routes are not /v1 calls.
    app.get("/healthz", None);
    assert_eq!(audit_lines(&app.audit).len(), 5);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&app.audit)
            .expect("log")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the audit log is readable by others");
    }
}

#[test]
fn an_audit_line_that_cannot_be_written_is_counted_and_the_call_answered() {
    let full = std::path::PathBuf::from("/dev/full");
    if !full.exists() {
        return;
    }
    let app = spawn_app_configured(
        Some(engine()),
        DEFAULT_MAX_BODY,
        &Limits::default(),
        Some(full),
    );
    let r = app.lookup("Điều 9 Luật số 134/2025/QH15", PUBLIC_KEY);
    assert_eq!(r.status, 200);
    let metrics = app.get("/metrics", None);
    let text = metrics.body.as_str().unwrap_or("");
    assert!(
        text.contains("lexcite_audit_write_failures_total 1"),
        "{text}"
    );
}

/// The series of a metrics page: its lines without their values.
fn series(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.rsplit_once(' ').map_or(l, |(s, _)| s).to_string())
        .collect()
}

#[test]
fn invented_methods_do_not_grow_the_metrics() {
    let app = spawn_app_configured(None, DEFAULT_MAX_BODY, &Limits::default(), None);
    let send = |method: &str| {
        app.raw(
            format!("{method} /v1/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .as_bytes(),
            Duration::from_secs(5),
        )
    };
    let (status, _, body) = send("BREW");
    assert_eq!(status, 405);
    assert_eq!(body["error"]["code"], "method_not_allowed");
    // The first read of /metrics adds its own series.
    app.get("/metrics", None);
    let before = series(app.get("/metrics", None).body.as_str().unwrap_or(""));
    for i in 0..500 {
        send(&format!("M{i}X"));
    }
    let after = series(app.get("/metrics", None).body.as_str().unwrap_or(""));
    assert_eq!(before, after, "new series appeared");
    assert!(
        after.iter().any(|s| s.contains("method=\"other\"")),
        "{after:?}"
    );
}

#[test]
fn a_body_that_does_not_arrive_gets_408_in_time() {
    let limits = Limits {
        body_timeout_secs: 1,
        ..Limits::default()
    };
    let app = spawn_app_configured(None, DEFAULT_MAX_BODY, &limits, None);
    let started = Instant::now();
    let (status, _, body) = app.raw(
        format!(
            "POST /v1/search HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {PUBLIC_KEY}\r\n\
             Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"query\": "
        )
        .as_bytes(),
        Duration::from_secs(10),
    );
    let waited = started.elapsed();
    assert_eq!(status, 408, "{body}");
    assert_eq!(body["error"]["code"], "request_timeout");
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "answered after {waited:?}"
    );
}

#[test]
fn a_key_over_its_limits_gets_429_with_retry_after() {
    let limits = Limits {
        requests_per_minute: 3,
        ..Limits::default()
    };
    let app = spawn_app_configured(Some(engine()), DEFAULT_MAX_BODY, &limits, None);
    for _ in 0..3 {
        assert_eq!(app.get("/v1/documents", Some(PUBLIC_KEY)).status, 200);
    }
    let (status, head, body) = app.raw(
        format!(
            "GET /v1/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {PUBLIC_KEY}\r\n\
             Connection: close\r\n\r\n"
        )
        .as_bytes(),
        Duration::from_secs(5),
    );
    assert_eq!(status, 429, "{body}");
    assert_eq!(body["error"]["code"], "too_many_requests");
    let retry: u64 = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("retry-after:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .expect("Retry-After");
    assert!((1..=20).contains(&retry), "Retry-After: {retry}");
    // Another key is not held back by this one.
    assert_eq!(app.get("/v1/documents", Some(NO_ASK_KEY)).status, 200);
}

#[test]
fn errors_the_http_layer_makes_are_in_the_one_shape() {
    let app = spawn_app();
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "malformed request line",
            b"GET /v1/lookup HTTP/9.9 garbage\r\n\r\n".to_vec(),
            400,
        ),
        (
            "200 headers",
            {
                let mut r = "GET /healthz HTTP/1.1\r\nHost: x\r\n".to_string();
                for i in 0..200 {
                    r.push_str(&format!("X-Header-{i}: {i}\r\n"));
                }
                r.push_str("\r\n");
                r.into_bytes()
            },
            431,
        ),
        (
            "a 100,000-character citation",
            format!(
                "GET /v1/lookup?citation={} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {PUBLIC_KEY}\r\n\r\n",
                "%C4%90i%E1%BB%81u".repeat(25_000)
            )
            .into_bytes(),
            431,
        ),
        (
            "10,000 parameters",
            format!(
                "GET /v1/lookup?{} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {PUBLIC_KEY}\r\n\r\n",
                (0..10_000).map(|i| format!("p{i}=x")).collect::<Vec<_>>().join("&")
            )
            .into_bytes(),
            400,
        ),
    ];
    for (what, bytes, expected) in cases {
        let (status, head, body) = app.raw(&bytes, Duration::from_secs(5));
        assert!((400..500).contains(&status), "{what}: {status}\n{head}");
        assert_eq!(status, expected, "{what}: {head}");
        assert!(
            body["error"]["code"]
                .as_str()
                .is_some_and(|c| !c.is_empty()),
            "{what}: {status} {head} {body}"
        );
    }
    let missing = app.get("/swagger-ui/no-such-file.js", None);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.code(), "route_not_found");
    let long = app.lookup(&"Điều 1 ".repeat(500), PUBLIC_KEY);
    assert_eq!((long.status, long.code()), (400, "invalid_parameter"));
}

#[test]
fn the_server_takes_exactly_what_the_spec_allows() {
    let app = spawn_app();
    let spec: Value = serde_json::from_str(&generated_spec()).expect("json");
    let schemas = &spec["components"]["schemas"];
    for (route, schema, field, text_field) in [
        ("/v1/search", "SearchRequest", "limit", "query"),
        ("/v1/ask", "AskRequest", "passages", "question"),
    ] {
        let property = &schemas[schema]["properties"][field];
        let min = property["minimum"].as_u64().expect("minimum in the spec");
        let max = property["maximum"].as_u64().expect("maximum in the spec");
        for (value, ok) in [(min - 1, false), (min, true), (max, true), (max + 1, false)] {
            let r = app.post(
                route,
                Some(PUBLIC_KEY),
                &json!({text_field: "dữ liệu cá nhân", field: value}),
            );
            assert_eq!(r.status == 200, ok, "{route} {field}={value}: {:?}", r.body);
        }
        let text = &schemas[schema]["properties"][text_field];
        assert_eq!(text["minLength"], 1, "{schema}.{text_field}");
        let blank = app.post(route, Some(PUBLIC_KEY), &json!({text_field: " "}));
        assert_eq!(blank.status, 400, "{route} with a blank {text_field}");
        // A JSON array is not the object the spec asks for.
        let array = app.post(route, Some(PUBLIC_KEY), &json!(["dữ liệu cá nhân", 5]));
        assert_eq!(
            (array.status, array.code()),
            (400, "invalid_json"),
            "{route}"
        );
    }
    let params = spec["paths"]["/v1/lookup"]["get"]["parameters"][0]["schema"].clone();
    assert_eq!(params["maxLength"], 1000);
}

#[test]
fn auth_and_method_errors_say_what_to_send() {
    let app = spawn_app();
    let (status, head, _) = app.raw(
        b"GET /v1/documents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_secs(5),
    );
    assert_eq!(status, 401);
    assert!(
        head.to_ascii_lowercase()
            .contains("www-authenticate: bearer"),
        "{head}"
    );
    let (status, head, _) = app.raw(
        b"DELETE /v1/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_secs(5),
    );
    assert_eq!(status, 405);
    assert!(head.to_ascii_lowercase().contains("allow: post"), "{head}");
    // The scheme is case-insensitive (RFC 7235).
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let (status, _, body) = app.raw(
            format!(
                "GET /v1/documents HTTP/1.1\r\nHost: x\r\nAuthorization: {scheme} {PUBLIC_KEY}\r\n\
                 Connection: close\r\n\r\n"
            )
            .as_bytes(),
            Duration::from_secs(5),
        );
        assert_eq!(status, 200, "{scheme}: {body}");
    }
}
