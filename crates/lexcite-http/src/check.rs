//! The citation-checking routes for drafts: `POST /v1/citations/verify` takes a text as JSON
//! or a file as a form, and answers JSON or, asked for `text/csv`, CSV;
//! `POST /v1/citations/annotate` takes a .docx and gives it back with a Word comment on every
//! reference.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use lexcite_engine::verify::{VerifyReport, VerifyRequest};

use crate::audit::note;
use crate::auth::{Caller, Scope};
use crate::body::Json;
use crate::drafts::{self, Options};
use crate::error::{ApiError, ErrorResponse};
use crate::handlers::{accepts, blocking};
use crate::long_report;
use crate::state::AppState;
use crate::upload::{self, Upload};

/// The media type of a Word document.
pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A draft to check, as a form: the file and the options of a JSON request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct VerifyUpload {
    /// A draft: DOCX, PDF (with a text layer), HTML or text in any Vietnamese encoding. The
    /// format is read from the bytes, never from the name.
    #[schema(value_type = String, format = "draft")]
    file: Vec<u8>,
    /// The date the text speaks at (YYYY-MM-DD), when it has no dateline; default today.
    #[schema(schema_with = crate::upload::date_or_empty)]
    #[serde(default)]
    as_of: Option<String>,
    /// "false" to check only that the references exist (default true).
    #[schema(value_type = bool)]
    #[serde(default)]
    check_content: Option<String>,
}

/// The report on an uploaded draft: the verifier's report, and the text its offsets are in.
#[derive(Debug, Serialize, ToSchema)]
pub struct FileReport {
    #[serde(flatten)]
    pub report: VerifyReport,
    /// The text read from the file; `start`/`end` are character offsets in it.
    pub text: String,
    /// "docx", "pdf", "html" or "text".
    pub format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename: Option<String>,
}

/// A text or a file, by the request's content type.
#[derive(Debug)]
pub enum Draft {
    Text(VerifyRequest),
    File(Upload),
}

impl FromRequest for Draft {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        if upload::is_form(req) {
            let file = Upload::from_request(req, payload);
            Box::pin(async move { file.await.map(Draft::File) })
        } else {
            let json = Json::<VerifyRequest>::from_request(req, payload);
            Box::pin(async move { json.await.map(|j| Draft::Text(j.0)) })
        }
    }
}

/// The form's options.
fn options(upload: &Upload) -> Result<Options, ApiError> {
    Ok(Options {
        as_of: upload.field("as_of")?,
        check_content: upload.field("check_content")?.unwrap_or(true),
    })
}

fn unit_ids(report: &VerifyReport) -> Vec<String> {
    report
        .references
        .iter()
        .flat_map(|r| r.units.iter().filter_map(|u| u.unit_id.clone()))
        .collect()
}

/// Finds every legal reference in a text (a draft, a chatbot's answer) and checks each against
/// the corpus: `verified` (it exists, what is stated about it agrees, and what the sentence
/// claims is in its text), `document_not_found`, `unit_not_found`, `metadata_mismatch`,
/// `content_mismatch` (the cited text says otherwise), `unsupported` (the claim is not in the
/// cited text: to be checked), `ambiguous`, `not_checked` or `outdated`, with character
/// offsets, what it resolved to, the claim, the evidence (supporting, contradicting or closest
/// passage, with offsets in the unit, and where else the document says it) and a one-line
/// explanation in Vietnamese.
///
/// The text comes as JSON, or as a file in a `multipart/form-data` form (part `file`: DOCX,
/// PDF, HTML or text); the report on a file also holds the `text` read from it, which the
/// offsets refer to, and its `format`. With `Accept: text/csv` the report is one CSV row per
/// reference.
#[utoipa::path(
    post, path = "/v1/citations/verify", tag = "citations",
    request_body(content(
        (VerifyRequest = "application/json"),
        (VerifyUpload = "multipart/form-data")
    )),
    responses(
        (status = 200, description = "One entry per reference found, in text order, and counts per status; for a file, also its text and format", content(
            (VerifyReport = "application/json"),
            (String = "text/csv")
        )),
        (status = 400, description = "Empty text, an empty file, a malformed body or form", body = ErrorResponse),
        (status = 401, body = ErrorResponse),
        (status = 403, description = "The key lacks the `verify` scope", body = ErrorResponse),
        (status = 413, description = "The body is over the size limit (8 MiB by default)", body = ErrorResponse),
        (status = 415, description = "A file the readers do not take (`unknown_format`, `legacy_doc`, `zip_not_docx`, `not_text`)", body = ErrorResponse),
        (status = 422, description = "A file that cannot be read (`pdf_no_text_layer`, `pdf_encrypted`, `pdf_damaged`, `docx_damaged`, …)", body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
pub async fn verify(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    draft: Draft,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Verify)?;
    let engine = state.engine()?;
    let access = caller.access();
    let csv = accepts(&req, "text/csv");
    match draft {
        Draft::Text(wanted) if !csv && wanted.text.len() >= long_report::FROM_BYTES => {
            long_report::verify(engine, &req, caller, wanted).await
        }
        Draft::Text(wanted) => {
            let chars = wanted.text.chars().count();
            let report = blocking(move || engine.verify(&wanted, access)).await?;
            note(&req, format!("{chars} characters"), unit_ids(&report));
            Ok(if csv {
                csv_response(&report)
            } else {
                HttpResponse::Ok().json(report)
            })
        }
        Draft::File(file) => {
            let options = options(&file)?;
            let asked = file.describe();
            let filename = file.filename.clone();
            let (report, text) =
                blocking(move || drafts::verify(&engine, &file.file, options, access)).await?;
            note(&req, format!("{asked}, {}", text.format), unit_ids(&report));
            if csv {
                return Ok(csv_response(&report));
            }
            let format = serde_json::to_value(text.format)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            Ok(HttpResponse::Ok().json(FileReport {
                report,
                text: text.text,
                format,
                filename,
            }))
        }
    }
}

fn csv_response(report: &VerifyReport) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"lexcite-report.csv\"",
        ))
        .body(drafts::csv(report))
}

/// Checks every legal reference of a Word draft and returns the same .docx with a Word
/// comment on each reference — its status, why, and what the corpus has (the correct citation,
/// the passage, a suggestion, whether it is in force) — anchored on the reference's own words,
/// and a summary comment on the first paragraph. Every other part of the file is kept byte
/// for byte. The counts per status are also in the `Lexcite-Summary` header (JSON).
#[utoipa::path(
    post, path = "/v1/citations/annotate", tag = "citations",
    request_body(content((VerifyUpload = "multipart/form-data"))),
    responses(
        (status = 200, description = "The draft with one comment per reference", content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>,
            headers(("Lexcite-Summary" = String, description = "The counts per status, as JSON"))),
        (status = 400, description = "An empty file, a form without `file`, a malformed form", body = ErrorResponse),
        (status = 401, body = ErrorResponse),
        (status = 403, description = "The key lacks the `verify` scope", body = ErrorResponse),
        (status = 413, description = "The body is over the size limit (8 MiB by default)", body = ErrorResponse),
        (status = 415, description = "Not a Word document (`docx_required`, `zip_not_docx`, `legacy_doc`, …)", body = ErrorResponse),
        (status = 422, description = "A damaged Word document (`zip_damaged`, `docx_damaged`)", body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
pub async fn annotate(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    file: Upload,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Verify)?;
    let engine = state.engine()?;
    let access = caller.access();
    let options = options(&file)?;
    let asked = file.describe();
    let name = download_name(file.filename.as_deref());
    let (docx, report) = blocking(move || {
        drafts::annotate(&engine, &file.file, options, access, chrono::Utc::now())
    })
    .await?;
    note(&req, asked, unit_ids(&report));
    let summary = serde_json::to_string(&report.summary).unwrap_or_default();
    Ok(HttpResponse::Ok()
        .content_type(DOCX)
        .insert_header((header::CONTENT_DISPOSITION, name))
        .insert_header(("Lexcite-Summary", summary))
        .body(docx))
}

/// `attachment; filename="…"` for the annotated copy: the upload's name with ".lexcite"
/// before ".docx", ASCII in `filename` and the real name in `filename*`.
fn download_name(uploaded: Option<&str>) -> String {
    let base = uploaded
        .and_then(|n| n.rsplit(['/', '\\']).next())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("draft.docx");
    let stem = base
        .strip_suffix(".docx")
        .or_else(|| base.strip_suffix(".DOCX"))
        .unwrap_or(base);
    let name = format!("{stem}.lexcite.docx");
    let ascii: String = lexcite_core::normalize::strip_marks(&name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_download_keeps_the_name_and_is_safe_in_a_header() {
        assert_eq!(
            download_name(Some("C:\\Users\\a\\Dự thảo.docx")),
            "attachment; filename=\"Du thao.lexcite.docx\"; \
             filename*=UTF-8''D%E1%BB%B1%20th%E1%BA%A3o.lexcite.docx"
        );
        assert!(download_name(Some("a\"b\r\n.docx")).starts_with("attachment; filename=\"a_b__"));
        assert!(download_name(None).contains("draft.lexcite.docx"));
    }
}
