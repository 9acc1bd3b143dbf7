//! The store: one trait over Qdrant Edge (in-process, the default) and a Qdrant server.
//!
//! Both hold one collection of points with a named dense vector (`dense`, cosine) and a named
//! sparse vector (`bm25`, IDF modifier), the [`Record`] as payload, and payload indexes on
//! the fields filters use. A hybrid query is the same on both: a dense prefetch and a sparse
//! prefetch fused by reciprocal rank.

use chrono::NaiveDate;
use lexcite_core::UnitKind;
use lexcite_core::sparse::SparseVector;

use crate::record::{Classification, Record, RecordKind};

/// Name of the dense vector.
pub const DENSE: &str = "dense";
/// Name of the sparse vector.
pub const SPARSE: &str = "bm25";
/// Reciprocal-rank-fusion constant: score = Σ weight / (k + rank).
pub const RRF_K: usize = 10;
/// Each prefetch of a hybrid query fetches this many times the requested limit.
pub const PREFETCH_FACTOR: usize = 4;
/// …and at least this many.
pub const MIN_PREFETCH: usize = 40;
/// Payload fields with an index, and their kind.
pub const INDEXED_FIELDS: &[(&str, FieldKind)] = &[
    ("record", FieldKind::Keyword),
    ("document_id", FieldKind::Keyword),
    ("number", FieldKind::Keyword),
    ("doc_type", FieldKind::Keyword),
    ("issuer", FieldKind::Keyword),
    ("classification", FieldKind::Keyword),
    ("kind", FieldKind::Keyword),
    ("issued", FieldKind::Integer),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Keyword,
    Integer,
}

/// One point to write.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub record: Record,
    pub dense: Vec<f32>,
    pub sparse: SparseVector,
}

/// Which vectors a search uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    Dense,
    Sparse,
    #[default]
    Hybrid,
}

/// Conditions on the payload; empty lists impose nothing, several values in one list are
/// alternatives, different lists must all hold.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Filters {
    /// Unit records, document records, or both (None).
    pub record: Option<RecordKind>,
    pub document_ids: Vec<String>,
    pub numbers: Vec<String>,
    pub doc_types: Vec<String>,
    pub issuers: Vec<String>,
    pub kinds: Vec<UnitKind>,
    pub classifications: Vec<Classification>,
    pub issued_from: Option<NaiveDate>,
    pub issued_to: Option<NaiveDate>,
}

impl Filters {
    /// Unit records only, nothing else imposed.
    pub fn units() -> Self {
        Self {
            record: Some(RecordKind::Unit),
            ..Self::default()
        }
    }

    /// Document records only.
    pub fn documents() -> Self {
        Self {
            record: Some(RecordKind::Document),
            ..Self::default()
        }
    }

    /// Keyword conditions as (field, allowed values).
    pub fn keyword_conditions(&self) -> Vec<(&'static str, Vec<String>)> {
        let mut out = Vec::new();
        if let Some(r) = self.record {
            out.push(("record", vec![r.as_str().to_string()]));
        }
        let lists: [(&'static str, Vec<String>); 6] = [
            ("document_id", self.document_ids.clone()),
            ("number", self.numbers.clone()),
            ("doc_type", self.doc_types.clone()),
            ("issuer", self.issuers.clone()),
            ("kind", self.kinds.iter().map(|k| kind_str(*k)).collect()),
            (
                "classification",
                self.classifications
                    .iter()
                    .map(|c| c.as_str().to_string())
                    .collect(),
            ),
        ];
        out.extend(lists.into_iter().filter(|(_, v)| !v.is_empty()));
        out
    }

    /// The issue-date range as YYYYMMDD integers (inclusive).
    pub fn issued_range(&self) -> Option<(Option<i64>, Option<i64>)> {
        if self.issued_from.is_none() && self.issued_to.is_none() {
            return None;
        }
        Some((
            self.issued_from.map(crate::record::date_to_int),
            self.issued_to.map(crate::record::date_to_int),
        ))
    }
}

/// A unit kind as stored in the payload ("article", "clause").
pub fn kind_str(kind: UnitKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// How a hybrid query fuses its two rankings: score = Σ weight / (k + rank).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fusion {
    pub k: usize,
    pub dense_weight: f32,
    pub sparse_weight: f32,
}

impl Default for Fusion {
    /// Chosen on ALQAC 2023 (see BENCHMARKS.md): a small constant so that the first ranks of
    /// either list count most, and BM25 weighted 1.5 (it is the stronger ranking on Vietnamese
    /// legal questions, and unequal weights leave fewer ties).
    fn default() -> Self {
        Fusion {
            k: RRF_K,
            dense_weight: 1.0,
            sparse_weight: 1.5,
        }
    }
}

/// A search.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub dense: Vec<f32>,
    pub sparse: SparseVector,
    pub mode: Mode,
    pub filters: Filters,
    pub limit: usize,
    pub fusion: Fusion,
}

impl Query {
    /// How many candidates each prefetch of a hybrid query gathers.
    pub fn prefetch_limit(&self) -> usize {
        (self.limit * PREFETCH_FACTOR).max(MIN_PREFETCH)
    }
}

/// One search result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub score: f32,
    pub record: Record,
}

/// What can go wrong in a store. None of it is the caller's fault except `Incompatible`.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the store at {location} cannot be opened: {message}")]
    Open { location: String, message: String },
    #[error(
        "the store at {location} holds {found}-dimensional vectors; this model makes {expected}"
    )]
    Incompatible {
        location: String,
        found: usize,
        expected: usize,
    },
    #[error("the store is unreachable: {0}")]
    Unavailable(String),
    #[error("the store failed: {0}")]
    Failed(String),
    #[error("a stored payload cannot be read: {0}")]
    Corrupt(String),
    #[error(
        "not enough free space for the store at {location}: {free_mib} MiB free, {needed_mib} MiB needed; free some space or lower limits.min_free_bytes"
    )]
    NoSpace {
        location: String,
        free_mib: u64,
        needed_mib: u64,
    },
}

/// Payload keys left out by [`Store::scan_outline`]: the unit's text and a document's
/// vocabulary.
pub const OUTLINE_OMITS: [&str; 2] = ["text", "vocabulary"];

/// A vector store holding lexcite's records.
pub trait Store: Send + Sync + std::fmt::Debug {
    /// Where it is, for messages ("data/index", "http://qdrant:6334/lexcite").
    fn location(&self) -> String;
    /// Writes points, replacing those with the same record ids. Durable when it returns.
    fn upsert(&self, points: &[Point]) -> Result<(), StoreError>;
    /// Deletes records by id; unknown ids are ignored.
    fn delete(&self, ids: &[String]) -> Result<(), StoreError>;
    /// Best matches first.
    fn search(&self, query: &Query) -> Result<Vec<Hit>, StoreError>;
    /// Records by id, in the order asked; unknown ids are left out.
    fn get(&self, ids: &[String]) -> Result<Vec<Record>, StoreError>;
    /// Every record matching the filters (any order).
    fn scan(&self, filters: &Filters) -> Result<Vec<Record>, StoreError>;
    /// The same records without the payload fields that grow with the text
    /// ([`OUTLINE_OMITS`]): what a catalog of every unit needs.
    fn scan_outline(&self, filters: &Filters) -> Result<Vec<Record>, StoreError>;
    /// How many records match.
    fn count(&self, filters: &Filters) -> Result<usize, StoreError>;
    /// Arranges the store for search after a large write: segments merged and, once the
    /// dense vectors pass the store's indexing threshold, their HNSW graph built (without it
    /// a dense search reads every vector). True when anything changed. A store that does
    /// this itself (a Qdrant server) does nothing.
    fn optimize(&self) -> Result<bool, StoreError> {
        Ok(false)
    }
}
