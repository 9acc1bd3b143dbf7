//! What the engine takes and gives: requests, hits, documents, units, answers. The HTTP API
//! serialises these as they are, so their field names are the API's.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use lexcite_core::UnitKind;

pub use crate::identity::{DocumentIdentity, PathStep};
pub use crate::text::Highlight;
use crate::validity::Validity;
use crate::verify::CheckedReference;
use crate::wire;

/// Most results one search may ask for.
pub const MAX_LIMIT: usize = 50;

/// A search over the units of the corpus.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"query": "mục tiêu chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP", "limit": 5, "filters": {"number": "57-NQ/TW"}}))]
pub struct SearchRequest {
    /// The question or keywords, in Vietnamese.
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    pub query: String,
    /// Number of units to return, 1–50.
    #[serde(default = "default_limit", deserialize_with = "wire::whole")]
    #[schema(minimum = 1, maximum = 50, default = 5)]
    pub limit: usize,
    /// Ranking: `hybrid` (dense + BM25, the default), `dense` or `sparse`.
    #[serde(default)]
    pub mode: SearchMode,
    #[serde(default, deserialize_with = "wire::object")]
    pub filters: SearchFilters,
    /// The date to judge what is in force at (default today): units not in force then rank
    /// below those that are.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
}

pub fn default_limit() -> usize {
    5
}

/// How results are ranked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SearchMode {
    /// Dense (multilingual-e5) and BM25 rankings fused.
    #[default]
    Hybrid,
    Dense,
    Sparse,
}

/// Restrictions on what a search returns. Every field is optional; all given must hold.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchFilters {
    /// Document number, in any usual spelling ("57-NQ/TW", "13/2023/ND-CP"): a serial
    /// number, then "/" or "-" and the year and symbol. One that cannot be read as a number
    /// is refused (400, `invalid_parameter`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(format = "document-number", example = "13/2023/NĐ-CP")]
    pub number: Option<String>,
    /// Document type: law, decree, resolution, decision, circular, …
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = wire::doc_type_schema)]
    pub doc_type: Option<String>,
    /// Issuing body as written ("Quốc hội", "Chính phủ", "Bộ Chính trị").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, pattern = "\\S")]
    pub issuer: Option<String>,
    /// Issued on or after this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_from: Option<NaiveDate>,
    /// Issued on or before this date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_to: Option<NaiveDate>,
    /// Unit kinds: article, clause, point, section, item, bullet, appendix, row, …
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(schema_with = wire::kinds_schema)]
    pub kinds: Vec<UnitKind>,
    /// One document, by id ("57-nq-tw_20241222").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_id: Option<String>,
}

/// One unit found by a search.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct SearchHit {
    /// Fused rank score (hybrid, or any mode when the query names a document whose units
    /// it lifts), cosine (dense) or BM25 score (sparse); higher is better.
    pub score: f32,
    pub unit_id: String,
    pub document: DocumentIdentity,
    pub path: Vec<PathStep>,
    /// "tiểu mục 1 Mục II Nghị quyết số 57-NQ/TW".
    pub citation: String,
    /// The unit's whole text, its sub-units included.
    pub text: String,
    /// Where the query's words occur in `text`.
    pub highlights: Vec<Highlight>,
    /// In force or not on `as_of` (default today), and what changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
}

#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct SearchResponse {
    pub results: Vec<SearchHit>,
}

/// An indexed document as the list shows it.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct DocumentSummary {
    #[serde(flatten)]
    pub identity: DocumentIdentity,
    /// Units indexed.
    pub units: usize,
    /// Whether the copy holds the whole document.
    pub complete: bool,
    /// In force or not on `as_of` (default today), and what changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
}

#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct DocumentList {
    pub documents: Vec<DocumentSummary>,
}

/// One node of a document's outline.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct OutlineNode {
    pub id: String,
    #[schema(value_type = String, example = "chapter")]
    pub kind: UnitKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    pub citation: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub children: Vec<OutlineNode>,
}

/// A document's metadata and the tree of its units.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct DocumentDetail {
    #[serde(flatten)]
    pub identity: DocumentIdentity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub complete: bool,
    /// What a partial copy holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holds: Option<String>,
    pub outline: Vec<OutlineNode>,
    /// In force or not on `as_of` (default today), and what changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
}

/// One unit with its text.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct UnitDetail {
    pub unit_id: String,
    pub document: DocumentIdentity,
    #[schema(value_type = String, example = "clause")]
    pub kind: UnitKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    pub path: Vec<PathStep>,
    pub citation: String,
    /// The unit's whole text, its sub-units included.
    pub text: String,
    /// Character offsets of the unit in the document's body.
    pub start: usize,
    pub end: usize,
    /// Ids of the units directly inside this one.
    pub children: Vec<String>,
    /// In force or not on `as_of` (default today), and what changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
}

/// What a citation string resolved to.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct LookupResponse {
    pub document: DocumentIdentity,
    /// The units cited, in the order written; empty when the citation names the document.
    pub units: Vec<UnitDetail>,
    /// The document's standing on `as_of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
}

/// A question to answer from the corpus.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"question": "Đến năm 2030, chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP?"}))]
pub struct AskRequest {
    #[schema(min_length = 1, max_length = 2000, pattern = "\\S")]
    pub question: String,
    /// Passages read to answer, 1–20.
    #[serde(default = "default_passages", deserialize_with = "wire::whole")]
    #[schema(minimum = 1, maximum = 20, default = 6)]
    pub passages: usize,
    #[serde(default, deserialize_with = "wire::object")]
    pub filters: SearchFilters,
    /// Whether to have the configured language model write the answer (default: yes when
    /// one is configured). The extractive answer is given otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generate: Option<bool>,
    /// The date to judge what is in force at (default today): provisions no longer in force
    /// are left out of the answer when others answer it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
}

pub fn default_passages() -> usize {
    6
}

/// How the answer was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerMode {
    /// Sentences quoted from the units, verbatim.
    Extractive,
    /// Written by the configured language model and checked against the passages.
    Generated,
    /// Nothing relevant was found.
    NotFound,
}

/// One sentence of an answer with the citations that back it.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct AnswerSentence {
    pub text: String,
    /// Numbers into `citations` (the `[n]` markers).
    pub citations: Vec<usize>,
}

/// A unit an answer cites, with the stretch of its text that backs the answer.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct Citation {
    /// The marker's number: `[1]` is `n = 1`.
    pub n: usize,
    pub unit_id: String,
    pub document: DocumentIdentity,
    pub path: Vec<PathStep>,
    pub citation: String,
    /// The stretch of the unit's text quoted, and its character offsets in that text.
    pub quote: String,
    pub start: usize,
    pub end: usize,
    /// The cited unit's standing on `as_of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
}

/// An answer where every sentence carries its citations.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
pub struct Answer {
    /// The sentences joined, each followed by its markers: "… [1]".
    pub answer: String,
    pub mode: AnswerMode,
    pub sentences: Vec<AnswerSentence>,
    pub citations: Vec<Citation>,
    /// Generated sentences left out because no passage supports them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<String>,
    /// Why the answer is not what was asked for (model unreachable, nothing checkable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// The citation verifier's verdict on each legal reference in the answer's own words
    /// (offsets into `answer`); each sentence is read with the document it cites as context.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<CheckedReference>,
}
