//! Which documents came over the API rather than from the corpus folder: `pushed.json` in the
//! data dir, so that a restart, which brings the store in step with the corpus folder, keeps
//! them. Written whole to a temporary file and renamed, so a crash leaves the old list or the
//! new one. Documents of the corpus folder are the folder's: the API neither replaces nor
//! removes them.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A document pushed over the API.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct PushedEntry {
    /// The key that pushed it last.
    pub by: String,
    pub at: DateTime<Utc>,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

/// The documents pushed over the API and those of the corpus folder.
#[derive(Debug, Default)]
pub struct Provenance {
    /// None: kept in memory only (tests, a store without a data dir).
    path: Option<PathBuf>,
    pushed: Mutex<BTreeMap<String, PushedEntry>>,
    corpus: RwLock<HashSet<String>>,
}

impl Provenance {
    /// The list under `data_dir`, read if it exists. A damaged list is an error: starting
    /// without it would delete every pushed document from the store.
    pub fn open(data_dir: &Path) -> anyhow::Result<Self> {
        let path = data_dir.join("pushed.json");
        let pushed = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                anyhow::anyhow!(
                    "{} is damaged ({e}); restore it or remove it (the documents it lists \
                     would then be removed from the store at this start)",
                    path.display()
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(anyhow::anyhow!("cannot read {}: {e}", path.display())),
        };
        Ok(Self {
            path: Some(path),
            pushed: Mutex::new(pushed),
            corpus: RwLock::default(),
        })
    }

    pub fn pushed_ids(&self) -> Vec<String> {
        self.with(|p| p.keys().cloned().collect())
    }

    pub fn is_pushed(&self, id: &str) -> bool {
        self.with(|p| p.contains_key(id))
    }

    /// Records the documents of the corpus folder (at start-up).
    pub fn set_corpus(&self, ids: impl IntoIterator<Item = String>) {
        let ids: HashSet<String> = ids.into_iter().collect();
        match self.corpus.write() {
            Ok(mut c) => *c = ids,
            Err(poisoned) => *poisoned.into_inner() = ids,
        }
    }

    pub fn is_corpus(&self, id: &str) -> bool {
        match self.corpus.read() {
            Ok(c) => c.contains(id),
            Err(poisoned) => poisoned.into_inner().contains(id),
        }
    }

    /// Adds or updates a pushed document, on disk before it returns.
    pub fn add(&self, id: &str, entry: PushedEntry) -> std::io::Result<()> {
        self.change(|p| {
            p.insert(id.to_string(), entry);
        })
    }

    pub fn remove(&self, id: &str) -> std::io::Result<()> {
        self.change(|p| {
            p.remove(id);
        })
    }

    fn with<T>(&self, f: impl FnOnce(&BTreeMap<String, PushedEntry>) -> T) -> T {
        match self.pushed.lock() {
            Ok(p) => f(&p),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }

    fn change(&self, f: impl FnOnce(&mut BTreeMap<String, PushedEntry>)) -> std::io::Result<()> {
        let mut pushed = match self.pushed.lock() {
            Ok(p) => p,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut next = pushed.clone();
        f(&mut next);
        if let Some(path) = &self.path {
            let tmp = path.with_extension("json.tmp");
            let bytes = serde_json::to_vec_pretty(&next).map_err(std::io::Error::other)?;
            std::fs::write(&tmp, bytes)?;
            std::fs::File::open(&tmp)?.sync_all()?;
            std::fs::rename(&tmp, path)?;
        }
        *pushed = next;
        Ok(())
    }
}
