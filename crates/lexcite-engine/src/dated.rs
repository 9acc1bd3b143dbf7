//! Responses in time: every document and unit a response carries gets its standing on the
//! date asked for (default today), and search hits that are no longer law (repealed, expired,
//! replaced) rank below those that are. A text not yet in force keeps its rank: a law passed
//! and awaiting its date is still what a question is about.

use chrono::NaiveDate;

use crate::access::Access;
use crate::catalog::Catalog;
use crate::types::SearchHit;
use crate::validity::{Timeline, Validity};

/// The standing of a unit, by id.
pub fn unit(
    (catalog, timeline): (&Catalog, &Timeline),
    unit_id: &str,
    as_of: NaiveDate,
    access: Access,
) -> Option<Validity> {
    let doc = catalog.doc_of_unit(unit_id)?;
    let u = doc.unit_index(unit_id)?;
    Some(timeline.unit(doc, u, as_of, access))
}

/// The standing of a document, by id.
pub fn document(
    (catalog, timeline): (&Catalog, &Timeline),
    doc_id: &str,
    as_of: NaiveDate,
    access: Access,
) -> Option<Validity> {
    Some(timeline.document(catalog.doc(doc_id)?, as_of, access))
}

/// Gives each hit its standing and moves those no longer law below the others, keeping the
/// order within each group.
pub fn order(
    known: (&Catalog, &Timeline),
    hits: &mut [SearchHit],
    as_of: NaiveDate,
    access: Access,
) {
    for h in hits.iter_mut() {
        h.validity = unit(known, &h.unit_id, as_of, access);
    }
    hits.sort_by_key(|h| h.validity.as_ref().is_some_and(|v| v.status.ended()));
}
