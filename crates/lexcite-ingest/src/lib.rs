//! Reading legal texts from disk into parsed documents: the corpus and its manifest.
//!
//! Depends on `lexcite-core` for everything about the text itself; this crate owns only files.

pub mod comments;
pub mod corpus;
pub mod docx;
mod error;
mod format;
pub mod html;
pub mod legacy;
pub mod pdf;
pub mod read;

pub use corpus::{Corpus, CorpusEntry, CorpusError, Manifest};
pub use error::ReadError;
pub use format::Format;
pub use read::{Extracted, read_document, read_path};
