//! The corpus folder: legal texts plus `manifest.toml` with their curated metadata.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

pub use lexcite_core::Classification;
use lexcite_core::{Completeness, CuratedEvent, DocNumber, DocType, Document, DocumentMeta};

use crate::read::{ReadError, read_document};

/// Name of the manifest file inside a corpus folder.
pub const MANIFEST: &str = "manifest.toml";

/// One document of the manifest.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusEntry {
    pub file: String,
    pub number: Option<DocNumber>,
    #[serde(rename = "type")]
    pub doc_type: Option<DocType>,
    pub issuer: Option<String>,
    pub issued: Option<NaiveDate>,
    pub title: Option<String>,
    pub signer: Option<String>,
    pub effective: Option<NaiveDate>,
    pub source: Option<String>,
    #[serde(default)]
    pub classification: Classification,
    #[serde(default)]
    pub completeness: Completeness,
    pub note: Option<String>,
    /// Changes the corpus has no text for, each with its source (`[[document.events]]`).
    #[serde(default)]
    pub events: Vec<CuratedEvent>,
}

impl CorpusEntry {
    /// The metadata the parser takes as known.
    pub fn meta(&self) -> DocumentMeta {
        DocumentMeta {
            number: self.number.clone(),
            doc_type: self.doc_type,
            issuer: self.issuer.clone(),
            issued: self.issued,
            place: None,
            title: self.title.clone(),
            signer: self.signer.clone(),
            effective: self.effective,
            source: self.source.clone(),
            completeness: self.completeness.clone(),
            events: self.events.clone(),
        }
    }
}

/// The parsed `manifest.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    #[serde(rename = "document", default)]
    pub documents: Vec<CorpusEntry>,
}

/// What can go wrong reading a corpus.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid manifest: {message}")]
    Manifest { path: PathBuf, message: String },
    #[error("{path}: {source}")]
    Read { path: PathBuf, source: ReadError },
    #[error("{path} is not valid UTF-8 text")]
    NotUtf8 { path: PathBuf },
    #[error("the manifest lists {file}, which is not in {dir}")]
    Missing { file: String, dir: PathBuf },
}

/// A corpus folder with its manifest.
#[derive(Clone, Debug)]
pub struct Corpus {
    pub dir: PathBuf,
    pub manifest: Manifest,
}

fn read(path: &Path) -> Result<Vec<u8>, CorpusError> {
    std::fs::read(path).map_err(|source| CorpusError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Reads a UTF-8 text file.
pub fn read_text(path: &Path) -> Result<String, CorpusError> {
    String::from_utf8(read(path)?).map_err(|_| CorpusError::NotUtf8 {
        path: path.to_path_buf(),
    })
}

impl Manifest {
    pub fn parse(text: &str, path: &Path) -> Result<Self, CorpusError> {
        let manifest: Self = toml::from_str(text).map_err(|e| CorpusError::Manifest {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        for d in &manifest.documents {
            for e in &d.events {
                if !CuratedEvent::KINDS.contains(&e.kind.as_str()) {
                    return Err(CorpusError::Manifest {
                        path: path.to_path_buf(),
                        message: format!(
                            "{}: event kind {:?} is not one of {}",
                            d.file,
                            e.kind,
                            CuratedEvent::KINDS.join(", ")
                        ),
                    });
                }
            }
        }
        Ok(manifest)
    }

    /// The entry for a file name.
    pub fn entry(&self, file: &str) -> Option<&CorpusEntry> {
        self.documents.iter().find(|d| d.file == file)
    }
}

impl Corpus {
    /// Opens a corpus folder; its manifest must exist and list only files that exist.
    pub fn open(dir: &Path) -> Result<Self, CorpusError> {
        let path = dir.join(MANIFEST);
        let manifest = Manifest::parse(&read_text(&path)?, &path)?;
        for entry in &manifest.documents {
            if !dir.join(&entry.file).is_file() {
                return Err(CorpusError::Missing {
                    file: entry.file.clone(),
                    dir: dir.to_path_buf(),
                });
            }
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            manifest,
        })
    }

    /// Reads and parses one entry's file (any supported format) with its curated metadata.
    pub fn parse_entry(&self, entry: &CorpusEntry) -> Result<Document, CorpusError> {
        let path = self.dir.join(&entry.file);
        let bytes = read(&path)?;
        read_document(&bytes, &entry.meta())
            .map(|(doc, _)| doc)
            .map_err(|source| CorpusError::Read { path, source })
    }

    /// Parses every document of the manifest, in manifest order.
    pub fn documents(&self) -> Result<Vec<(CorpusEntry, Document)>, CorpusError> {
        self.manifest
            .documents
            .iter()
            .map(|e| Ok((e.clone(), self.parse_entry(e)?)))
            .collect()
    }
}
