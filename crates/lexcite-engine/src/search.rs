//! Search over the units: the request checked, the caller's clearance and filters given to
//! the store, the units of a document the question names (by number or by name) lifted in
//! the ranking, highlights added.

use lexcite_core::{DocNumber, DocType};
use lexcite_index::{Filters, Index, Mode};

use crate::access::Access;
use crate::catalog::Catalog;
use crate::error::{EngineError, invalid};
use crate::identity::{identity_of_record, path_of};
use crate::text::{Terms, highlights};
use crate::types::{MAX_LIMIT, SearchFilters, SearchHit, SearchMode, SearchRequest};

/// Searches units; results carry their document, path and highlights.
pub fn search(
    index: &Index,
    catalog: &Catalog,
    req: &SearchRequest,
    access: Access,
) -> Result<Vec<SearchHit>, EngineError> {
    Ok(search_near(index, catalog, req, access)?.0)
}

/// [`search`], with the model's similarity between the question and the nearest unit the
/// caller may see (dense and hybrid modes).
pub fn search_near(
    index: &Index,
    catalog: &Catalog,
    req: &SearchRequest,
    access: Access,
) -> Result<(Vec<SearchHit>, Option<f32>), EngineError> {
    let query = req.query.trim();
    if query.is_empty() {
        return Err(invalid("query", "must not be empty"));
    }
    if query.chars().count() > 2_000 {
        return Err(invalid("query", "must be at most 2000 characters"));
    }
    if req.limit == 0 || req.limit > MAX_LIMIT {
        return Err(invalid(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let filters = filters(&req.filters, access)?;
    // "Theo Nghị quyết 57-NQ/TW, …": a question that names a document is probably about it,
    // but one that mentions it in passing is not confined to it; only a filter confines.
    let named = named_documents(catalog, query, access);
    let mode = match req.mode {
        SearchMode::Hybrid => Mode::Hybrid,
        SearchMode::Dense => Mode::Dense,
        SearchMode::Sparse => Mode::Sparse,
    };
    // A clause and the article holding it say the same: one of them is enough, so more are
    // fetched than asked for and a unit inside or around a better one is left out.
    let mut found = index.search_found(query, mode, filters.clone(), req.limit * 2, &named)?;
    let mut hits = distinct(catalog, &found.hits, req.limit);
    if hits.len() < req.limit && found.hits.len() == req.limit * 2 {
        found = index.search_found(query, mode, filters, req.limit * 6, &named)?;
        hits = distinct(catalog, &found.hits, req.limit);
    }
    let terms = Terms::of(query);
    let hits = hits
        .into_iter()
        .filter(|h| access.can_see(h.record.classification))
        .map(|h| hit_of(catalog, h.record, h.score, &terms))
        .collect();
    Ok((hits, found.nearest))
}

/// A unit record as a search hit, highlighted for `terms`.
fn hit_of(
    catalog: &Catalog,
    record: lexcite_index::Record,
    score: f32,
    terms: &Terms,
) -> SearchHit {
    SearchHit {
        score,
        unit_id: record.id.clone(),
        document: identity_of_record(catalog, &record),
        path: path_of(catalog, &record.id),
        citation: record.citation.clone(),
        highlights: highlights(&record.text, terms, 20),
        text: record.text,
        validity: None,
    }
}

/// The best `limit` units of one document for `query` by its words alone (BM25), as hits
/// the caller may see.
pub fn in_document(
    index: &Index,
    catalog: &Catalog,
    document_id: &str,
    query: &str,
    limit: usize,
    access: Access,
) -> Result<Vec<SearchHit>, EngineError> {
    let mut filters = Filters::units();
    filters.classifications = access.classifications();
    filters.document_ids = vec![document_id.to_string()];
    let found = index.search_found(query, Mode::Sparse, filters, limit, &[])?;
    let terms = Terms::of(query);
    Ok(found
        .hits
        .into_iter()
        .filter(|h| access.can_see(h.record.classification))
        .map(|h| hit_of(catalog, h.record, h.score, &terms))
        .collect())
}

/// The units of `ids` the caller may see, as hits.
pub fn units_as_hits(
    index: &Index,
    catalog: &Catalog,
    ids: &[String],
    access: Access,
) -> Result<Vec<SearchHit>, EngineError> {
    let terms = Terms::of("");
    Ok(index
        .store()
        .get(ids)?
        .into_iter()
        .filter(|r| access.can_see(r.classification))
        .map(|r| hit_of(catalog, r, 0.0, &terms))
        .collect())
}

/// The first `limit` hits none of which is inside or around a better one (at article level
/// and below).
fn distinct(
    catalog: &Catalog,
    hits: &[lexcite_index::Hit],
    limit: usize,
) -> Vec<lexcite_index::Hit> {
    let mut kept: Vec<lexcite_index::Hit> = Vec::with_capacity(limit);
    for h in hits {
        if kept.len() == limit {
            break;
        }
        let nested = kept.iter().any(|k| {
            k.record.document_id == h.record.document_id && {
                catalog.doc(&h.record.document_id).is_some_and(|doc| {
                    // Only an article and what it holds are one provision; a chapter holding
                    // an article does not hide it.
                    let small = |i: usize| doc.units[i].kind.within_article();
                    match (doc.unit_index(&h.record.id), doc.unit_index(&k.record.id)) {
                        (Some(a), Some(b)) if small(a) && small(b) => {
                            doc.path(a).contains(&b) || doc.path(b).contains(&a)
                        }
                        _ => false,
                    }
                })
            }
        });
        if !nested {
            kept.push(h.clone());
        }
    }
    kept
}

/// Store filters for a request, the caller's clearance included.
fn filters(f: &SearchFilters, access: Access) -> Result<Filters, EngineError> {
    let mut filters = Filters::units();
    filters.classifications = access.classifications();
    if let Some(n) = &f.number {
        let number = DocNumber::parse(n).map_err(|e| invalid("filters.number", e.to_string()))?;
        filters.numbers = vec![number.to_string()];
    }
    if let Some(t) = &f.doc_type {
        let parsed: DocType = serde_json::from_value(serde_json::Value::String(t.clone()))
            .ok()
            .or_else(|| DocType::from_name(t))
            .ok_or_else(|| {
                invalid(
                    "filters.type",
                    format!("unknown document type {t:?} (law, decree, resolution, decision, circular, …)"),
                )
            })?;
        if let Some(code) = serde_json::to_value(parsed)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
        {
            filters.doc_types = vec![code];
        }
    }
    if let Some(i) = &f.issuer {
        if i.trim().is_empty() {
            return Err(invalid("filters.issuer", "must not be empty"));
        }
        filters.issuers = vec![i.trim().to_string()];
    }
    // A range that ends before it begins holds no document: no results, as the spec (which
    // cannot relate two fields) allows it.
    filters.issued_from = f.issued_from;
    filters.issued_to = f.issued_to;
    filters.kinds = f.kinds.clone();
    if let Some(d) = &f.document_id {
        filters.document_ids = vec![d.clone()];
    }
    Ok(filters)
}

/// Documents a text names, visible to the caller: by number when the number resolves to
/// exactly one document ("Nghị quyết 57-NQ/TW"), or by name ("Luật An ninh mạng").
pub fn named_documents(catalog: &Catalog, text: &str, access: Access) -> Vec<String> {
    let visible: Vec<&crate::catalog::CatalogDoc> = catalog
        .docs
        .iter()
        .filter(|d| access.can_see(d.classification))
        .collect();
    let names: Vec<(String, String)> = visible
        .iter()
        .filter_map(|d| {
            let t = d.meta.doc_type.filter(|t| t.is_named())?;
            let title = d.meta.title.as_ref()?;
            Some((d.id.clone(), format!("{} {title}", t.name())))
        })
        .collect();
    let mut ids = lexcite_index::rank::named_in(
        text,
        names.iter().map(|(id, name)| (id.as_str(), name.as_str())),
    );
    for r in lexcite_core::reference::extract(text) {
        let Some(d) = r.document.as_ref().filter(|d| d.number.is_some()) else {
            continue;
        };
        if let [one] = catalog
            .find(d, |doc| access.can_see(doc.classification))
            .as_slice()
            && !ids.contains(&one.id)
        {
            ids.push(one.id.clone());
        }
    }
    ids
}
