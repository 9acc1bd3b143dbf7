//! The document model: a [`Document`] with its identity and a tree of citable [`Unit`]s.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::doctype::DocType;
use crate::number::DocNumber;

/// Kinds of structural units, for both families of documents.
///
/// Laws and decrees: Part › Chapter › Section › Subsection › Article › Clause › Point.
/// Party resolutions and Government programmes: Section (roman "I-", "II.") › Item ("1.",
/// "2.1") › Point ("a)") › Bullet ("- "). Attachments (a programme issued with a resolution),
/// appendices with their forms and table rows, the preamble and the closing block complete it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Preamble,
    Part,
    Chapter,
    Section,
    Subsection,
    Article,
    Clause,
    Point,
    Item,
    Bullet,
    Attachment,
    Appendix,
    Form,
    Row,
    Closing,
}

impl UnitKind {
    /// Every kind, in the order a document nests them.
    pub const ALL: &[UnitKind] = &[
        UnitKind::Preamble,
        UnitKind::Part,
        UnitKind::Chapter,
        UnitKind::Section,
        UnitKind::Subsection,
        UnitKind::Article,
        UnitKind::Clause,
        UnitKind::Point,
        UnitKind::Item,
        UnitKind::Bullet,
        UnitKind::Attachment,
        UnitKind::Appendix,
        UnitKind::Form,
        UnitKind::Row,
        UnitKind::Closing,
    ];

    /// An article or a part of one (clause, point, item, bullet), or a table row: one
    /// provision, against the chapters, sections and appendices that group them.
    pub fn within_article(self) -> bool {
        matches!(
            self,
            UnitKind::Article
                | UnitKind::Clause
                | UnitKind::Point
                | UnitKind::Item
                | UnitKind::Bullet
                | UnitKind::Row
        )
    }

    /// The Vietnamese word a citation uses ("khoản", "Điều", "Mục").
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Preamble => "phần mở đầu",
            UnitKind::Part => "Phần",
            UnitKind::Chapter => "Chương",
            UnitKind::Section => "Mục",
            UnitKind::Subsection => "Tiểu mục",
            UnitKind::Article => "Điều",
            UnitKind::Clause => "khoản",
            UnitKind::Point => "điểm",
            UnitKind::Item => "tiểu mục",
            UnitKind::Bullet => "gạch đầu dòng thứ",
            UnitKind::Attachment => "văn bản kèm theo",
            UnitKind::Appendix => "Phụ lục",
            UnitKind::Form => "Mẫu số",
            UnitKind::Row => "STT",
            UnitKind::Closing => "phần kết",
        }
    }

    /// Short code used in unit ids ("art", "cl", "pt").
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Preamble => "preamble",
            UnitKind::Part => "part",
            UnitKind::Chapter => "ch",
            UnitKind::Section => "sec",
            UnitKind::Subsection => "subsec",
            UnitKind::Article => "art",
            UnitKind::Clause => "cl",
            UnitKind::Point => "pt",
            UnitKind::Item => "it",
            UnitKind::Bullet => "b",
            UnitKind::Attachment => "att",
            UnitKind::Appendix => "app",
            UnitKind::Form => "form",
            UnitKind::Row => "row",
            UnitKind::Closing => "closing",
        }
    }

    /// Kinds that group articles: an article is cited without them ("Điều 9", not "Điều 9
    /// Chương II").
    pub fn groups_articles(self) -> bool {
        matches!(
            self,
            UnitKind::Part | UnitKind::Chapter | UnitKind::Section | UnitKind::Subsection
        )
    }
}

impl fmt::Display for UnitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A half-open range `[start, end)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// One citable unit of a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// Stable id: the document id and the unit's path ("…:art9.cl1.pta"). The same text
    /// gives the same id on every run.
    pub id: String,
    pub kind: UnitKind,
    /// The number as written: "9", "a", "đ", "III", "2.1", "01a". None for preamble/closing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// The unit's title ("Phạm vi điều chỉnh", "NHIỆM VỤ, GIẢI PHÁP").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// The unit's own text: after its marker and heading, before its first child, without
    /// editorial annotations.
    pub text: String,
    /// Human citation in Vietnamese order: "điểm a khoản 1 Điều 9 Luật … số 134/2025/QH15".
    pub citation: String,
    /// Character offsets of the whole unit (its children included) in the document body.
    pub span: Span,
    /// Character offsets of the unit's own segment (marker, heading and own text).
    pub own: Span,
    /// Byte offsets matching `span`, for slicing `Document::body` in Rust.
    #[serde(skip)]
    pub bytes: Span,
    /// Byte offsets matching `own`.
    #[serde(skip)]
    pub own_bytes: Span,
    /// Editorial annotations kept out of the text (e.g. the Bộ pháp điển id of an article).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Unit>,
}

impl Unit {
    /// This unit and all its descendants, depth first, in document order.
    pub fn walk(&self) -> Box<dyn Iterator<Item = &Unit> + '_> {
        Box::new(std::iter::once(self).chain(self.children.iter().flat_map(|c| c.walk())))
    }
}

/// Who may see a document.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Classification {
    #[default]
    Public,
    Internal,
    Restricted,
}

impl Classification {
    /// The word used in payloads, configuration and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Public => "public",
            Classification::Internal => "internal",
            Classification::Restricted => "restricted",
        }
    }
}

/// How much of the real document our copy holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Completeness {
    /// The whole text: a unit we do not have does not exist.
    #[default]
    Complete,
    /// Only parts: a unit we do not have may still exist in the real document.
    Partial {
        /// What the copy holds, in words.
        holds: String,
    },
}

impl Completeness {
    pub fn is_complete(&self) -> bool {
        matches!(self, Completeness::Complete)
    }
}

/// A document's identity and metadata.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<DocNumber>,
    pub doc_type: Option<DocType>,
    /// Issuing body in its usual spelling: "Chính phủ", "Quốc hội", "Bộ Chính trị".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Title (trích yếu): for laws the subject ("Trí tuệ nhân tạo"), otherwise the summary line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<NaiveDate>,
    /// Where this copy of the text comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default)]
    pub completeness: Completeness,
    /// Changes to the document the corpus holds no text for, curated with their source (a
    /// later law postponing its entry into force, a decree ending it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<CuratedEvent>,
}

/// A change to a document recorded in the manifest rather than read from a text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CuratedEvent {
    /// `enters_into_force` (a new entry into force for the document), `ends`, `repeals`,
    /// `replaces` or `amends`, as the relation kinds.
    pub kind: String,
    pub date: NaiveDate,
    /// The provision that did it, as written: "Điều 1 Luật số 90/2025/QH15".
    pub by: String,
    /// Where this is stated (an official gazette page, a portal).
    pub source: String,
}

impl CuratedEvent {
    /// The kinds a manifest may name.
    pub const KINDS: &[&str] = &["enters_into_force", "ends", "repeals", "replaces", "amends"];
}

impl DocumentMeta {
    /// The document's name as a citation ends: "Luật Trí tuệ nhân tạo số 134/2025/QH15",
    /// "Nghị định số 13/2023/NĐ-CP", "Nghị quyết số 57-NQ/TW".
    pub fn citation_name(&self) -> String {
        let type_name = self.doc_type.map(DocType::name).unwrap_or("Văn bản");
        let named = self.doc_type.is_some_and(DocType::is_named);
        match (&self.number, named, &self.title) {
            (Some(n), true, Some(t)) => format!("{type_name} {t} số {n}"),
            (Some(n), _, _) => format!("{type_name} số {n}"),
            (None, _, Some(t)) => format!("{type_name} {t}"),
            (None, _, None) => type_name.to_string(),
        }
    }

    /// The document id: number and issue date ("13-2023-nd-cp_20230417"). A number alone is
    /// ambiguous (71/NQ-CP of 2010 and of 2025), so the date is part of it.
    pub fn document_id(&self) -> String {
        let base = match (&self.number, &self.title) {
            (Some(n), _) => n.slug(),
            (None, Some(t)) => slug(t),
            (None, None) => "untitled".to_string(),
        };
        match self.issued {
            Some(d) => format!("{base}_{}", d.format("%Y%m%d")),
            None => base,
        }
    }
}

/// ASCII slug of free text: "Luật Trí tuệ" → "luat-tri-tue".
pub fn slug(text: &str) -> String {
    let plain = crate::normalize::strip_marks(text).to_lowercase();
    let words: Vec<&str> = plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    if words.is_empty() {
        "untitled".to_string()
    } else {
        words.join("-")
    }
}

/// A parsed document: identity, normalised body text and unit tree.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    #[serde(flatten)]
    pub meta: DocumentMeta,
    /// The normalised text all offsets refer to.
    pub body: String,
    pub units: Vec<Unit>,
    /// Things the parser noticed and worked around (skipped numbering, a line it could not
    /// place). Empty for a clean text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Document {
    /// Every unit, depth first, in document order.
    pub fn walk(&self) -> impl Iterator<Item = &Unit> {
        self.units.iter().flat_map(|u| u.walk())
    }

    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.walk().find(|u| u.id == id)
    }

    /// The text of a unit's whole span (children included).
    pub fn full_text(&self, unit: &Unit) -> &str {
        &self.body[unit.bytes.start..unit.bytes.end]
    }

    /// Number of units of each kind.
    pub fn counts(&self) -> std::collections::BTreeMap<UnitKind, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for u in self.walk() {
            *counts.entry(u.kind).or_insert(0) += 1;
        }
        counts
    }

    /// Top-level units of the body of the document (attachments and appendices excluded).
    pub fn articles(&self) -> Vec<&Unit> {
        let mut out = Vec::new();
        for u in &self.units {
            if matches!(u.kind, UnitKind::Attachment | UnitKind::Appendix) {
                continue;
            }
            out.extend(u.walk().filter(|u| u.kind == UnitKind::Article));
        }
        out
    }
}
