//! What every handler shares: the engine once loaded, readiness, keys, audit log, metrics.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use lexcite_engine::settings::Limits;

use lexcite_engine::{ApiKey, Engine};

use crate::audit::AuditLog;
use crate::error::ApiError;
use crate::jobs::Jobs;
use crate::limits::KeyLimits;
use crate::metrics::Metrics;
use crate::pushed::Provenance;

#[derive(Debug)]
pub struct AppState {
    engine: OnceLock<Arc<Engine>>,
    ready: AtomicBool,
    /// What start-up is doing, for /readyz while not ready.
    phase: Mutex<String>,
    pub keys: Vec<ApiKey>,
    pub audit: AuditLog,
    pub metrics: Metrics,
    pub max_body: usize,
    /// Time a client has to send a body once its headers are in.
    pub body_timeout: Duration,
    pub limits: KeyLimits,
    /// Document writes over the API.
    pub jobs: Jobs,
    /// Which documents came over the API, which from the corpus folder.
    pub provenance: Arc<Provenance>,
}

impl AppState {
    pub fn new(mut keys: Vec<ApiKey>, audit: AuditLog, metrics: Metrics, max_body: usize) -> Self {
        // Hashes compare as lower-case hex on every request.
        for k in &mut keys {
            k.sha256.make_ascii_lowercase();
        }
        Self {
            engine: OnceLock::new(),
            ready: AtomicBool::new(false),
            phase: Mutex::new("starting".to_string()),
            keys,
            audit,
            metrics,
            max_body,
            body_timeout: Duration::from_secs(Limits::default().body_timeout_secs),
            limits: KeyLimits::new(0, 0),
            jobs: Jobs::default(),
            provenance: Arc::default(),
        }
    }

    /// The list of documents pushed over the API (kept in the data dir).
    pub fn with_provenance(mut self, provenance: Provenance) -> Self {
        self.provenance = Arc::new(provenance);
        self
    }

    /// The body timeout and each key's limits from the settings.
    pub fn with_limits(mut self, limits: &Limits) -> Self {
        self.body_timeout = Duration::from_secs(limits.body_timeout_secs);
        self.limits = KeyLimits::new(limits.requests_per_minute, limits.concurrent_requests);
        self
    }

    pub fn set_engine(&self, engine: Arc<Engine>) {
        let _ = self.engine.set(engine);
    }

    pub fn set_phase(&self, phase: impl Into<String>) {
        match self.phase.lock() {
            Ok(mut p) => *p = phase.into(),
            Err(poisoned) => *poisoned.into_inner() = phase.into(),
        }
    }

    pub fn phase(&self) -> String {
        match self.phase.lock() {
            Ok(p) => p.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn set_ready(&self) {
        self.ready.store(true, Ordering::SeqCst);
        self.metrics.ready.set(1);
        self.set_phase("ready");
    }

    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
    }

    /// The engine, once loaded and the corpus ingested; 503 before.
    pub fn engine(&self) -> Result<Arc<Engine>, ApiError> {
        match self.engine.get() {
            Some(e) if self.is_ready() => Ok(e.clone()),
            _ => Err(ApiError::not_ready(format!("not ready: {}", self.phase()))),
        }
    }
}
