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
use lexcite_ingest::ReadError;

/// Every error response.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"error": {"code": "article_not_found", "message": "Luật Trí tuệ nhân tạo số 134/2025/QH15 has no Điều 99 (it has Điều 1–35)"}}))]
pub struct ErrorResponse {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable and machine-readable; each code always comes with the same HTTP status.
    pub code: ErrorCode,
    /// What went wrong, for a person.
    pub message: String,
}

/// Declares [`ErrorCode`] with each code's HTTP status, in one table.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $status:ident,)+) => {
        /// Every error code the API answers with.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize, ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)+
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant,)+];

            /// The HTTP status that goes with the code.
            pub fn status(self) -> StatusCode {
                match self {
                    $(ErrorCode::$variant => StatusCode::$status,)+
                }
            }
        }
    };
}

error_codes! {
    /// The body is not the JSON the route takes.
    InvalidJson = BAD_REQUEST,
    /// The body could not be read.
    InvalidBody = BAD_REQUEST,
    /// The body is not `application/json`.
    InvalidContentType = BAD_REQUEST,
    /// The request could not be read as HTTP (a malformed request line or header).
    InvalidRequest = BAD_REQUEST,
    /// A field or parameter is out of range or malformed.
    InvalidParameter = BAD_REQUEST,
    /// The citation could not be read as one.
    InvalidCitation = BAD_REQUEST,
    /// No API key, or not a valid one.
    Unauthorized = UNAUTHORIZED,
    /// The key lacks the scope the route needs.
    Forbidden = FORBIDDEN,
    DocumentNotFound = NOT_FOUND,
    UnitNotFound = NOT_FOUND,
    PartNotFound = NOT_FOUND,
    ChapterNotFound = NOT_FOUND,
    SectionNotFound = NOT_FOUND,
    ArticleNotFound = NOT_FOUND,
    ClauseNotFound = NOT_FOUND,
    PointNotFound = NOT_FOUND,
    ItemNotFound = NOT_FOUND,
    BulletNotFound = NOT_FOUND,
    AppendixNotFound = NOT_FOUND,
    RowNotFound = NOT_FOUND,
    FormNotFound = NOT_FOUND,
    RouteNotFound = NOT_FOUND,
    MethodNotAllowed = METHOD_NOT_ALLOWED,
    /// Several documents or units answer to the citation.
    AmbiguousCitation = CONFLICT,
    /// A file pushed without its number, whose text does not give it either.
    DocumentUnidentified = UNPROCESSABLE_ENTITY,
    /// A document of the corpus folder: the API neither replaces nor removes it.
    DocumentFromCorpus = CONFLICT,
    /// The file sent to replace a document is another document.
    DocumentMismatch = CONFLICT,
    JobNotFound = NOT_FOUND,
    PayloadTooLarge = PAYLOAD_TOO_LARGE,
    /// An uploaded file of 0 bytes.
    EmptyFile = BAD_REQUEST,
    /// An uploaded file with no text at all.
    EmptyText = BAD_REQUEST,
    /// An uploaded file that is not text, HTML, PDF or DOCX.
    UnknownFormat = UNSUPPORTED_MEDIA_TYPE,
    /// A Word 97–2003 .doc file: to be saved as .docx or PDF first.
    LegacyDoc = UNSUPPORTED_MEDIA_TYPE,
    /// A zip archive that is not a Word document.
    ZipNotDocx = UNSUPPORTED_MEDIA_TYPE,
    /// Bytes that are not text in any encoding the readers know.
    NotText = UNSUPPORTED_MEDIA_TYPE,
    /// The route takes a .docx only (annotation writes Word comments).
    DocxRequired = UNSUPPORTED_MEDIA_TYPE,
    PdfTruncated = UNPROCESSABLE_ENTITY,
    PdfDamaged = UNPROCESSABLE_ENTITY,
    PdfEncrypted = UNPROCESSABLE_ENTITY,
    /// A PDF page without a text layer (a scan): to be run through OCR first.
    PdfNoTextLayer = UNPROCESSABLE_ENTITY,
    /// A PDF whose text does not read as Vietnamese (broken font maps).
    PdfGarbledText = UNPROCESSABLE_ENTITY,
    ZipDamaged = UNPROCESSABLE_ENTITY,
    DocxDamaged = UNPROCESSABLE_ENTITY,
    /// A file that reads but holds no legal text.
    NoLegalText = UNPROCESSABLE_ENTITY,
    /// The request line (path and query string) is too long.
    UriTooLong = URI_TOO_LONG,
    /// Too many headers, or headers too large.
    HeadersTooLarge = REQUEST_HEADER_FIELDS_TOO_LARGE,
    /// The request or its body did not arrive in time.
    RequestTimeout = REQUEST_TIMEOUT,
    /// The key is over its request rate or has too many requests in progress; see
    /// `Retry-After`.
    TooManyRequests = TOO_MANY_REQUESTS,
    /// Still loading the model or ingesting the corpus.
    NotReady = SERVICE_UNAVAILABLE,
    StoreUnavailable = SERVICE_UNAVAILABLE,
    ModelUnavailable = SERVICE_UNAVAILABLE,
    Internal = INTERNAL_SERVER_ERROR,
}

impl ErrorCode {
    /// The code as it appears in responses: "article_not_found".
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_str())
    }
}

/// An error on its way to becoming a response.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Seconds to wait, sent as `Retry-After` (429).
    pub retry_after: Option<u64>,
    /// The methods the route takes, sent as `Allow` (405).
    pub allow: Option<&'static str>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            retry_after: None,
            allow: None,
        }
    }

    /// The error for a status the HTTP layer answered on its own (an unknown route, a
    /// request it could not read), in the one shape.
    pub fn of_status(status: StatusCode) -> Self {
        let (code, message) = match status.as_u16() {
            404 => (
                ErrorCode::RouteNotFound,
                "no such route or file; see /swagger-ui/ for the API",
            ),
            405 => (
                ErrorCode::MethodNotAllowed,
                "this route does not take that method",
            ),
            408 => (
                ErrorCode::RequestTimeout,
                "the request did not arrive in time",
            ),
            413 => (
                ErrorCode::PayloadTooLarge,
                "the request body is over the size limit",
            ),
            414 => (
                ErrorCode::UriTooLong,
                "the request line is too long; send long input in a POST body",
            ),
            431 => (
                ErrorCode::HeadersTooLarge,
                "too many headers, or headers too large",
            ),
            429 => (ErrorCode::TooManyRequests, "too many requests"),
            401 => (ErrorCode::Unauthorized, "an API key is required"),
            403 => (ErrorCode::Forbidden, "not allowed"),
            503 => (ErrorCode::NotReady, "not ready"),
            s if s >= 500 => (ErrorCode::Internal, "the server failed"),
            _ => (
                ErrorCode::InvalidRequest,
                "the request could not be read as HTTP",
            ),
        };
        Self::new(code, message)
    }

    pub fn status(&self) -> StatusCode {
        self.code.status()
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Forbidden, message)
    }

    pub fn not_ready(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotReady, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    pub fn too_large(limit: usize) -> Self {
        Self::new(
            ErrorCode::PayloadTooLarge,
            format!("the request body is larger than the limit of {limit} bytes"),
        )
    }
}

impl ApiError {
    /// The error shape this error is sent in.
    pub fn body(&self) -> ErrorResponse {
        ErrorResponse {
            error: ErrorDetail {
                code: self.code,
                message: self.message.clone(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        if self.status().is_server_error() && self.code != ErrorCode::NotReady {
            tracing::error!(code = %self.code, message = %self.message, "request failed");
        }
        let mut response = HttpResponse::build(self.status());
        if self.code == ErrorCode::Unauthorized {
            response.insert_header((
                actix_web::http::header::WWW_AUTHENTICATE,
                "Bearer realm=\"lexcite\"",
            ));
        }
        if let Some(seconds) = self.retry_after {
            response.insert_header((actix_web::http::header::RETRY_AFTER, seconds.to_string()));
        }
        if let Some(methods) = self.allow {
            response.insert_header((actix_web::http::header::ALLOW, methods));
        }
        response.json(self.body())
    }
}

/// The code of a missing level of a cited path: "article_not_found".
fn missing_code(kind: Option<UnitKind>) -> ErrorCode {
    match kind {
        None => ErrorCode::UnitNotFound,
        Some(UnitKind::Article) => ErrorCode::ArticleNotFound,
        Some(UnitKind::Clause) => ErrorCode::ClauseNotFound,
        Some(UnitKind::Point) => ErrorCode::PointNotFound,
        Some(UnitKind::Section) => ErrorCode::SectionNotFound,
        Some(UnitKind::Subsection | UnitKind::Item) => ErrorCode::ItemNotFound,
        Some(UnitKind::Chapter) => ErrorCode::ChapterNotFound,
        Some(UnitKind::Part) => ErrorCode::PartNotFound,
        Some(UnitKind::Bullet) => ErrorCode::BulletNotFound,
        Some(UnitKind::Appendix) => ErrorCode::AppendixNotFound,
        Some(UnitKind::Row) => ErrorCode::RowNotFound,
        Some(UnitKind::Form) => ErrorCode::FormNotFound,
        Some(UnitKind::Attachment | UnitKind::Preamble | UnitKind::Closing) => {
            ErrorCode::UnitNotFound
        }
    }
}

impl From<EngineError> for ApiError {
    fn from(e: EngineError) -> Self {
        let message = e.to_string();
        match e {
            EngineError::Invalid { .. } => ApiError::new(ErrorCode::InvalidParameter, message),
            EngineError::Citation(_) => ApiError::new(ErrorCode::InvalidCitation, message),
            EngineError::DocumentNotFound(_) => ApiError::new(ErrorCode::DocumentNotFound, message),
            EngineError::UnitNotFound { kind, .. } => ApiError::new(missing_code(kind), message),
            EngineError::Ambiguous(_) => ApiError::new(ErrorCode::AmbiguousCitation, message),
            EngineError::Index(IndexError::Store(s)) => match s {
                StoreError::Open { .. }
                | StoreError::Unavailable(_)
                | StoreError::Failed(_)
                | StoreError::NoSpace { .. } => ApiError::new(ErrorCode::StoreUnavailable, message),
                StoreError::Incompatible { .. } | StoreError::Corrupt(_) => {
                    ApiError::internal(message)
                }
            },
            EngineError::Index(IndexError::Embed(m)) => match m {
                EmbedError::RuntimeMissing { .. }
                | EmbedError::RuntimeUnusable { .. }
                | EmbedError::ModelMissing { .. }
                | EmbedError::Io { .. }
                | EmbedError::ModelUnusable { .. } => {
                    ApiError::new(ErrorCode::ModelUnavailable, message)
                }
                EmbedError::Dimension { .. } | EmbedError::Inference(_) => {
                    ApiError::internal(message)
                }
            },
        }
    }
}

impl From<ReadError> for ApiError {
    /// The reader's own code, as the API's: a file that is not what it should be is the
    /// caller's (400/415/422), a file the server cannot read is its own.
    fn from(e: ReadError) -> Self {
        let code = ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == e.code())
            .unwrap_or(ErrorCode::Internal);
        ApiError::new(code, e.to_string())
    }
}
