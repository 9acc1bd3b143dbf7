//! Integration tests of the pure core: document numbers, citations, parser invariants.

mod citations;
mod numbers;
mod parsing;
mod references;
