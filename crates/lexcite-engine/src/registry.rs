//! The known-documents registry: metadata of real documents that the corpus does not hold
//! (the Công báo list). It tells an invented number from a real one we lack, and shows that a
//! number without a year ("71/NQ-CP") names several documents.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use lexcite_core::DocNumber;
use lexcite_core::date::parse_date;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One known document.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct RegistryEntry {
    pub number: String,
    /// "Nghị quyết", "Thông tư", as the registry writes it.
    #[serde(rename = "type")]
    pub doc_type: String,
    pub issuer: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
    pub title: String,
}

/// Known documents by number.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    by_number: HashMap<String, Vec<RegistryEntry>>,
    len: usize,
}

/// Why the registry file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("cannot read the registry {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("the registry {path} is not a JSON list of documents: {source}")]
    Format {
        path: String,
        source: serde_json::Error,
    },
}

/// A record as the file has it; dates "dd/mm/yyyy".
#[derive(Deserialize)]
struct RawEntry {
    number: String,
    #[serde(rename = "type", default)]
    doc_type: String,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    issued: String,
    #[serde(default)]
    title: String,
}

impl Registry {
    /// Reads a JSON list of `{number, type, issuer, issued, title}`. Entries whose number
    /// cannot be read are skipped.
    pub fn load(path: &Path) -> Result<Self, RegistryError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| RegistryError::Read {
            path: shown.clone(),
            source,
        })?;
        let raw: Vec<RawEntry> =
            serde_json::from_str(&text).map_err(|source| RegistryError::Format {
                path: shown,
                source,
            })?;
        let mut registry = Registry::default();
        for r in raw {
            let Ok(number) = DocNumber::parse(&r.number) else {
                continue;
            };
            registry.insert(RegistryEntry {
                number: number.to_string(),
                doc_type: r.doc_type.trim().to_string(),
                issuer: r.issuer.trim().to_string(),
                issued: parse_date(&r.issued),
                title: r.title.trim().trim_end_matches('.').to_string(),
            });
        }
        Ok(registry)
    }

    pub fn insert(&mut self, entry: RegistryEntry) {
        let Ok(number) = DocNumber::parse(&entry.number) else {
            return;
        };
        self.by_number.entry(number.key()).or_default().push(entry);
        self.len += 1;
    }

    /// Known documents with this number (several for numbers without a year).
    pub fn get(&self, number: &DocNumber) -> &[RegistryEntry] {
        self.by_number.get(&number.key()).map_or(&[], Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}
