//! What the index stores for each unit and each document: the payload of a Qdrant point.
//!
//! Every parsed unit becomes one point; every document also gets one point of its own (its
//! name and metadata) that doubles as the manifest entry: it is written last, so a document
//! whose record is present and current was indexed completely.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use lexcite_core::Classification;
use lexcite_core::relation::{Relation, relations};
use lexcite_core::{Document, Unit, UnitKind};

use crate::vocabulary::Vocabulary;

/// Bumped whenever what is embedded or stored for a unit changes: every point is rewritten.
pub const INDEX_VERSION: u32 = 2;

/// Longest text given to the embedding model, in characters (about 350 tokens of Vietnamese
/// legal text). A unit's opening says what it is about; the model's cost grows with length
/// and it reads 512 tokens at most. BM25 always gets the whole text.
pub const MAX_EMBED_CHARS: usize = 1200;

/// Unit points and document points live in one collection; this tells them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Unit,
    Document,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Unit => "unit",
            RecordKind::Document => "document",
        }
    }
}

/// The payload of one point. Field names are the payload keys filters use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Unit id ("57-nq-tw_20241222:sec2"), or the document id for a document record.
    pub id: String,
    pub record: RecordKind,
    pub document_id: String,
    /// Document number as written canonically ("13/2023/NĐ-CP").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Document type code ("law", "decree", "resolution").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Issue date as the integer YYYYMMDD, for range filters on every backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<i64>,
    /// The document's title (trích yếu).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub classification: Classification,
    /// Unit kind; absent on document records.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<UnitKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// "điểm a khoản 1 Điều 9 Luật … số 134/2025/QH15", or the document's name.
    pub citation: String,
    /// The unit's whole text, children included; the document's name for a document record.
    /// Empty when read without texts ([`crate::Store::scan_outline`]).
    #[serde(default)]
    pub text: String,
    /// Id of the enclosing unit, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Order of the unit in its document (depth-first), from 0.
    pub position: u32,
    /// Character offsets of the unit in the document body.
    pub start: usize,
    pub end: usize,
    /// Hash of everything stored and embedded for this point: equal means nothing to write.
    pub fingerprint: String,
    /// Document records only: the document's full metadata as JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Value>,
    /// Document records only: how many unit records it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<usize>,
    /// Document records only: what the document amends, repeals, replaces or ends.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Relation>,
    /// Document records only: how common each word is in the document's units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<Vocabulary>,
}

impl Record {
    /// A unit record of `document_id` with nothing else known yet: the fields a caller
    /// fills in start empty.
    pub fn unit(id: String, document_id: String, classification: Classification) -> Record {
        Record {
            id,
            record: RecordKind::Unit,
            document_id,
            number: None,
            doc_type: None,
            issuer: None,
            issued: None,
            title: None,
            classification,
            kind: None,
            num: None,
            heading: None,
            citation: String::new(),
            text: String::new(),
            parent: None,
            position: 0,
            start: 0,
            end: 0,
            fingerprint: String::new(),
            meta: None,
            units: None,
            relations: Vec::new(),
            vocabulary: None,
        }
    }

    /// The issue date back as a date.
    pub fn issued_date(&self) -> Option<NaiveDate> {
        self.issued.and_then(date_from_int)
    }
}

/// The vocabulary of one document's unit records: the texts of those no other record is
/// inside of, and every heading.
pub fn vocabulary_of<'a, I>(records: I) -> Vocabulary
where
    I: IntoIterator<Item = &'a Record>,
    I::IntoIter: Clone,
{
    let records = records.into_iter();
    let parents: std::collections::HashSet<&str> = records
        .clone()
        .filter_map(|r| r.parent.as_deref())
        .collect();
    Vocabulary::count(records.map(|r| {
        (
            r.text.as_str(),
            !parents.contains(r.id.as_str()),
            r.heading.as_deref(),
        )
    }))
}

/// YYYYMMDD as an integer.
pub fn date_to_int(d: NaiveDate) -> i64 {
    use chrono::Datelike;
    i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
}

pub fn date_from_int(v: i64) -> Option<NaiveDate> {
    let year = i32::try_from(v / 10_000).ok()?;
    NaiveDate::from_ymd_opt(
        year,
        u32::try_from(v / 100 % 100).ok()?,
        u32::try_from(v % 100).ok()?,
    )
}

/// One record with the texts its vectors are made from.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub record: Record,
    /// Given to the embedding model as a passage.
    pub dense_text: String,
    /// Given to BM25.
    pub sparse_text: String,
}

fn cut(text: &str, max_chars: usize) -> &str {
    match text.char_indices().nth(max_chars) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// Whether a unit gets a record: every unit with some text, its children's included.
fn is_indexed(doc: &Document, unit: &Unit) -> bool {
    !doc.full_text(unit).trim().is_empty()
}

/// How many records [`prepare`] makes for a document, without making them.
pub fn record_count(doc: &Document) -> usize {
    doc.walk().filter(|u| is_indexed(doc, u)).count() + 1
}

/// The records of a document, units first in document order, the document record last.
/// `model` names the embedding model so that a new model rewrites every point.
pub fn prepare(doc: &Document, classification: Classification, model: &str) -> Vec<Prepared> {
    let meta = &doc.meta;
    let name = meta.citation_name();
    let base = Record {
        number: meta.number.as_ref().map(ToString::to_string),
        doc_type: meta
            .doc_type
            .and_then(|t| serde_json::to_value(t).ok())
            .and_then(|v| v.as_str().map(str::to_string)),
        issuer: meta.issuer.clone(),
        issued: meta.issued.map(date_to_int),
        title: meta.title.clone(),
        ..Record::unit(String::new(), doc.id.clone(), classification)
    };
    let mut out = Vec::new();
    let mut position = 0u32;
    for top in &doc.units {
        let at = Place {
            parent: None,
            heading: None,
        };
        walk(doc, top, at, &base, &name, model, &mut position, &mut out);
    }
    let mut record = base.clone();
    record.id = doc.id.clone();
    record.record = RecordKind::Document;
    record.citation = name.clone();
    record.text = name.clone();
    record.position = position;
    record.end = doc.body.chars().count();
    record.meta = serde_json::to_value(meta).ok();
    record.units = Some(out.len());
    record.relations = relations(doc);
    record.vocabulary = Some(vocabulary_of(out.iter().map(|p| &p.record)));
    // The document record changes whenever any of its units does.
    let mut all = Sha256::new();
    for p in &out {
        all.update(p.record.fingerprint.as_bytes());
    }
    let units_hash = hex(&all.finalize());
    let dense_text = match &meta.title {
        Some(t) if !name.contains(t.as_str()) => format!("{name}: {t}"),
        _ => name.clone(),
    };
    out.push(finish(
        record,
        dense_text.clone(),
        dense_text,
        model,
        &units_hash,
    ));
    out
}

/// Where a unit sits: its parent's id and the heading of the nearest unit above it that has
/// one (a clause is read by the model under its article's heading).
#[derive(Clone, Copy)]
struct Place<'a> {
    parent: Option<&'a str>,
    heading: Option<&'a str>,
}

#[allow(clippy::too_many_arguments)]
fn walk(
    doc: &Document,
    unit: &Unit,
    at: Place<'_>,
    base: &Record,
    doc_name: &str,
    model: &str,
    position: &mut u32,
    out: &mut Vec<Prepared>,
) {
    if is_indexed(doc, unit) {
        let full = doc.full_text(unit).trim();
        let mut record = base.clone();
        record.id = unit.id.clone();
        record.kind = Some(unit.kind);
        record.num = unit.num.clone();
        record.heading = unit.heading.clone();
        record.citation = unit.citation.clone();
        record.text = full.to_string();
        record.parent = at.parent.map(str::to_string);
        record.position = *position;
        record.start = unit.span.start;
        record.end = unit.span.end;
        *position += 1;
        let dense_text = match (&unit.heading, at.heading) {
            (None, Some(above)) => format!("{doc_name}. {above}. {}", cut(full, MAX_EMBED_CHARS)),
            _ => format!("{doc_name}. {}", cut(full, MAX_EMBED_CHARS)),
        };
        let sparse_text = full.to_string();
        out.push(finish(record, dense_text, sparse_text, model, ""));
    }
    let below = Place {
        parent: Some(&unit.id),
        heading: unit.heading.as_deref().or(at.heading),
    };
    for child in &unit.children {
        walk(doc, child, below, base, doc_name, model, position, out);
    }
}

pub(crate) fn finish(
    mut record: Record,
    dense_text: String,
    sparse_text: String,
    model: &str,
    extra: &str,
) -> Prepared {
    let mut h = Sha256::new();
    h.update(INDEX_VERSION.to_le_bytes());
    h.update(model.as_bytes());
    h.update([0]);
    h.update(serde_json::to_vec(&record).unwrap_or_default());
    h.update([0]);
    h.update(dense_text.as_bytes());
    h.update([0]);
    h.update(sparse_text.as_bytes());
    h.update([0]);
    h.update(extra.as_bytes());
    record.fingerprint = hex(&h.finalize())[..32].to_string();
    Prepared {
        record,
        dense_text,
        sparse_text,
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The point id of a record id: a UUID made from its SHA-256, the same on every backend.
pub fn point_id(record_id: &str) -> uuid::Uuid {
    let digest = Sha256::digest(record_id.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}
