//! The app under test: the real server on port 0 over a real embedded store holding three
//! corpus documents (57-NQ/TW and Luật 134/2025/QH15 public, 71/NQ-CP restricted), ingested
//! once per test binary with the real model.

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use actix_web::web;
use serde_json::Value;

use lexcite_engine::Engine;
use lexcite_engine::settings::Limits;
use lexcite_engine::testing::{corpus, engine_with};
use lexcite_http::audit::AuditLog;
use lexcite_http::auth::{ApiKey, Scope, hash_key};
use lexcite_http::metrics::Metrics;
use lexcite_http::pushed::Provenance;
use lexcite_http::state::AppState;
use lexcite_http::{Running, spawn};
use lexcite_index::Classification;

pub use lexcite_engine::testing::repo_root;

pub const PUBLIC_KEY: &str = "key-public-read-ask";
pub const RESTRICTED_KEY: &str = "key-restricted";
pub const NO_ASK_KEY: &str = "key-read-only";
/// Reads and writes documents; public documents only.
pub const WRITE_KEY: &str = "key-writer";
/// Writes documents too, another agency system.
pub const OTHER_WRITE_KEY: &str = "key-other-writer";

/// The shared engine: store, model, catalog.
pub fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let docs: Vec<_> = corpus()
                .into_iter()
                .filter_map(|(entry, doc)| {
                    let number = entry.number.as_ref()?.to_string();
                    match number.as_str() {
                        "57-NQ/TW" | "134/2025/QH15" => Some((doc, Classification::Public)),
                        "71/NQ-CP" => Some((doc, Classification::Restricted)),
                        _ => None,
                    }
                })
                .collect();
            assert_eq!(docs.len(), 3);
            Arc::new(engine_with(&docs))
        })
        .clone()
}

fn key(name: &str, secret: &str, scopes: &[Scope]) -> ApiKey {
    ApiKey {
        name: name.to_string(),
        sha256: hash_key(secret),
        scopes: scopes.to_vec(),
    }
}

/// A running app and its audit log.
pub struct App {
    pub base: String,
    pub audit: PathBuf,
    running: Option<Running>,
    _dir: tempfile::TempDir,
}

impl Drop for App {
    fn drop(&mut self) {
        if let Some(r) = self.running.take() {
            let _ = r.stop();
        }
    }
}

/// Starts the app around `engine` (None: not ready yet) with a body limit.
pub fn spawn_app_with(engine: Option<Arc<Engine>>, max_body: usize) -> App {
    spawn_app_configured(engine, max_body, &Limits::default(), None)
}

/// Starts the app with client limits and an audit log at `audit` (default: in a temporary
/// folder).
pub fn spawn_app_configured(
    engine: Option<Arc<Engine>>,
    max_body: usize,
    limits: &Limits,
    audit: Option<PathBuf>,
) -> App {
    spawn_app_full(engine, max_body, limits, audit, None)
}

/// Starts the app around `engine` with pushed documents recorded in `provenance`.
pub fn spawn_app_writable(engine: Arc<Engine>, provenance: Provenance) -> App {
    spawn_app_full(
        Some(engine),
        lexcite_engine::settings::DEFAULT_MAX_BODY,
        &Limits::default(),
        None,
        Some(provenance),
    )
}

fn spawn_app_full(
    engine: Option<Arc<Engine>>,
    max_body: usize,
    limits: &Limits,
    audit: Option<PathBuf>,
    provenance: Option<Provenance>,
) -> App {
    let dir = tempfile::tempdir().expect("temporary folder");
    let audit_path = audit.unwrap_or_else(|| dir.path().join("audit.jsonl"));
    let keys = vec![
        key(
            "portal",
            PUBLIC_KEY,
            &[Scope::Read, Scope::Ask, Scope::Verify],
        ),
        key("reader", NO_ASK_KEY, &[Scope::Read]),
        key(
            "inspector",
            RESTRICTED_KEY,
            &[Scope::Read, Scope::Ask, Scope::Verify, Scope::Restricted],
        ),
        key("writer", WRITE_KEY, &[Scope::Read, Scope::Write]),
        key(
            "other-writer",
            OTHER_WRITE_KEY,
            &[Scope::Read, Scope::Write],
        ),
    ];
    let state = AppState::new(
        keys,
        AuditLog::open(&audit_path).expect("audit log"),
        Metrics::new().expect("metrics"),
        max_body,
    )
    .with_limits(limits);
    let state = match provenance {
        Some(p) => state.with_provenance(p),
        None => state,
    };
    if let Some(e) = engine {
        state.set_engine(e);
        state.set_ready();
    }
    let listener = TcpListener::bind("127.0.0.1:0").expect("port");
    let running = spawn(web::Data::new(state), limits, listener, 2).expect("server starts");
    App {
        base: format!("http://{}", running.addr),
        audit: audit_path,
        running: Some(running),
        _dir: dir,
    }
}

/// The spec as the code makes it, as committed (pretty JSON and a newline).
pub fn generated_spec() -> String {
    let mut s = lexcite_http::routes::spec()
        .to_pretty_json()
        .expect("spec serialises");
    s.push('\n');
    s
}

pub fn spawn_app() -> App {
    spawn_app_with(Some(engine()), lexcite_engine::settings::DEFAULT_MAX_BODY)
}

/// A response: status and body (JSON when it parses, else a string).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    /// The error code of an error reply.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }

    pub fn message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or("")
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

fn reply(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut r = r.expect("request sent");
    let status = r.status().as_u16();
    // A verification of a 5 MB text answers with tens of megabytes.
    let text = r
        .body_mut()
        .with_config()
        .limit(512 << 20)
        .read_to_string()
        .expect("body");
    let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
    Reply { status, body }
}

impl App {
    pub fn get(&self, path: &str, key: Option<&str>) -> Reply {
        let mut req = agent().get(&format!("{}{path}", self.base));
        if let Some(k) = key {
            req = req.header("Authorization", &format!("Bearer {k}"));
        }
        reply(req.call())
    }

    /// GET with query parameters, encoded.
    pub fn get_query(&self, path: &str, key: &str, params: &[(&str, &str)]) -> Reply {
        let mut req = agent()
            .get(&format!("{}{path}", self.base))
            .header("Authorization", &format!("Bearer {key}"));
        for (k, v) in params {
            req = req.query(*k, *v);
        }
        reply(req.call())
    }

    pub fn post(&self, path: &str, key: Option<&str>, body: &Value) -> Reply {
        self.post_raw(path, key, "application/json", &body.to_string())
    }

    pub fn post_raw(&self, path: &str, key: Option<&str>, content_type: &str, body: &str) -> Reply {
        let mut req = agent()
            .post(&format!("{}{path}", self.base))
            .header("Content-Type", content_type);
        if let Some(k) = key {
            req = req.header("Authorization", &format!("Bearer {k}"));
        }
        reply(req.send(body))
    }

    /// Sends `bytes` as they are on a new connection, then waits up to `wait` for the answer
    /// (the server closing, or `wait` passing). Returns the status, the raw head and the body.
    pub fn raw(&self, bytes: &[u8], wait: std::time::Duration) -> (u16, String, Value) {
        use std::io::{Read, Write};
        let addr = self.base.trim_start_matches("http://");
        let mut stream = std::net::TcpStream::connect(addr).expect("connects");
        stream.set_read_timeout(Some(wait)).expect("timeout");
        // The server may answer and close before everything is sent.
        let _ = stream.write_all(bytes);
        let mut out = Vec::new();
        let mut buf = [0u8; 8192];
        loop {
            match stream.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    out.extend_from_slice(&buf[..n]);
                    let text = String::from_utf8_lossy(&out);
                    // One whole response is enough.
                    if let Some((head, body)) = text.split_once("\r\n\r\n") {
                        let length = head
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse::<usize>().ok())?
                            })
                            .unwrap_or(usize::MAX);
                        if body.len() >= length {
                            break;
                        }
                    }
                }
            }
        }
        let text = String::from_utf8_lossy(&out).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = serde_json::from_str(body).unwrap_or(Value::String(body.to_string()));
        (status, head.to_string(), body)
    }

    /// An empty request with `method` (a route that takes a body answers about the body).
    pub fn post_raw_method(&self, method: &str, path: &str, key: &str) -> Reply {
        let url = format!("{}{path}", self.base);
        let req = match method {
            "PUT" => agent().put(&url),
            _ => agent().post(&url),
        };
        reply(
            req.header("Authorization", &format!("Bearer {key}"))
                .send(""),
        )
    }

    pub fn delete(&self, path: &str, key: &str) -> Reply {
        reply(
            agent()
                .delete(&format!("{}{path}", self.base))
                .header("Authorization", &format!("Bearer {key}"))
                .call(),
        )
    }

    pub fn lookup(&self, citation: &str, key: &str) -> Reply {
        self.get_query("/v1/lookup", key, &[("citation", citation)])
    }
}
