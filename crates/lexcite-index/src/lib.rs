//! The search index: dense embeddings, BM25 sparse vectors and the stores that hold them.
//!
//! Depends on `lexcite-core` (documents, BM25) and `lexcite-ingest` (reading files); knows
//! nothing of HTTP. Two stores implement [`Store`]: [`EdgeStore`] (Qdrant Edge in this
//! process, the default) and [`ServerStore`] (a Qdrant server or cluster over gRPC).

pub mod edge;
pub mod embed;
pub mod eval;
pub mod index;
pub mod rank;
pub mod record;
pub mod server;
pub mod store;
pub mod vocabulary;

pub use edge::EdgeStore;
pub use embed::{Device, Embedder, ModelPaths, Role};
pub use index::{DocumentReport, Found, Index, IndexError};
pub use rank::Ranking;
pub use record::{Classification, Record, RecordKind};
pub use server::{ServerOptions, ServerStore};
pub use store::{Filters, Hit, Mode, Point, Query, Store, StoreError};
pub use vocabulary::Vocabulary;
