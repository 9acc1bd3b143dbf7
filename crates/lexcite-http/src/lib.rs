//! The REST API: actix-web routes over the engine, the OpenAPI spec with Swagger UI, API keys
//! with scopes, the audit log, Prometheus metrics, and `serve`, which starts it all.
//!
//! Depends on every other crate; nothing depends on it but the `lexcite` binary.

pub mod audit;
pub mod auth;
pub mod body;
pub mod error;
pub mod metrics;
pub mod routes;
pub mod state;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use actix_web::dev::{ServerHandle, Service};
use actix_web::{App, HttpMessage, HttpServer, web};
use anyhow::{Context, Result};
use utoipa_swagger_ui::SwaggerUi;

use lexcite_engine::settings::Settings;
use lexcite_engine::{ApiKey, Engine, Scope};
use lexcite_index::Index;
use lexcite_ingest::Corpus;
use tracing::Instrument;

use crate::auth::{CallerName, hash_key, new_key};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// Seconds in-flight requests get to finish on SIGTERM/SIGINT.
pub const SHUTDOWN_GRACE_SECS: u64 = 30;

/// Builds the application around a shared state.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let limit = state.max_body;
    App::new()
        .app_data(state.clone())
        .app_data(web::PayloadConfig::new(limit))
        .app_data(
            web::QueryConfig::default().error_handler(|e, _| {
                ApiError::new(ErrorCode::InvalidParameter, e.to_string()).into()
            }),
        )
        .app_data(
            web::PathConfig::default().error_handler(|e, _| {
                ApiError::new(ErrorCode::InvalidParameter, e.to_string()).into()
            }),
        )
        .configure(routes::configure)
        .service(SwaggerUi::new("/swagger-ui/{_:.*}").url("/openapi.json", routes::spec()))
        .default_service(web::to(|| async {
            Err::<actix_web::HttpResponse, _>(ApiError::new(
                ErrorCode::RouteNotFound,
                "no such route; see /swagger-ui/ for the API",
            ))
        }))
        .wrap_fn(move |req, srv| {
            let started = Instant::now();
            let route = req
                .match_pattern()
                .unwrap_or_else(|| "unmatched".to_string());
            let method = req.method().to_string();
            let metrics = state.metrics.clone();
            // Everything a request logs, the engine's spans included, carries its route.
            let span = tracing::info_span!(
                "request",
                method = %method,
                route = %route,
                key = tracing::field::Empty
            );
            let fut = span.in_scope(|| srv.call(req));
            async move {
                let res = fut.await?;
                let status = res.status().as_u16();
                let seconds = started.elapsed().as_secs_f64();
                metrics.observe(&route, &method, status, seconds);
                let key = res
                    .request()
                    .extensions()
                    .get::<CallerName>()
                    .map(|c| c.0.clone())
                    .unwrap_or_default();
                tracing::Span::current().record("key", key.as_str());
                tracing::info!(
                    method = %method,
                    route = %route,
                    status,
                    ms = (seconds * 1000.0).round(),
                    key = %key,
                    "request"
                );
                Ok(res)
            }
            .instrument(span)
        })
}

/// JSON logs on stdout; `RUST_LOG` sets the level (default info).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(false)
        .with_span_list(true)
        .try_init();
}

/// The keys to accept: the configured ones, or the one made at first start under
/// `<data_dir>/api-key` (all scopes), which is created if missing.
pub fn effective_keys(settings: &Settings) -> Result<Vec<ApiKey>> {
    if !settings.api_keys.is_empty() {
        return Ok(settings.api_keys.clone());
    }
    let path = settings.data_dir.join("api-key");
    let key = if path.is_file() {
        std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .trim()
            .to_string()
    } else {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("cannot create {}", settings.data_dir.display()))?;
        let key = new_key()?;
        write_secret(&path, &key)?;
        tracing::warn!(
            path = %path.display(),
            "no API keys configured: made one with every scope and wrote it to this file"
        );
        key
    };
    Ok(vec![ApiKey {
        name: "local-admin".to_string(),
        sha256: hash_key(&key),
        scopes: Scope::ALL.to_vec(),
    }])
}

fn write_secret(path: &Path, key: &str) -> Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    writeln!(file, "{key}").with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Loads the engine and, when the store is empty, ingests the corpus; then marks ready.
pub fn start_up(state: &AppState, settings: &Settings) -> Result<()> {
    state.set_phase("loading the model and opening the store");
    let engine = Arc::new(Engine::open(settings)?);
    state.set_engine(engine.clone());
    let corpus = &settings.corpus;
    if engine.catalog().docs.is_empty() && !corpus.as_os_str().is_empty() {
        let corpus = Corpus::open(corpus)
            .with_context(|| format!("cannot open the corpus {}", corpus.display()))?;
        let docs: Vec<_> = corpus
            .documents()?
            .into_iter()
            .map(|(entry, doc)| (doc, entry.classification))
            .collect();
        let total: usize = docs.iter().map(|(d, _)| Index::record_count(d)).sum();
        tracing::info!(
            documents = docs.len(),
            records = total,
            "store empty: ingesting the corpus"
        );
        let mut done = 0usize;
        let started = Instant::now();
        engine.ingest(
            &docs,
            &mut |n| {
                done += n;
                state.set_phase(format!("ingesting the corpus: {done}/{total} records"));
            },
            &mut |r| {
                let m = &state.metrics;
                for (change, n) in [
                    ("added", r.added),
                    ("updated", r.updated),
                    ("deleted", r.deleted),
                    ("unchanged", r.unchanged),
                ] {
                    m.ingested_records
                        .with_label_values(&[change])
                        .inc_by(n as u64);
                }
                m.ingested_documents.with_label_values(&["indexed"]).inc();
                tracing::info!(document = %r.document_id, added = r.added, "document ingested");
            },
        )?;
        tracing::info!(seconds = started.elapsed().as_secs(), "corpus ingested");
    }
    tracing::info!(documents = engine.catalog().docs.len(), "ready");
    state.set_ready();
    Ok(())
}

/// A running server.
#[derive(Debug)]
pub struct Running {
    pub addr: SocketAddr,
    pub handle: ServerHandle,
    thread: std::thread::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops the server gracefully and waits for it.
    pub fn stop(self) -> Result<()> {
        let handle = self.handle.clone();
        std::thread::spawn(move || actix_web::rt::System::new().block_on(handle.stop(true)))
            .join()
            .map_err(|_| anyhow::anyhow!("stopping the server panicked"))?;
        self.thread
            .join()
            .map_err(|_| anyhow::anyhow!("the server thread panicked"))??;
        Ok(())
    }
}

/// Starts the HTTP server on `listener` in a thread of its own.
pub fn spawn(state: web::Data<AppState>, listener: TcpListener, workers: usize) -> Result<Running> {
    let addr = listener.local_addr()?;
    let (tx, rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(move || app(state.clone()))
                .workers(workers)
                .shutdown_timeout(SHUTDOWN_GRACE_SECS)
                .listen(listener)?
                .run();
            let _ = tx.send(server.handle());
            server.await
        })
    });
    let handle = rx
        .recv()
        .map_err(|_| anyhow::anyhow!("the server did not start"))?;
    Ok(Running {
        addr,
        handle,
        thread,
    })
}

/// `lexcite serve`: listens at once, loads and ingests in the background (/readyz says when
/// done), stops gracefully on SIGINT/SIGTERM.
pub fn serve(settings: Settings) -> Result<()> {
    init_logging();
    tracing::debug!(settings = %settings.redacted(), "settings");
    let keys = effective_keys(&settings)?;
    let audit = audit::AuditLog::open(&settings.audit_path()).with_context(|| {
        format!(
            "cannot open the audit log {}",
            settings.audit_path().display()
        )
    })?;
    let metrics = metrics::Metrics::new()?;
    let state = web::Data::new(AppState::new(keys, audit, metrics, settings.max_body_bytes));
    let listener = TcpListener::bind(&settings.bind)
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    tracing::info!(addr = %listener.local_addr()?, "listening; Swagger UI at /swagger-ui/");
    let loader_state = state.clone();
    let loader_settings = settings.clone();
    std::thread::spawn(move || {
        if let Err(e) = start_up(&loader_state, &loader_settings) {
            let message = format!("{e:#}");
            tracing::error!(error = %message, "start-up failed");
            loader_state.set_phase(format!("start-up failed: {message}"));
        }
    });
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || app(state.clone()))
            .workers(workers)
            .shutdown_timeout(SHUTDOWN_GRACE_SECS)
            .listen(listener)?
            .run()
            .await
    })?;
    tracing::info!("stopped");
    Ok(())
}
