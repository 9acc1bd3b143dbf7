//! Legal references as Vietnamese writes them: "điểm h, i và l khoản 1 Điều 5 Luật An ninh mạng
//! 2018", "tiểu mục 3 Mục II Chương trình ban hành kèm theo Nghị quyết số 71/NQ-CP",
//! "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", "khoản 2 Điều này".
//!
//! A reference is a list of unit paths ([`Locator`]s, innermost level first in the text,
//! outermost first in the value) and what it says about the document ([`DocRef`]). Parsing
//! only reads the words; whether such a document or unit exists is the index's business.
//!
//! The reading goes `scan` (where a reference may start) → `path` (the unit levels, with their
//! labels and numbers in `units`, over the tokens of `lexer`) → `designation` (the document,
//! a [`DocRef`]); [`extract`] and [`parse_citation`] below put the pieces together.

mod designation;
mod document;
mod lexer;
mod path;
mod scan;
mod units;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::model::Span;
use designation::{Mode, doc_at};
use lexer::Toks;
use path::path_at;
use scan::{Composed, candidate_starts, may_start, next_mark};

pub use document::DocRef;
pub use path::{Locator, MAX_EXPANSION, Step};
pub use units::num_key;

/// One reference found in a text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reference {
    /// Character offsets in the input.
    pub span: Span,
    /// Byte offsets in the input.
    #[serde(skip)]
    pub bytes: Span,
    /// The text of the reference as written.
    pub text: String,
    /// Units referred to; empty when the reference names a whole document.
    pub locators: Vec<Locator>,
    /// The units are "… này": the unit the sentence stands in ("khoản 2 Điều này").
    pub relative_unit: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<DocRef>,
}

/// Why a citation string could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CitationError {
    #[error("the citation is empty")]
    Empty,
    #[error("no legal reference could be read in {0:?}")]
    NotAReference(String),
    #[error("could not read {rest:?} (from character {at}) as part of a citation")]
    Trailing { at: usize, rest: String },
    #[error("the citation names no document: add its number or name (\"Luật số 134/2025/QH15\")")]
    NoDocument,
    #[error("{0:?} is relative to the text it stands in; name the document instead")]
    Relative(String),
}

/// Reads one whole citation string, as given to an exact lookup.
pub fn parse_citation(input: &str) -> Result<Reference, CitationError> {
    let text = input.trim_end_matches(|c: char| c.is_whitespace() || ".;,".contains(c));
    let lead = text.len() - text.trim_start().len();
    if text.trim().is_empty() {
        return Err(CitationError::Empty);
    }
    let Some(mut reference) = parse_at(text, lead, Mode::Strict) else {
        return Err(CitationError::NotAReference(text.trim().to_string()));
    };
    let end = reference.bytes.end;
    let start = text[..reference.bytes.start].chars().count();
    reference.span = Span::new(start, start + reference.text.chars().count());
    if !text[end..].trim().is_empty() {
        let rest = text[end..].trim_start();
        let at = text[..text.len() - rest.len()].chars().count();
        return Err(CitationError::Trailing {
            at,
            rest: rest.to_string(),
        });
    }
    match &reference.document {
        None if reference.relative_unit => Err(CitationError::Relative(reference.text.clone())),
        Some(d) if d.relative => Err(CitationError::Relative(reference.text.clone())),
        Some(d) if d.identifies() => Ok(reference),
        _ => Err(CitationError::NoDocument),
    }
}

/// Every reference in a text, in order, with character offsets.
///
/// One pass: a keyword scan finds where references may start, and the grammar runs only there.
/// Text in decomposed form (combining tone marks) is read composed; offsets stay the input's.
/// Unit headings ("Điều 5. Phạm vi" at the start of a line) are structure, not references.
pub fn extract(text: &str) -> Vec<Reference> {
    if next_mark(text, 0).is_some() {
        extract_decomposed(text)
    } else {
        extract_composed(text)
    }
}

fn extract_composed(text: &str) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    let mut next = 0;
    let mut chars_before = 0;
    let mut counted = 0;
    for (start, keyword_end) in candidate_starts(text) {
        if start < next || !may_start(text, start, keyword_end) {
            continue;
        }
        let Some(mut r) = parse_at(text, start, Mode::Free) else {
            continue;
        };
        next = r.bytes.end;
        if is_heading(text, &r) {
            continue;
        }
        // Character offsets, counted incrementally from the last reference.
        chars_before += text[counted..r.bytes.start].chars().count();
        counted = r.bytes.start;
        let len = r.text.chars().count();
        r.span = Span::new(chars_before, chars_before + len);
        let coordinated = coordinated_serials(text, &r);
        out.push(r);
        // "hai Nghị quyết số 57 và 71": the second serial is a reference of its own.
        for mut c in coordinated {
            chars_before += text[counted..c.bytes.start].chars().count();
            counted = c.bytes.start;
            c.span = Span::new(chars_before, chars_before + c.text.chars().count());
            next = c.bytes.end;
            out.push(c);
        }
    }
    out
}

/// Serials coordinated with a reference by type and serial alone ("Nghị quyết số 57 và 71",
/// "các Nghị định số 13, 30 và 356"): one reference each, of the same type.
fn coordinated_serials(text: &str, r: &Reference) -> Vec<Reference> {
    let mut out = Vec::new();
    let Some(d) = r.document.as_ref() else {
        return out;
    };
    if d.serial.is_none() || d.number.is_some() || d.doc_type.is_none() || !r.locators.is_empty() {
        return out;
    }
    let mut at = r.bytes.end;
    loop {
        let rest = &text[at..];
        let after_joiner = [", ", " và ", " hoặc ", ",", " và", " hoặc"]
            .iter()
            .find_map(|j| rest.strip_prefix(j).map(|x| (j.len(), x)));
        let Some((joined, tail)) = after_joiner else {
            break;
        };
        let spaces = tail.len() - tail.trim_start_matches(' ').len();
        let tail = &tail[spaces..];
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        let next = tail[digits..].chars().next();
        if digits == 0
            || digits > 4
            || next.is_some_and(|c| c.is_alphanumeric() || "/-.".contains(c))
        {
            break;
        }
        let start = at + joined + spaces;
        let end = start + digits;
        out.push(Reference {
            span: Span::new(0, 0),
            bytes: Span::new(start, end),
            text: text[start..end].to_string(),
            locators: Vec::new(),
            relative_unit: false,
            document: Some(DocRef {
                doc_type: d.doc_type,
                serial: Some(text[start..end].to_string()),
                ..DocRef::default()
            }),
        });
        at = end;
    }
    out
}

/// Extraction over the composed text, offsets mapped back to the input's characters and bytes.
fn extract_decomposed(text: &str) -> Vec<Reference> {
    let composed = Composed::new(text);
    let map = |byte: usize, char_at: usize| composed.input_at(byte, char_at);
    extract_composed(&composed.text)
        .into_iter()
        .map(|mut r| {
            let (cs, bs) = map(r.bytes.start, r.span.start);
            let (ce, be) = map(r.bytes.end, r.span.end);
            r.span = Span::new(cs, ce);
            r.bytes = Span::new(bs, be);
            r.text = text[bs..be].to_string();
            if let Some(d) = r.document.as_mut()
                && let Some(n) = d.name_bytes
            {
                d.name_bytes = Some(Span::new(map(n.start, 0).1, map(n.end, 0).1));
            }
            r
        })
        .collect()
}

/// Whether a reference is a unit's own heading: it names no document, starts a line and is
/// followed by ".", ":" or the end of the line ("Điều 5. Phạm vi điều chỉnh", "Chương II").
fn is_heading(text: &str, r: &Reference) -> bool {
    if r.document.is_some() {
        return false;
    }
    let before = text[..r.bytes.start].trim_end_matches([' ', '\t']);
    let after = text[r.bytes.end..].trim_start_matches([' ', '\t']);
    (before.is_empty() || before.ends_with('\n'))
        && (after.is_empty() || after.starts_with(['.', ':', '\n', '\r']))
}

/// Reads a reference starting at byte `pos`.
fn parse_at(text: &str, pos: usize, mode: Mode) -> Option<Reference> {
    let mut t = Toks::new(text, pos);
    let path = path_at(&mut t, 0)?;
    let has_path = path.has_levels();
    let relative_unit = path.relative_unit;

    // The document: "của", "tại" or "thuộc" may come first.
    let mut j = path.end;
    if has_path
        && !relative_unit
        && (t.is_word(j, "của") || t.is_word(j, "thuộc") || t.is_word(j, "tại"))
    {
        j += 1;
    }
    let document = if relative_unit {
        None
    } else {
        doc_at(&mut t, j, mode, has_path)
    };
    let (document, end_tok) = match document {
        Some((d, end)) => (Some(d), end),
        None => (None, path.end),
    };
    if !has_path && document.as_ref().is_none_or(|d| !d.identifies()) {
        return None;
    }
    let start = t.get(0)?.start;
    let end = t.get(end_tok.checked_sub(1)?)?.end;
    let locators = path.locators();
    let text_of = &text[start..end];
    Some(Reference {
        // Character offsets are the caller's to count (once, for a whole text).
        span: Span::default(),
        bytes: Span::new(start, end),
        text: text_of.to_string(),
        locators,
        relative_unit,
        document,
    })
}
