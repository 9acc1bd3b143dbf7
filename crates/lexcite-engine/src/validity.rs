//! Legal time: which documents and units are in force on a date. Built from the relations
//! every indexed document states ([`lexcite_core::relation`]) and the documents' own entry
//! into force: Nghị định 356/2025/NĐ-CP ends Nghị định 13/2023/NĐ-CP from 01/01/2026; Luật
//! 134/2025/QH15 repeals Chương IV of Luật 71/2025/QH15 from 01/03/2026.
//!
//! A relation takes effect on the date it gives, or else when the document stating it enters
//! into force (its issue date when that is unknown). Targets outside the corpus are kept as
//! written, for the relations of a document, and change no status here.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use lexcite_core::DocType;
use lexcite_core::normalize::match_key;
use lexcite_core::reference::parse_citation;
use lexcite_core::relation::{Effective, Relation, RelationKind};

use lexcite_index::Classification;

use crate::access::Access;
use crate::catalog::{Catalog, CatalogDoc, UnitEntry};
use crate::registry::Registry;

/// Today's date where the server runs: the default `as_of`.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Where a document or unit stands on a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InForce {
    InForce,
    /// Issued, not yet in force.
    NotYetInForce,
    /// In force, with changes made by another document (provisions amended, or some
    /// repealed or replaced).
    Amended,
    /// Repealed (bãi bỏ) by another document.
    Repealed,
    /// Ended (hết hiệu lực) by another document.
    Expired,
    /// Replaced (thay thế) by another document.
    Replaced,
}

impl InForce {
    /// Whether what it applies to is law on that date.
    pub fn is_current(self) -> bool {
        matches!(self, InForce::InForce | InForce::Amended)
    }

    /// Whether it has stopped being law: repealed, expired or replaced.
    pub fn ended(self) -> bool {
        matches!(
            self,
            InForce::Repealed | InForce::Expired | InForce::Replaced
        )
    }

    /// Vietnamese, as the legal portals put it.
    pub fn vietnamese(self) -> &'static str {
        match self {
            InForce::InForce => "còn hiệu lực",
            InForce::NotYetInForce => "chưa có hiệu lực",
            InForce::Amended => "còn hiệu lực, đã được sửa đổi, bổ sung",
            InForce::Repealed => "đã bị bãi bỏ",
            InForce::Expired => "đã hết hiệu lực",
            InForce::Replaced => "đã được thay thế",
        }
    }
}

/// The provision of another document that changed this one.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct Act {
    pub document_id: String,
    /// "Nghị định số 356/2025/NĐ-CP".
    pub document: String,
    pub unit_id: String,
    /// "khoản 2 Điều 42 Nghị định số 356/2025/NĐ-CP".
    pub citation: String,
    pub kind: String,
    pub date: NaiveDate,
    /// The new wording, for an amendment that quotes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
    /// For a change curated in the manifest (no text in the corpus): where it is stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A document's or unit's standing on a date.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct Validity {
    pub status: InForce,
    pub as_of: NaiveDate,
    /// The document's entry into force, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    /// Since when the status holds, for a change made by another document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
    /// What made it so (the ending, repealing or replacing provision; for `amended`, the
    /// latest amendment in force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Act>,
    /// Every change in force on the date, oldest first: amendments, and for a document the
    /// repeal or replacement of some of its provisions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amendments: Vec<Act>,
    /// For a unit whose whole wording an amendment in force replaced: that wording. lexcite's
    /// own consolidation of the amendments it holds, not an official văn bản hợp nhất; the
    /// unit's `text` stays the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consolidated: Option<String>,
}

impl Validity {
    /// No longer what it was: `status` since `act` made it so.
    fn ended_by(mut self, status: InForce, act: &Act) -> Self {
        self.status = status;
        self.since = Some(act.date);
        self.by = Some(act.clone());
        self.amendments.clear();
        self
    }

    /// In force, and `amended` since the latest change when there are any.
    fn amended(mut self) -> Self {
        if let Some(last) = self.amendments.last() {
            self.status = InForce::Amended;
            self.since = Some(last.date);
            self.by = Some(last.clone());
        }
        self
    }
}

/// One change made to a document of the corpus.
#[derive(Clone, Debug)]
struct Event {
    act: Act,
    kind: RelationKind,
    /// Units of the target document, by id; empty for the whole document.
    units: Vec<String>,
    /// The acting document's, so that a caller who may not see it is not told of it.
    classification: Classification,
}

/// Every change made to documents of the corpus, by target document id. Built from one
/// catalog; ids, not positions, so that a catalog reloaded since reads it right.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    events: HashMap<String, Vec<Event>>,
    /// What details or guides a document, or stands on it: no change to it.
    guides: HashMap<String, Vec<Event>>,
}

/// The events of a document in `map` whose acting document the caller may see.
fn seen<'a>(
    map: &'a HashMap<String, Vec<Event>>,
    doc_id: &str,
    access: Access,
) -> impl Iterator<Item = &'a Event> {
    map.get(doc_id)
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .filter(move |e| access.can_see(e.classification))
}

/// When a relation stated by `by` takes effect: on its date, with `by`, or with the other
/// document it names when the corpus holds that one and knows its date.
fn date_of(catalog: &Catalog, relation: &Relation, by: &CatalogDoc) -> Option<NaiveDate> {
    match &relation.effective {
        Effective::On(d) => Some(*d),
        Effective::WithThisDocument => by.meta.effective.or(by.meta.issued),
        Effective::WithDocument(other) => match catalog.find(other, |_| true).as_slice() {
            [one] => one.meta.effective,
            _ => None,
        },
    }
}

/// The documents a relation stated by the document at `by` is about, among those `visible`:
/// itself for "… của Luật này"; for a programme named by its title, the document that issued
/// it (its title holds "Chương trình <name>"); else those the reference identifies.
fn targets(
    catalog: &Catalog,
    r: &Relation,
    by: usize,
    visible: impl Fn(&CatalogDoc) -> bool,
) -> Vec<usize> {
    if r.document.relative {
        return vec![by];
    }
    if let (Some(DocType::Programme), Some(name)) = (r.document.doc_type, &r.document.name) {
        let wanted = match_key(&format!("chương trình {name}"));
        return (0..catalog.docs.len())
            .filter(|&i| i != by && visible(&catalog.docs[i]))
            .filter(|&i| {
                catalog.docs[i]
                    .meta
                    .title
                    .as_deref()
                    .is_some_and(|t| match_key(t).contains(&wanted))
            })
            .collect();
    }
    let by_id = &catalog.docs[by].id;
    catalog.positions(&r.document, |d| &d.id != by_id && visible(d))
}

/// The units of `doc` a relation's labels ("khoản 9 Điều 3", "Chương IV") name.
fn units_named(catalog: &Catalog, doc: &CatalogDoc, labels: &[String]) -> Vec<String> {
    labels
        .iter()
        .filter_map(|label| {
            // A label alone is no citation: read it with a stand-in document after it.
            let r = parse_citation(&format!("{label} Luật số 1/2000/QH10")).ok()?;
            let locator = r.locators.first()?;
            let at = catalog.follow(doc, &locator.steps, false).ok()?;
            Some(doc.units[at].id.clone())
        })
        .collect()
}

impl Timeline {
    /// Reads the relations of every document in `catalog` and resolves their targets.
    pub fn build(catalog: &Catalog) -> Self {
        let mut events: HashMap<String, Vec<Event>> = HashMap::new();
        let mut guides: HashMap<String, Vec<Event>> = HashMap::new();
        for (at, by) in catalog.docs.iter().enumerate() {
            for r in &by.relations {
                let targets = targets(catalog, r, at, |_| true);
                let [target] = targets.as_slice() else {
                    continue;
                };
                let Some(date) = date_of(catalog, r, by) else {
                    continue;
                };
                let doc = &catalog.docs[*target];
                let units = units_named(catalog, doc, &r.units);
                if !r.units.is_empty() && units.is_empty() {
                    // Units the copy does not hold: nothing here can be marked.
                    continue;
                }
                let into = if r.kind.changes() {
                    &mut events
                } else {
                    &mut guides
                };
                into.entry(doc.id.clone()).or_default().push(Event {
                    act: Act {
                        document_id: by.id.clone(),
                        document: by.name.clone(),
                        unit_id: r.unit_id.clone(),
                        citation: r.unit_citation.clone(),
                        kind: r.kind.as_str().to_string(),
                        date,
                        wording: r.wording.clone(),
                        source: None,
                    },
                    kind: r.kind,
                    units,
                    classification: by.classification,
                });
            }
        }
        // Changes curated in the manifest, for documents whose changes the corpus lacks.
        for doc in &catalog.docs {
            for c in &doc.meta.events {
                let Some(kind) = curated_kind(&c.kind) else {
                    continue;
                };
                events.entry(doc.id.clone()).or_default().push(Event {
                    act: Act {
                        document_id: String::new(),
                        document: c.by.clone(),
                        unit_id: String::new(),
                        citation: c.by.clone(),
                        kind: kind.as_str().to_string(),
                        date: c.date,
                        wording: None,
                        source: Some(c.source.clone()),
                    },
                    kind,
                    units: Vec::new(),
                    classification: doc.classification,
                });
            }
        }
        for list in events.values_mut().chain(guides.values_mut()) {
            list.sort_by_key(|a| a.act.date);
        }
        Self { events, guides }
    }

    /// The changes to a document made by documents the caller may see, oldest first.
    fn events<'a>(&'a self, doc_id: &str, access: Access) -> impl Iterator<Item = &'a Event> {
        seen(&self.events, doc_id, access)
    }

    /// The document's standing on `as_of`, from what the caller may see.
    pub fn document(&self, doc: &CatalogDoc, as_of: NaiveDate, access: Access) -> Validity {
        let meta = &doc.meta;
        // A curated new entry into force (a later law postponing it) wins over the text's.
        let postponed = self
            .events(&doc.id, access)
            .filter(|e| e.kind == RelationKind::EntersIntoForce && e.units.is_empty())
            .map(|e| e.act.date)
            .last();
        let mut v = Validity {
            status: InForce::InForce,
            as_of,
            effective: postponed.or(meta.effective),
            since: None,
            by: None,
            amendments: Vec::new(),
            consolidated: None,
        };
        if v.effective.is_some_and(|e| e > as_of) {
            v.status = InForce::NotYetInForce;
            return v;
        }
        let past = self.events(&doc.id, access).filter(|e| e.act.date <= as_of);
        for e in past {
            let ended = match (e.kind, e.units.is_empty()) {
                (RelationKind::Ends, _) => Some(InForce::Expired),
                (RelationKind::Replaces, true) => Some(InForce::Replaced),
                (RelationKind::Repeals, true) => Some(InForce::Repealed),
                _ => None,
            };
            if let Some(status) = ended {
                return v.ended_by(status, &e.act);
            }
            // Provisions amended, repealed or replaced: the document stays in force, changed.
            if e.kind != RelationKind::EntersIntoForce {
                v.amendments.push(e.act.clone());
            }
        }
        v.amended()
    }

    /// The unit's standing on `as_of`: its document's when that is not in force, else a
    /// repeal or amendment of the unit, of a unit around it, or (amendments) within it.
    pub fn unit(
        &self,
        doc: &CatalogDoc,
        unit: usize,
        as_of: NaiveDate,
        access: Access,
    ) -> Validity {
        let mut v = self.document(doc, as_of, access);
        let ids = |path: Vec<usize>| -> Vec<&str> {
            path.into_iter().map(|u| doc.units[u].id.as_str()).collect()
        };
        // The unit and the units around it; an amendment inside it also changes it.
        let around = ids(doc.path(unit));
        // An entry into force of its own ("Các điều 11, 28 và 29 … có hiệu lực từ …").
        let own_date = self
            .events(&doc.id, access)
            .filter(|e| {
                e.kind == RelationKind::EntersIntoForce
                    && e.units.iter().any(|u| around.contains(&u.as_str()))
            })
            .map(|e| e.act.date)
            .last();
        if let Some(from) = own_date
            && matches!(
                v.status,
                InForce::NotYetInForce | InForce::InForce | InForce::Amended
            )
        {
            v.effective = Some(from);
            if from > as_of {
                v.status = InForce::NotYetInForce;
                v.amendments.clear();
                v.since = None;
                v.by = None;
                return v;
            }
            if v.status == InForce::NotYetInForce {
                v.status = InForce::InForce;
            }
        }
        if !v.status.is_current() {
            return v;
        }
        let own = doc.units[unit].id.as_str();
        let touches = |e: &Event| {
            e.units.iter().any(|u| {
                around.contains(&u.as_str())
                    || doc
                        .unit_index(u)
                        .is_some_and(|i| ids(doc.path(i)).contains(&own))
            })
        };
        v.status = InForce::InForce;
        v.since = None;
        v.by = None;
        v.amendments.clear();
        for e in self.events(&doc.id, access).filter(|e| e.act.date <= as_of) {
            if e.kind == RelationKind::Repeals
                && e.units.iter().any(|u| around.contains(&u.as_str()))
            {
                return v.ended_by(InForce::Repealed, &e.act);
            }
            if e.kind == RelationKind::Amends && touches(e) {
                v.amendments.push(e.act.clone());
                // An amendment of this very unit that quotes its whole new wording (it opens
                // with the unit's number: “2. …”, “a) …”, “Điều 5. …”), not a phrase.
                if e.units.iter().any(|u| u == own)
                    && let Some(w) = &e.act.wording
                    && whole_wording(&doc.units[unit], w)
                {
                    v.consolidated = Some(w.clone());
                }
            }
        }
        v.amended()
    }

    /// What details, guides or stands on a document, with the ids of the units concerned.
    pub fn guides_of(&self, doc_id: &str, access: Access) -> Vec<(Act, Vec<String>)> {
        seen(&self.guides, doc_id, access)
            .map(|e| (e.act.clone(), e.units.clone()))
            .collect()
    }

    /// What other documents of the corpus did to a document, oldest first, with the ids of
    /// the units concerned (none: the whole document).
    pub fn changes_to(&self, doc_id: &str, access: Access) -> Vec<(Act, Vec<String>)> {
        self.events(doc_id, access)
            .map(|e| (e.act.clone(), e.units.clone()))
            .collect()
    }
}

/// A relation a document states, with its target resolved where the corpus holds it.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct StatedRelation {
    /// `amends`, `repeals`, `replaces` or `ends`.
    pub kind: String,
    /// The unit of this document that states it.
    pub unit_id: String,
    pub citation: String,
    /// The other document as the text names it.
    pub target: String,
    /// Its id, when the corpus holds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_document_id: Option<String>,
    /// For a target outside the corpus named by its number: whether the known-documents
    /// registry lists that number (absent when no registry is configured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_registry: Option<bool>,
    /// The units of the other document concerned, as written ("khoản 9 Điều 3"); empty for
    /// the whole document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_units: Vec<String>,
    /// Those units' ids, where the corpus holds them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_unit_ids: Vec<String>,
    /// From when; null when it takes effect with this document and its entry into force is
    /// unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// The new wording, for an amendment that quotes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
}

/// A change another document of the corpus makes to this one.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct Change {
    pub act: Act,
    /// The units changed, by id; empty for the whole document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unit_ids: Vec<String>,
}

/// A document's relations in both directions and its standing on a date.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct DocumentRelations {
    pub document_id: String,
    pub name: String,
    pub validity: Validity,
    /// What it amends, repeals, replaces or ends, in document order.
    pub states: Vec<StatedRelation>,
    /// What other documents of the corpus do to it, oldest first.
    pub changed_by: Vec<Change>,
    /// What details or guides it (`guides`) or stands on it (`based_on`).
    pub referenced_by: Vec<Change>,
}

/// The relations of `doc` (a position in `catalog`) in both directions, among the documents
/// `visible`, and its standing on `as_of`.
pub fn relations_of(
    (catalog, timeline): (&Catalog, &Timeline),
    registry: Option<&Registry>,
    doc: usize,
    as_of: NaiveDate,
    access: Access,
) -> DocumentRelations {
    let visible = |t: &CatalogDoc| access.can_see(t.classification);
    let d = &catalog.docs[doc];
    let states = d
        .relations
        .iter()
        .map(|r| {
            let found = targets(catalog, r, doc, visible);
            let target = match found.as_slice() {
                [one] => Some(&catalog.docs[*one]),
                _ => None,
            };
            StatedRelation {
                kind: r.kind.as_str().to_string(),
                unit_id: r.unit_id.clone(),
                citation: r.unit_citation.clone(),
                target: r.document.to_string(),
                target_document_id: target.map(|t| t.id.clone()),
                in_registry: match (target, &r.document.number, registry) {
                    (None, Some(number), Some(reg)) => Some(!reg.get(number).is_empty()),
                    _ => None,
                },
                target_units: r.units.clone(),
                target_unit_ids: target
                    .map(|t| units_named(catalog, t, &r.units))
                    .unwrap_or_default(),
                date: date_of(catalog, r, d),
                wording: r.wording.clone(),
            }
        })
        .collect();
    let changed_by = timeline
        .changes_to(&d.id, access)
        .into_iter()
        // Its own statements (an article's entry into force) are among `states`.
        .filter(|(act, _)| act.document_id != d.id)
        .map(|(act, unit_ids)| Change { act, unit_ids })
        .collect();
    let referenced_by = timeline
        .guides_of(&d.id, access)
        .into_iter()
        .map(|(act, unit_ids)| Change { act, unit_ids })
        .collect();
    DocumentRelations {
        document_id: d.id.clone(),
        name: d.name.clone(),
        validity: timeline.document(d, as_of, access),
        states,
        changed_by,
        referenced_by,
    }
}

/// Whether `wording` is a unit's whole text rather than a phrase put in its place: it opens
/// with the unit's own number.
fn whole_wording(unit: &UnitEntry, wording: &str) -> bool {
    let Some(num) = &unit.num else {
        return false;
    };
    let w = wording.trim_start();
    let article = format!("Điều {num}.");
    w.starts_with(&article)
        || w.strip_prefix(num.as_str())
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with(')'))
}

/// The relation kind a manifest's curated event names.
fn curated_kind(kind: &str) -> Option<RelationKind> {
    [
        RelationKind::Amends,
        RelationKind::Repeals,
        RelationKind::Replaces,
        RelationKind::Ends,
        RelationKind::EntersIntoForce,
    ]
    .into_iter()
    .find(|k| k.as_str() == kind)
}
