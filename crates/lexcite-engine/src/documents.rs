//! Documents and units as a caller sees them: the list, a document's outline, one unit with
//! its text, and exact lookup of a citation (each level of a cited path checked, with what
//! exists when it does not).

use lexcite_core::UnitKind;
use lexcite_core::reference::{CitationError, DocRef, parse_citation};
use lexcite_index::Index;

use crate::access::Access;
use crate::catalog::{Catalog, CatalogDoc, StepMiss};
use crate::error::{EngineError, invalid};
use crate::identity::{identity, path_of};
use crate::types::*;

/// The documents the caller may see.
pub fn list(catalog: &Catalog, access: Access) -> Vec<DocumentSummary> {
    catalog
        .docs
        .iter()
        .filter(|d| access.can_see(d.classification))
        .map(|d| DocumentSummary {
            identity: identity(d),
            units: d.units.len(),
            complete: d.is_complete(),
            validity: None,
        })
        .collect()
}

/// The position of a document the caller may see, by id; a hidden one is not found.
pub fn visible(catalog: &Catalog, id: &str, access: Access) -> Result<usize, EngineError> {
    catalog
        .index_of(id)
        .filter(|&d| access.can_see(catalog.docs[d].classification))
        .ok_or_else(|| EngineError::DocumentNotFound(format!("no document with id {id:?}")))
}

/// A document's metadata and outline.
pub fn detail(catalog: &Catalog, id: &str, access: Access) -> Result<DocumentDetail, EngineError> {
    let doc = &catalog.docs[visible(catalog, id, access)?];
    fn node(doc: &CatalogDoc, i: usize) -> OutlineNode {
        let u = &doc.units[i];
        OutlineNode {
            id: u.id.clone(),
            kind: u.kind,
            num: u.num.clone(),
            heading: u.heading.clone(),
            citation: u.citation.clone(),
            children: u.children.iter().map(|&c| node(doc, c)).collect(),
        }
    }
    Ok(DocumentDetail {
        identity: identity(doc),
        signer: doc.meta.signer.clone(),
        effective: doc.meta.effective,
        source: doc.meta.source.clone(),
        complete: doc.is_complete(),
        holds: doc.holds().map(str::to_string),
        outline: doc.roots.iter().map(|&r| node(doc, r)).collect(),
        validity: None,
    })
}

/// One unit with its text.
pub fn unit(
    index: &Index,
    catalog: &Catalog,
    id: &str,
    access: Access,
) -> Result<UnitDetail, EngineError> {
    let not_found = || EngineError::UnitNotFound {
        kind: None,
        message: format!("no unit with id {id:?}"),
    };
    let doc = catalog
        .doc_of_unit(id)
        .filter(|d| access.can_see(d.classification))
        .ok_or_else(not_found)?;
    doc.unit(id).ok_or_else(not_found)?;
    let mut units = units(index, catalog, &[id.to_string()])?;
    units.pop().ok_or_else(not_found)
}

/// Units by id with their texts, in the order asked.
fn units(index: &Index, catalog: &Catalog, ids: &[String]) -> Result<Vec<UnitDetail>, EngineError> {
    let records = index.store().get(ids)?;
    let mut out = Vec::new();
    for id in ids {
        let Some(r) = records.iter().find(|r| &r.id == id) else {
            continue;
        };
        let Some(doc) = catalog.doc(&r.document_id) else {
            continue;
        };
        let children = doc
            .unit(id)
            .map(|u| {
                u.children
                    .iter()
                    .map(|&c| doc.units[c].id.clone())
                    .collect()
            })
            .unwrap_or_default();
        out.push(UnitDetail {
            unit_id: r.id.clone(),
            document: identity(doc),
            kind: r.kind.unwrap_or(UnitKind::Preamble),
            num: r.num.clone(),
            heading: r.heading.clone(),
            path: path_of(catalog, &r.id),
            citation: r.citation.clone(),
            text: r.text.clone(),
            start: r.start,
            end: r.end,
            children,
            validity: None,
        });
    }
    Ok(out)
}

/// Resolves a citation string exactly: the document it names and the units it cites.
pub fn lookup(
    index: &Index,
    catalog: &Catalog,
    citation: &str,
    access: Access,
) -> Result<LookupResponse, EngineError> {
    if citation.chars().count() > 1_000 {
        return Err(invalid("citation", "must be at most 1000 characters"));
    }
    let reference = parse_citation(citation)?;
    let Some(d) = reference.document.as_ref() else {
        return Err(CitationError::NoDocument.into());
    };
    let found = catalog.find(d, |doc| access.can_see(doc.classification));
    let doc = match found.as_slice() {
        [one] => *one,
        [] => {
            return Err(EngineError::DocumentNotFound(format!(
                "no document in the corpus is {}",
                d
            )));
        }
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|m| format!("{} ({})", m.name, m.id))
                .collect();
            return Err(EngineError::Ambiguous(format!(
                "{} could be any of: {}; add the number or the date",
                d,
                names.join("; ")
            )));
        }
    };
    check_stated(d, doc)?;
    let mut ids = Vec::new();
    for loc in &reference.locators {
        match catalog.follow(doc, &loc.steps, d.attachment) {
            Ok(u) => ids.push(doc.units[u].id.clone()),
            Err(StepMiss::Missing { step, within, have }) => {
                let partial = match doc.holds() {
                    Some(holds) => format!(
                        "; the corpus holds only part of {} ({holds}), so it may exist in the full text",
                        doc.name
                    ),
                    None => String::new(),
                };
                return Err(EngineError::UnitNotFound {
                    kind: Some(step.kind),
                    message: format!("{within} has no {} (it has {have}){partial}", step.label()),
                });
            }
            Err(StepMiss::Ambiguous { step, candidates }) => {
                return Err(EngineError::Ambiguous(format!(
                    "{} could be any of: {}",
                    step.label(),
                    candidates.join("; ")
                )));
            }
        }
    }
    Ok(LookupResponse {
        document: identity(doc),
        units: units(index, catalog, &ids)?,
        validity: None,
    })
}

/// A date or issuer the citation states must be the document's.
fn check_stated(d: &DocRef, doc: &CatalogDoc) -> Result<(), EngineError> {
    if let Some(date) = d.issued
        && doc.meta.issued.is_some_and(|i| i != date)
    {
        return Err(EngineError::DocumentNotFound(format!(
            "{} was issued on {}, not on {}",
            doc.name,
            doc.meta
                .issued
                .map(|i| i.format("%d/%m/%Y").to_string())
                .unwrap_or_default(),
            date.format("%d/%m/%Y")
        )));
    }
    if let Some(issuer) = &d.issuer
        && let Some(have) = &doc.meta.issuer
        && lexcite_core::normalize::match_key(issuer) != lexcite_core::normalize::match_key(have)
    {
        return Err(EngineError::DocumentNotFound(format!(
            "{} was issued by {have}, not by {issuer}",
            doc.name
        )));
    }
    Ok(())
}
