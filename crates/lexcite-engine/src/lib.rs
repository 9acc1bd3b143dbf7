//! The query engine: what the API and the command line do with an index, without either.
//!
//! Search with highlights, documents and their outlines, units, exact lookup of a citation,
//! answers whose every sentence is backed by a cited unit, and the citation verifier. Every
//! call takes the caller's [`Access`]: documents above its clearance do not exist for it.
//!
//! Knows nothing of HTTP. Calls block (the embedding model runs on the calling thread);
//! an async caller runs them on a blocking pool.

pub mod access;
pub mod answer;
pub mod askset;
pub mod catalog;
pub mod dated;
pub mod devset;
pub mod documents;
pub mod engine;
pub mod error;
pub mod identity;
pub mod llm;
pub mod needs;
pub mod question;
pub mod registry;
pub mod search;
pub mod settings;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;
pub mod types;
pub mod validity;
pub mod verify;
pub mod wire;

pub use access::{Access, ApiKey, Scope};
pub use engine::Engine;
pub use error::{EngineError, OpenError};
pub use identity::{identity, path_of};
pub use settings::Settings;
