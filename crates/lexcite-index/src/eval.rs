//! Retrieval quality on ALQAC 2023: 16 Vietnamese laws by article, 100 questions each with
//! its relevant article. Reports Recall@1/5/10 and MRR@10 per search mode.

use std::path::Path;

use serde::Deserialize;

use lexcite_core::UnitKind;

use crate::index::{Index, IndexError};
use crate::record::{Classification, MAX_EMBED_CHARS, Prepared, Record, RecordKind};
use lexcite_core::sparse::SparseVector;

use crate::embed::Role;
use crate::store::{Filters, Fusion, Mode, Query};

/// Cut-offs reported.
pub const CUTOFFS: [usize; 3] = [1, 5, 10];

#[derive(Debug, Deserialize)]
pub struct Law {
    pub id: String,
    pub articles: Vec<Article>,
}

#[derive(Debug, Deserialize)]
pub struct Article {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
pub struct Question {
    pub question_id: String,
    pub text: String,
    pub relevant_articles: Vec<Relevant>,
}

#[derive(Debug, Deserialize)]
pub struct Relevant {
    pub law_id: String,
    pub article_id: String,
}

/// Why the dataset cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
    #[error(transparent)]
    Index(#[from] IndexError),
}

fn load<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, EvalError> {
    let err = |message: String| EvalError::Read {
        path: path.display().to_string(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| err(e.to_string()))
}

/// `law.json` and `train.json` of a dataset folder.
pub fn load_dataset(dir: &Path) -> Result<(Vec<Law>, Vec<Question>), EvalError> {
    Ok((load(&dir.join("law.json"))?, load(&dir.join("train.json"))?))
}

/// The record id of an article: the law's name and the article number.
pub fn article_id(law: &str, article: &str) -> String {
    format!("alqac:{}:art{article}", lexcite_core::model::slug(law))
}

/// One law as prepared records, built the way the ingestion pipeline builds an article
/// (document name before the text for the model, the text alone for BM25).
pub fn prepare_law(law: &Law, model: &str) -> Vec<Prepared> {
    let document_id = format!("alqac:{}", lexcite_core::model::slug(&law.id));
    let mut out = Vec::new();
    for (i, a) in law.articles.iter().enumerate() {
        let text = a.text.trim().to_string();
        let record = Record {
            id: article_id(&law.id, &a.id),
            record: RecordKind::Unit,
            document_id: document_id.clone(),
            number: None,
            doc_type: Some("law".into()),
            issuer: None,
            issued: None,
            title: Some(law.id.clone()),
            classification: Classification::Public,
            kind: Some(UnitKind::Article),
            num: Some(a.id.clone()),
            heading: text.lines().next().map(str::to_string),
            citation: format!("Điều {} {}", a.id, law.id),
            text: text.clone(),
            parent: None,
            position: u32::try_from(i).unwrap_or(u32::MAX),
            start: 0,
            end: 0,
            fingerprint: String::new(),
            meta: None,
            units: None,
        };
        let cut: String = text.chars().take(MAX_EMBED_CHARS).collect();
        let dense_text = format!("{}. Điều {}. {cut}", law.id, a.id);
        out.push(crate::record::finish(record, dense_text, text, model, ""));
    }
    out
}

/// Scores of one mode (and, for hybrid, one fusion).
#[derive(Clone, Debug, PartialEq)]
pub struct Scores {
    pub mode: Mode,
    pub fusion: Option<Fusion>,
    pub questions: usize,
    /// Recall at each of [`CUTOFFS`].
    pub recall: [f64; 3],
    pub mrr10: f64,
}

/// Hybrid fusions compared with the default: RRF at two constants, BM25 weighted more or not.
pub fn fusions() -> Vec<Fusion> {
    let fusion = |k, sparse_weight| Fusion {
        k,
        dense_weight: 1.0,
        sparse_weight,
    };
    let mut out = vec![
        fusion(60, 1.0),
        fusion(60, 1.5),
        fusion(60, 2.0),
        fusion(10, 1.5),
    ];
    let default = Fusion::default();
    if !out.contains(&default) {
        out.push(default);
    }
    out
}

/// Writes the laws into the index (idempotent), then asks every question in each mode: dense,
/// BM25, and hybrid with each of [`fusions`]. Each question is embedded once.
pub fn evaluate(
    index: &Index,
    laws: &[Law],
    questions: &[Question],
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<Scores>, EvalError> {
    for law in laws {
        let prepared = prepare_law(law, &index.model_tag());
        let document_id = format!("alqac:{}", lexcite_core::model::slug(&law.id));
        index.write_prepared(&document_id, prepared, progress)?;
    }
    let asked: Vec<(Vec<f32>, SparseVector, Vec<String>)> = questions
        .iter()
        .map(|q| {
            let dense = index
                .embedder()
                .embed_one(&q.text, Role::Query)
                .map_err(IndexError::from)?;
            let relevant = q
                .relevant_articles
                .iter()
                .map(|r| article_id(&r.law_id, &r.article_id))
                .collect();
            Ok((dense, index.sparse_query(&q.text), relevant))
        })
        .collect::<Result<_, EvalError>>()?;
    let mut runs: Vec<(Mode, Option<Fusion>)> = vec![(Mode::Dense, None), (Mode::Sparse, None)];
    runs.extend(fusions().into_iter().map(|f| (Mode::Hybrid, Some(f))));
    let mut out = Vec::new();
    for (mode, fusion) in runs {
        let mut hits_at = [0usize; 3];
        let mut rr = 0.0;
        for (dense, sparse, relevant) in &asked {
            let query = Query {
                dense: dense.clone(),
                sparse: sparse.clone(),
                mode,
                filters: Filters::units(),
                limit: 10,
                fusion: fusion.unwrap_or_default(),
            };
            let hits = index.store().search(&query).map_err(IndexError::from)?;
            if let Some(r) = hits.iter().position(|h| relevant.contains(&h.record.id)) {
                rr += 1.0 / (r as f64 + 1.0);
                for (i, c) in CUTOFFS.iter().enumerate() {
                    if r < *c {
                        hits_at[i] += 1;
                    }
                }
            }
        }
        let n = asked.len().max(1) as f64;
        out.push(Scores {
            mode,
            fusion,
            questions: asked.len(),
            recall: hits_at.map(|h| h as f64 / n),
            mrr10: rr / n,
        });
    }
    Ok(out)
}
