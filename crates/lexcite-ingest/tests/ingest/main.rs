//! Integration tests of lexcite-ingest: the real corpus, parsed through its manifest.

mod corpus;
mod identity;
mod readers;
