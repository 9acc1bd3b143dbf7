//! Tests of the index crate, one binary: the store conformance suite (every backend), the
//! embedding model, and the ingestion pipeline on real corpus documents.

mod common;
mod conformance;
mod embed;
mod pipeline;
