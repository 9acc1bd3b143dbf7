//! The answer set: questions over the corpus, each with the unit(s) that answer it and the
//! facts a right answer contains (or none, for questions the corpus does not answer), and the
//! scores search and answers get on it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::access::Access;
use crate::devset::labelled_as_of;
use crate::engine::Engine;
use crate::error::EngineError;
use crate::types::{
    AnswerMode, AskRequest, SearchFilters, SearchMode, SearchRequest, default_passages,
};

/// Why a question set could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AskSetError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0} is not a question set: {1}")]
    Format(String, serde_json::Error),
    #[error("question {id}: the gold citation {citation:?} does not resolve: {why}")]
    Gold {
        id: String,
        citation: String,
        why: String,
    },
    #[error(transparent)]
    Engine(#[from] EngineError),
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AskCase {
    pub id: String,
    pub question: String,
    /// when, figure, list, body, definition, other, none.
    #[serde(rename = "type")]
    pub kind: String,
    /// Citations of the units that answer it; empty when the corpus does not.
    pub gold: Vec<String>,
    /// Strings a right answer contains, as written in the gold unit.
    pub facts: Vec<String>,
}

pub fn load(path: &Path) -> Result<Vec<AskCase>, AskSetError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| AskSetError::Read(name.clone(), e))?;
    serde_json::from_slice(&bytes).map_err(|e| AskSetError::Format(name, e))
}

/// What happened to one question.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub id: String,
    pub kind: String,
    /// Rank (from 1) of the first result on a gold unit, its clause or its article; None
    /// when not in the first five (or no gold).
    pub gold_rank: Option<usize>,
    pub not_found: bool,
    /// Every fact in the answer (false for a question without facts).
    pub facts_found: bool,
    pub missing_facts: Vec<String>,
    pub answer: String,
}

/// Scores over a set.
#[derive(Clone, Debug, Default, Serialize)]
pub struct AskScores {
    pub questions: usize,
    pub answerable: usize,
    /// Answerable questions with a gold unit in the first five results.
    pub gold_at5: usize,
    /// Answerable questions whose answer holds every fact.
    pub facts: usize,
    /// Answerable questions answered "not found".
    pub answerable_not_found: usize,
    pub unanswerable: usize,
    /// Unanswerable questions answered "not found".
    pub unanswerable_not_found: usize,
}

impl AskScores {
    pub fn ratio(n: usize, of: usize) -> f64 {
        if of == 0 { 0.0 } else { n as f64 / of as f64 }
    }
}

fn plain(text: &str) -> String {
    lexcite_core::sparse::syllables(text).join(" ")
}

/// The unit ids of a case's gold citations.
fn gold_units(engine: &Engine, case: &AskCase, access: Access) -> Result<Vec<String>, AskSetError> {
    case.gold
        .iter()
        .map(|c| {
            let found = engine
                .lookup(c, access, None)
                .map_err(|e| AskSetError::Gold {
                    id: case.id.clone(),
                    citation: c.clone(),
                    why: e.to_string(),
                })?;
            found
                .units
                .last()
                .map(|u| u.unit_id.clone())
                .ok_or_else(|| AskSetError::Gold {
                    id: case.id.clone(),
                    citation: c.clone(),
                    why: "it names a document, not a unit".into(),
                })
        })
        .collect()
}

/// Whether a result counts for a gold unit: the unit itself, a unit inside it, or the article
/// (or clause) it is inside — not a chapter or section holding dozens of articles.
fn counts_for(engine: &Engine, hit: &str, gold: &str) -> bool {
    if hit == gold {
        return true;
    }
    let catalog = engine.catalog();
    let Some(doc) = catalog.doc_of_unit(gold) else {
        return false;
    };
    let (Some(h), Some(g)) = (doc.unit_index(hit), doc.unit_index(gold)) else {
        return false;
    };
    let small = |i: usize| doc.units[i].kind.within_article();
    (doc.path(g).contains(&h) && small(h)) || doc.path(h).contains(&g)
}

/// Asks every question: search (hybrid, five results) for the gold rank, then the answer
/// (extractive, default passages) for the facts.
pub fn evaluate(
    engine: &Engine,
    cases: &[AskCase],
    access: Access,
) -> Result<(AskScores, Vec<Outcome>), AskSetError> {
    let mut scores = AskScores::default();
    let mut outcomes = Vec::new();
    for case in cases {
        let gold = gold_units(engine, case, access)?;
        let hits = engine.search(
            &SearchRequest {
                query: case.question.clone(),
                limit: 5,
                mode: SearchMode::Hybrid,
                filters: SearchFilters::default(),
                as_of: Some(labelled_as_of()),
            },
            access,
        )?;
        let gold_rank = hits
            .iter()
            .position(|h| gold.iter().any(|g| counts_for(engine, &h.unit_id, g)))
            .map(|r| r + 1)
            .filter(|_| !gold.is_empty());
        let answer = engine.ask(
            &AskRequest {
                question: case.question.clone(),
                passages: default_passages(),
                filters: SearchFilters::default(),
                generate: Some(false),
                as_of: Some(labelled_as_of()),
            },
            access,
        )?;
        let not_found = answer.mode == AnswerMode::NotFound;
        // Whole words: "5 ngày" is not in "15 ngày".
        let said = format!(" {} ", plain(&answer.answer));
        let missing: Vec<String> = case
            .facts
            .iter()
            .filter(|f| !said.contains(&format!(" {} ", plain(f))))
            .cloned()
            .collect();
        let facts_found = !case.facts.is_empty() && missing.is_empty() && !not_found;
        scores.questions += 1;
        if gold.is_empty() {
            scores.unanswerable += 1;
            scores.unanswerable_not_found += usize::from(not_found);
        } else {
            scores.answerable += 1;
            scores.gold_at5 += usize::from(gold_rank.is_some());
            scores.facts += usize::from(facts_found);
            scores.answerable_not_found += usize::from(not_found);
        }
        outcomes.push(Outcome {
            id: case.id.clone(),
            kind: case.kind.clone(),
            gold_rank,
            not_found,
            facts_found,
            missing_facts: missing,
            answer: answer.answer,
        });
    }
    Ok((scores, outcomes))
}
