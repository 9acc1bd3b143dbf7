//! Whether what a text says about the units it cites is what they say.
//!
//! Steps: split each sentence's claims between its references ([`claim`]); read every cited
//! unit once, whole, with its heading and descendants; judge each claim ([`judge`]); ask the
//! model, in one batch, about the claims words alone cannot settle; for a claim about a whole
//! document, judge it against the passages of that document that best match it; where a
//! claim fails, look for the unit of the same document that does say it. Every failure ends
//! in `content_mismatch`, `unsupported` or `not_checked`; only a supported claim, or none, is
//! `verified`.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

use lexcite_index::embed::{EmbedError, cosine};
use lexcite_index::{Index, IndexError, Role};

use super::Resolved;
use super::claim::{claims, sentence_of};
use super::document::judge_document;
use super::explain;
use super::finding::{Judged, quote_of};
use super::judge::{Finding, judge};
use super::prepared::Prepared;
use super::report::{self, CheckedReference, Evidence, Status, Verdict};
use super::suggest::{suggest, suggest_for_missing_units};
use crate::catalog::Catalog;
use crate::error::EngineError;

/// Claims the model judges per text; beyond that they are reported as not checked.
pub const MAX_SEMANTIC: usize = 64;

/// Searches inside a document (claims about a whole document, suggestions) per text.
pub const MAX_SEARCHES: usize = 64;

/// Passage embeddings kept between texts (unit sentences are embedded once per process).
const PASSAGE_CACHE: usize = 20_000;

/// Cited units kept prepared between the windows of one long text.
const UNITS_KEPT: usize = 4_096;

/// What judging one window of a text hands to the next: what the text may still spend on the
/// model and on searches inside documents, and the cited units already read.
pub(crate) struct Carry {
    semantic: usize,
    searches: usize,
    units: HashMap<String, Prepared>,
}

impl Default for Carry {
    fn default() -> Self {
        Self {
            semantic: MAX_SEMANTIC,
            searches: MAX_SEARCHES,
            units: HashMap::new(),
        }
    }
}

static PASSAGES: LazyLock<Mutex<HashMap<String, Vec<f32>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Judges the claims of resolved references, reading the cited units' texts in one batch.
pub(crate) fn judge_all(
    index: &Index,
    catalog: &Catalog,
    text: &str,
    resolved: Vec<Resolved>,
    carry: &mut Carry,
) -> Result<Vec<CheckedReference>, EngineError> {
    let spans: Vec<(usize, usize)> = resolved
        .iter()
        .map(|r| (r.reference.bytes.start, r.reference.bytes.end))
        .collect();
    // "… theo quy định của Luật này", beside a unit of that law in the same sentence, points
    // at the document the sentence already cites: it does not divide the sentence's claims.
    // (A document named by its number, "Nghị định 356/2025/NĐ-CP về …", still does.)
    let sentence: Vec<(usize, usize)> = spans.iter().map(|&sp| sentence_of(text, sp)).collect();
    let checkable: Vec<bool> = resolved
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let pointer =
                r.units.is_empty() && r.reference.document.as_ref().is_some_and(|d| d.relative);
            // Only the references of the same sentence, which stand next to it.
            let beside = (0..k)
                .rev()
                .take_while(|&j| sentence[j] == sentence[k])
                .chain((k + 1..resolved.len()).take_while(|&j| sentence[j] == sentence[k]));
            r.checked.status == Status::Verified
                && !(pointer
                    && beside
                        .into_iter()
                        .any(|j| resolved[j].doc == r.doc && !resolved[j].units.is_empty()))
        })
        .collect();
    let split = claims(text, &spans, &checkable);
    read_units(index, catalog, &resolved, &mut carry.units)?;
    let texts = &carry.units;
    let mut out: Vec<CheckedReference> = resolved.iter().map(|r| r.checked.clone()).collect();
    let searches = &mut carry.searches;
    let mut judged: Vec<(Vec<usize>, Option<Judged>)> = Vec::new();
    for (members, claim) in &split.groups {
        let ok: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&m| {
                resolved[m].checked.status == Status::Verified && resolved[m].doc.is_some()
            })
            .collect();
        let Some(doc) = ok.first().and_then(|&m| resolved[m].doc) else {
            judged.push((Vec::new(), None));
            continue;
        };
        // References to another document in the same group are judged on their own.
        let (same, other): (Vec<usize>, Vec<usize>) =
            ok.iter().partition(|&&m| resolved[m].doc == Some(doc));
        for part in [same, other].into_iter().filter(|p| !p.is_empty()) {
            let d = resolved[part[0]].doc.unwrap_or(doc);
            let mut unit_ids: Vec<&str> = Vec::new();
            for &m in &part {
                for &u in &resolved[m].units {
                    let id = catalog.docs[d].units[u].id.as_str();
                    if !unit_ids.contains(&id) {
                        unit_ids.push(id);
                    }
                }
            }
            let j = if unit_ids.is_empty() {
                judge_document(index, &catalog.docs[d], d, claim, searches)?
            } else {
                // A unit the store lacks is left out; with none left the claim is not found.
                let read: Vec<(&str, &Prepared)> = unit_ids
                    .iter()
                    .filter_map(|id| Some((*id, texts.get(*id)?)))
                    .collect();
                let units: Vec<(String, String)> = read
                    .iter()
                    .map(|(id, _)| {
                        let citation = catalog.docs[d].unit(id).map(|u| u.citation.clone());
                        (id.to_string(), citation.unwrap_or_default())
                    })
                    .collect();
                let refs: Vec<&Prepared> = read.iter().map(|(_, p)| *p).collect();
                let mut finding = judge(claim, &refs, &catalog.docs[d]);
                if refs.is_empty() && !claim.basis {
                    finding.outcome = Some(Verdict::NotFound);
                }
                Some(Judged {
                    doc: d,
                    units,
                    quote: quote_of(&finding, &refs),
                    finding,
                    claim: claim.clone(),
                })
            };
            judged.push((part, j));
        }
    }
    settle_with_model(index, &mut judged, &mut carry.semantic)?;
    for (members, j) in &mut judged {
        let Some(j) = j else { continue };
        if matches!(
            j.finding.outcome,
            Some(Verdict::NotFound | Verdict::Contradicted)
        ) {
            suggest(j, index, catalog, searches)?;
        }
        for &m in members.iter() {
            apply(&mut out[m], j);
        }
    }
    suggest_for_missing_units(index, catalog, &resolved, &split, &mut out, searches)?;
    Ok(out)
}

/// Every unit a verified reference cites and `kept` lacks, read at once, whole, with its
/// heading, into `kept`.
fn read_units(
    index: &Index,
    catalog: &Catalog,
    resolved: &[Resolved],
    kept: &mut HashMap<String, Prepared>,
) -> Result<(), EngineError> {
    let ids: HashSet<String> = resolved
        .iter()
        .filter(|r| r.checked.status == Status::Verified)
        .filter_map(|r| r.doc.map(|d| (d, &r.units)))
        .flat_map(|(d, units)| {
            units
                .iter()
                .map(move |&u| catalog.docs[d].units[u].id.clone())
        })
        .collect();
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !kept.contains_key(*id))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if kept.len() + missing.len() > UNITS_KEPT {
        kept.retain(|id, _| ids.contains(id));
    }
    // The heading of the unit each one stands under ("Hành vi bị nghiêm cấm" over a point).
    let above: HashMap<&str, String> = resolved
        .iter()
        .filter_map(|r| r.doc.map(|d| (d, &r.units)))
        .flat_map(|(d, units)| units.iter().map(move |&u| (d, u)))
        .filter_map(|(d, u)| {
            let units = &catalog.docs[d].units;
            let mut at = units[u].parent;
            while let Some(p) = at {
                if let Some(h) = &units[p].heading {
                    return Some((units[u].id.as_str(), h.clone()));
                }
                at = units[p].parent;
            }
            None
        })
        .collect();
    for r in index.store().get(&missing)? {
        let mut p = Prepared::of(r.heading.as_deref(), &r.text);
        p.above = above.get(r.id.as_str()).cloned();
        kept.insert(r.id, p);
    }
    Ok(())
}

/// Asks the model about every pending claim of the text in one batch: claims as queries,
/// passages as passages (cached between texts).
fn settle_with_model(
    index: &Index,
    judged: &mut [(Vec<usize>, Option<Judged>)],
    left: &mut usize,
) -> Result<(), EngineError> {
    let mut pending: Vec<&mut Finding> = judged
        .iter_mut()
        .filter_map(|(_, j)| j.as_mut())
        .map(|j| &mut j.finding)
        .filter(|f| f.pending.is_some())
        .collect();
    if pending.is_empty() {
        return Ok(());
    }
    let over = pending.len().saturating_sub(*left);
    for f in pending.iter_mut().rev().take(over) {
        f.pending = None;
        f.outcome = None;
        f.over_budget = true;
    }
    pending.truncate(*left);
    *left -= pending.len();
    if pending.is_empty() {
        return Ok(());
    }
    let embedder = index.embedder();
    let claims: Vec<&str> = pending
        .iter()
        .filter_map(|f| f.pending.as_ref().map(|p| p.0.as_str()))
        .collect();
    let claim_vecs = embedder.embed(&claims, Role::Query).map_err(embed_error)?;
    let passages: Vec<String> = pending
        .iter()
        .filter_map(|f| f.pending.as_ref().map(|p| p.1.clone()))
        .collect();
    let passage_vecs = cached_passages(index, &passages)?;
    for ((f, c), p) in pending.iter_mut().zip(&claim_vecs).zip(&passage_vecs) {
        f.settle(cosine(c, p));
    }
    Ok(())
}

/// Passage embeddings, from the cache or the model in one batch.
fn cached_passages(index: &Index, passages: &[String]) -> Result<Vec<Vec<f32>>, EngineError> {
    let mut cache = match PASSAGES.lock() {
        Ok(c) => c,
        Err(poisoned) => poisoned.into_inner(),
    };
    let missing: Vec<&String> = passages
        .iter()
        .filter(|p| !cache.contains_key(*p))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    if !missing.is_empty() {
        let vecs = index
            .embedder()
            .embed(&missing, Role::Passage)
            .map_err(embed_error)?;
        if cache.len() + missing.len() > PASSAGE_CACHE {
            cache.clear();
        }
        for (p, v) in missing.into_iter().zip(vecs) {
            cache.insert(p.clone(), v);
        }
    }
    Ok(passages
        .iter()
        .map(|p| cache.get(p).cloned().unwrap_or_default())
        .collect())
}

fn embed_error(e: EmbedError) -> EngineError {
    EngineError::Index(IndexError::Embed(e))
}

/// Writes a group's finding onto one of its references.
fn apply(c: &mut CheckedReference, j: &Judged) {
    let f = &j.finding;
    let cited = cited_name(c);
    if f.over_budget {
        c.status = Status::NotChecked;
        c.explanation = explain::over_budget_line(MAX_SEMANTIC);
        return;
    }
    let Some(verdict) = f.outcome else {
        c.claim = None;
        c.explanation = explain::no_claim_line(&cited, j.claim.basis, j.claim.mentioned);
        return;
    };
    c.claim = Some(report::Claim {
        text: j.claim.text.clone(),
        kinds: f.kinds.iter().map(|k| k.to_string()).collect(),
    });
    let (unit_id, citation) = j.units.get(f.unit).cloned().unwrap_or_default();
    let quote = j.quote.clone();
    let evidence = Evidence {
        verdict,
        claim: j.claim.text.clone(),
        unit_id,
        citation,
        quote,
        start: f.quote.0,
        end: f.quote.1,
        word_support: f.word_support,
        similarity: f.similarity,
        missing: f.missing.clone(),
        instead: f.instead.clone(),
        suggestion: f.suggestion.clone(),
    };
    c.status = match verdict {
        Verdict::Supported => Status::Verified,
        Verdict::Contradicted => Status::ContentMismatch,
        Verdict::NotFound => Status::Unsupported,
    };
    c.explanation = explain::content_line(&cited, &evidence);
    c.evidence = Some(evidence);
}

/// How the reference names what it cites: its units' citations, or the document's name.
fn cited_name(c: &CheckedReference) -> String {
    let units: Vec<&str> = c
        .units
        .iter()
        .filter_map(|u| u.citation.as_deref())
        .collect();
    if units.is_empty() {
        c.document
            .as_ref()
            .map_or_else(String::new, |d| d.name.clone())
    } else {
        units.join(", ")
    }
}
