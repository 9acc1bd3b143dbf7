//! The one error shape, `{"error": {"code": "...", "message": "..."}}`, and the one place
//! where engine errors become HTTP statuses.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use lexcite_core::UnitKind;
use lexcite_engine::EngineError;
use lexcite_index::embed::EmbedError;
use lexcite_index::{IndexError, StoreError};

/// Every error response.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"error": {"code": "article_not_found", "message": "Luật Trí tuệ nhân tạo số 134/2025/QH15 has no Điều 99 (it has Điều 1–35)"}}))]
pub struct ErrorResponse {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: invalid_json, invalid_parameter, invalid_citation,
    /// unauthorized, forbidden, document_not_found, unit_not_found, article_not_found,
    /// clause_not_found, point_not_found, section_not_found, …, ambiguous_citation,
    /// payload_too_large, route_not_found, method_not_allowed, not_ready, store_unavailable,
    /// model_unavailable, internal.
    pub code: String,
    /// What went wrong, for a person.
    pub message: String,
}

/// An error on its way to becoming a response.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_string(),
            message: message.into(),
        }
    }

    pub fn bad_request(code: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_ready(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "not_ready", message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }

    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the request body is larger than the limit of {limit} bytes"),
        )
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        if self.status.is_server_error() {
            tracing::error!(code = %self.code, message = %self.message, "request failed");
        }
        HttpResponse::build(self.status).json(ErrorResponse {
            error: ErrorDetail {
                code: self.code.clone(),
                message: self.message.clone(),
            },
        })
    }
}

/// The code of a missing level of a cited path: "article_not_found".
fn missing_code(kind: Option<UnitKind>) -> &'static str {
    match kind {
        None => "unit_not_found",
        Some(UnitKind::Article) => "article_not_found",
        Some(UnitKind::Clause) => "clause_not_found",
        Some(UnitKind::Point) => "point_not_found",
        Some(UnitKind::Section) => "section_not_found",
        Some(UnitKind::Subsection | UnitKind::Item) => "item_not_found",
        Some(UnitKind::Chapter) => "chapter_not_found",
        Some(UnitKind::Part) => "part_not_found",
        Some(UnitKind::Bullet) => "bullet_not_found",
        Some(UnitKind::Appendix) => "appendix_not_found",
        Some(UnitKind::Row) => "row_not_found",
        Some(UnitKind::Form) => "form_not_found",
        Some(UnitKind::Attachment | UnitKind::Preamble | UnitKind::Closing) => "unit_not_found",
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        let message = e.to_string();
        match e {
            EngineError::Invalid { .. } => ApiError::bad_request("invalid_parameter", message),
            EngineError::Citation(_) => ApiError::bad_request("invalid_citation", message),
            EngineError::DocumentNotFound(_) => {
                ApiError::new(StatusCode::NOT_FOUND, "document_not_found", message)
            }
            EngineError::UnitNotFound { kind, .. } => {
                ApiError::new(StatusCode::NOT_FOUND, missing_code(kind), message)
            }
            EngineError::Ambiguous(_) => {
                ApiError::new(StatusCode::CONFLICT, "ambiguous_citation", message)
            }
            EngineError::Index(IndexError::Store(s)) => match s {
                StoreError::Open { .. } | StoreError::Unavailable(_) | StoreError::Failed(_) => {
                    ApiError::new(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "store_unavailable",
                        message,
                    )
                }
                StoreError::Incompatible { .. } | StoreError::Corrupt(_) => {
                    ApiError::internal(message)
                }
            },
            EngineError::Index(IndexError::Embed(m)) => match m {
                EmbedError::RuntimeMissing { .. }
                | EmbedError::RuntimeUnusable { .. }
                | EmbedError::ModelMissing { .. }
                | EmbedError::Io { .. }
                | EmbedError::ModelUnusable { .. } => ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "model_unavailable",
                    message,
                ),
                EmbedError::Dimension { .. } | EmbedError::Inference(_) => {
                    ApiError::internal(message)
                }
            },
        }
    }
}
