//! Relations a document states with other documents, read from its own text: what it amends,
//! repeals, replaces or ends, which units of the other document, and from when.
//!
//! Two shapes of sentence carry them in Vietnamese legislation:
//! - an order opening a clause or article: "Bãi bỏ khoản 9 Điều 3, … và Chương IV của Luật
//!   …", "Sửa đổi khoản 2 Điều 16 của Nghị định số 165/2025/NĐ-CP … như sau: “…”", "Thay thế
//!   …"; the targets are the references that follow the verb, up to the first that names its
//!   document;
//! - a statement of expiry: "Nghị định số 13/2023/NĐ-CP … hết hiệu lực kể từ ngày Nghị định
//!   này có hiệu lực thi hành"; the targets are the documents named before "hết hiệu lực".
//!
//! A verb in the middle of a sentence is a rule or a description, not a relation ("Văn bản …
//! phải được sửa đổi, thay thế bằng …"; "Nghị định số 09/2010/NĐ-CP … sửa đổi, bổ sung một số
//! điều của Nghị định số 110/2004/NĐ-CP" naming a target). Targets are kept as written; a
//! resolver matches them to documents.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::date::find_dates;
use crate::doctype::DocType;
use crate::model::{Document, Unit, UnitKind};
use crate::reference::{DocRef, Locator, Reference, Step, extract};

mod targets;

use targets::{inserted, labels, ordered_targets};

/// What a document does to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// "sửa đổi", "bổ sung", "sửa đổi, bổ sung".
    Amends,
    /// "bãi bỏ".
    Repeals,
    /// "thay thế".
    Replaces,
    /// "… hết hiệu lực": the other document ends.
    Ends,
    /// "Các điều 11, 28 và 29 của Luật này có hiệu lực thi hành từ …": units of the document
    /// itself that enter into force on a date of their own.
    EntersIntoForce,
    /// "Nghị định này quy định chi tiết khoản 2 Điều 2; … Luật …", "… hướng dẫn thi hành …":
    /// the document details or guides the other (it changes nothing in it).
    Guides,
    /// "Căn cứ Luật …;" in the preamble: the other document is its legal basis.
    BasedOn,
}

impl RelationKind {
    /// Whether it changes the other document's text or validity.
    pub fn changes(self) -> bool {
        !matches!(self, RelationKind::Guides | RelationKind::BasedOn)
    }
}

impl RelationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::Amends => "amends",
            RelationKind::Repeals => "repeals",
            RelationKind::Replaces => "replaces",
            RelationKind::Ends => "ends",
            RelationKind::EntersIntoForce => "enters_into_force",
            RelationKind::Guides => "guides",
            RelationKind::BasedOn => "based_on",
        }
    }
}

/// From when a relation takes effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "date")]
pub enum Effective {
    /// A date the text gives ("từ ngày 01 tháng 01 năm 2026").
    On(NaiveDate),
    /// When the stating document enters into force ("kể từ ngày Nghị định này có hiệu lực",
    /// or nothing said).
    WithThisDocument,
    /// When another document enters into force ("kể từ ngày Luật Đất đai số 31/2024/QH15 có
    /// hiệu lực thi hành").
    WithDocument(DocRef),
}

/// One relation, as the text states it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub kind: RelationKind,
    /// The unit of this document that states it.
    pub unit_id: String,
    pub unit_citation: String,
    /// The other document as written (number, name, date, issuer).
    pub document: DocRef,
    /// The units of the other document concerned, innermost first ("khoản 9 Điều 3"); empty
    /// for the whole document.
    pub units: Vec<String>,
    pub effective: Effective,
    /// The new wording of an amended unit, when the text quotes it (“…”).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wording: Option<String>,
}

/// Orders that open a sentence, longest first.
const ORDERS: &[(&str, RelationKind)] = &[
    ("sửa đổi, bổ sung", RelationKind::Amends),
    ("sửa đổi", RelationKind::Amends),
    ("bổ sung", RelationKind::Amends),
    ("bãi bỏ", RelationKind::Repeals),
    ("thay thế", RelationKind::Replaces),
];

const EXPIRES: &str = "hết hiệu lực";

const IN_FORCE: &str = "có hiệu lực";

/// What a document says when it details or guides another.
const GUIDES: &[&str] = &[
    "quy định chi tiết",
    "hướng dẫn thi hành",
    "hướng dẫn chi tiết",
];

/// "Luật này có hiệu lực thi hành kể từ ngày Luật Đất đai số 31/2024/QH15 có hiệu lực thi
/// hành": the document enters into force with another, named after "kể từ ngày".
fn in_force_with_another(unit: &Unit, sentence: &str) -> Option<Relation> {
    let first = find_ignoring_case(sentence, IN_FORCE)?;
    let subject = extract(&sentence[..first]);
    let this = subject.iter().find_map(|r| {
        r.document
            .as_ref()
            .filter(|d| d.relative && r.locators.is_empty())
    })?;
    let from = first + find_ignoring_case(&sentence[first..], "từ ngày")?;
    let after = &sentence[from..];
    let second = find_ignoring_case(after, IN_FORCE)?;
    let other = extract(&after[..second])
        .into_iter()
        .find_map(|r| r.document.filter(|d| !d.relative && d.number.is_some()))?;
    Some(Relation {
        kind: RelationKind::EntersIntoForce,
        unit_id: unit.id.clone(),
        unit_citation: unit.citation.clone(),
        document: this.clone(),
        units: Vec::new(),
        effective: Effective::WithDocument(other),
        wording: None,
    })
}

/// "Ban hành kèm theo Nghị quyết này việc sửa đổi, bổ sung cập nhật Chương trình hành động
/// của Chính phủ thực hiện Nghị quyết số 57-NQ/TW … (sau đây gọi tắt là Chương trình hành
/// động)": the document issues a new version of a programme another one issued, named by its
/// title; the sections it carries replace those of the old. The target is the programme's
/// title (type `programme`); the units are filled in from the attachment by [`relations`].
fn programme_update(unit: &Unit, sentence: &str) -> Option<Relation> {
    let lead = find_ignoring_case(sentence, "ban hành kèm theo")?;
    let change = lead + find_ignoring_case(&sentence[lead..], "sửa đổi, bổ sung")?;
    let title_at = change + find_ignoring_case(&sentence[change..], "chương trình ")?;
    let title = &sentence[title_at + "chương trình ".len()..];
    let end = [
        title.find(" (sau đây"),
        title.find(" ngày "),
        title.find('.'),
    ]
    .into_iter()
    .flatten()
    .min()
    .unwrap_or(title.len());
    let name = title[..end].trim().trim_end_matches([',', ';']).to_string();
    (!name.is_empty()).then(|| Relation {
        kind: RelationKind::Amends,
        unit_id: unit.id.clone(),
        unit_citation: unit.citation.clone(),
        document: DocRef {
            doc_type: Some(DocType::Programme),
            name: Some(name),
            ..DocRef::default()
        },
        units: Vec::new(),
        effective: Effective::WithThisDocument,
        wording: None,
    })
}

/// The parts of a programme issued with `doc` that a programme update carries: each section
/// of its attachment, or where the copy holds only some items of a section (a section with
/// no heading of its own), those items.
fn programme_parts(doc: &Document) -> Vec<String> {
    let step = |u: &Unit| Step {
        kind: u.kind,
        num: u.num.clone().unwrap_or_default(),
    };
    let mut out = Vec::new();
    for att in doc.units.iter().filter(|u| u.kind == UnitKind::Attachment) {
        for sec in att.children.iter().filter(|u| u.num.is_some()) {
            let whole = sec.heading.as_deref().is_some_and(|h| !h.trim().is_empty());
            if whole || sec.children.is_empty() {
                out.push(
                    Locator {
                        steps: vec![step(sec)],
                    }
                    .label(),
                );
                continue;
            }
            for item in sec.children.iter().filter(|u| u.num.is_some()) {
                out.push(
                    Locator {
                        steps: vec![step(sec), step(item)],
                    }
                    .label(),
                );
            }
        }
    }
    out
}

/// "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;": every document the basis names by
/// number or name. In "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật A và Luật B" the
/// basis is the amending law, named only by its title: A and B are not taken.
fn based_on(unit: &Unit, sentence: &str, out: &mut Vec<Relation>) {
    let end = find_ignoring_case(sentence, "sửa đổi, bổ sung").unwrap_or(sentence.len());
    let mut seen: Vec<String> = Vec::new();
    for r in extract(sentence) {
        if r.bytes.start >= end {
            break;
        }
        let Some(d) = r
            .document
            .as_ref()
            .filter(|d| !d.relative && d.identifies())
        else {
            continue;
        };
        let key = d.to_string();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(Relation {
            kind: RelationKind::BasedOn,
            unit_id: unit.id.clone(),
            unit_citation: unit.citation.clone(),
            document: d.clone(),
            units: labels(&r),
            effective: Effective::WithThisDocument,
            wording: None,
        });
    }
}

/// Every relation the document states, in document order. Texts issued with it (a
/// programme, an appendix) are left out: their "Sửa đổi, bổ sung Luật …" is a task to do, not
/// a change made.
pub fn relations(doc: &Document) -> Vec<Relation> {
    // `opened`: the document an order above names for the orders below it ("Sửa đổi, bổ sung
    // một số điều của Luật … như sau: a) Sửa đổi khoản 1 Điều 67 …; b) Bãi bỏ khoản 1 Điều 71.").
    fn visit(unit: &Unit, opened: Option<&DocRef>, out: &mut Vec<Relation>) {
        if matches!(unit.kind, UnitKind::Attachment | UnitKind::Appendix) {
            return;
        }
        let mut opened = opened.cloned();
        for sentence in sentences(&unit.text) {
            // The quoted new wording may follow on the next lines of the unit.
            let at = sentence.as_ptr() as usize - unit.text.as_ptr() as usize;
            if let Some(d) = read_sentence(unit, sentence, &unit.text[at..], opened.as_ref(), out) {
                opened = Some(d);
            }
        }
        for child in &unit.children {
            visit(child, opened.as_ref(), out);
        }
    }
    let mut out = Vec::new();
    for unit in &doc.units {
        visit(unit, None, &mut out);
    }
    // A programme update names its target by title; what it changes is what it carries.
    let parts = programme_parts(doc);
    for r in &mut out {
        if r.document.doc_type == Some(DocType::Programme) && r.units.is_empty() {
            r.units = parts.clone();
        }
    }
    out
}

/// A unit's own text cut at sentence ends (". " or a line break); a quotation (“…”) stays
/// with the sentence that introduces it.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            '\n' if !quoted => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            '.' if !quoted && chars.peek().is_some_and(|(_, n)| n.is_whitespace()) => {
                out.push(&text[start..=i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out.into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether `needle` (lower case) stands at byte `i` of `text`, case ignored.
fn at_ignoring_case(text: &str, i: usize, needle: &[char]) -> bool {
    text[i..]
        .chars()
        .flat_map(char::to_lowercase)
        .take(needle.len())
        .eq(needle.iter().copied())
}

/// The byte offset in `text` where `needle` (lower case) starts, case ignored. The offset is
/// one of `text`'s own char boundaries (a lower-cased copy may differ in length).
fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    let wanted: Vec<char> = needle.chars().collect();
    text.char_indices()
        .map(|(i, _)| i)
        .find(|&i| at_ignoring_case(text, i, &wanted))
}

fn starts_ignoring_case(text: &str, prefix: &str) -> bool {
    at_ignoring_case(text, 0, &prefix.chars().collect::<Vec<_>>())
}

/// Reads the relations a sentence states into `out`. Returns the document it names for the
/// orders in the units below it, when it is an order on a whole document that goes on
/// below ("… một số điều của Luật … như sau:"); `opened` is the one named above it.
fn read_sentence(
    unit: &Unit,
    sentence: &str,
    rest: &str,
    opened: Option<&DocRef>,
    out: &mut Vec<Relation>,
) -> Option<DocRef> {
    let effective = effective(sentence);
    if let Some(r) = programme_update(unit, sentence) {
        out.push(r);
        return None;
    }
    if let Some((_, kind)) = ORDERS
        .iter()
        .find(|(verb, _)| starts_ignoring_case(sentence, verb))
    {
        let refs = extract(sentence);
        let heading = unit.heading.as_deref().map(extract).unwrap_or_default();
        let mut targets = ordered_targets(&refs, &heading);
        if targets.is_empty()
            && let Some(document) = opened
        {
            // "b) Bãi bỏ khoản 1 Điều 71.": units of the document named above.
            targets = refs
                .iter()
                .filter(|r| r.document.is_none())
                .flat_map(labels)
                .map(|u| (document.clone(), vec![u]))
                .collect();
        }
        let goes_on = sentence.trim_end().to_lowercase().ends_with("như sau:");
        let opens = match targets.as_slice() {
            [(document, units)] if units.is_empty() && goes_on => Some(document.clone()),
            _ => None,
        };
        if *kind == RelationKind::Amends
            && let Some(at) = find_ignoring_case(sentence, "vào sau")
        {
            targets = inserted(&sentence[..at], &targets);
        }
        for (document, units) in targets {
            out.push(Relation {
                kind: *kind,
                unit_id: unit.id.clone(),
                unit_citation: unit.citation.clone(),
                document,
                units,
                effective: effective.clone(),
                wording: wording(sentence, rest)
                    .filter(|_| *kind == RelationKind::Amends && opens.is_none()),
            });
        }
        return opens;
    }
    if starts_ignoring_case(sentence, "căn cứ") {
        based_on(unit, sentence, out);
        return None;
    }
    if let Some(at) = GUIDES.iter().find_map(|g| find_ignoring_case(sentence, g)) {
        // Only what this document does: "Nghị định này quy định chi tiết …", "Chính phủ ban
        // hành Nghị định quy định chi tiết …"; "Chính phủ quy định chi tiết Điều này" is a
        // delegation, and names no other document.
        let subject = &sentence[..at];
        if find_ignoring_case(subject, "này").is_some()
            || find_ignoring_case(subject, "ban hành").is_some()
        {
            let refs = extract(&sentence[at..]);
            for (document, units) in ordered_targets(&refs, &[]) {
                out.push(Relation {
                    kind: RelationKind::Guides,
                    unit_id: unit.id.clone(),
                    unit_citation: unit.citation.clone(),
                    document,
                    units,
                    effective: Effective::WithThisDocument,
                    wording: None,
                });
            }
            return None;
        }
    }
    if let Some(r) = in_force_with_another(unit, sentence) {
        out.push(r);
        return None;
    }
    if let (Some(at), Effective::On(_)) = (find_ignoring_case(sentence, IN_FORCE), &effective) {
        // Units of this document with an entry into force of their own.
        let refs = extract(&sentence[..at]);
        let own: Vec<&Reference> = refs
            .iter()
            .filter(|r| r.document.as_ref().is_some_and(|d| d.relative) && !r.locators.is_empty())
            .collect();
        if let Some(first) = own.first() {
            out.push(Relation {
                kind: RelationKind::EntersIntoForce,
                unit_id: unit.id.clone(),
                unit_citation: unit.citation.clone(),
                document: first.document.clone().unwrap_or_default(),
                units: own.iter().flat_map(|r| labels(r)).collect(),
                effective: effective.clone(),
                wording: None,
            });
            return None;
        }
    }
    let at = find_ignoring_case(sentence, EXPIRES)?;
    let before = &sentence[..at];
    let amenders = amenders(before);
    let mut seen: Vec<String> = Vec::new();
    for r in extract(before) {
        if amenders
            .as_ref()
            .is_some_and(|span| span.contains(&r.bytes.start))
        {
            continue;
        }
        let Some(d) = r
            .document
            .as_ref()
            .filter(|d| !d.relative && d.number.is_some())
        else {
            continue;
        };
        let key = d
            .number
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(Relation {
            kind: RelationKind::Ends,
            unit_id: unit.id.clone(),
            unit_citation: unit.citation.clone(),
            document: d.clone(),
            units: labels(&r),
            effective: effective.clone(),
            wording: None,
        });
    }
    None
}

/// Where a statement of expiry describes how the ending document was amended before: "Luật
/// … số 21/2008/QH12 được sửa đổi, bổ sung một số điều theo Luật số 32/2013/QH13, … và Luật
/// số 93/2025/QH15 (sau đây gọi là …) hết hiệu lực". The amending laws named after "theo",
/// up to the parenthesis, do not end; the byte range they stand in.
fn amenders(before: &str) -> Option<std::ops::Range<usize>> {
    let passive = find_ignoring_case(before, "được sửa đổi")?;
    let from = passive + find_ignoring_case(&before[passive..], " theo ")?;
    let to = before[from..].find('(').map_or(before.len(), |i| from + i);
    Some(from..to)
}

/// "từ ngày 01 tháng 3 năm 2026" in the sentence, else with this document.
fn effective(sentence: &str) -> Effective {
    let Some(at) = find_ignoring_case(sentence, "từ ngày") else {
        return Effective::WithThisDocument;
    };
    find_dates(&sentence[at..])
        .first()
        .filter(|d| d.start <= 12)
        .map_or(Effective::WithThisDocument, |d| Effective::On(d.date))
}

/// The quoted new wording after "như sau:", in the sentence or in the lines of the unit that
/// follow it, or the new phrase of "cụm từ “A” thành “B”".
fn wording(sentence: &str, rest: &str) -> Option<String> {
    let lower = sentence.trim_end().to_lowercase();
    let text = if sentence.contains('“') {
        sentence
    } else if lower.ends_with("như sau:") {
        rest
    } else {
        return None;
    };
    // "Sửa đổi cụm từ “A” thành “B”": the new wording is B.
    let from = find_ignoring_case(text, "thành “").unwrap_or(0);
    let open = from + text[from..].find('“')? + '“'.len_utf8();
    let close = open + text[open..].find('”')?;
    Some(text[open..close].trim().to_string())
}

#[cfg(test)]
mod tests;
