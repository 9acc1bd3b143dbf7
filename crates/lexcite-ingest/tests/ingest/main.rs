//! Integration tests of lexcite-ingest: the real corpus, parsed through its manifest.

use std::path::PathBuf;

use lexcite_core::{Document, DocumentMeta};

mod comments;
mod corpus;
mod encodings;
mod fuzz;
mod identity;
mod readers;

/// The project's corpus folder.
fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

/// A corpus text parsed on its own, without the manifest's metadata.
fn parse_alone(file: &str) -> Document {
    let text = std::fs::read_to_string(corpus_dir().join(file)).expect("corpus text");
    lexcite_core::parse(&text, &DocumentMeta::default()).expect("parses")
}
