//! Documents written over the API (scope `write`): `POST /v1/documents` adds a file with its
//! metadata, `PUT /v1/documents/{id}` replaces a document with a new version,
//! `DELETE /v1/documents/{id}` removes one. Each answers `202 Accepted` with a job
//! (`GET /v1/jobs/{id}`) that reads, parses and ingests on the job worker; the same file
//! twice writes nothing the second time. Documents of the corpus folder belong to the folder.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use lexcite_core::{DocType, DocumentMeta};
use lexcite_index::Classification;
use lexcite_ingest::CorpusEntry;

use crate::audit::note;
use crate::auth::{Caller, Scope};
use crate::error::{ApiError, ErrorCode, ErrorResponse};
use crate::jobs::{Job, JobFile, Work, sha256};
use crate::state::AppState;
use crate::upload::{self, Upload};

/// The metadata fields a document form may carry, besides `file`.
const FIELDS: &[&str] = &[
    "number",
    "type",
    "issuer",
    "issued",
    "effective",
    "title",
    "signer",
    "source",
    "classification",
    "completeness",
    "holds",
];

/// A document to write: the file, and what its text may not say of itself.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct DocumentUpload {
    /// The legal text: DOCX, PDF (with a text layer), HTML or text in any Vietnamese encoding.
    #[schema(value_type = String, format = "draft")]
    file: Vec<u8>,
    /// "13/2023/NĐ-CP", when the text lacks it; the text's own header otherwise.
    #[schema(value_type = String, format = "document-number")]
    #[serde(default)]
    number: Option<String>,
    /// `law`, `decree`, `resolution`, … or the Vietnamese name ("Luật", "Nghị định").
    #[schema(schema_with = doc_type_field, rename = "type")]
    #[serde(default)]
    doc_type: Option<String>,
    #[schema(value_type = String)]
    #[serde(default)]
    issuer: Option<String>,
    #[schema(schema_with = crate::upload::date_or_empty)]
    #[serde(default)]
    issued: Option<String>,
    #[schema(schema_with = crate::upload::date_or_empty)]
    #[serde(default)]
    effective: Option<String>,
    #[schema(value_type = String)]
    #[serde(default)]
    title: Option<String>,
    #[schema(value_type = String)]
    #[serde(default)]
    signer: Option<String>,
    /// Where this copy comes from (a gazette page, a portal).
    #[schema(value_type = String)]
    #[serde(default)]
    source: Option<String>,
    /// `public` (default), `internal` or `restricted`; the key must be cleared for it.
    #[schema(value_type = String, pattern = "^(public|internal|restricted)?$")]
    #[serde(default)]
    classification: Option<String>,
    /// `complete` (default: a unit the copy lacks does not exist) or `partial`.
    #[schema(value_type = String, pattern = "^(complete|partial)?$")]
    #[serde(default)]
    completeness: Option<String>,
    /// For a partial copy: what it holds, in words ("không nêu rõ" when not said).
    #[schema(value_type = String)]
    #[serde(default)]
    holds: Option<String>,
}

/// The `type` field: a document type's key or Vietnamese name, or empty.
fn doc_type_field() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let mut values: Vec<Value> = DocType::all()
        .filter_map(|t| serde_json::to_value(t).ok())
        .chain(DocType::all().map(|t| Value::String(t.name().to_string())))
        .collect();
    values.dedup();
    values.push(Value::String(String::new()));
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .build()
        .into()
}

/// A document type as the manifest writes it, from its key or its Vietnamese name.
fn doc_type_key(value: &str) -> String {
    let folded = value.trim().to_lowercase();
    DocType::all()
        .find(|t| t.name().to_lowercase() == folded)
        .and_then(|t| serde_json::to_value(t).ok())
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| value.trim().to_string())
}

/// An upload with document metadata.
#[derive(Debug)]
pub struct DocumentForm(Upload);

impl FromRequest for DocumentForm {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let upload = upload::read(req, payload, FIELDS);
        Box::pin(async move { upload.await.map(DocumentForm) })
    }
}

/// The form's metadata, read as a manifest entry is.
fn meta(upload: &Upload) -> Result<(DocumentMeta, Classification), ApiError> {
    let mut entry = Map::new();
    entry.insert(
        "file".into(),
        Value::String(upload.filename.clone().unwrap_or_else(|| "upload".into())),
    );
    for (name, value) in &upload.fields {
        let value = value.trim();
        if value.is_empty() || name == "completeness" || name == "holds" {
            continue;
        }
        let value = if name == "type" {
            doc_type_key(value)
        } else {
            value.to_string()
        };
        entry.insert(name.clone(), Value::String(value));
    }
    match upload
        .fields
        .get("completeness")
        .map(|c| c.trim())
        .unwrap_or("complete")
    {
        "complete" | "" => {}
        "partial" => {
            let holds = upload
                .fields
                .get("holds")
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| "không nêu rõ".to_string());
            entry.insert(
                "completeness".into(),
                serde_json::json!({ "status": "partial", "holds": holds }),
            );
        }
        other => {
            return Err(ApiError::new(
                ErrorCode::InvalidParameter,
                format!("completeness: {other:?} is neither \"complete\" nor \"partial\""),
            ));
        }
    }
    let entry: CorpusEntry = serde_path_to_error::deserialize(Value::Object(entry))
        .map_err(|e| ApiError::new(ErrorCode::InvalidParameter, e.to_string()))?;
    Ok((entry.meta(), entry.classification))
}

fn accepted(job: Job) -> HttpResponse {
    HttpResponse::Accepted()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/v1/jobs/{}", job.id),
        ))
        .json(job)
}

fn file_of(upload: &Upload) -> JobFile {
    JobFile {
        name: upload.filename.clone(),
        bytes: upload.file.len(),
        sha256: sha256(&upload.file),
    }
}

/// Queues a file to be written as `replacing` (or as whatever document it is).
fn submit(
    state: &AppState,
    req: &HttpRequest,
    caller: &Caller,
    form: DocumentForm,
    replacing: Option<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Write)?;
    let engine = state.engine()?;
    let upload = form.0;
    if upload.file.is_empty() {
        return Err(ApiError::new(
            ErrorCode::EmptyFile,
            "the file is empty (0 bytes)",
        ));
    }
    let (mut meta, mut class) = meta(&upload)?;
    // A new version of a document with nothing said of it is that document, as known.
    if let Some(id) = &replacing
        && !upload.fields.contains_key("number")
        && let Some(existing) = engine.catalog().doc(id)
    {
        meta = DocumentMeta {
            events: existing.meta.events.clone(),
            ..existing.meta.clone()
        };
        if !upload.fields.contains_key("classification") {
            class = existing.classification;
        }
    }
    let access = caller.access();
    if !access.can_see(class) {
        return Err(ApiError::forbidden(format!(
            "this key is not cleared for {} documents",
            class.as_str()
        )));
    }
    let file = file_of(&upload);
    let job = state.jobs.submit(
        engine,
        state.provenance.clone(),
        &caller.name,
        Some(file),
        Work::Write {
            bytes: upload.file.to_vec(),
            meta: Box::new(meta),
            class,
            replacing,
        },
        access,
    )?;
    note(req, upload.describe(), vec![format!("job {}", job.id)]);
    Ok(accepted(job))
}

/// Adds a document: the file is read (any format the readers take), parsed with the
/// metadata given as known, and ingested by a job. `202 Accepted` with the job; `GET
/// /v1/jobs/{id}` says how it went (a file that cannot be read fails the job with the
/// readers' code). The same file twice writes nothing the second time; a new version of a
/// document pushed before updates it.
#[utoipa::path(
    post, path = "/v1/documents", tag = "documents",
    request_body(content((DocumentUpload = "multipart/form-data"))),
    responses(
        (status = 202, description = "Queued: the job, also at the Location header", body = Job),
        (status = 400, description = "An empty file, a form without `file`, bad metadata", body = ErrorResponse),
        (status = 401, body = ErrorResponse),
        (status = 403, description = "The key lacks the `write` scope, or the clearance for the classification", body = ErrorResponse),
        (status = 413, body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
pub async fn add(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    form: DocumentForm,
) -> Result<HttpResponse, ApiError> {
    submit(&state, &req, &caller, form, None)
}

/// The document `id` as this key may change it: one pushed over the API and visible to it.
fn changeable(state: &AppState, caller: &Caller, id: &str) -> Result<(), ApiError> {
    let engine = state.engine()?;
    let visible = engine
        .catalog()
        .doc(id)
        .is_some_and(|d| caller.access().can_see(d.classification));
    if !visible {
        return Err(ApiError::new(
            ErrorCode::DocumentNotFound,
            format!("no document {id}"),
        ));
    }
    if state.provenance.is_corpus(id) {
        return Err(ApiError::new(
            ErrorCode::DocumentFromCorpus,
            format!("{id} is a document of the corpus folder: change or remove its file there"),
        ));
    }
    Ok(())
}

/// Replaces a document pushed over the API with a new version of it, as a job. Without a
/// `number` in the form, the document's known metadata is used; with one, the file must be
/// that document.
#[utoipa::path(
    put, path = "/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    request_body(content((DocumentUpload = "multipart/form-data"))),
    responses(
        (status = 202, description = "Queued: the job", body = Job),
        (status = 400, body = ErrorResponse),
        (status = 401, body = ErrorResponse),
        (status = 403, body = ErrorResponse),
        (status = 404, description = "No such document (or not visible to the key)", body = ErrorResponse),
        (status = 409, description = "A document of the corpus folder", body = ErrorResponse),
        (status = 413, body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
pub async fn replace(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<String>,
    form: DocumentForm,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Write)?;
    changeable(&state, &caller, &id)?;
    submit(&state, &req, &caller, form, Some(id.into_inner()))
}

/// Removes a document pushed over the API and its units, as a job.
#[utoipa::path(
    delete, path = "/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id")),
    responses(
        (status = 202, description = "Queued: the job", body = Job),
        (status = 401, body = ErrorResponse),
        (status = 403, body = ErrorResponse),
        (status = 404, description = "No such document (or not visible to the key)", body = ErrorResponse),
        (status = 409, description = "A document of the corpus folder", body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
pub async fn remove(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Write)?;
    changeable(&state, &caller, &id)?;
    let job = state.jobs.submit(
        state.engine()?,
        state.provenance.clone(),
        &caller.name,
        None,
        Work::Delete { id: id.to_string() },
        caller.access(),
    )?;
    note(&req, id.as_str(), vec![format!("job {}", job.id)]);
    Ok(accepted(job))
}

/// A document job: queued, running, succeeded (with what became of the document) or failed
/// (with why). Only the key that submitted it sees it.
#[utoipa::path(
    get, path = "/v1/jobs/{id}", tag = "documents",
    params(("id" = String, Path, description = "Job id")),
    responses(
        (status = 200, body = Job),
        (status = 401, body = ErrorResponse),
        (status = 403, body = ErrorResponse),
        (status = 404, description = "No such job for this key", body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
pub async fn job(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<String>,
) -> Result<web::Json<Job>, ApiError> {
    caller.require(Scope::Write)?;
    state
        .jobs
        .get(&id, &caller.name)
        .map(web::Json)
        .ok_or_else(|| ApiError::new(ErrorCode::JobNotFound, format!("no job {id}")))
}
