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
use crate::verify::{VerifyReport, VerifyRequest};
use crate::{answer, documents, search, verify};

/// The index with its catalog and, optionally, a registry and a language model.
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
            let _span = tracing::info_span!("ingest", document = %doc.id).entered();
            let r = self.index.write_document(doc, *class, progress)?;
            report(&r);
        }
        self.reload()
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
        search::search(&self.index, &self.catalog(), req, access)
    }

    /// The documents the caller may see.
    pub fn documents(&self, access: Access) -> Vec<DocumentSummary> {
        documents::list(&self.catalog(), access)
    }

    /// A document's metadata and outline.
    pub fn document(&self, id: &str, access: Access) -> Result<DocumentDetail, EngineError> {
        documents::detail(&self.catalog(), id, access)
    }

    /// One unit with its text.
    pub fn unit(&self, id: &str, access: Access) -> Result<UnitDetail, EngineError> {
        documents::unit(&self.index, &self.catalog(), id, access)
    }

    /// Resolves a citation string exactly: the document it names and the units it cites.
    pub fn lookup(&self, citation: &str, access: Access) -> Result<LookupResponse, EngineError> {
        documents::lookup(&self.index, &self.catalog(), citation, access)
    }

    /// Finds every legal reference in a text and checks it; see [`verify`].
    pub fn verify(&self, req: &VerifyRequest, access: Access) -> Result<VerifyReport, EngineError> {
        let _span = tracing::info_span!("verify", chars = req.text.len()).entered();
        let report = verify::verify(&self.index, &self.catalog(), self.registry(), req, access)?;
        tracing::debug!(references = report.summary.total, "verified");
        Ok(report)
    }

    /// Answers a question from the corpus; see [`answer`].
    pub fn ask(&self, req: &AskRequest, access: Access) -> Result<Answer, EngineError> {
        let sources = answer::Sources {
            index: &self.index,
            catalog: &self.catalog(),
            registry: self.registry(),
            llm: self.llm(),
        };
        answer::ask(&sources, req, access)
    }
}
