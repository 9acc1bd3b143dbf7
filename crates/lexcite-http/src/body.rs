//! The JSON body extractor: errors name the field at fault ("filters.issued_from: input
//! contains invalid characters"), an oversized body is a 413, a body that does not arrive
//! within the body timeout a 408, never a 500. Every body the API takes is a JSON object; an
//! array (which serde would read as a struct's fields in order) is refused.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, web};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// A JSON request body of type `T`.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let json_type = content_type(req).starts_with("application/json");
        let oversized = oversized(req);
        let bytes = read(req, payload);
        Box::pin(async move {
            if let Some(e) = oversized {
                return Err(e);
            }
            if !json_type {
                return Err(ApiError::new(
                    ErrorCode::InvalidContentType,
                    "the body must be JSON, sent with Content-Type: application/json",
                ));
            }
            let bytes = bytes.await?;
            if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
                return Err(ApiError::new(
                    ErrorCode::InvalidJson,
                    "the body must be a JSON object",
                ));
            }
            let de = &mut serde_json::Deserializer::from_slice(&bytes);
            match serde_path_to_error::deserialize(de) {
                Ok(v) => Ok(Json(v)),
                Err(e) => {
                    let path = e.path().to_string();
                    let inner = e.into_inner();
                    let message = if path == "." || path.is_empty() {
                        format!("invalid JSON: {inner}")
                    } else {
                        format!("{path}: {inner}")
                    };
                    Err(ApiError::new(ErrorCode::InvalidJson, message))
                }
            }
        })
    }
}

/// The request's media type, lower case, without parameters' surrounding space.
pub fn content_type(req: &HttpRequest) -> String {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim_start().to_ascii_lowercase())
        .unwrap_or_default()
}

/// A 413 for a body declared larger than the limit, before anything is read.
pub fn oversized(req: &HttpRequest) -> Option<ApiError> {
    let limit = req
        .app_data::<web::Data<AppState>>()
        .map_or(lexcite_engine::settings::DEFAULT_MAX_BODY, |s| s.max_body);
    req.headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n > limit)
        .map(|_| ApiError::too_large(limit))
}

/// The whole body, within the size limit (413) and the body timeout (408).
pub fn read(
    req: &HttpRequest,
    payload: &mut actix_web::dev::Payload,
) -> impl Future<Output = Result<web::Bytes, ApiError>> + use<> {
    let state = req.app_data::<web::Data<AppState>>();
    let limit = state.map_or(lexcite_engine::settings::DEFAULT_MAX_BODY, |s| s.max_body);
    let timeout = state.map_or(std::time::Duration::from_secs(30), |s| s.body_timeout);
    let oversized = oversized(req);
    let bytes = web::Bytes::from_request(req, payload);
    async move {
        if let Some(e) = oversized {
            return Err(e);
        }
        actix_web::rt::time::timeout(timeout, bytes)
            .await
            .map_err(|_| {
                ApiError::new(
                    ErrorCode::RequestTimeout,
                    format!("the body did not arrive within {} s", timeout.as_secs_f64()),
                )
            })?
            .map_err(|e| {
                if e.as_response_error().status_code()
                    == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE
                {
                    ApiError::too_large(limit)
                } else {
                    ApiError::new(ErrorCode::InvalidBody, format!("cannot read the body: {e}"))
                }
            })
    }
}
