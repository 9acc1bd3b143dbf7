//! The settings flags every command that opens the index takes: `--config` and overrides.
//! They are applied on top of [`Settings::load`] (defaults, the file, `LEXCITE_*`), so a
//! command and `lexcite serve` given the same file and variables open the same store.

use std::path::PathBuf;

use anyhow::Result;
use lexcite_engine::settings::{QdrantSettings, Settings};

#[derive(clap::Args, Debug, Clone, Default)]
pub struct SettingsArgs {
    /// A TOML settings file (else LEXCITE_CONFIG); LEXCITE_* variables, then these flags,
    /// override what it says.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Folder of the embedded store (default `data`).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Folder holding `multilingual-e5-small/` and `onnxruntime/`, as made by
    /// scripts/setup_model.py (default `models`). LEXCITE_MODEL_DIR and ORT_DYLIB_PATH
    /// override the two parts.
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// ONNX Runtime threads (default: every core).
    #[arg(long)]
    pub threads: Option<usize>,
    /// A Qdrant server or cluster (gRPC, e.g. http://localhost:6334) instead of the
    /// embedded store.
    #[arg(long)]
    pub qdrant_url: Option<String>,
    /// Collection on the server (default `lexcite`).
    #[arg(long)]
    pub qdrant_collection: Option<String>,
    /// Copies of each shard when the collection is created (2 on a 3-node cluster).
    #[arg(long)]
    pub qdrant_replication: Option<u32>,
    /// Shards when the collection is created.
    #[arg(long)]
    pub qdrant_shards: Option<u32>,
}

impl SettingsArgs {
    /// The settings: defaults, the file, the environment, then these flags; checked.
    pub fn settings(&self) -> Result<Settings> {
        let mut s = Settings::load(self.config.as_deref())?;
        if let Some(d) = &self.data_dir {
            s.data_dir = d.clone();
        }
        if let Some(m) = &self.models {
            s.models = m.clone();
        }
        if let Some(t) = self.threads {
            s.threads = t;
        }
        if let Some(url) = &self.qdrant_url {
            let q = s.qdrant.get_or_insert_with(|| QdrantSettings::at(url));
            q.url = url.clone();
        }
        if let Some(q) = s.qdrant.as_mut() {
            if let Some(c) = &self.qdrant_collection {
                q.collection = c.clone();
            }
            if let Some(r) = self.qdrant_replication {
                q.replication_factor = Some(r);
            }
            if let Some(n) = self.qdrant_shards {
                q.shards = Some(n);
            }
        }
        s.validate()?;
        Ok(s)
    }
}
