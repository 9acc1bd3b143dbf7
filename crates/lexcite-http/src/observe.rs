//! What happens around every request: it is counted in the metrics and logged, a `/v1` call
//! gets its audit line whatever its status, and an error response that is not in the one
//! JSON shape (one the HTTP layer or Swagger UI made) is put into it.

use std::time::Instant;

use actix_web::body::EitherBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{HttpMessage, ResponseError, web};

use crate::audit::{AuditEntry, AuditNote};
use crate::auth::CallerName;
use crate::error::ApiError;
use crate::state::AppState;

/// The longest request target written to the audit log, in characters.
const MAX_TARGET: usize = 2000;

/// What is known of a request before it is served.
#[derive(Debug)]
pub struct Arrival {
    started: Instant,
    route: String,
    method: String,
    target: String,
    audited: bool,
}

impl Arrival {
    pub fn of(req: &ServiceRequest) -> Self {
        let target = req.uri().to_string();
        let target = match target.char_indices().nth(MAX_TARGET) {
            Some((cut, _)) => format!("{}…", &target[..cut]),
            None => target,
        };
        Self {
            started: Instant::now(),
            route: req
                .match_pattern()
                .unwrap_or_else(|| "unmatched".to_string()),
            method: req.method().to_string(),
            audited: req.path().starts_with("/v1"),
            target,
        }
    }

    pub fn route(&self) -> &str {
        &self.route
    }

    pub fn method(&self) -> &str {
        &self.method
    }

    /// Counts, logs and audits the response, and puts an error into the JSON shape.
    pub fn finish<B>(
        self,
        state: &web::Data<AppState>,
        res: ServiceResponse<B>,
    ) -> ServiceResponse<EitherBody<B>> {
        let status = res.status().as_u16();
        let seconds = self.started.elapsed().as_secs_f64();
        state
            .metrics
            .observe(&self.route, &self.method, status, seconds);
        let key = res
            .request()
            .extensions()
            .get::<CallerName>()
            .map(|c| c.0.clone())
            // A call refused before its key was read (an unknown route) still names it.
            .or_else(|| crate::auth::key_name(res.request()))
            .unwrap_or_else(|| "anonymous".to_string());
        let error = res
            .response()
            .error()
            .and_then(|e| e.as_error::<ApiError>())
            .map(|e| e.code.as_str());
        tracing::Span::current().record("key", key.as_str());
        tracing::info!(
            method = %self.method,
            route = %self.route,
            status,
            ms = (seconds * 1000.0).round(),
            key = %key,
            "request"
        );
        if self.audited {
            let note = res
                .request()
                .extensions()
                .get::<AuditNote>()
                .cloned()
                .unwrap_or_default();
            let route = if self.route == "unmatched" {
                res.request().path().to_string()
            } else {
                self.route.clone()
            };
            let entry = AuditEntry {
                at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                key: &key,
                method: &self.method,
                route: &route,
                target: &self.target,
                status,
                error: error.as_deref(),
                ms: (seconds * 1000.0).round() as u64,
                request: &note.request,
                returned: &note.returned,
            };
            if let Err(e) = state.audit.record(&entry) {
                state.metrics.audit_failures.inc();
                tracing::error!(error = %e, "audit line not written");
            }
        }
        let json = res
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        if status >= 400 && !json {
            let (req, _) = res.into_parts();
            let response = ApiError::of_status(
                actix_web::http::StatusCode::from_u16(status)
                    .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST),
            )
            .error_response();
            return ServiceResponse::new(req, response).map_into_right_body();
        }
        res.map_into_left_body()
    }
}
