//! The query engine: what the API and the command line do with an index, without either.
//!
//! Search with highlights, documents and their outlines, units, exact lookup of a citation,
//! and answers whose every sentence is backed by a cited unit. Every call takes the caller's
//! [`Access`]: documents above its clearance do not exist for it.
//!
//! Knows nothing of HTTP. Calls block (the embedding model runs on the calling thread);
//! an async caller runs them on a blocking pool.

pub mod answer;
pub mod catalog;
pub mod llm;
pub mod registry;
pub mod text;
pub mod types;
pub mod verify;

use std::sync::{Arc, RwLock};

use lexcite_core::reference::{CitationError, parse_citation};
use lexcite_core::{DocNumber, DocType, Document, UnitKind};
use lexcite_index::{
    Classification, DocumentReport, Filters, Index, IndexError, Mode, Record, StoreError,
};

use crate::catalog::{Catalog, CatalogDoc, StepMiss, label_of};
use crate::llm::Llm;
use crate::registry::Registry;
use crate::text::{Terms, highlights};
use crate::types::*;

/// What a caller may see: documents up to its clearance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Access {
    pub clearance: Classification,
}

impl Access {
    pub const PUBLIC: Access = Access {
        clearance: Classification::Public,
    };
    pub const ALL: Access = Access {
        clearance: Classification::Restricted,
    };

    pub fn can_see(&self, c: Classification) -> bool {
        c <= self.clearance
    }

    /// The classifications visible, for store filters.
    pub fn classifications(&self) -> Vec<Classification> {
        [
            Classification::Public,
            Classification::Internal,
            Classification::Restricted,
        ]
        .into_iter()
        .filter(|c| self.can_see(*c))
        .collect()
    }
}

/// Why a request could not be answered. The caller's faults come first.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// A field of the request is wrong.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    Citation(#[from] CitationError),
    #[error("{0}")]
    DocumentNotFound(String),
    /// A unit (or one level of a cited path) does not exist.
    #[error("{message}")]
    UnitNotFound {
        /// The level that was not found; None for a unit id.
        kind: Option<UnitKind>,
        message: String,
    },
    /// Several documents or units answer to the citation.
    #[error("{0}")]
    Ambiguous(String),
    #[error(transparent)]
    Index(#[from] IndexError),
}

impl From<StoreError> for EngineError {
    fn from(e: StoreError) -> Self {
        EngineError::Index(IndexError::Store(e))
    }
}

pub(crate) fn invalid(field: &str, message: impl Into<String>) -> EngineError {
    EngineError::Invalid {
        field: field.to_string(),
        message: message.into(),
    }
}

/// The index with its catalog and, optionally, a language model.
#[derive(Debug)]
pub struct Engine {
    index: Index,
    catalog: RwLock<Arc<Catalog>>,
    llm: Option<Llm>,
    registry: Option<Registry>,
}

impl Engine {
    pub fn new(index: Index, llm: Option<Llm>) -> Result<Self, EngineError> {
        let catalog = Catalog::load(index.store().as_ref())?;
        Ok(Self {
            index,
            catalog: RwLock::new(Arc::new(catalog)),
            llm,
            registry: None,
        })
    }

    /// Adds the known-documents registry the verifier consults for numbers the corpus lacks.
    pub fn with_registry(mut self, registry: Registry) -> Self {
        self.registry = Some(registry);
        self
    }

    pub fn registry(&self) -> Option<&Registry> {
        self.registry.as_ref()
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn llm(&self) -> Option<&Llm> {
        self.llm.as_ref()
    }

    pub fn catalog(&self) -> Arc<Catalog> {
        match self.catalog.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Re-reads the catalog from the store (after ingestion).
    pub fn reload(&self) -> Result<(), EngineError> {
        let fresh = Arc::new(Catalog::load(self.index.store().as_ref())?);
        match self.catalog.write() {
            Ok(mut c) => *c = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(())
    }

    /// Writes documents into the index, then reloads the catalog.
    pub fn ingest(
        &self,
        docs: &[(Document, Classification)],
        progress: &mut dyn FnMut(usize),
        report: &mut dyn FnMut(&DocumentReport),
    ) -> Result<(), EngineError> {
        for (doc, class) in docs {
            let r = self.index.write_document(doc, *class, progress)?;
            report(&r);
        }
        self.reload()
    }

    /// Searches units; results carry their document, path and highlights.
    pub fn search(
        &self,
        req: &SearchRequest,
        access: Access,
    ) -> Result<Vec<SearchHit>, EngineError> {
        let query = req.query.trim();
        if query.is_empty() {
            return Err(invalid("query", "must not be empty"));
        }
        if query.chars().count() > 2_000 {
            return Err(invalid("query", "must be at most 2000 characters"));
        }
        if req.limit == 0 || req.limit > MAX_LIMIT {
            return Err(invalid(
                "limit",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let mut filters = self.filters(&req.filters, access)?;
        let catalog = self.catalog();
        if filters.numbers.is_empty() && filters.document_ids.is_empty() {
            // "Theo Nghị quyết 57-NQ/TW, …": a question that names a document by its number
            // is about that document.
            filters.document_ids = named_documents(&catalog, query, access);
        }
        let mode = match req.mode {
            SearchMode::Hybrid => Mode::Hybrid,
            SearchMode::Dense => Mode::Dense,
            SearchMode::Sparse => Mode::Sparse,
        };
        let hits = self.index.search(query, mode, filters, req.limit)?;
        let terms = Terms::of(query);
        Ok(hits
            .into_iter()
            .filter(|h| access.can_see(h.record.classification))
            .map(|h| SearchHit {
                score: h.score,
                unit_id: h.record.id.clone(),
                document: identity_of_record(&catalog, &h.record),
                path: path_of(&catalog, &h.record.id),
                citation: h.record.citation.clone(),
                highlights: highlights(&h.record.text, &terms, 20),
                text: h.record.text,
            })
            .collect())
    }

    /// Store filters for a request, the caller's clearance included.
    fn filters(&self, f: &SearchFilters, access: Access) -> Result<Filters, EngineError> {
        let mut filters = Filters::units();
        filters.classifications = access.classifications();
        if let Some(n) = &f.number {
            let number =
                DocNumber::parse(n).map_err(|e| invalid("filters.number", e.to_string()))?;
            filters.numbers = vec![number.to_string()];
        }
        if let Some(t) = &f.doc_type {
            let parsed: DocType = serde_json::from_value(serde_json::Value::String(t.clone()))
                .ok()
                .or_else(|| DocType::from_name(t))
                .ok_or_else(|| {
                    invalid(
                        "filters.type",
                        format!("unknown document type {t:?} (law, decree, resolution, decision, circular, …)"),
                    )
                })?;
            if let Some(code) = serde_json::to_value(parsed)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
            {
                filters.doc_types = vec![code];
            }
        }
        if let Some(i) = &f.issuer {
            if i.trim().is_empty() {
                return Err(invalid("filters.issuer", "must not be empty"));
            }
            filters.issuers = vec![i.trim().to_string()];
        }
        if let (Some(a), Some(b)) = (f.issued_from, f.issued_to)
            && a > b
        {
            return Err(invalid(
                "filters.issued_from",
                format!("{a} is after issued_to {b}"),
            ));
        }
        filters.issued_from = f.issued_from;
        filters.issued_to = f.issued_to;
        filters.kinds = f.kinds.clone();
        if let Some(d) = &f.document_id {
            filters.document_ids = vec![d.clone()];
        }
        Ok(filters)
    }

    /// The documents the caller may see.
    pub fn documents(&self, access: Access) -> Vec<DocumentSummary> {
        self.catalog()
            .docs
            .iter()
            .filter(|d| access.can_see(d.classification))
            .map(|d| DocumentSummary {
                identity: identity(d),
                units: d.units.len(),
                complete: d.is_complete(),
            })
            .collect()
    }

    /// A document's metadata and outline.
    pub fn document(&self, id: &str, access: Access) -> Result<DocumentDetail, EngineError> {
        let catalog = self.catalog();
        let doc = catalog
            .doc(id)
            .filter(|d| access.can_see(d.classification))
            .ok_or_else(|| EngineError::DocumentNotFound(format!("no document with id {id:?}")))?;
        fn node(doc: &CatalogDoc, i: usize) -> OutlineNode {
            let u = &doc.units[i];
            OutlineNode {
                id: u.id.clone(),
                kind: u.kind,
                num: u.num.clone(),
                heading: u.heading.clone(),
                citation: u.citation.clone(),
                children: u.children.iter().map(|&c| node(doc, c)).collect(),
            }
        }
        Ok(DocumentDetail {
            identity: identity(doc),
            signer: doc.meta.signer.clone(),
            effective: doc.meta.effective,
            source: doc.meta.source.clone(),
            complete: doc.is_complete(),
            holds: doc.holds().map(str::to_string),
            outline: doc.roots.iter().map(|&r| node(doc, r)).collect(),
        })
    }

    /// One unit with its text.
    pub fn unit(&self, id: &str, access: Access) -> Result<UnitDetail, EngineError> {
        let not_found = || EngineError::UnitNotFound {
            kind: None,
            message: format!("no unit with id {id:?}"),
        };
        let catalog = self.catalog();
        let doc = catalog
            .doc_of_unit(id)
            .filter(|d| access.can_see(d.classification))
            .ok_or_else(not_found)?;
        doc.unit(id).ok_or_else(not_found)?;
        let mut units = self.units(&catalog, &[id.to_string()])?;
        units.pop().ok_or_else(not_found)
    }

    /// Units by id with their texts, in the order asked.
    fn units(&self, catalog: &Catalog, ids: &[String]) -> Result<Vec<UnitDetail>, EngineError> {
        let records = self.index.store().get(ids)?;
        let mut out = Vec::new();
        for id in ids {
            let Some(r) = records.iter().find(|r| &r.id == id) else {
                continue;
            };
            let Some(doc) = catalog.doc(&r.document_id) else {
                continue;
            };
            let children = doc
                .unit(id)
                .map(|u| {
                    u.children
                        .iter()
                        .map(|&c| doc.units[c].id.clone())
                        .collect()
                })
                .unwrap_or_default();
            out.push(UnitDetail {
                unit_id: r.id.clone(),
                document: identity(doc),
                kind: r.kind.unwrap_or(UnitKind::Preamble),
                num: r.num.clone(),
                heading: r.heading.clone(),
                path: path_of(catalog, &r.id),
                citation: r.citation.clone(),
                text: r.text.clone(),
                start: r.start,
                end: r.end,
                children,
            });
        }
        Ok(out)
    }

    /// Resolves a citation string exactly: the document it names and the units it cites.
    pub fn lookup(&self, citation: &str, access: Access) -> Result<LookupResponse, EngineError> {
        if citation.chars().count() > 1_000 {
            return Err(invalid("citation", "must be at most 1000 characters"));
        }
        let reference = parse_citation(citation)?;
        let Some(d) = reference.document.as_ref() else {
            return Err(CitationError::NoDocument.into());
        };
        let catalog = self.catalog();
        let found = catalog.find(d, |doc| access.can_see(doc.classification));
        let doc = match found.as_slice() {
            [one] => *one,
            [] => {
                return Err(EngineError::DocumentNotFound(format!(
                    "no document in the corpus is {}",
                    describe(d)
                )));
            }
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|m| format!("{} ({})", m.name, m.id))
                    .collect();
                return Err(EngineError::Ambiguous(format!(
                    "{} could be any of: {}; add the number or the date",
                    describe(d),
                    names.join("; ")
                )));
            }
        };
        check_stated(d, doc)?;
        let mut ids = Vec::new();
        for loc in &reference.locators {
            match catalog.follow(doc, &loc.steps, d.attachment) {
                Ok(u) => ids.push(doc.units[u].id.clone()),
                Err(StepMiss::Missing { step, within, have }) => {
                    let partial = match doc.holds() {
                        Some(holds) => format!(
                            "; the corpus holds only part of {} ({holds}), so it may exist in the full text",
                            doc.name
                        ),
                        None => String::new(),
                    };
                    return Err(EngineError::UnitNotFound {
                        kind: Some(step.kind),
                        message: format!(
                            "{within} has no {} (it has {have}){partial}",
                            step.label()
                        ),
                    });
                }
                Err(StepMiss::Ambiguous { step, candidates }) => {
                    return Err(EngineError::Ambiguous(format!(
                        "{} could be any of: {}",
                        step.label(),
                        candidates.join("; ")
                    )));
                }
            }
        }
        Ok(LookupResponse {
            document: identity(doc),
            units: self.units(&catalog, &ids)?,
        })
    }

    /// Finds every legal reference in a text and checks it; see [`verify`].
    pub fn verify(
        &self,
        req: &verify::VerifyRequest,
        access: Access,
    ) -> Result<verify::VerifyReport, EngineError> {
        verify::verify(self, req, access)
    }

    /// Answers a question from the corpus; see [`answer`].
    pub fn ask(&self, req: &AskRequest, access: Access) -> Result<Answer, EngineError> {
        answer::ask(self, req, access)
    }
}

/// Documents a text names by number, when each resolves to exactly one visible document.
fn named_documents(catalog: &Catalog, text: &str, access: Access) -> Vec<String> {
    let mut ids = Vec::new();
    for r in lexcite_core::reference::extract(text) {
        let Some(d) = r.document.as_ref().filter(|d| d.number.is_some()) else {
            continue;
        };
        if let [one] = catalog
            .find(d, |doc| access.can_see(doc.classification))
            .as_slice()
            && !ids.contains(&one.id)
        {
            ids.push(one.id.clone());
        }
    }
    ids
}

/// The reference's own words for a document: "Luật số 91/2025/QH15", "Luật An ninh mạng 2018".
pub(crate) fn describe(d: &lexcite_core::reference::DocRef) -> String {
    let mut parts = Vec::new();
    if let Some(t) = d.doc_type {
        parts.push(t.name().to_string());
    }
    if let Some(n) = &d.name {
        parts.push(n.clone());
    }
    if let Some(n) = &d.number {
        parts.push(format!("số {n}"));
    }
    if let Some(s) = &d.serial {
        parts.push(format!("số {s}"));
    }
    if let Some(y) = d.year {
        parts.push(y.to_string());
    }
    parts.join(" ")
}

/// A date or issuer the citation states must be the document's.
fn check_stated(d: &lexcite_core::reference::DocRef, doc: &CatalogDoc) -> Result<(), EngineError> {
    if let Some(date) = d.issued
        && doc.meta.issued.is_some_and(|i| i != date)
    {
        return Err(EngineError::DocumentNotFound(format!(
            "{} was issued on {}, not on {}",
            doc.name,
            doc.meta
                .issued
                .map(|i| i.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            date.format("%d/%m/%Y")
        )));
    }
    if let Some(issuer) = &d.issuer
        && let Some(have) = &doc.meta.issuer
        && lexcite_core::normalize::match_key(issuer) != lexcite_core::normalize::match_key(have)
    {
        return Err(EngineError::DocumentNotFound(format!(
            "{} was issued by {have}, not by {issuer}",
            doc.name
        )));
    }
    Ok(())
}

/// A document's identity from the catalog.
pub fn identity(doc: &CatalogDoc) -> DocumentIdentity {
    let m = &doc.meta;
    DocumentIdentity {
        id: doc.id.clone(),
        name: doc.name.clone(),
        number: m.number.as_ref().map(ToString::to_string),
        doc_type: m
            .doc_type
            .and_then(|t| serde_json::to_value(t).ok())
            .and_then(|v| v.as_str().map(str::to_string)),
        title: m.title.clone(),
        issuer: m.issuer.clone(),
        issued: m.issued,
        classification: doc.classification,
    }
}

/// A unit record's document identity (from the catalog when it is there).
fn identity_of_record(catalog: &Catalog, r: &Record) -> DocumentIdentity {
    match catalog.doc(&r.document_id) {
        Some(d) => identity(d),
        None => DocumentIdentity {
            id: r.document_id.clone(),
            name: r.citation.clone(),
            number: r.number.clone(),
            doc_type: r.doc_type.clone(),
            title: r.title.clone(),
            issuer: r.issuer.clone(),
            issued: r.issued_date(),
            classification: r.classification,
        },
    }
}

/// A unit's path from the top of its document.
pub fn path_of(catalog: &Catalog, unit_id: &str) -> Vec<PathStep> {
    let Some(doc) = catalog.doc_of_unit(unit_id) else {
        return Vec::new();
    };
    let Some(i) = doc.unit_index(unit_id) else {
        return Vec::new();
    };
    doc.path(i)
        .into_iter()
        .map(|u| {
            let unit = &doc.units[u];
            PathStep {
                id: unit.id.clone(),
                kind: unit.kind,
                num: unit.num.clone(),
                label: label_of(unit),
                heading: unit.heading.clone(),
            }
        })
        .collect()
}
