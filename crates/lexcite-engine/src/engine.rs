//! The engine: an index with its catalog, the registry and an optional language model, opened
//! one way from [`Settings`]. Its methods are the table of what a caller can ask; each calls
//! the module that does the work with the parts it needs.

use std::sync::{Arc, RwLock};

use lexcite_core::Document;
use lexcite_index::{Classification, DocumentReport, Index};

use crate::access::Access;
use crate::catalog::Catalog;
use crate::error::{EngineError, OpenError};
use crate::llm::{Llm, LlmConfig};
use crate::registry::Registry;
use crate::settings::{MAIN_INDEX, Settings};
use crate::types::*;
use crate::validity::{DocumentRelations, Timeline, relations_of, today};
use crate::verify::{CheckedReference, Summary, VerifyReport, VerifyRequest};
use crate::{answer, dated, documents, search, verify};
use chrono::NaiveDate;

/// The index with its catalog and, optionally, a registry and a language model.
#[derive(Debug)]
pub struct Engine {
    index: Index,
    /// The catalog and the timeline built from it, replaced together.
    catalog: RwLock<(Arc<Catalog>, Arc<Timeline>)>,
    llm: Option<Llm>,
    registry: Option<Registry>,
}

impl Engine {
    pub fn new(index: Index, llm: Option<Llm>) -> Result<Self, EngineError> {
        let catalog = Catalog::load(index.store().as_ref())?;
        let timeline = Timeline::build(&catalog);
        Ok(Self {
            index,
            catalog: RwLock::new((Arc::new(catalog), Arc::new(timeline))),
            llm,
            registry: None,
        })
    }

    /// Everything the settings name: the model, the store (embedded or server), the
    /// registry and the language model. The one way the server and the commands open it.
    pub fn open(settings: &Settings) -> Result<Self, OpenError> {
        let _span = tracing::info_span!("open", index = %settings.index_location()).entered();
        let llm = settings.llm.as_ref().map(|l| {
            Llm::new(LlmConfig {
                url: l.url.clone(),
                model: l.model.clone(),
                api_key: l.api_key.clone(),
                timeout: settings.llm_timeout(),
            })
        });
        let engine = Engine::new(settings.open_index(MAIN_INDEX)?, llm)?;
        Ok(match &settings.registry {
            Some(path) => engine.with_registry(Registry::load(path)?),
            None => engine,
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
        self.known().0
    }

    /// The catalog and its timeline, from the same load.
    pub fn known(&self) -> (Arc<Catalog>, Arc<Timeline>) {
        match self.catalog.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Re-reads the catalog from the store (after ingestion) and rebuilds the timeline.
    pub fn reload(&self) -> Result<(), EngineError> {
        let catalog = Catalog::load(self.index.store().as_ref())?;
        let timeline = Timeline::build(&catalog);
        let fresh = (Arc::new(catalog), Arc::new(timeline));
        match self.catalog.write() {
            Ok(mut c) => *c = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(())
    }

    /// Writes documents into the index, arranges the store for search when anything changed
    /// ([`Store::optimize`](lexcite_index::Store::optimize)), then reloads the catalog.
    pub fn ingest(
        &self,
        docs: &[(Document, Classification)],
        progress: &mut dyn FnMut(usize),
        report: &mut dyn FnMut(&DocumentReport),
    ) -> Result<(), EngineError> {
        let mut changed = false;
        for (doc, class) in docs {
            let _span = tracing::info_span!("ingest", document = %doc.id).entered();
            let r = self.index.write_document(doc, *class, progress)?;
            changed |= r.changes() > 0;
            report(&r);
        }
        if changed {
            // Segments merged and, past the store's threshold, the dense vectors' graph built.
            self.index.store().optimize()?;
        }
        self.reload()
    }

    /// Deletes one document and its units, then reloads the catalog. Returns the records
    /// deleted (0: there was no such document).
    pub fn remove(&self, document_id: &str) -> Result<usize, EngineError> {
        let removed = self.index.remove_document(document_id)?;
        if removed > 0 {
            self.reload()?;
        }
        Ok(removed)
    }

    /// Deletes every document not in `keep` (by id), then reloads the catalog. Returns the
    /// ids removed.
    pub fn prune(&self, keep: &[&str]) -> Result<Vec<String>, EngineError> {
        let removed = self.index.prune(keep)?;
        if !removed.is_empty() {
            self.reload()?;
        }
        Ok(removed)
    }

    /// Searches units; results carry their document, path and highlights.
    pub fn search(
        &self,
        req: &SearchRequest,
        access: Access,
    ) -> Result<Vec<SearchHit>, EngineError> {
        let (catalog, timeline) = self.known();
        let mut hits = search::search(&self.index, &catalog, req, access)?;
        let as_of = req.as_of.unwrap_or_else(today);
        dated::order((&catalog, &timeline), &mut hits, as_of, access);
        Ok(hits)
    }

    /// The documents the caller may see, each with its standing on `as_of` (default today).
    pub fn documents(&self, access: Access, as_of: Option<NaiveDate>) -> Vec<DocumentSummary> {
        let (catalog, timeline) = self.known();
        let as_of = as_of.unwrap_or_else(today);
        let mut list = documents::list(&catalog, access);
        for d in &mut list {
            d.validity = dated::document((&catalog, &timeline), &d.identity.id, as_of, access);
        }
        list
    }

    /// A document's metadata and outline, and its standing on `as_of` (default today).
    pub fn document(
        &self,
        id: &str,
        access: Access,
        as_of: Option<NaiveDate>,
    ) -> Result<DocumentDetail, EngineError> {
        let (catalog, timeline) = self.known();
        let mut detail = documents::detail(&catalog, id, access)?;
        let as_of = as_of.unwrap_or_else(today);
        detail.validity = dated::document((&catalog, &timeline), id, as_of, access);
        Ok(detail)
    }

    /// A document's relations in both directions and its standing on `as_of` (default
    /// today), from what the caller may see.
    pub fn relations(
        &self,
        id: &str,
        access: Access,
        as_of: Option<NaiveDate>,
    ) -> Result<DocumentRelations, EngineError> {
        let (catalog, timeline) = self.known();
        let doc = documents::visible(&catalog, id, access)?;
        let as_of = as_of.unwrap_or_else(today);
        Ok(relations_of(
            (&catalog, &timeline),
            self.registry(),
            doc,
            as_of,
            access,
        ))
    }

    /// One unit with its text, and its standing on `as_of` (default today).
    pub fn unit(
        &self,
        id: &str,
        access: Access,
        as_of: Option<NaiveDate>,
    ) -> Result<UnitDetail, EngineError> {
        let (catalog, timeline) = self.known();
        let mut unit = documents::unit(&self.index, &catalog, id, access)?;
        let as_of = as_of.unwrap_or_else(today);
        unit.validity = dated::unit((&catalog, &timeline), id, as_of, access);
        Ok(unit)
    }

    /// Resolves a citation string exactly: the document it names and the units it cites, each
    /// with its standing on `as_of` (default today).
    pub fn lookup(
        &self,
        citation: &str,
        access: Access,
        as_of: Option<NaiveDate>,
    ) -> Result<LookupResponse, EngineError> {
        let (catalog, timeline) = self.known();
        let mut found = documents::lookup(&self.index, &catalog, citation, access)?;
        let as_of = as_of.unwrap_or_else(today);
        let known = (catalog.as_ref(), timeline.as_ref());
        found.validity = dated::document(known, &found.document.id, as_of, access);
        for u in &mut found.units {
            u.validity = dated::unit(known, &u.unit_id, as_of, access);
        }
        Ok(found)
    }

    /// Finds every legal reference in a text and checks it; see [`verify`].
    pub fn verify(&self, req: &VerifyRequest, access: Access) -> Result<VerifyReport, EngineError> {
        let _span = tracing::info_span!("verify", chars = req.text.len()).entered();
        let (catalog, timeline) = self.known();
        let report = verify::verify(
            &self.index,
            (&catalog, &timeline),
            self.registry(),
            req,
            access,
        )?;
        tracing::debug!(references = report.summary.total, "verified");
        Ok(report)
    }

    /// [`Engine::verify`], handing each reference to `emit` as soon as it is judged (a long
    /// text's report need not be held whole); returns the counts.
    pub fn verify_each(
        &self,
        req: &VerifyRequest,
        access: Access,
        emit: &mut dyn FnMut(CheckedReference) -> std::ops::ControlFlow<()>,
    ) -> Result<Summary, EngineError> {
        let _span = tracing::info_span!("verify", chars = req.text.len()).entered();
        let (catalog, timeline) = self.known();
        verify::verify_each(
            &self.index,
            (&catalog, &timeline),
            self.registry(),
            req,
            access,
            emit,
        )
    }

    /// Answers a question from the corpus; see [`answer`].
    pub fn ask(&self, req: &AskRequest, access: Access) -> Result<Answer, EngineError> {
        self.ask_observed(req, access, &mut |_| {})
    }

    /// [`Engine::ask`], telling `retrieved` the passages as soon as they are found.
    pub fn ask_observed(
        &self,
        req: &AskRequest,
        access: Access,
        retrieved: &mut dyn FnMut(&[SearchHit]),
    ) -> Result<Answer, EngineError> {
        let (catalog, timeline) = self.known();
        let sources = answer::Sources {
            index: &self.index,
            catalog: &catalog,
            timeline: &timeline,
            registry: self.registry(),
            llm: self.llm(),
        };
        answer::ask_observed(&sources, req, access, retrieved)
    }
}
