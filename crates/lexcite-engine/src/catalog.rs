//! The catalog: every indexed document with the skeleton of its unit tree (no texts), kept in
//! memory so that citations resolve without touching the store.
//!
//! Built from the store's records; rebuilt after ingestion. Texts stay in the store and are
//! fetched by id when a unit is shown.

use std::collections::HashMap;

use lexcite_core::normalize::match_key;
use lexcite_core::reference::{DocRef, Step, num_key};
use lexcite_core::relation::Relation;
use lexcite_core::{DocNumber, DocType, DocumentMeta, UnitKind};
use lexcite_index::vocabulary::rarity;
use lexcite_index::{Classification, Filters, Record, RecordKind, Store, StoreError, Vocabulary};

/// One unit of a document, without its text.
#[derive(Clone, Debug)]
pub struct UnitEntry {
    pub id: String,
    pub kind: UnitKind,
    pub num: Option<String>,
    pub heading: Option<String>,
    pub citation: String,
    /// Index of the enclosing unit in [`CatalogDoc::units`].
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Character offsets in the document body.
    pub start: usize,
    pub end: usize,
}

/// One indexed document.
#[derive(Clone, Debug)]
pub struct CatalogDoc {
    pub id: String,
    pub meta: DocumentMeta,
    pub classification: Classification,
    /// "Luật Trí tuệ nhân tạo số 134/2025/QH15".
    pub name: String,
    /// Units in document order.
    pub units: Vec<UnitEntry>,
    pub roots: Vec<usize>,
    /// How common each word is in the document, for weighing what a claim says.
    pub vocabulary: Vocabulary,
    /// What the document amends, repeals, replaces or ends, as it states it.
    pub relations: Vec<Relation>,
    by_id: HashMap<String, usize>,
}

impl CatalogDoc {
    pub fn unit(&self, id: &str) -> Option<&UnitEntry> {
        self.by_id.get(id).map(|&i| &self.units[i])
    }

    pub fn unit_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The chain of units from the top of the document down to unit `i`.
    pub fn path(&self, mut i: usize) -> Vec<usize> {
        let mut out = vec![i];
        while let Some(p) = self.units[i].parent {
            out.push(p);
            i = p;
        }
        out.reverse();
        out
    }

    pub fn is_complete(&self) -> bool {
        self.meta.completeness.is_complete()
    }

    /// What a partial copy holds, in words; None for a complete one.
    pub fn holds(&self) -> Option<&str> {
        match &self.meta.completeness {
            lexcite_core::Completeness::Partial { holds } => Some(holds),
            lexcite_core::Completeness::Complete => None,
        }
    }

    /// Whether unit `i` sits inside a text issued with the document (a programme).
    fn in_attachment(&self, i: usize) -> bool {
        self.path(i)
            .iter()
            .any(|&u| self.units[u].kind == UnitKind::Attachment)
    }
}

/// Where a step of a path could not be followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepMiss {
    /// Nothing of that number: `have` lists what exists at that place ("Điều 1–35").
    Missing {
        step: Step,
        within: String,
        have: String,
    },
    /// Several units answer to the step (two "Mục 1" in two chapters).
    Ambiguous { step: Step, candidates: Vec<String> },
}

/// All indexed documents.
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub docs: Vec<CatalogDoc>,
    by_id: HashMap<String, usize>,
}

impl Catalog {
    /// Reads the store: document records whole, unit records without their texts (a
    /// document's vocabulary is kept on its record). The units of a document indexed before
    /// records kept a vocabulary are read with their texts, to count it.
    pub fn load(store: &dyn Store) -> Result<Self, StoreError> {
        let mut records = store.scan(&Filters::documents())?;
        let uncounted: Vec<String> = records
            .iter()
            .filter(|r| r.vocabulary.is_none())
            .map(|r| r.id.clone())
            .collect();
        records.extend(
            store
                .scan_outline(&Filters::units())?
                .into_iter()
                .filter(|r| !uncounted.contains(&r.document_id)),
        );
        if !uncounted.is_empty() {
            records.extend(store.scan(&Filters {
                document_ids: uncounted,
                ..Filters::units()
            })?);
        }
        Ok(Self::from_records(records))
    }

    /// The catalog of these records; a document record without a vocabulary gets one counted
    /// from its unit records' texts.
    pub fn from_records(records: Vec<Record>) -> Self {
        let mut docs: Vec<CatalogDoc> = Vec::new();
        let mut units: HashMap<String, Vec<Record>> = HashMap::new();
        for r in records {
            match r.record {
                RecordKind::Document => {
                    let meta = r
                        .meta
                        .clone()
                        .and_then(|m| serde_json::from_value(m).ok())
                        .unwrap_or_default();
                    docs.push(CatalogDoc {
                        id: r.id.clone(),
                        meta,
                        classification: r.classification,
                        name: r.citation.clone(),
                        units: Vec::new(),
                        roots: Vec::new(),
                        vocabulary: r.vocabulary.clone().unwrap_or_default(),
                        relations: r.relations.clone(),
                        by_id: HashMap::new(),
                    });
                }
                RecordKind::Unit => units.entry(r.document_id.clone()).or_default().push(r),
            }
        }
        for doc in &mut docs {
            let mut records = units.remove(&doc.id).unwrap_or_default();
            records.sort_by_key(|r| r.position);
            for r in &records {
                doc.by_id.insert(r.id.clone(), doc.units.len());
                doc.units.push(UnitEntry {
                    id: r.id.clone(),
                    kind: r.kind.unwrap_or(UnitKind::Preamble),
                    num: r.num.clone(),
                    heading: r.heading.clone(),
                    citation: r.citation.clone(),
                    parent: None,
                    children: Vec::new(),
                    start: r.start,
                    end: r.end,
                });
            }
            for (i, r) in records.iter().enumerate() {
                match r.parent.as_ref().and_then(|p| doc.by_id.get(p)).copied() {
                    Some(p) => {
                        doc.units[i].parent = Some(p);
                        doc.units[p].children.push(i);
                    }
                    None => doc.roots.push(i),
                }
            }
            if doc.vocabulary == Vocabulary::default() {
                doc.vocabulary = lexcite_index::record::vocabulary_of(&records);
            }
        }
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        let by_id = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        Self { docs, by_id }
    }

    /// Position of a document in [`Catalog::docs`].
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// How much a word tells across the whole corpus: [`Vocabulary::weight`] over the
    /// smallest units of every document together.
    pub fn weight(&self, word: &str) -> f32 {
        let units = self.docs.iter().map(|d| d.vocabulary.units).sum();
        let df = self
            .docs
            .iter()
            .map(|d| d.vocabulary.df.get(word).copied().unwrap_or(0))
            .sum();
        rarity(units, Some(df)).max(0.05)
    }

    pub fn doc(&self, id: &str) -> Option<&CatalogDoc> {
        self.by_id.get(id).map(|&i| &self.docs[i])
    }

    /// The document a unit id belongs to ("…_20241222:sec2" → "…_20241222").
    pub fn doc_of_unit(&self, unit_id: &str) -> Option<&CatalogDoc> {
        let (doc, _) = unit_id.split_once(':')?;
        self.doc(doc)
    }

    /// Documents a reference names by its identity (number, or name and year, or type and
    /// serial), among those `visible`. What else it states (date, issuer) is not checked here.
    pub fn find(&self, d: &DocRef, visible: impl Fn(&CatalogDoc) -> bool) -> Vec<&CatalogDoc> {
        self.positions(d, visible)
            .into_iter()
            .map(|i| &self.docs[i])
            .collect()
    }

    /// [`Catalog::find`], as positions in [`Catalog::docs`].
    pub fn positions(&self, d: &DocRef, visible: impl Fn(&CatalogDoc) -> bool) -> Vec<usize> {
        (0..self.docs.len())
            .filter(|&i| visible(&self.docs[i]) && identifies(d, &self.docs[i]))
            .collect()
    }

    /// Follows a path of steps in a document.
    pub fn follow(
        &self,
        doc: &CatalogDoc,
        steps: &[Step],
        attachment: bool,
    ) -> Result<usize, StepMiss> {
        let mut at: Option<usize> = None;
        for step in steps {
            let scope: Vec<usize> = match at {
                Some(u) => doc.units[u].children.clone(),
                None => doc.roots.clone(),
            };
            let mut found = descend(doc, &scope, step);
            if at.is_none() && found.len() > 1 {
                // Prefer the document's own body, unless the reference says "kèm theo".
                let (inside, outside): (Vec<usize>, Vec<usize>) =
                    found.iter().partition(|&&u| doc.in_attachment(u));
                found = match (attachment, inside.is_empty(), outside.is_empty()) {
                    (true, false, _) => inside,
                    (false, _, false) => outside,
                    _ => found,
                };
            }
            match found.as_slice() {
                [one] => at = Some(*one),
                [] => {
                    let within = match at {
                        Some(u) => doc.units[u].citation.clone(),
                        None => doc.name.clone(),
                    };
                    return Err(StepMiss::Missing {
                        step: step.clone(),
                        within,
                        have: existing(doc, &scope, step.kind),
                    });
                }
                many => {
                    return Err(StepMiss::Ambiguous {
                        step: step.clone(),
                        candidates: many
                            .iter()
                            .map(|&u| doc.units[u].citation.clone())
                            .collect(),
                    });
                }
            }
        }
        at.ok_or(StepMiss::Missing {
            step: Step {
                kind: UnitKind::Article,
                num: String::new(),
            },
            within: doc.name.clone(),
            have: String::new(),
        })
    }
}

/// "khoản 1 Điều 9", without the document's name.
pub fn label_of(u: &UnitEntry) -> String {
    match &u.num {
        Some(n) => format!("{} {n}", u.kind.label()),
        None => u.kind.label().to_string(),
    }
}

fn same_kind(a: UnitKind, b: UnitKind) -> bool {
    a == b
        || matches!(
            (a, b),
            (
                UnitKind::Item | UnitKind::Subsection,
                UnitKind::Item | UnitKind::Subsection
            )
        )
}

/// Units of `kind` among `scope` and, through levels above that kind (chapters above
/// articles, a programme above its sections), their descendants, in document order.
fn reachable(doc: &CatalogDoc, scope: &[usize], kind: UnitKind, out: &mut Vec<usize>) {
    for &u in scope {
        let unit = &doc.units[u];
        if same_kind(unit.kind, kind) {
            out.push(u);
        } else if passes_through(unit.kind, kind) {
            reachable(doc, &unit.children, kind, out);
        }
    }
}

/// Units answering to `step` among `scope` (see [`reachable`]).
fn descend(doc: &CatalogDoc, scope: &[usize], step: &Step) -> Vec<usize> {
    let key = step.key();
    let mut found = Vec::new();
    reachable(doc, scope, step.kind, &mut found);
    found.retain(|&u| {
        let unit = &doc.units[u];
        unit.num
            .as_deref()
            .is_some_and(|n| num_key(unit.kind, n) == key)
    });
    found
}

/// Whether a path may skip a unit of kind `outer` on its way to `target`: "Điều 9" skips its
/// chapter, "Mục II" of a resolution's programme skips the programme.
fn passes_through(outer: UnitKind, target: UnitKind) -> bool {
    use UnitKind::*;
    match target {
        Article => matches!(outer, Part | Chapter | Section | Subsection | Attachment),
        Section | Chapter | Part | Appendix => matches!(outer, Attachment | Part),
        _ => false,
    }
}

/// What exists of `kind` in `scope` (through the same levels), for "it has Điều 1–35".
fn existing(doc: &CatalogDoc, scope: &[usize], kind: UnitKind) -> String {
    let mut units = Vec::new();
    reachable(doc, scope, kind, &mut units);
    let nums: Vec<String> = units
        .into_iter()
        .filter_map(|u| doc.units[u].num.clone())
        .collect();
    if nums.is_empty() {
        return format!("no {}", kind.label());
    }
    let label = kind.label();
    let ints: Option<Vec<u32>> = nums.iter().map(|n| n.parse().ok()).collect();
    if let Some(ints) = ints
        && ints.windows(2).all(|w| w[1] == w[0] + 1)
        && ints.len() > 2
    {
        return format!("{label} {}–{}", ints[0], ints[ints.len() - 1]);
    }
    let shown: Vec<&str> = nums.iter().take(12).map(String::as_str).collect();
    let more = if nums.len() > 12 { ", …" } else { "" };
    format!("{label} {}{more}", shown.join(", "))
}

/// Whether `doc` is the document `d` names.
fn identifies(d: &DocRef, doc: &CatalogDoc) -> bool {
    let meta = &doc.meta;
    if let Some(n) = &d.number {
        return meta.number.as_ref().is_some_and(|m| m == n);
    }
    if let Some(name) = &d.name {
        let Some(title) = &meta.title else {
            return false;
        };
        if !types_agree(d.doc_type, meta.doc_type) {
            return false;
        }
        let (want, have) = (match_key(name), match_key(title));
        let named = want == have || want.starts_with(&format!("{have} "));
        let year_ok = d.year.is_none_or(|y| {
            use chrono::Datelike;
            meta.issued.is_some_and(|i| i.year() == y)
                || meta
                    .number
                    .as_ref()
                    .and_then(DocNumber::year)
                    .map(i32::from)
                    == Some(y)
        });
        return named && year_ok;
    }
    if let Some(serial) = &d.serial {
        let trim = |s: &str| s.trim_start_matches('0').to_string();
        return types_agree(d.doc_type, meta.doc_type)
            && meta
                .number
                .as_ref()
                .is_some_and(|n| trim(n.serial()) == trim(serial));
    }
    false
}

/// Whether a stated type agrees with a document's (either unknown agrees).
pub(crate) fn types_agree(said: Option<DocType>, have: Option<DocType>) -> bool {
    match (said, have) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}
