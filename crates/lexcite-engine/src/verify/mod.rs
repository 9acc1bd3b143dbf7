//! The citation verifier: every legal reference in a text, resolved against the catalog, with
//! one status each and never a silent pass.
//!
//! Resolution runs on the in-memory catalog; the store is read once per text, for the units
//! whose content a sentence makes a claim about ([`content`]). References that name no
//! document ("Điều 9", "Luật này", "Nghị định nêu trên") take the document the text was last
//! talking about.

mod claim;
pub mod content;
mod denial;
mod document;
mod explain;
mod facts;
mod find;
mod finding;
mod judge;
mod list;
mod polarity;
mod prepared;
mod reading;
pub mod report;
mod suggest;
pub mod time;

use std::ops::ControlFlow;

use lexcite_core::reference::{DocRef, Reference, extract};

use lexcite_index::Index;

use crate::access::Access;
use crate::catalog::{Catalog, CatalogDoc, StepMiss};
use crate::error::{EngineError, invalid};
use crate::identity::identity;
use crate::registry::Registry;
use crate::validity::Timeline;
pub use report::*;

use find::{Context, Known, Lookup, find_document, mismatches, trim_name};
use reading::Reading;

/// A reference resolved against the catalog, before its content is judged.
pub(crate) struct Resolved {
    pub checked: CheckedReference,
    pub reference: Reference,
    /// The document and the units, when everything was found.
    pub doc: Option<usize>,
    pub units: Vec<usize>,
}

/// Text judged per step: a long text's references are resolved, judged and handed on one
/// window (of whole sentences, see [`windows`]) at a time, so what is kept does not grow with
/// the text.
const WINDOW: usize = 64 * 1024;

/// Checks every reference of a text. See the module docs.
pub fn verify(
    index: &Index,
    known: (&Catalog, &Timeline),
    registry: Option<&Registry>,
    req: &VerifyRequest,
    access: Access,
) -> Result<VerifyReport, EngineError> {
    let mut references = Vec::new();
    let summary = verify_each(index, known, registry, req, access, &mut |r| {
        references.push(r);
        ControlFlow::Continue(())
    })?;
    Ok(VerifyReport {
        references,
        summary,
    })
}

/// [`verify`], handing each checked reference to `emit` in the order of the text as soon as
/// its window is judged, and returning the counts; `emit` may stop it early. The document a
/// reference names carries over to the next window, and the model's and the searches'
/// budgets are the text's, spent in the order of the text.
pub fn verify_each(
    index: &Index,
    (catalog, timeline): (&Catalog, &Timeline),
    registry: Option<&Registry>,
    req: &VerifyRequest,
    access: Access,
    emit: &mut dyn FnMut(CheckedReference) -> ControlFlow<()>,
) -> Result<Summary, EngineError> {
    // Read without invisible characters; offsets go back to the text as given.
    let reading = Reading::of(&req.text);
    if reading.text.trim().is_empty() {
        return Err(invalid("text", "must not be empty"));
    }
    // The text's own date, else the one asked for, else today.
    let date = time::dateline(&reading.text)
        .or(req.as_of)
        .unwrap_or_else(crate::validity::today);
    let mut ctx = Context::default();
    let mut carry = content::Carry::default();
    let mut summary = Summary::default();
    let mut given = Chars::new(&req.text);
    let mut chars_before = 0;
    for window in windows(&reading.text, WINDOW) {
        let resolved = resolve_in(catalog, registry, window, access, &mut ctx);
        let mut references = if req.check_content {
            content::judge_all(index, catalog, window, resolved, &mut carry)?
        } else {
            resolved.into_iter().map(|r| r.checked).collect()
        };
        time::judge((catalog, timeline), &mut references, date, access);
        for mut r in references {
            (r.start, r.end) = (r.start + chars_before, r.end + chars_before);
            if !reading.unchanged() {
                (r.start, r.end) = reading.original(r.start, r.end);
                r.text = given.slice(r.start, r.end).to_string();
            }
            summary.add(r.status);
            if emit(r).is_break() {
                return Ok(summary);
            }
        }
        chars_before += window.chars().count();
    }
    Ok(summary)
}

/// `text` cut where a sentence ends once at least `size` bytes are taken: after a line break,
/// or before a full stop (question or exclamation mark) followed by a space, so that the next
/// window still sees what stood before its first reference. No sentence, and so no claim,
/// is cut.
fn windows(text: &str, size: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // These are single bytes that never occur inside another character.
        let b = rest.as_bytes();
        let cut = (size..b.len())
            .find_map(|i| match b[i] {
                b'\n' => Some(i + 1),
                b'.' | b'!' | b'?' if b.get(i + 1).is_some_and(u8::is_ascii_whitespace) => Some(i),
                _ => None,
            })
            .unwrap_or(b.len());
        let (window, after) = rest.split_at(cut);
        rest = after;
        Some(window)
    })
}

/// Slices of a text by character offsets that only move forward (from the start otherwise).
struct Chars<'a> {
    text: &'a str,
    /// A character offset and its byte offset.
    at: (usize, usize),
}

impl<'a> Chars<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, at: (0, 0) }
    }

    fn byte(&mut self, char_at: usize) -> usize {
        if char_at < self.at.0 {
            self.at = (0, 0);
        }
        let (c, b) = self.at;
        let byte = self.text[b..]
            .char_indices()
            .nth(char_at - c)
            .map_or(self.text.len(), |(i, _)| b + i);
        self.at = (char_at, byte);
        byte
    }

    fn slice(&mut self, start: usize, end: usize) -> &'a str {
        let s = self.byte(start);
        let e = self.byte(end);
        &self.text[s..e]
    }
}

/// Every reference of `text` resolved and its claim judged; `about` is the document the text
/// is about, when the caller knows it (a generated sentence citing a passage).
pub(crate) fn check_all(
    index: &Index,
    catalog: &Catalog,
    registry: Option<&Registry>,
    text: &str,
    access: Access,
    about: Option<usize>,
) -> Result<Vec<CheckedReference>, EngineError> {
    let resolved = resolve_all(catalog, registry, text, access, about);
    content::judge_all(
        index,
        catalog,
        text,
        resolved,
        &mut content::Carry::default(),
    )
}

/// Resolves every reference of `text`; `about` is the document the text is about, when the
/// caller knows it (an answer quoting a unit).
pub(crate) fn resolve_all(
    catalog: &Catalog,
    registry: Option<&Registry>,
    text: &str,
    access: Access,
    about: Option<usize>,
) -> Vec<Resolved> {
    let mut ctx = Context::default();
    if let Some(d) = about {
        ctx.remember(catalog.docs[d].meta.doc_type, Known::Doc(d));
    }
    resolve_in(catalog, registry, text, access, &mut ctx)
}

/// Resolves every reference of `text` after what `ctx` says earlier text established.
fn resolve_in(
    catalog: &Catalog,
    registry: Option<&Registry>,
    text: &str,
    access: Access,
    ctx: &mut Context,
) -> Vec<Resolved> {
    extract(text)
        .into_iter()
        .map(|r| resolve(catalog, registry, text, r, access, ctx))
        .collect()
}

fn base(r: &Reference) -> CheckedReference {
    CheckedReference {
        text: r.text.clone(),
        start: r.span.start,
        end: r.span.end,
        status: Status::NotChecked,
        explanation: String::new(),
        document: None,
        document_from_context: false,
        units: Vec::new(),
        mismatches: Vec::new(),
        number: None,
        candidates: Vec::new(),
        claim: None,
        evidence: None,
        validity: None,
    }
}

/// A reference that resolved to no document: `status` and why, plus what `fill` adds.
fn unresolved(
    r: Reference,
    status: Status,
    explanation: String,
    fill: impl FnOnce(&mut CheckedReference),
) -> Resolved {
    let mut checked = base(&r);
    checked.status = status;
    checked.explanation = explanation;
    fill(&mut checked);
    Resolved {
        checked,
        reference: r,
        doc: None,
        units: Vec::new(),
    }
}

fn not_checked(r: Reference, explanation: String) -> Resolved {
    unresolved(r, Status::NotChecked, explanation, |_| {})
}

fn resolve(
    catalog: &Catalog,
    registry: Option<&Registry>,
    text: &str,
    mut r: Reference,
    access: Access,
    ctx: &mut Context,
) -> Resolved {
    if r.relative_unit {
        let e = format!(
            "“{}” chỉ điều, khoản chứa chính câu này; không xác định được từ văn bản đưa vào.",
            r.text
        );
        return not_checked(r, e);
    }
    let explicit = r.document.clone().filter(|d| !d.relative && d.identifies());
    let Some(d) = explicit else {
        // "Điều 9", "Luật này", "Điều 5 Nghị định": the document the text is about.
        let stated_type = r.document.as_ref().and_then(|d| d.doc_type);
        let known = match stated_type {
            Some(t) => ctx.by_type.get(&t).copied(),
            None => ctx.last,
        };
        return match known {
            Some(Known::Doc(i)) => {
                let doc = &catalog.docs[i];
                let mut out = units_of(catalog, i, r, &DocRef::default());
                out.checked.document_from_context = true;
                if out.checked.status == Status::Verified {
                    out.checked.explanation =
                        format!("Khớp với {} (văn bản được nhắc trước đó).", cite(doc, &out));
                }
                out
            }
            Some(Known::Unknown) => {
                let e = "Văn bản được nhắc trước đó không kiểm tra được, nên tham chiếu này cũng không kiểm tra được.".to_string();
                not_checked(r, e)
            }
            None => {
                let e = "Tham chiếu không nêu văn bản nào và đoạn văn trước đó cũng chưa nhắc văn bản nào.".to_string();
                not_checked(r, e)
            }
        };
    };
    let found = find_document(catalog, registry, &d, access, ctx);
    let i = match found {
        Lookup::Found(i) => i,
        Lookup::NotFound {
            explanation,
            number,
        } => {
            ctx.remember(d.doc_type, Known::Unknown);
            return unresolved(r, Status::DocumentNotFound, explanation, |c| {
                c.number = number
            });
        }
        Lookup::Ambiguous {
            explanation,
            candidates,
        } => {
            ctx.remember(d.doc_type, Known::Unknown);
            return unresolved(r, Status::Ambiguous, explanation, |c| {
                c.candidates = candidates
            });
        }
    };
    let doc = &catalog.docs[i];
    ctx.remember(doc.meta.doc_type.or(d.doc_type), Known::Doc(i));
    if let Some(n) = &doc.meta.number {
        ctx.by_number.insert(n.key(), i);
    }
    trim_name(text, &mut r, doc);
    units_of(catalog, i, r, &d)
}

/// Checks what the reference states about document `i`, then follows its unit paths.
fn units_of(catalog: &Catalog, i: usize, r: Reference, d: &DocRef) -> Resolved {
    let doc = &catalog.docs[i];
    let mut checked = base(&r);
    checked.document = Some(identity(doc));
    checked.mismatches = mismatches(d, doc);
    let mut missing = Vec::new();
    let mut ambiguous = Vec::new();
    let mut units = Vec::new();
    for loc in &r.locators {
        match catalog.follow(doc, &loc.steps, d.attachment) {
            Ok(u) => {
                units.push(u);
                checked.units.push(CheckedUnit {
                    label: loc.label(),
                    found: true,
                    unit_id: Some(doc.units[u].id.clone()),
                    citation: Some(doc.units[u].citation.clone()),
                    exists: None,
                });
            }
            Err(StepMiss::Missing { step, within, have }) => {
                let phrase = match have.strip_prefix("no ") {
                    Some(kind) => format!("không có {kind} nào"),
                    None => format!("chỉ có {have}"),
                };
                missing.push(if within == doc.name {
                    format!("{} ({phrase})", step.label())
                } else {
                    format!("{} (trong {within} {phrase})", step.label())
                });
                checked.units.push(CheckedUnit {
                    label: loc.label(),
                    found: false,
                    unit_id: None,
                    citation: None,
                    exists: Some(have),
                });
            }
            Err(StepMiss::Ambiguous { step, candidates }) => {
                ambiguous.push(step.label());
                checked.candidates.extend(candidates);
                checked.units.push(CheckedUnit {
                    label: loc.label(),
                    found: false,
                    unit_id: None,
                    citation: None,
                    exists: None,
                });
            }
        }
    }
    let (status, explanation) = if let Some(m) = checked.mismatches.first() {
        (
            Status::MetadataMismatch,
            format!(
                "{} có {} là “{}”, không phải “{}”.",
                doc.name,
                field_vi(&m.field),
                m.corpus,
                m.stated
            ),
        )
    } else if !ambiguous.is_empty() {
        (
            Status::Ambiguous,
            format!(
                "{} trong {} ứng với nhiều đơn vị: {}.",
                ambiguous.join(", "),
                doc.name,
                checked.candidates.join("; ")
            ),
        )
    } else if !missing.is_empty() {
        match doc.holds() {
            Some(holds) => (
                Status::NotChecked,
                format!(
                    "Kho dữ liệu chỉ có một phần {} ({holds}); không có {}, nên chưa kiểm tra được.",
                    doc.name,
                    missing.join("; ")
                ),
            ),
            None => (
                Status::UnitNotFound,
                format!("{} không có {}.", doc.name, missing.join("; ")),
            ),
        }
    } else {
        (Status::Verified, String::new())
    };
    checked.status = status;
    let ok = status == Status::Verified;
    let mut out = Resolved {
        checked,
        reference: r,
        doc: Some(i),
        units: if ok { units } else { Vec::new() },
    };
    out.checked.explanation = if ok {
        format!("Khớp với {}.", cite(doc, &out))
    } else {
        explanation
    };
    out
}

/// "khoản 1 Điều 9 Luật Trí tuệ nhân tạo số 134/2025/QH15", or the document's name.
fn cite(doc: &CatalogDoc, r: &Resolved) -> String {
    let labels: Vec<&str> = r.checked.units.iter().map(|u| u.label.as_str()).collect();
    if labels.is_empty() {
        doc.name.clone()
    } else {
        format!("{} {}", labels.join(", "), doc.name)
    }
}

fn field_vi(field: &str) -> &'static str {
    match field {
        "issued" => "ngày ban hành",
        "issuer" => "cơ quan ban hành",
        "type" => "loại văn bản",
        "year" => "năm ban hành",
        _ => "tên",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_end_where_sentences_end_and_lose_nothing() {
        let text = "Điều 9 Luật này. Khoản 2 ghi rõ.\nDòng ba không có dấu chấm\nHết";
        let cut: Vec<&str> = windows(text, 5).collect();
        assert_eq!(
            cut,
            [
                "Điều 9 Luật này",
                ". Khoản 2 ghi rõ",
                ".\nDòng ba không có dấu chấm\n",
                "Hết"
            ]
        );
        assert_eq!(windows(text, 1_000).collect::<Vec<_>>(), [text]);
        let mut given = Chars::new(text);
        assert_eq!(given.slice(0, 6), "Điều 9");
        assert_eq!(given.slice(17, 24), "Khoản 2");
        assert_eq!(given.slice(7, 11), "Luật");
    }
}
