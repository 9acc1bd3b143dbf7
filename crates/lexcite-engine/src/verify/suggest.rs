//! Suggestions: where a claim that fails is said in the same document ("Nội dung này nằm ở
//! Điều 22"), and which unit says what a sentence citing a missing unit claims. They are
//! evidence, never a correction: the status stays what it is.

use lexcite_index::Index;

use super::Resolved;
use super::claim::{Claim, Claims};
use super::explain;
use super::finding::{Judged, in_document, quote_of};
use super::judge::{judge, subject_share, subject_words};
use super::report::{self, CheckedReference, Evidence, Status, Suggestion, Verdict};
use crate::catalog::{Catalog, CatalogDoc};
use crate::error::EngineError;
use crate::text::Terms;

/// Looks in the same document for a unit that says what the claim of `judged` says.
pub(super) fn suggest(
    judged: &mut Judged,
    index: &Index,
    catalog: &Catalog,
    searches: &mut usize,
) -> Result<(), EngineError> {
    let doc = &catalog.docs[judged.doc];
    if let Some(subject) = &judged.claim.subject {
        judged.finding.suggestion = heading_match(doc, subject, &judged.units);
        return Ok(());
    }
    judged.finding.suggestion =
        supporting_unit(index, doc, &judged.claim, &judged.units, searches)?;
    Ok(())
}

/// The unit of `doc` whose heading says `subject`, other than those cited.
fn heading_match(
    doc: &CatalogDoc,
    subject: &str,
    cited: &[(String, String)],
) -> Option<Suggestion> {
    let words = subject_words(subject);
    if words.is_empty() {
        return None;
    }
    doc.units
        .iter()
        .filter(|u| !cited.iter().any(|c| c.0 == u.id))
        .filter_map(|u| {
            let share = subject_share(&words, u.heading.as_deref()?, doc);
            (share >= 0.8).then_some((share, u))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, u)| Suggestion {
            unit_id: u.id.clone(),
            citation: u.citation.clone(),
            quote: u.heading.clone().unwrap_or_default(),
        })
}

/// A unit of `doc`, other than those cited, whose text supports the claim by its words alone.
fn supporting_unit(
    index: &Index,
    doc: &CatalogDoc,
    claim: &Claim,
    cited: &[(String, String)],
    searches: &mut usize,
) -> Result<Option<Suggestion>, EngineError> {
    if *searches == 0 || claim.text.is_empty() {
        return Ok(None);
    }
    *searches -= 1;
    for (id, citation, p) in in_document(index, doc, &claim.text, 6)? {
        if cited.iter().any(|c| c.0 == id) {
            continue;
        }
        let f = judge(claim, &[&p], doc);
        if f.outcome == Some(Verdict::Supported) {
            return Ok(Some(Suggestion {
                unit_id: id,
                citation,
                quote: quote_of(&f, &[&p]),
            }));
        }
    }
    Ok(None)
}

/// A reference to a unit that does not exist, in a sentence that claims something: the unit
/// of the same document that says it, as evidence (the status stays `unit_not_found`).
pub(super) fn suggest_for_missing_units(
    index: &Index,
    catalog: &Catalog,
    resolved: &[Resolved],
    split: &Claims,
    out: &mut [CheckedReference],
    searches: &mut usize,
) -> Result<(), EngineError> {
    for (k, r) in resolved.iter().enumerate() {
        if r.checked.status != Status::UnitNotFound {
            continue;
        }
        let Some(d) = r
            .checked
            .document
            .as_ref()
            .and_then(|i| catalog.index_of(&i.id))
        else {
            continue;
        };
        let claim = &split.groups[split.group_of[k]].1;
        if claim.basis || Terms::of(&claim.text).words.len() < 3 {
            continue;
        }
        let doc = &catalog.docs[d];
        let found = match &claim.subject {
            Some(s) => heading_match(doc, s, &[]),
            None => supporting_unit(index, doc, claim, &[], searches)?,
        };
        if let Some(s) = found {
            out[k].explanation = explain::elsewhere_line(&out[k].explanation, &s.citation);
            out[k].claim = Some(report::Claim {
                text: claim.text.clone(),
                kinds: vec!["statement".into()],
            });
            out[k].evidence = Some(Evidence {
                verdict: Verdict::NotFound,
                claim: claim.text.clone(),
                unit_id: String::new(),
                citation: String::new(),
                quote: String::new(),
                start: 0,
                end: 0,
                word_support: 0.0,
                similarity: None,
                missing: Vec::new(),
                instead: Vec::new(),
                suggestion: Some(s),
            });
        }
    }
    Ok(())
}
