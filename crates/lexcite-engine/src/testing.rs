//! For tests and benches (feature `testing`): the real engine — the real model and an
//! embedded store in a temporary folder — over documents of the project's corpus. With
//! `QDRANT_URL` set (a Qdrant server's gRPC address), the store is a fresh collection on that
//! server instead (named `lexcite_apitest_…`, left for the caller to drop), so the same tests
//! check the server backend.

use std::path::{Path, PathBuf};

use lexcite_core::{Classification, Document};
use lexcite_ingest::{Corpus, CorpusEntry};

use crate::engine::Engine;
use crate::settings::{QdrantSettings, Settings};

/// The repository's root (where `corpus/` and `models/` are).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Settings for an embedded store under `data_dir` with the model under `models/`.
pub fn settings_in(data_dir: &Path) -> Settings {
    Settings {
        data_dir: data_dir.to_path_buf(),
        models: repo_root().join("models"),
        corpus: PathBuf::new(),
        ..Settings::default()
    }
}

/// Every document of the project's corpus with its manifest entry.
pub fn corpus() -> Vec<(CorpusEntry, Document)> {
    Corpus::open(&repo_root().join("corpus"))
        .and_then(|c| c.documents())
        .unwrap_or_else(|e| panic!("the corpus does not parse: {e}"))
}

/// An engine opened the way the server opens one, over a fresh store in a temporary folder
/// (kept for the life of the process) holding `docs`.
pub fn engine_with(docs: &[(Document, Classification)]) -> Engine {
    let dir = tempfile::tempdir()
        .unwrap_or_else(|e| panic!("no temporary folder: {e}"))
        .keep();
    let mut settings = settings_in(&dir);
    if let Ok(url) = std::env::var("QDRANT_URL") {
        settings.qdrant = Some(QdrantSettings {
            collection: test_collection(),
            api_key: std::env::var("QDRANT_API_KEY").ok(),
            ..QdrantSettings::at(&url)
        });
    }
    let engine = Engine::open(&settings).unwrap_or_else(|e| panic!("{e}"));
    engine
        .ingest(docs, &mut |_| {}, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}"));
    engine
}

/// A collection name no other engine of any test process uses.
fn test_collection() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{SystemTime, UNIX_EPOCH};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "lexcite_apitest_{}_{nanos}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}
