//! Why a request could not be answered, and why an engine could not be opened. The caller's
//! faults come first; the HTTP crate maps each variant to one status.

use std::path::PathBuf;

use lexcite_core::UnitKind;
use lexcite_core::reference::CitationError;
use lexcite_index::embed::EmbedError;
use lexcite_index::{IndexError, StoreError};

use crate::registry::RegistryError;

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

/// A request field that is wrong, and why.
pub(crate) fn invalid(field: &str, message: impl Into<String>) -> EngineError {
    EngineError::Invalid {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Why an engine could not be opened from its settings.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Settings(#[from] SettingsError),
    #[error(transparent)]
    Model(#[from] EmbedError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Registry(#[from] RegistryError),
    #[error(transparent)]
    Engine(#[from] EngineError),
}

/// Why settings could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read the configuration {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid configuration {path}: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("{0}")]
    Invalid(String),
}
