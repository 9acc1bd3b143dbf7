//! A judged claim and what it is about: the document, the units the finding quotes and the
//! passage; the units of a document that best match a text.

use lexcite_index::{Filters, Index, Mode};

use super::claim::Claim;
use super::judge::Finding;
use super::prepared::Prepared;
use super::report::Verdict;
use crate::catalog::CatalogDoc;
use crate::error::EngineError;

/// One claim and the finding on it, with what the finding is about.
pub(super) struct Judged {
    pub doc: usize,
    /// The units the finding's `unit` indexes: (id, citation).
    pub units: Vec<(String, String)>,
    /// The passage the finding quotes.
    pub quote: String,
    pub finding: Finding,
    pub claim: Claim,
}

/// The passage `f` quotes from the units it was judged against.
pub(super) fn quote_of(f: &Finding, units: &[&Prepared]) -> String {
    units
        .get(f.unit)
        .map(|p| {
            p.text
                .chars()
                .skip(f.quote.0)
                .take(f.quote.1.saturating_sub(f.quote.0))
                .collect()
        })
        .unwrap_or_default()
}

/// How good a finding is for choosing among passages: supported, then pending by share, then
/// the rest by share.
pub(super) fn rank(f: &Finding) -> (u8, u32) {
    let tier = match (f.outcome, &f.pending) {
        (Some(Verdict::Supported), _) => 3,
        (None, Some(_)) => 2,
        (Some(Verdict::Contradicted), _) => 1,
        _ => 0,
    };
    (tier, (f.word_support * 1000.0) as u32)
}

/// The units of `doc` that best match `text` (BM25 inside the document), read whole.
pub(super) fn in_document(
    index: &Index,
    doc: &CatalogDoc,
    text: &str,
    limit: usize,
) -> Result<Vec<(String, String, Prepared)>, EngineError> {
    let filters = Filters {
        document_ids: vec![doc.id.clone()],
        ..Filters::units()
    };
    Ok(index
        .search(text, Mode::Sparse, filters, limit)?
        .into_iter()
        .map(|h| {
            let p = Prepared::of(h.record.heading.as_deref(), &h.record.text);
            (h.record.id, h.record.citation, p)
        })
        .collect())
}

impl Judged {
    /// A claim-less finding on document `d`: grounds ("Căn cứ Luật …") read as the basis of
    /// the text, a bare mention as a mention.
    pub(super) fn bare(d: usize, finding: Finding, claim: &Claim) -> Self {
        Judged {
            doc: d,
            units: Vec::new(),
            quote: String::new(),
            finding: Finding {
                outcome: None,
                ..finding
            },
            claim: Claim {
                basis: claim.basis || claim.grounds,
                ..claim.clone()
            },
        }
    }

    /// A finding quoting the document's own identity (its name and dates).
    pub(super) fn about_document(
        d: usize,
        doc: &CatalogDoc,
        finding: Finding,
        claim: &Claim,
    ) -> Self {
        let mut identity = doc.name.clone();
        if let Some(t) = &doc.meta.title {
            let t = t.strip_prefix("về ").unwrap_or(t);
            identity.push_str(&format!(" về {t}"));
        }
        if let Some(e) = doc.meta.effective {
            identity.push_str(&format!(", có hiệu lực từ ngày {}", e.format("%d/%m/%Y")));
        }
        let n = identity.chars().count();
        Judged {
            doc: d,
            units: vec![(doc.id.clone(), doc.name.clone())],
            quote: identity,
            finding: Finding {
                quote: (0, n),
                ..finding
            },
            claim: claim.clone(),
        }
    }

    pub(super) fn over_budget(d: usize, claim: &Claim) -> Self {
        let mut finding = Finding::none();
        finding.over_budget = true;
        Judged {
            doc: d,
            units: Vec::new(),
            quote: String::new(),
            finding,
            claim: claim.clone(),
        }
    }
}
