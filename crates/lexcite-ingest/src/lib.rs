//! Reading legal texts from disk into parsed documents: the corpus and its manifest.
//!
//! Depends on `lexcite-core` for everything about the text itself; this crate owns only files.

pub mod corpus;
pub mod html;
pub mod legacy;

pub use corpus::{Corpus, CorpusEntry, CorpusError, Manifest};
