//! Settings: compiled-in defaults, then a TOML file, then `LEXCITE_*` environment variables,
//! then (for the command line) its flags. Unknown keys in the file are refused; everything is
//! checked before anything is opened. The server and every command read them the same way,
//! so `lexcite serve --config F` and `lexcite search --config F` see the same store.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use lexcite_index::{
    Device, EdgeStore, Embedder, Index, ModelPaths, ServerOptions, ServerStore, Store,
};

use crate::access::{ApiKey, Scope};
use crate::error::{OpenError, SettingsError};

fn invalid(message: impl Into<String>) -> SettingsError {
    SettingsError::Invalid(message.into())
}

/// A number from an environment variable, or an error naming it.
fn number<T: std::str::FromStr>(name: &str, v: &str) -> Result<T, SettingsError> {
    v.parse()
        .map_err(|_| invalid(format!("{name}={v:?} is not a number")))
}

/// Name of the main index: the embedded store's folder under the data dir.
pub const MAIN_INDEX: &str = "index";

/// Default largest request body: a 5 MB text to verify fits, with its JSON quoting.
pub const DEFAULT_MAX_BODY: usize = 8 * 1024 * 1024;

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Address to listen on.
    pub bind: String,
    /// Folder of the embedded store (and of the audit log, unless set).
    pub data_dir: PathBuf,
    /// Folder made by scripts/setup_model.py (`LEXCITE_MODEL_DIR`/`ORT_DYLIB_PATH` override).
    pub models: PathBuf,
    /// ONNX Runtime threads; 0 for every core.
    pub threads: usize,
    /// Where the embedding model runs: `cpu`, or `cuda` when the runtime library has the CUDA
    /// execution provider (else the CPU, with a warning). `LEXCITE_DEVICE`.
    pub device: Device,
    /// Corpus folder the store is kept in step with at every start of the server (documents
    /// not in it are removed); empty to serve the store as it is.
    pub corpus: PathBuf,
    /// Largest request body, in bytes; larger ones get 413.
    pub max_body_bytes: usize,
    /// Append-only JSON-lines audit log; default `<data_dir>/audit.jsonl`.
    pub audit_log: Option<PathBuf>,
    /// A Qdrant server or cluster instead of the embedded store.
    pub qdrant: Option<QdrantSettings>,
    /// An OpenAI-compatible chat endpoint for generated answers.
    pub llm: Option<LlmSettings>,
    /// Known-documents registry (JSON list of {number, type, issuer, issued, title}) the
    /// citation verifier consults for numbers the corpus lacks.
    pub registry: Option<PathBuf>,
    /// API keys (hashes, never the keys). With none, a key is made at first start under
    /// `<data_dir>/api-key`.
    pub api_keys: Vec<ApiKey>,
    /// What one client or one key may take of the server.
    pub limits: Limits,
}

/// Bounds on clients: time to send a request, connections, and each key's share.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Seconds a client has to send the request line and headers (408 after).
    pub head_timeout_secs: u64,
    /// Seconds a client has to send the whole body once the headers are in (408 after).
    pub body_timeout_secs: u64,
    /// Open connections the server keeps at once; more wait in the listen queue.
    pub max_connections: usize,
    /// Requests a key may make per minute (a bucket that refills evenly); 0 for no limit.
    pub requests_per_minute: u32,
    /// Requests a key may have in progress at once; 0 for no limit.
    pub concurrent_requests: u32,
    /// Size at which the audit log is rotated (to `.1`, `.2`, …); 0 to never rotate.
    pub audit_rotate_bytes: u64,
    /// Rotated audit logs kept.
    pub audit_keep: u32,
    /// Free space the embedded store needs on its disk before it opens or writes.
    pub min_free_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            head_timeout_secs: 10,
            body_timeout_secs: 30,
            max_connections: 1024,
            requests_per_minute: 6000,
            concurrent_requests: 4,
            audit_rotate_bytes: 100 << 20,
            audit_keep: 10,
            min_free_bytes: 256 << 20,
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct QdrantSettings {
    /// gRPC URL, e.g. http://qdrant:6334.
    pub url: String,
    #[serde(default = "default_collection")]
    pub collection: String,
    #[serde(default)]
    pub api_key: Option<String>,
    /// Copies of each shard when the collection is created (2 on a 3-node cluster).
    #[serde(default)]
    pub replication_factor: Option<u32>,
    /// Shards when the collection is created.
    #[serde(default)]
    pub shards: Option<u32>,
}

impl QdrantSettings {
    /// A server at `url` with the default collection and nothing else set.
    pub fn at(url: &str) -> Self {
        Self {
            url: url.to_string(),
            collection: default_collection(),
            api_key: None,
            replication_factor: None,
            shards: None,
        }
    }
}

fn default_collection() -> String {
    "lexcite".to_string()
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LlmSettings {
    /// Base URL, e.g. http://10.0.0.5:8000/v1.
    pub url: String,
    pub model: String,
    #[serde(default)]
    pub api_key: Option<String>,
    #[serde(default = "default_llm_timeout")]
    pub timeout_secs: u64,
}

fn default_llm_timeout() -> u64 {
    60
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".to_string(),
            data_dir: PathBuf::from("data"),
            models: PathBuf::from("models"),
            threads: 0,
            device: Device::Cpu,
            corpus: PathBuf::from("corpus"),
            max_body_bytes: DEFAULT_MAX_BODY,
            audit_log: None,
            qdrant: None,
            llm: None,
            registry: None,
            api_keys: Vec::new(),
            limits: Limits::default(),
        }
    }
}

impl Settings {
    /// Defaults, then `file` (or `LEXCITE_CONFIG`), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Self, SettingsError> {
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("LEXCITE_CONFIG").map(PathBuf::from));
        let mut settings = match &file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| SettingsError::Read {
                    path: path.clone(),
                    source,
                })?;
                toml::from_str(&text).map_err(|source| SettingsError::Parse {
                    path: path.clone(),
                    source,
                })?
            }
            None => Settings::default(),
        };
        settings.apply_env(|k| std::env::var(k).ok())?;
        settings.validate()?;
        Ok(settings)
    }

    /// Applies `LEXCITE_*` variables read through `var`.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), SettingsError> {
        if let Some(v) = var("LEXCITE_BIND") {
            self.bind = v;
        }
        if let Some(v) = var("LEXCITE_DATA_DIR") {
            self.data_dir = v.into();
        }
        if let Some(v) = var("LEXCITE_CORPUS") {
            self.corpus = v.into();
        }
        if let Some(v) = var("LEXCITE_THREADS") {
            self.threads = number("LEXCITE_THREADS", &v)?;
        }
        if let Some(v) = var("LEXCITE_DEVICE") {
            self.device = v
                .parse()
                .map_err(|e| invalid(format!("LEXCITE_DEVICE: {e}")))?;
        }
        if let Some(v) = var("LEXCITE_MAX_BODY_BYTES") {
            self.max_body_bytes = number("LEXCITE_MAX_BODY_BYTES", &v)?;
        }
        if let Some(v) = var("LEXCITE_AUDIT_LOG") {
            self.audit_log = Some(v.into());
        }
        if let Some(url) = var("LEXCITE_QDRANT_URL").filter(|u| !u.is_empty()) {
            let q = self.qdrant.get_or_insert_with(|| QdrantSettings::at(&url));
            q.url = url;
        }
        if let Some(q) = self.qdrant.as_mut() {
            if let Some(c) = var("LEXCITE_QDRANT_COLLECTION") {
                q.collection = c;
            }
            if let Some(k) = var("LEXCITE_QDRANT_API_KEY") {
                q.api_key = Some(k);
            }
            if let Some(v) = var("LEXCITE_QDRANT_REPLICATION") {
                q.replication_factor = Some(number("LEXCITE_QDRANT_REPLICATION", &v)?);
            }
            if let Some(v) = var("LEXCITE_QDRANT_SHARDS") {
                q.shards = Some(number("LEXCITE_QDRANT_SHARDS", &v)?);
            }
        }
        if let Some(path) = var("LEXCITE_REGISTRY").filter(|p| !p.is_empty()) {
            self.registry = Some(PathBuf::from(path));
        }
        if let Some(url) = var("LEXCITE_LLM_URL").filter(|u| !u.is_empty()) {
            let model = var("LEXCITE_LLM_MODEL").unwrap_or_default();
            let l = self.llm.get_or_insert(LlmSettings {
                url: url.clone(),
                model: model.clone(),
                api_key: None,
                timeout_secs: default_llm_timeout(),
            });
            l.url = url;
            if !model.is_empty() {
                l.model = model;
            }
        }
        if let (Some(l), Some(k)) = (self.llm.as_mut(), var("LEXCITE_LLM_API_KEY")) {
            l.api_key = Some(k);
        }
        if let Some(v) = var("LEXCITE_API_KEYS") {
            self.api_keys = parse_keys(&v)?;
        }
        let l = &mut self.limits;
        for (name, field) in [
            ("LEXCITE_HEAD_TIMEOUT_SECS", &mut l.head_timeout_secs),
            ("LEXCITE_BODY_TIMEOUT_SECS", &mut l.body_timeout_secs),
            ("LEXCITE_AUDIT_ROTATE_BYTES", &mut l.audit_rotate_bytes),
            ("LEXCITE_MIN_FREE_BYTES", &mut l.min_free_bytes),
        ] {
            if let Some(v) = var(name) {
                *field = number(name, &v)?;
            }
        }
        for (name, field) in [
            ("LEXCITE_REQUESTS_PER_MINUTE", &mut l.requests_per_minute),
            ("LEXCITE_CONCURRENT_REQUESTS", &mut l.concurrent_requests),
        ] {
            if let Some(v) = var(name) {
                *field = number(name, &v)?;
            }
        }
        if let Some(v) = var("LEXCITE_MAX_CONNECTIONS") {
            l.max_connections = number("LEXCITE_MAX_CONNECTIONS", &v)?;
        }
        Ok(())
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        if self.bind.parse::<std::net::SocketAddr>().is_err() {
            return Err(invalid(format!(
                "bind = {:?} is not an address such as 127.0.0.1:8080",
                self.bind
            )));
        }
        if self.max_body_bytes < 1024 {
            return Err(invalid(format!(
                "max_body_bytes = {} is too small (at least 1024)",
                self.max_body_bytes
            )));
        }
        let l = &self.limits;
        if l.head_timeout_secs == 0 || l.body_timeout_secs == 0 || l.max_connections == 0 {
            return Err(invalid(
                "limits: head_timeout_secs, body_timeout_secs and max_connections must be above 0",
            ));
        }
        for k in &self.api_keys {
            k.validate()?;
        }
        let mut names: Vec<&str> = self.api_keys.iter().map(|k| k.name.as_str()).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            return Err(invalid(format!("two API keys are named {:?}", w[0])));
        }
        if let Some(l) = &self.llm
            && (l.model.is_empty() || !l.url.starts_with("http"))
        {
            return Err(invalid("llm needs an http(s) url and a model name"));
        }
        Ok(())
    }

    /// Loads the model and opens the store: the embedded one under `data_dir/name`, or the
    /// server's collection (suffixed with `name` unless it is the main index, "index").
    pub fn open_index(&self, name: &str) -> Result<Index, OpenError> {
        let threads = (self.threads > 0).then_some(self.threads);
        let embedder =
            Embedder::load_on(&ModelPaths::from_env(&self.models), threads, self.device)?;
        let store: Arc<dyn Store> = match &self.qdrant {
            Some(q) => {
                let collection = if name == MAIN_INDEX {
                    q.collection.clone()
                } else {
                    format!("{}_{name}", q.collection)
                };
                let options = ServerOptions {
                    url: q.url.clone(),
                    collection,
                    api_key: q.api_key.clone(),
                    replication_factor: q.replication_factor,
                    shards: q.shards,
                };
                Arc::new(ServerStore::open(&options, embedder.dim())?)
            }
            None => Arc::new(EdgeStore::open_keeping(
                &self.data_dir.join(name),
                embedder.dim(),
                self.limits.min_free_bytes,
            )?),
        };
        Ok(Index::new(store, Arc::new(embedder)))
    }

    /// Where the main index lives, for messages.
    pub fn index_location(&self) -> String {
        match &self.qdrant {
            Some(q) => format!("collection {} on {}", q.collection, q.url),
            None => self.data_dir.join(MAIN_INDEX).display().to_string(),
        }
    }

    pub fn audit_path(&self) -> PathBuf {
        self.audit_log
            .clone()
            .unwrap_or_else(|| self.data_dir.join("audit.jsonl"))
    }

    pub fn llm_timeout(&self) -> Duration {
        Duration::from_secs(self.llm.as_ref().map_or(60, |l| l.timeout_secs))
    }

    /// The settings as TOML with secrets replaced, for the start-up log.
    pub fn redacted(&self) -> String {
        let mut copy = self.clone();
        if let Some(q) = copy.qdrant.as_mut()
            && q.api_key.is_some()
        {
            q.api_key = Some("<redacted>".into());
        }
        if let Some(l) = copy.llm.as_mut()
            && l.api_key.is_some()
        {
            l.api_key = Some("<redacted>".into());
        }
        toml::to_string(&copy).unwrap_or_default()
    }
}

/// `name:sha256hex:scope,scope;name2:…` as in `LEXCITE_API_KEYS`.
pub fn parse_keys(text: &str) -> Result<Vec<ApiKey>, SettingsError> {
    let mut keys = Vec::new();
    for entry in text.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let parts: Vec<&str> = entry.split(':').collect();
        let [name, hash, scopes] = parts.as_slice() else {
            return Err(invalid(format!(
                "LEXCITE_API_KEYS entry {entry:?} is not name:sha256:scopes"
            )));
        };
        let scopes = scopes
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<Scope>()
                    .map_err(|e| invalid(format!("LEXCITE_API_KEYS entry {name:?}: {e}")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        keys.push(ApiKey {
            name: name.to_string(),
            sha256: hash.to_string(),
            scopes,
        });
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_file_and_keys_parse() {
        let mut s: Settings =
            toml::from_str("bind = \"0.0.0.0:9000\"\ncorpus = \"\"").expect("toml");
        let env = |k: &str| match k {
            "LEXCITE_DATA_DIR" => Some("/srv/lexcite".to_string()),
            "LEXCITE_API_KEYS" => Some(format!(
                "portal:{}:read,ask;audit:{}:read,restricted",
                "a".repeat(64),
                "b".repeat(64)
            )),
            _ => None,
        };
        s.apply_env(env).expect("env");
        s.validate().expect("valid");
        assert_eq!(s.bind, "0.0.0.0:9000");
        assert_eq!(s.data_dir, PathBuf::from("/srv/lexcite"));
        assert_eq!(s.api_keys.len(), 2);
        assert_eq!(s.api_keys[1].scopes, vec![Scope::Read, Scope::Restricted]);
    }

    #[test]
    fn the_example_settings_file_is_valid() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../lexcite.example.toml");
        let s = Settings::load(Some(&path)).expect("example loads");
        assert_eq!(s.bind, "0.0.0.0:8080");
        assert_eq!(
            s.api_keys[0].scopes,
            vec![Scope::Read, Scope::Ask, Scope::Verify]
        );
    }

    #[test]
    fn bad_settings_are_refused_with_the_reason() {
        let unknown = toml::from_str::<Settings>("bnd = \"x\"").expect_err("unknown key");
        assert!(
            unknown.to_string().contains("unknown field `bnd`"),
            "{unknown}"
        );
        let mut s = Settings::default();
        let bad_scope = s
            .apply_env(|k| {
                (k == "LEXCITE_API_KEYS").then(|| format!("x:{}:read,admin", "a".repeat(64)))
            })
            .expect_err("bad scope");
        assert!(format!("{bad_scope:#}").contains("admin"), "{bad_scope:#}");
        let s = Settings {
            bind: "localhost".into(),
            ..Settings::default()
        };
        assert!(s.validate().is_err());
    }
}
