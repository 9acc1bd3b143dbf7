//! The REST API: actix-web routes over the engine, the OpenAPI spec with Swagger UI, API keys
//! with scopes, the audit log, Prometheus metrics, and `serve`, which starts it all.
//!
//! Depends on every other crate; nothing depends on it but the `lexcite` binary.

pub mod audit;
pub mod auth;
pub mod body;
pub mod check;
pub mod drafts;
pub mod error;
pub mod handlers;
pub mod jobs;
pub mod limits;
pub mod long_report;
pub mod metrics;
pub mod observe;
pub mod page;
pub mod push;
pub mod pushed;
pub mod routes;
pub mod state;
pub mod stream;
pub mod upload;
pub mod wire;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::dev::{ServerHandle, Service};
use actix_web::{App, web};
use anyhow::{Context, Result};
use utoipa_swagger_ui::SwaggerUi;

use lexcite_engine::settings::{Limits, Settings};
use lexcite_engine::{ApiKey, Engine, Scope};
use lexcite_index::Index;
use lexcite_ingest::Corpus;
use tracing::Instrument;

use crate::auth::{hash_key, new_key};
use crate::error::{ApiError, ErrorCode};
use crate::observe::Arrival;
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
            let arrival = Arrival::of(&req);
            // Everything a request logs, the engine's spans included, carries its route.
            let span = tracing::info_span!(
                "request",
                method = %metrics::method_label(arrival.method()),
                route = %arrival.route(),
                key = tracing::field::Empty
            );
            let fut = span.in_scope(|| srv.call(req));
            let state = state.clone();
            async move {
                let res = fut.await?;
                Ok(arrival.finish(&state, res))
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
    // A panic becomes a log line like any other error (the store's flush on a full disk is
    // one, caught and reported where it happens).
    std::panic::set_hook(Box::new(|info| {
        tracing::error!(panic = %info, "panic");
    }));
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

/// Loads the engine and brings the store in step with the corpus, then marks ready: documents
/// new or changed since the last start (or left half-written by an interrupted one) are
/// ingested, unchanged ones are recognised by their fingerprints and skipped, and documents no
/// longer in the corpus are removed. Until then `/readyz` answers 503 and says what is under
/// way.
pub fn start_up(state: &AppState, settings: &Settings) -> Result<()> {
    state.set_phase("loading the model and opening the store");
    let engine = Arc::new(Engine::open(settings)?);
    state.set_engine(engine.clone());
    let corpus = &settings.corpus;
    if !corpus.as_os_str().is_empty() {
        state.set_phase("reading the corpus");
        let corpus = Corpus::open(corpus)
            .with_context(|| format!("cannot open the corpus {}", corpus.display()))?;
        let docs: Vec<_> = corpus
            .documents()?
            .into_iter()
            .map(|(entry, doc)| (doc, entry.classification))
            .collect();
        state
            .provenance
            .set_corpus(docs.iter().map(|(d, _)| d.id.clone()));
        sync(state, &engine, &docs)?;
    }
    // A store written by pushes or by an older version may not be arranged for search yet
    // (nothing to do takes no time).
    state.set_phase("arranging the store for search");
    if engine.index().store().optimize()? {
        tracing::info!("the store was arranged for search");
    }
    tracing::info!(documents = engine.catalog().docs.len(), "ready");
    state.set_ready();
    Ok(())
}

/// Writes `docs` into the store (only what changed) and removes what is not among them.
fn sync(
    state: &AppState,
    engine: &Engine,
    docs: &[(lexcite_core::Document, lexcite_index::Classification)],
) -> Result<()> {
    let total: usize = docs.iter().map(|(d, _)| Index::record_count(d)).sum();
    tracing::info!(
        documents = docs.len(),
        records = total,
        "bringing the store in step with the corpus"
    );
    let mut done = 0usize;
    let started = Instant::now();
    let (mut added, mut updated, mut deleted) = (0usize, 0usize, 0usize);
    engine.ingest(
        docs,
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
            let outcome = if r.changes() == 0 { "unchanged" } else { "indexed" };
            m.ingested_documents.with_label_values(&[outcome]).inc();
            (added, updated, deleted) = (added + r.added, updated + r.updated, deleted + r.deleted);
            if r.changes() > 0 {
                tracing::info!(document = %r.document_id, added = r.added, updated = r.updated, deleted = r.deleted, "document ingested");
            }
        },
    )?;
    // Documents pushed over the API are not in the corpus folder and stay.
    let pushed = state.provenance.pushed_ids();
    let keep: Vec<&str> = docs
        .iter()
        .map(|(d, _)| d.id.as_str())
        .chain(pushed.iter().map(String::as_str))
        .collect();
    let removed = engine.prune(&keep)?;
    for id in &removed {
        state
            .metrics
            .ingested_documents
            .with_label_values(&["removed"])
            .inc();
        tracing::info!(document = %id, "document no longer in the corpus: removed");
    }
    tracing::info!(
        seconds = started.elapsed().as_secs(),
        added,
        updated,
        deleted,
        removed = removed.len(),
        "the store is in step with the corpus"
    );
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

/// The HTTP/1.1 server around the app on `listener`, with the client limits of the settings
/// and codec-made errors in the one shape ([`wire`]); to be awaited in an actix system. It
/// stops gracefully on SIGINT/SIGTERM.
fn server(
    state: web::Data<AppState>,
    limits: &Limits,
    listener: TcpListener,
    workers: usize,
) -> std::io::Result<actix_web::dev::Server> {
    use actix_service::{IntoServiceFactory, ServiceFactoryExt, fn_service, map_config};
    let head_timeout = Duration::from_secs(limits.head_timeout_secs);
    Ok(actix_server::Server::build()
        .workers(workers)
        .max_concurrent_connections(limits.max_connections.div_ceil(workers.max(1)))
        .shutdown_timeout(SHUTDOWN_GRACE_SECS)
        .listen("lexcite", listener, move || {
            let app = app(state.clone())
                .into_factory()
                .map_err(|e| e.error_response());
            fn_service(
                |io| async move { Ok::<_, actix_http::error::DispatchError>(wire::accept(io)) },
            )
            .and_then(
                actix_http::HttpService::build()
                    .client_request_timeout(head_timeout)
                    // As actix-web's server: a second for the client to read an early
                    // answer (a 413) before the connection closes.
                    .client_disconnect_timeout(Duration::from_secs(1))
                    .h1(map_config(app, |_| actix_web::dev::AppConfig::default())),
            )
        })?
        .run())
}

/// Starts the HTTP server on `listener` in a thread of its own.
pub fn spawn(
    state: web::Data<AppState>,
    limits: &Limits,
    listener: TcpListener,
    workers: usize,
) -> Result<Running> {
    let addr = listener.local_addr()?;
    let (tx, rx) = std::sync::mpsc::channel();
    let limits = limits.clone();
    let thread = std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = server(state, &limits, listener, workers)?;
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
    let limits = &settings.limits;
    let audit = audit::AuditLog::open_rotating(
        &settings.audit_path(),
        limits.audit_rotate_bytes,
        limits.audit_keep,
    )
    .with_context(|| {
        format!(
            "cannot open the audit log {}",
            settings.audit_path().display()
        )
    })?;
    let metrics = metrics::Metrics::new()?;
    let provenance = pushed::Provenance::open(&settings.data_dir)?;
    let state = web::Data::new(
        AppState::new(keys, audit, metrics, settings.max_body_bytes)
            .with_limits(limits)
            .with_provenance(provenance),
    );
    let listener = TcpListener::bind(&settings.bind)
        .with_context(|| format!("cannot listen on {}", settings.bind))?;
    tracing::info!(addr = %listener.local_addr()?, "listening; Swagger UI at /swagger-ui/");
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let failure: Arc<std::sync::Mutex<Option<anyhow::Error>>> = Arc::default();
    let outcome = failure.clone();
    let loader_state = state.clone();
    let loader_settings = settings.clone();
    actix_web::rt::System::new().block_on(async move {
        let server = server(state, limits, listener, workers)?;
        let handle = server.handle();
        // A start-up that cannot succeed stops the server: the process exits with the error
        // rather than staying up unready.
        std::thread::spawn(move || {
            if let Err(e) = start_up(&loader_state, &loader_settings) {
                tracing::error!(error = %format!("{e:#}"), "start-up failed; stopping");
                if let Ok(mut f) = outcome.lock() {
                    *f = Some(e);
                }
                actix_web::rt::System::new().block_on(handle.stop(false));
            }
        });
        server.await
    })?;
    if let Some(e) = failure.lock().ok().and_then(|mut f| f.take()) {
        return Err(e.context("start-up failed"));
    }
    tracing::info!("stopped");
    Ok(())
}
