//! The routes and the OpenAPI document, side by side: [`configure`] registers exactly the
//! handlers [`ApiDoc`] lists. Handlers are thin: check the key, run the engine on the
//! blocking pool, audit, answer.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use lexcite_engine::registry::RegistryEntry;
use lexcite_engine::types::*;
use lexcite_engine::validity::{Act, Change, DocumentRelations, InForce, StatedRelation, Validity};
use lexcite_engine::verify::{
    CheckedReference, CheckedUnit, Claim, Evidence, Mismatch, NumberCheck, Status, Suggestion,
    Summary, Verdict, VerifyReport, VerifyRequest,
};

use crate::audit::note;
use crate::auth::{Caller, Scope};
use crate::body::Json;
use crate::check::{self, FileReport, VerifyUpload};
use crate::error::{ApiError, ErrorCode, ErrorDetail, ErrorResponse};
use crate::handlers::{blocking, resource};
use crate::jobs::{Job, JobDocument, JobFile, JobKind, JobProgress, JobState, Outcome};
use crate::push::{self, DocumentUpload};
use crate::state::AppState;

#[derive(Debug, OpenApi)]
#[openapi(
    info(
        title = "lexcite",
        description = "Search, exact citation lookup and cited answers over Vietnamese legal texts, on the agency's own machines. Every /v1 route needs an API key: `Authorization: Bearer <key>`. Errors always have the shape `{\"error\": {\"code\", \"message\"}}`."
    ),
    paths(search, documents, push::add, document, push::replace, push::remove, push::job, relations, unit, lookup, ask, check::verify, check::annotate, key, healthz, readyz, metrics),
    components(schemas(
        SearchRequest, SearchMode, SearchFilters, SearchResponse, SearchHit, DocumentIdentity,
        PathStep, Highlight, DocumentList, DocumentSummary, DocumentDetail, OutlineNode,
        UnitDetail, LookupResponse, AskRequest, Answer, AnswerMode, AnswerSentence, Citation,
        VerifyRequest, VerifyReport, CheckedReference, Status, CheckedUnit, Mismatch, NumberCheck,
        RegistryEntry, Claim, Evidence, Suggestion, Verdict, Summary, ErrorResponse, ErrorDetail, ErrorCode, Health, KeyInfo,
        Validity, InForce, Act, DocumentRelations, StatedRelation, Change, VerifyUpload, FileReport,
        DocumentUpload, Job, JobKind, JobState, Outcome, JobFile, JobProgress, JobDocument
    )),
    modifiers(&BearerAuth),
    tags(
        (name = "search", description = "Hybrid search over units"),
        (name = "documents", description = "Documents, their outlines and units"),
        (name = "citations", description = "Exact lookup of a citation; checking every reference of a text"),
        (name = "answers", description = "Answers where every sentence cites a unit"),
        (name = "operations", description = "Health, readiness, metrics (no key needed); the calling key's scopes")
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The spec as served at /openapi.json and committed at openapi/openapi.json.
pub fn spec() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// Registers every route of [`ApiDoc`].
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/v1/search", "POST").route(web::post().to(search)))
        .service(
            resource("/v1/documents", "GET, HEAD, POST")
                .route(web::get().to(documents))
                .route(web::post().to(push::add)),
        )
        .service(
            resource("/v1/documents/{id}", "GET, HEAD, PUT, DELETE")
                .route(web::get().to(document))
                .route(web::put().to(push::replace))
                .route(web::delete().to(push::remove)),
        )
        .service(resource("/v1/jobs/{id}", "GET, HEAD").route(web::get().to(push::job)))
        .service(
            resource("/v1/documents/{id}/relations", "GET, HEAD").route(web::get().to(relations)),
        )
        .service(resource("/v1/units/{id}", "GET, HEAD").route(web::get().to(unit)))
        .service(resource("/v1/lookup", "GET, HEAD").route(web::get().to(lookup)))
        .service(resource("/v1/ask", "POST").route(web::post().to(ask)))
        .service(resource("/v1/citations/verify", "POST").route(web::post().to(check::verify)))
        .service(resource("/v1/citations/annotate", "POST").route(web::post().to(check::annotate)))
        .service(resource("/v1/key", "GET, HEAD").route(web::get().to(key)))
        .service(resource("/healthz", "GET, HEAD").route(web::get().to(healthz)))
        .service(resource("/readyz", "GET, HEAD").route(web::get().to(readyz)))
        .service(resource("/metrics", "GET, HEAD").route(web::get().to(metrics)))
        .configure(crate::page::configure);
}

/// Searches the units of the corpus (hybrid dense + BM25), with filters.
#[utoipa::path(
    post, path = "/v1/search", tag = "search",
    request_body = SearchRequest,
    responses(
        (status = 200, description = "Units, best first", body = SearchResponse),
        (status = 400, description = "Malformed body or a field out of range", body = ErrorResponse),
        (status = 401, description = "No or unknown API key", body = ErrorResponse),
        (status = 403, description = "The key lacks the `read` scope", body = ErrorResponse),
        (status = 413, description = "Body over the size limit", body = ErrorResponse),
        (status = 503, description = "Not ready, or the store is unreachable", body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
async fn search(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    body: Json<SearchRequest>,
) -> Result<web::Json<SearchResponse>, ApiError> {
    caller.require(Scope::Read)?;
    let engine = state.engine()?;
    let wanted = body.0;
    let query = wanted.query.clone();
    let access = caller.access();
    let results = blocking(move || engine.search(&wanted, access)).await?;
    note(
        &req,
        &query,
        results.iter().map(|r| r.unit_id.clone()).collect(),
    );
    Ok(web::Json(SearchResponse { results }))
}

/// Lists the documents the key may see.
#[utoipa::path(
    get, path = "/v1/documents", tag = "documents",
    params(AsOfParams),
    responses(
        (status = 200, body = DocumentList),
        (status = 400, description = "A malformed parameter (`as_of` is YYYY-MM-DD)", body = ErrorResponse),
        (status = 401, body = ErrorResponse),
        (status = 403, body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
async fn documents(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    params: web::Query<AsOfParams>,
) -> Result<web::Json<DocumentList>, ApiError> {
    caller.require(Scope::Read)?;
    let engine = state.engine()?;
    let documents = engine.documents(caller.access(), params.as_of);
    note(
        &req,
        "",
        documents.iter().map(|d| d.identity.id.clone()).collect(),
    );
    Ok(web::Json(DocumentList { documents }))
}

/// A document's metadata and the outline of its units.
#[utoipa::path(
    get, path = "/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "Document id", example = "57-nq-tw_20241222"), AsOfParams),
    responses(
        (status = 200, body = DocumentDetail),
        (status = 400, description = "A malformed parameter (`as_of` is YYYY-MM-DD)", body = ErrorResponse),
        (status = 401, body = ErrorResponse),
        (status = 403, body = ErrorResponse),
        (status = 404, description = "No such document (or not visible to this key)", body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
async fn document(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<String>,
    params: web::Query<AsOfParams>,
) -> Result<web::Json<DocumentDetail>, ApiError> {
    caller.require(Scope::Read)?;
    let engine = state.engine()?;
    let doc = engine.document(&id, caller.access(), params.as_of)?;
    note(&req, id.as_str(), vec![doc.identity.id.clone()]);
    Ok(web::Json(doc))
}

/// What a document amends, repeals, replaces or ends (as its text states it), what the other
/// documents of the corpus do to it, with dates and units, and where it stands on `as_of`.
#[utoipa::path(
    get, path = "/v1/documents/{id}/relations", tag = "documents",
    params(("id" = String, Path, description = "Document id", example = "13-2023-nd-cp_20230417"), AsOfParams),
    responses(
        (status = 200, body = DocumentRelations),
        (status = 400, description = "A malformed date", body = ErrorResponse),
        (status = 401, body = ErrorResponse),
        (status = 403, body = ErrorResponse),
        (status = 404, description = "No such document (or not visible to this key)", body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
async fn relations(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<String>,
    params: web::Query<AsOfParams>,
) -> Result<web::Json<DocumentRelations>, ApiError> {
    caller.require(Scope::Read)?;
    let engine = state.engine()?;
    let found = engine.relations(&id, caller.access(), params.as_of)?;
    note(&req, id.as_str(), vec![found.document_id.clone()]);
    Ok(web::Json(found))
}

/// The date to give standings at.
#[derive(Debug, Deserialize, Serialize, IntoParams, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AsOfParams {
    /// What is in force is judged on this date (YYYY-MM-DD); default today.
    #[param(example = "2026-06-01")]
    pub as_of: Option<chrono::NaiveDate>,
}

/// One unit with its text, path and citation.
#[utoipa::path(
    get, path = "/v1/units/{id}", tag = "documents",
    params(("id" = String, Path, description = "Unit id", example = "57-nq-tw_20241222:sec2.it1"), AsOfParams),
    responses(
        (status = 200, body = UnitDetail),
        (status = 400, description = "A malformed parameter (`as_of` is YYYY-MM-DD)", body = ErrorResponse),
        (status = 401, body = ErrorResponse),
        (status = 403, body = ErrorResponse),
        (status = 404, body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
async fn unit(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    id: web::Path<String>,
    params: web::Query<AsOfParams>,
) -> Result<web::Json<UnitDetail>, ApiError> {
    caller.require(Scope::Read)?;
    let engine = state.engine()?;
    let access = caller.access();
    let wanted = id.into_inner();
    let asked = wanted.clone();
    let as_of = params.as_of;
    let unit = blocking(move || engine.unit(&wanted, access, as_of)).await?;
    note(&req, &asked, vec![unit.unit_id.clone()]);
    Ok(web::Json(unit))
}

#[derive(Debug, Deserialize, Serialize, IntoParams, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LookupParams {
    /// A citation as Vietnamese writes it: "khoản 2 Điều 38 Luật Bảo vệ dữ liệu cá nhân",
    /// "Mục III Nghị quyết 57-NQ/TW", "điểm a khoản 1 Điều 9 Luật số 134/2025/QH15".
    /// Text that reads as no citation is refused (400, `invalid_citation`).
    #[param(
        example = "điểm a khoản 1 Điều 9 Luật số 134/2025/QH15",
        format = "citation",
        min_length = 1,
        max_length = 1000
    )]
    pub citation: String,
    /// What is in force is judged on this date (YYYY-MM-DD); default today.
    #[param(example = "2026-06-01")]
    pub as_of: Option<chrono::NaiveDate>,
}

/// The longest citation `/v1/lookup` reads, in characters (a citation is a line, not a text;
/// texts go to `/v1/citations/verify`).
pub const MAX_CITATION: usize = 1000;

/// Resolves a citation string to the units it cites, or says which part does not exist.
#[utoipa::path(
    get, path = "/v1/lookup", tag = "citations",
    params(LookupParams),
    responses(
        (status = 200, description = "The document and the cited units", body = LookupResponse),
        (status = 400, description = "Not a citation, or one without a document", body = ErrorResponse),
        (status = 401, body = ErrorResponse),
        (status = 403, body = ErrorResponse),
        (status = 404, description = "document_not_found, or article_/clause_/point_/section_…_not_found naming what exists", body = ErrorResponse),
        (status = 409, description = "Several documents or units answer to the citation", body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
async fn lookup(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    params: web::Query<LookupParams>,
) -> Result<web::Json<LookupResponse>, ApiError> {
    caller.require(Scope::Read)?;
    let engine = state.engine()?;
    let access = caller.access();
    let LookupParams { citation, as_of } = params.into_inner();
    if citation.chars().count() > MAX_CITATION {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            format!(
                "citation: longer than {MAX_CITATION} characters; to check the references of a text, POST it to /v1/citations/verify"
            ),
        ));
    }
    let asked = citation.clone();
    let found = blocking(move || engine.lookup(&citation, access, as_of)).await?;
    note(
        &req,
        &asked,
        found.units.iter().map(|u| u.unit_id.clone()).collect(),
    );
    Ok(web::Json(found))
}

/// Answers a question; every sentence of the answer carries `[n]` markers into `citations`.
///
/// With `Accept: text/event-stream` the answer comes as Server-Sent Events while it is made:
/// `passages` (the units found), `citations` (what the `[n]` markers point to), one `sentence`
/// per sentence, `references` and `done` (the whole answer as below); an error after the
/// first event is an `error` event.
#[utoipa::path(
    post, path = "/v1/ask", tag = "answers",
    request_body = AskRequest,
    responses(
        (status = 200, description = "The answer (mode not_found when nothing relevant exists); as Server-Sent Events when asked for `text/event-stream`", content(
            (Answer = "application/json"),
            (String = "text/event-stream")
        )),
        (status = 400, body = ErrorResponse),
        (status = 401, body = ErrorResponse),
        (status = 403, description = "The key lacks the `ask` scope", body = ErrorResponse),
        (status = 413, body = ErrorResponse),
        (status = 503, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
async fn ask(
    state: web::Data<AppState>,
    req: HttpRequest,
    caller: Caller,
    body: Json<AskRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require(Scope::Ask)?;
    let engine = state.engine()?;
    let wanted = body.0;
    if crate::handlers::accepts(&req, "text/event-stream") {
        return crate::stream::ask(engine, &req, caller, wanted).await;
    }
    let question = wanted.question.clone();
    let access = caller.access();
    let answer = blocking(move || engine.ask(&wanted, access)).await?;
    note(
        &req,
        &question,
        answer.citations.iter().map(|c| c.unit_id.clone()).collect(),
    );
    Ok(HttpResponse::Ok().json(answer))
}

/// The key a request was made with: its name and what it may do.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct KeyInfo {
    pub name: String,
    /// `read`, `ask`, `verify`, `write`, `internal`, `restricted`.
    pub scopes: Vec<String>,
}

/// The calling key's name and scopes, so that a client (the workspace) offers only what the
/// key may do. Any valid key may ask.
#[utoipa::path(
    get, path = "/v1/key", tag = "operations",
    responses(
        (status = 200, body = KeyInfo),
        (status = 401, body = ErrorResponse)
    ),
    security(("api_key" = []))
)]
async fn key(caller: Caller) -> web::Json<KeyInfo> {
    web::Json(KeyInfo {
        name: caller.name.clone(),
        scopes: caller
            .scopes
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
    })
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
pub struct Health {
    /// "ok" or "ready".
    pub status: String,
    /// Documents indexed (readiness only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<usize>,
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Health)))]
async fn healthz() -> web::Json<Health> {
    web::Json(Health {
        status: "ok".into(),
        documents: None,
    })
}

/// Store and model loaded, corpus ingested: requests will be answered.
#[utoipa::path(
    get, path = "/readyz", tag = "operations",
    responses((status = 200, body = Health), (status = 503, description = "Still starting or ingesting", body = ErrorResponse))
)]
async fn readyz(state: web::Data<AppState>) -> Result<web::Json<Health>, ApiError> {
    let engine = state.engine()?;
    Ok(web::Json(Health {
        status: "ready".into(),
        documents: Some(engine.catalog().docs.len()),
    }))
}

/// Prometheus metrics: requests and latency per route, ingestion counters.
#[utoipa::path(
    get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"))
)]
async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(state.metrics.render())
}
