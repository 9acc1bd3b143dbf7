//! Vietnamese legal documents: model, normalisation and structure parsing.
//!
//! Pure: no I/O, no async, no network. Everything here takes text and returns values, so it
//! is the same in the CLI, the ingestion pipeline and the HTTP API.

pub mod date;
pub mod doctype;
pub mod model;
pub mod normalize;
pub mod number;
pub mod parser;
pub mod reference;
pub mod relation;
pub mod script;
pub mod sparse;

pub use doctype::DocType;
pub use model::{
    Classification, Completeness, CuratedEvent, Document, DocumentMeta, Span, Unit, UnitKind,
};
pub use number::{DocNumber, NumberError};
pub use parser::{ParseError, parse};
