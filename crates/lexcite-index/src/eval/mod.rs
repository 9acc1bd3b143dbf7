//! Retrieval quality on a dataset in the ALQAC layout: `law.json` (laws by article) and a
//! question file whose questions name their relevant articles. Every parameter of the
//! ranking is chosen by k-fold cross-validation ([`cv`]): picked on the training folds,
//! reported on the held-out fold.
//!
//! Articles are indexed the way `lexcite ingest` indexes units: one record per article and
//! one per clause of a long article, so that a clause can be found on its own; a clause hit
//! counts for its article.

pub mod cv;

use std::path::Path;

use serde::Deserialize;

use lexcite_core::UnitKind;

use crate::index::{Index, IndexError};
use crate::record::{Classification, MAX_EMBED_CHARS, Prepared, Record};

pub use cv::{CUTOFFS, Features, Report};

#[derive(Debug, Deserialize)]
pub struct Law {
    #[serde(alias = "law_id")]
    pub id: String,
    pub articles: Vec<Article>,
}

#[derive(Debug, Deserialize)]
pub struct Article {
    #[serde(alias = "article_id")]
    pub id: String,
    pub text: String,
}

/// A question, in either of the competition's formats: `text` + `relevant_articles`, or
/// `statement` + `legal_passages`.
#[derive(Debug, Deserialize)]
pub struct Question {
    #[serde(alias = "example_id", alias = "id", default)]
    pub question_id: String,
    #[serde(alias = "statement", alias = "question")]
    pub text: String,
    #[serde(alias = "legal_passages")]
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
    #[error("{0}")]
    Invalid(String),
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

/// A dataset: its laws and its questions.
#[derive(Debug)]
pub struct Dataset {
    pub laws: Vec<Law>,
    pub questions: Vec<Question>,
}

impl Dataset {
    /// `law.json` of a folder and its questions (`questions`, or the folder's `train.json`).
    /// Questions whose relevant articles are not all in the laws are an error, not a silent
    /// miss.
    pub fn load(dir: &Path, questions: Option<&Path>) -> Result<Dataset, EvalError> {
        let laws: Vec<Law> = load(&dir.join("law.json"))?;
        let default = dir.join("train.json");
        let mut questions: Vec<Question> = load(questions.unwrap_or(&default))?;
        for (i, q) in questions.iter_mut().enumerate() {
            if q.question_id.is_empty() {
                q.question_id = format!("#{}", i + 1);
            }
            if q.relevant_articles.is_empty() {
                return Err(EvalError::Invalid(format!(
                    "question {} names no relevant article",
                    q.question_id
                )));
            }
            for r in &q.relevant_articles {
                let known = laws
                    .iter()
                    .any(|l| l.id == r.law_id && l.articles.iter().any(|a| a.id == r.article_id));
                if !known {
                    return Err(EvalError::Invalid(format!(
                        "question {}: article {} of {:?} is not in law.json",
                        q.question_id, r.article_id, r.law_id
                    )));
                }
            }
        }
        if questions.is_empty() {
            return Err(EvalError::Invalid(
                "the question file holds no question".into(),
            ));
        }
        Ok(Dataset { laws, questions })
    }

    pub fn articles(&self) -> usize {
        self.laws.iter().map(|l| l.articles.len()).sum()
    }
}

/// The document id of a law.
pub fn law_id(law: &str) -> String {
    format!("alqac:{}", lexcite_core::model::slug(law))
}

/// The record id of an article: the law's name and the article number.
pub fn article_id(law: &str, article: &str) -> String {
    format!("{}:art{article}", law_id(law))
}

/// The article a record id belongs to: clause records ("…:art12~2") count for their article.
pub fn article_of(record_id: &str) -> &str {
    record_id.split_once('~').map_or(record_id, |(a, _)| a)
}

/// The numbered clauses of an article's text ("1. …" paragraphs, each with the lettered
/// points and paragraphs that follow it). Empty when the article has fewer than two.
pub fn clauses(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for para in text.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
        let digits = para.chars().take_while(char::is_ascii_digit).count();
        let numbered = digits > 0 && para[digits..].starts_with(['.', ')']);
        if numbered {
            out.extend(current.take());
            current = Some(para.to_string());
        } else if let Some(c) = current.as_mut() {
            c.push('\n');
            c.push_str(para);
        }
    }
    out.extend(current);
    if out.len() < 2 { Vec::new() } else { out }
}

fn record(law: &Law, id: String, kind: UnitKind, num: &str, text: String, position: u32) -> Record {
    Record {
        doc_type: Some("law".into()),
        title: Some(law.id.clone()),
        kind: Some(kind),
        num: Some(num.to_string()),
        text,
        position,
        ..Record::unit(id, law_id(&law.id), Classification::Public)
    }
}

fn cut(text: &str) -> String {
    text.chars().take(MAX_EMBED_CHARS).collect()
}

/// One law as prepared records, built the way the ingestion pipeline builds units: the
/// document's name and the text for the model (the article's heading before a clause), the
/// text alone for BM25; a record per article and per clause.
pub fn prepare_law(law: &Law, model: &str) -> Vec<Prepared> {
    let mut out = Vec::new();
    let mut position = 0u32;
    for a in &law.articles {
        let text = a.text.trim().to_string();
        let heading = text.lines().next().unwrap_or_default().trim().to_string();
        let id = article_id(&law.id, &a.id);
        let mut article = record(
            law,
            id.clone(),
            UnitKind::Article,
            &a.id,
            text.clone(),
            position,
        );
        article.heading = Some(heading.clone());
        article.citation = format!("Điều {} {}", a.id, law.id);
        let dense_text = format!("{}. Điều {}. {}", law.id, a.id, cut(&text));
        out.push(crate::record::finish(
            article,
            dense_text,
            text.clone(),
            model,
            "",
        ));
        position += 1;
        for (i, clause) in clauses(&text).into_iter().enumerate() {
            let n = (i + 1).to_string();
            let mut r = record(
                law,
                format!("{id}~{n}"),
                UnitKind::Clause,
                &n,
                clause.clone(),
                position,
            );
            r.parent = Some(id.clone());
            r.citation = format!("khoản {n} Điều {} {}", a.id, law.id);
            let dense_text = format!("{}. Điều {}. {heading}. {}", law.id, a.id, cut(&clause));
            out.push(crate::record::finish(r, dense_text, clause, model, ""));
            position += 1;
        }
    }
    out
}

/// Writes the laws into the index (idempotent: unchanged records are not embedded again).
pub fn write_laws(
    index: &Index,
    laws: &[Law],
    progress: &mut dyn FnMut(usize),
) -> Result<usize, EvalError> {
    let mut records = 0;
    for law in laws {
        let prepared = prepare_law(law, &index.model_tag());
        records += prepared.len();
        index.write_prepared(&law_id(&law.id), prepared, progress)?;
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_are_numbered_paragraphs_with_their_points() {
        let text = "Quyền của vợ, chồng\n\n1. Vợ chồng có quyền:\n\na) Chiếm hữu;\n\nb) Sử dụng.\n\n2. Tài sản chung.";
        assert_eq!(
            clauses(text),
            [
                "1. Vợ chồng có quyền:\na) Chiếm hữu;\nb) Sử dụng.",
                "2. Tài sản chung."
            ]
        );
        assert!(clauses("Giải thích từ ngữ\n\nTrong Luật này, 2024 là năm.").is_empty());
        assert_eq!(article_of("alqac:x:art12~2"), "alqac:x:art12");
        assert_eq!(article_of("alqac:x:art12"), "alqac:x:art12");
    }
}
