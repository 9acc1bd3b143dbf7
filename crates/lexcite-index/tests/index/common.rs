//! Shared helpers: the backends under test, the model, corpus documents.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use lexcite_core::Document;
use lexcite_index::{EdgeStore, Embedder, ModelPaths, ServerOptions, ServerStore, Store};
use lexcite_ingest::Corpus;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The model made by scripts/setup_model.py (or the one LEXCITE_MODEL_DIR names), loaded once.
pub fn embedder() -> Arc<Embedder> {
    static EMBEDDER: OnceLock<Arc<Embedder>> = OnceLock::new();
    EMBEDDER
        .get_or_init(|| {
            let paths = ModelPaths::from_env(&repo_root().join("models"));
            match Embedder::load(&paths, Some(2)) {
                Ok(e) => Arc::new(e),
                Err(e) => panic!("{e}"),
            }
        })
        .clone()
}

/// A store under test and what keeps it alive.
pub struct Backend {
    pub name: &'static str,
    pub store: Arc<dyn Store>,
    _dir: Option<tempfile::TempDir>,
    server: Option<Arc<ServerStore>>,
}

impl Drop for Backend {
    fn drop(&mut self) {
        if let Some(s) = &self.server {
            let _ = s.drop_collection();
        }
    }
}

fn unique(test: &str) -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("lexcite_test_{test}_{}_{nanos}", std::process::id())
}

/// Every backend available here: Qdrant Edge in a fresh temporary folder always, and a fresh
/// collection on the Qdrant server named by QDRANT_URL when that is set.
pub fn backends(test: &str, dim: usize) -> Vec<Backend> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let edge = EdgeStore::open(&dir.path().join("index"), dim).expect("edge store opens");
    let mut out = vec![Backend {
        name: "edge",
        store: Arc::new(edge),
        _dir: Some(dir),
        server: None,
    }];
    if let Ok(url) = std::env::var("QDRANT_URL") {
        let options = ServerOptions {
            url,
            collection: unique(test),
            api_key: std::env::var("QDRANT_API_KEY").ok(),
            replication_factor: None,
            shards: None,
        };
        let server = Arc::new(ServerStore::open(&options, dim).expect("server store opens"));
        out.push(Backend {
            name: "server",
            store: server.clone(),
            _dir: None,
            server: Some(server),
        });
    }
    out
}

/// The parsed corpus, once.
pub fn corpus() -> &'static [(lexcite_ingest::CorpusEntry, Document)] {
    static CORPUS: OnceLock<Vec<(lexcite_ingest::CorpusEntry, Document)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        Corpus::open(&repo_root().join("corpus"))
            .and_then(|c| c.documents())
            .expect("corpus parses")
    })
}

/// A corpus document by the start of its id.
pub fn corpus_doc(id_prefix: &str) -> Document {
    corpus()
        .iter()
        .map(|(_, d)| d)
        .find(|d| d.id.starts_with(id_prefix))
        .unwrap_or_else(|| panic!("no corpus document {id_prefix}"))
        .clone()
}
