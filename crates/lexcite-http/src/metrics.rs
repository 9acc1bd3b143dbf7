//! Prometheus metrics: requests and latency per route, ingestion counters, audit failures.
//!
//! Every label value comes from a fixed set — route patterns, the standard methods or
//! "other", status codes — so no request can add series.

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};

/// The server's metrics, registered in their own registry.
#[derive(Clone, Debug)]
pub struct Metrics {
    registry: Registry,
    pub requests: IntCounterVec,
    pub latency: HistogramVec,
    pub ingested_records: IntCounterVec,
    pub ingested_documents: IntCounterVec,
    pub ready: IntGauge,
    pub audit_failures: IntCounter,
}

/// The method as a label: one of the standard ones, or "other".
pub fn method_label(method: &str) -> &'static str {
    const KNOWN: &[&str] = &[
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT",
    ];
    KNOWN
        .iter()
        .find(|m| **m == method)
        .copied()
        .unwrap_or("other")
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let requests = IntCounterVec::new(
            Opts::new(
                "lexcite_http_requests_total",
                "HTTP requests by route, method and status",
            ),
            &["route", "method", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "lexcite_http_request_duration_seconds",
                "HTTP request latency by route",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["route"],
        )?;
        let ingested_records = IntCounterVec::new(
            Opts::new(
                "lexcite_ingest_records_total",
                "Records dealt with by ingestion, by change",
            ),
            &["change"],
        )?;
        let ingested_documents = IntCounterVec::new(
            Opts::new(
                "lexcite_ingest_documents_total",
                "Documents ingested, by outcome",
            ),
            &["outcome"],
        )?;
        let ready = IntGauge::new(
            "lexcite_ready",
            "1 when the store and model are loaded and the corpus ingested",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(ingested_records.clone()))?;
        registry.register(Box::new(ingested_documents.clone()))?;
        let audit_failures = IntCounter::new(
            "lexcite_audit_write_failures_total",
            "Audit lines that could not be written (a full disk, a removed file)",
        )?;
        registry.register(Box::new(ready.clone()))?;
        registry.register(Box::new(audit_failures.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            ingested_records,
            ingested_documents,
            ready,
            audit_failures,
        })
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&self.registry.gather(), &mut buf) {
            tracing::error!(error = %e, "cannot encode metrics");
        }
        String::from_utf8(buf).unwrap_or_default()
    }

    /// Counts a request; `route` must be a route pattern or "unmatched".
    pub fn observe(&self, route: &str, method: &str, status: u16, seconds: f64) {
        self.requests
            .with_label_values(&[route, method_label(method), &status.to_string()])
            .inc();
        self.latency.with_label_values(&[route]).observe(seconds);
    }
}
