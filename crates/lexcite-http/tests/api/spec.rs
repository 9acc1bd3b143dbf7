//! The OpenAPI document: committed, current, self-consistent, and every path it lists is
//! served. `LEXCITE_BLESS=1 cargo test -p lexcite-http spec` rewrites the committed copy.

use serde_json::Value;

use crate::common::{PUBLIC_KEY, generated_spec, repo_root, spawn_app};

#[test]
fn the_committed_spec_is_current() {
    let path = repo_root().join("openapi/openapi.json");
    let now = generated_spec();
    if std::env::var_os("LEXCITE_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("folder")).expect("folder");
        std::fs::write(&path, &now).expect("write");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == now,
        "openapi/openapi.json is stale: run LEXCITE_BLESS=1 cargo test -p lexcite-http spec"
    );
}

fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                if k == "$ref" {
                    if let Some(s) = v.as_str() {
                        out.push(s);
                    }
                } else {
                    refs(v, out);
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[test]
fn every_ref_resolves() {
    let spec: Value = serde_json::from_str(&generated_spec()).expect("json");
    let mut found = Vec::new();
    refs(&spec, &mut found);
    assert!(found.len() > 20, "the spec uses shared schemas");
    for r in found {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external ref {r}"));
        assert!(spec.pointer(pointer).is_some(), "{r} does not resolve");
    }
}

#[test]
fn every_path_in_the_spec_is_served() {
    let app = spawn_app();
    let spec: Value = serde_json::from_str(&generated_spec()).expect("json");
    let paths = spec["paths"].as_object().expect("paths");
    assert!(paths.len() >= 9);
    for (path, ops) in paths {
        let concrete = path.replace("{id}", "57-nq-tw_20241222");
        for method in ops.as_object().expect("ops").keys() {
            let r = match method.as_str() {
                "get" => app.get(&concrete, Some(PUBLIC_KEY)),
                "post" => app.post(&concrete, Some(PUBLIC_KEY), &serde_json::json!({})),
                "put" => app.post_raw_method("PUT", &concrete, PUBLIC_KEY),
                "delete" => app.delete(&concrete, PUBLIC_KEY),
                other => panic!("unexpected method {other}"),
            };
            assert_ne!(r.code(), "route_not_found", "{method} {path}");
            assert_ne!(r.code(), "method_not_allowed", "{method} {path}");
        }
    }
    let served: Value = app.get("/openapi.json", None).body;
    assert_eq!(served, spec);
    let ui = app.get("/swagger-ui/", None);
    assert!(
        ui.body.as_str().is_some_and(|h| h.contains("swagger")),
        "{:?}",
        ui.body
    );
}
