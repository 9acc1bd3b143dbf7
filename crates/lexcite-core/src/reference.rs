//! Legal references as Vietnamese writes them: "điểm h, i và l khoản 1 Điều 5 Luật An ninh mạng
//! 2018", "tiểu mục 3 Mục II Chương trình ban hành kèm theo Nghị quyết số 71/NQ-CP",
//! "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", "khoản 2 Điều này".
//!
//! A reference is a list of unit paths ([`Locator`]s, innermost level first in the text,
//! outermost first in the value) and what it says about the document ([`DocRef`]). Parsing
//! only reads the words; whether such a document or unit exists is the index's business.

use chrono::NaiveDate;
use serde::Serialize;

use crate::date::find_dates;
use crate::doctype::DocType;
use crate::model::{Span, UnitKind};
use crate::normalize::fold_tones;
use crate::number::DocNumber;

/// Longest list or range a reference may expand to ("Điều 1 đến Điều 200").
pub const MAX_EXPANSION: usize = 200;

/// One level of a unit path: "khoản 1", "Mục II", "điểm đ".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub kind: UnitKind,
    /// The number as written: "1", "II", "đ", "2.1".
    pub num: String,
}

impl Step {
    /// The key two spellings of one number share ("III" and "3", "01" and "1").
    pub fn key(&self) -> String {
        num_key(self.kind, &self.num)
    }

    /// "khoản 1", "Mục II", "gạch đầu dòng thứ 2".
    pub fn label(&self) -> String {
        format!("{} {}", self.kind.label(), self.num)
    }
}

/// A path to one unit, outermost level first: `[Điều 9, khoản 1, điểm a]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Locator {
    pub steps: Vec<Step>,
}

impl Locator {
    /// Vietnamese order, innermost first: "điểm a khoản 1 Điều 9".
    pub fn label(&self) -> String {
        self.steps
            .iter()
            .rev()
            .map(Step::label)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether the path has no level at all.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// What a reference says about the document it points into.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DocRef {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<DocType>,
    /// Words after the type: the law's name ("An ninh mạng") or a subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<DocNumber>,
    /// A number written without its symbol ("Nghị quyết 57"): the serial alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// "Luật An ninh mạng 2018", "Luật … năm 2018".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
    /// "của Bộ Chính trị" → "Bộ Chính trị".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The path is inside a text issued with the document ("Chương trình ban hành kèm theo").
    pub attachment: bool,
    /// "Luật này", "Nghị định nêu trên": the document the text is about.
    pub relative: bool,
    /// Where the name stands in the input (bytes), so a resolver can end it where the
    /// title it matched ends.
    #[serde(skip)]
    pub name_bytes: Option<Span>,
}

impl DocRef {
    /// Whether anything identifies a document (type alone does not).
    pub fn identifies(&self) -> bool {
        self.number.is_some() || self.serial.is_some() || self.name.is_some() || self.relative
    }
}

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
        out.push(r);
    }
    out
}

/// Byte offset of the first combining tone mark (U+0300–U+036F) at or after `from`.
fn next_mark(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    (from..b.len().saturating_sub(1)).find(|&i| {
        b[i] == 0xCC && (0x80..=0xBF).contains(&b[i + 1])
            || b[i] == 0xCD && (0x80..=0xAF).contains(&b[i + 1])
    })
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Extraction over the composed text, offsets mapped back to the input's characters and bytes.
fn extract_decomposed(text: &str) -> Vec<Reference> {
    use unicode_normalization::UnicodeNormalization;
    // Only clusters with marks change; after each, a checkpoint ties a composed position to an
    // input position: (composed byte, input byte, composed char, input char). Between
    // checkpoints the two texts are the same, character for character.
    let mut composed = String::with_capacity(text.len());
    let mut marks: Vec<(usize, usize, usize, usize)> = vec![(0, 0, 0, 0)];
    // Input position (char, byte) up to which `composed` holds the input.
    let (mut done_c, mut done_b) = (0, 0);
    let mut composed_chars = 0;
    let mut at = 0;
    while let Some(m) = next_mark(text, at) {
        // The cluster: the character before the mark (unless it is already composed), the
        // mark and the marks after it.
        let start_b = text[done_b..m]
            .char_indices()
            .next_back()
            .map_or(m, |(i, _)| done_b + i);
        let mut end_b = m;
        while let Some(c) = text[end_b..].chars().next()
            && is_combining(c)
        {
            end_b += c.len_utf8();
        }
        let same = text[done_b..start_b].chars().count();
        composed.push_str(&text[done_b..start_b]);
        composed_chars += same;
        let start_c = done_c + same;
        let end_c = start_c + text[start_b..end_b].chars().count();
        let parts: Vec<char> = text[start_b..end_b].nfc().collect();
        for (k, p) in parts.iter().enumerate() {
            composed.push(*p);
            composed_chars += 1;
            let (ic, ib) = if k + 1 == parts.len() {
                (end_c, end_b)
            } else {
                (start_c, start_b)
            };
            marks.push((composed.len(), ib, composed_chars, ic));
        }
        (done_c, done_b) = (end_c, end_b);
        at = end_b;
    }
    composed.push_str(&text[done_b..]);
    let map = |byte: usize, char_at: usize| {
        let k = marks.partition_point(|m| m.0 <= byte) - 1;
        let (cb, ib, cc, ic) = marks[k];
        (ic + char_at.saturating_sub(cc), ib + (byte - cb))
    };
    extract_composed(&composed)
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

/// A cheap look at a candidate before the grammar runs: a document type in running text
/// must be capitalised (a path before it starts the reference earlier), and a unit label or
/// "số" must be followed by something that can be a number ("điều kiện", "mục tiêu", "một số
/// người" are not references).
fn may_start(text: &str, start: usize, keyword_end: usize) -> bool {
    let first = text[start..].chars().next().unwrap_or(' ');
    if first.is_ascii_digit() {
        return true;
    }
    let mut t = Toks::new(text, start);
    if label_at(&mut t, 0).is_none() && !t.is_word(0, "số") {
        return first.is_uppercase();
    }
    let mut lexer = Lexer {
        text,
        pos: keyword_end,
    };
    let Some(next) = lexer.next_tok() else {
        return false;
    };
    match next.kind {
        TokKind::Num => true,
        TokKind::Punct => false,
        TokKind::Word => {
            let w = next.text;
            is_roman(w)
                || w.chars().count() <= 2
                || matches!(w, "này" | "thứ" | "đầu")
                || ORDINALS.contains(&w)
        }
    }
}

/// Byte offsets of words that may start a reference, with where the keyword ends.
fn candidate_starts(text: &str) -> Vec<(usize, usize)> {
    use std::sync::LazyLock;
    static STARTS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        let words: Vec<String> = START_WORDS
            .iter()
            .flat_map(|w| {
                let lower = w.to_string();
                let mut cap = String::new();
                let mut chars = w.chars();
                if let Some(c) = chars.next() {
                    cap.extend(c.to_uppercase());
                    cap.push_str(chars.as_str());
                }
                [lower, cap, w.to_uppercase()]
            })
            .collect();
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(words)
            .expect("valid keyword set")
    });
    let bytes = text.as_bytes();
    let mut starts = STARTS
        .find_iter(text)
        .filter(|m| {
            // Word boundaries on both sides.
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            before.is_none_or(|c| !is_word_char(c)) && after.is_none_or(|c| !is_word_char(c))
        })
        .map(|m| (m.start(), m.end()))
        .chain(
            // Document numbers written bare: a digit after a boundary, followed by '/' or '-'.
            bytes
                .iter()
                .enumerate()
                .filter(|&(i, b)| {
                    b.is_ascii_digit()
                        && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric())
                        && bytes[i..]
                            .iter()
                            .take(8)
                            .find(|b| !b.is_ascii_digit())
                            .is_some_and(|&b| b == b'/' || b == b'-')
                })
                .map(|(i, _)| (i, i)),
        )
        .collect::<Vec<_>>();
    starts.sort_unstable();
    starts.dedup_by_key(|s| s.0);
    starts
}

const START_WORDS: &[&str] = &[
    "điều",
    "khoản",
    "điểm",
    "mục",
    "tiểu mục",
    "chương",
    "phần",
    "phụ lục",
    "gạch đầu dòng",
    "mẫu số",
    "luật",
    "bộ luật",
    "hiến pháp",
    "pháp lệnh",
    "nghị quyết",
    "nghị định",
    "quyết định",
    "thông tư",
    "chỉ thị",
    "kết luận",
    "số",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// A citation string: lenient about case, everything must be read.
    Strict,
    /// Running text: document types count only when capitalised or after a unit path.
    Free,
}

/// A token of the text: a word, a number-like chunk or one punctuation character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tok<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    kind: TokKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokKind {
    Word,
    Num,
    Punct,
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn next_tok(&mut self) -> Option<Tok<'a>> {
        let rest = &self.text[self.pos..];
        let skip = rest
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace() || c == '\n')
            .map_or(rest.len(), |(i, _)| i);
        let start = self.pos + skip;
        let rest = &self.text[start..];
        let first = rest.chars().next()?;
        if !is_word_char(first) {
            self.pos = start + first.len_utf8();
            return Some(Tok {
                text: &self.text[start..self.pos],
                start,
                end: self.pos,
                kind: TokKind::Punct,
            });
        }
        // A chunk: letters and digits, joined by '/', '.', '-' that are followed by one.
        let mut end = start;
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_word_char(c) {
                end = start + i + c.len_utf8();
            } else if matches!(c, '/' | '.' | '-' | '–')
                && chars.peek().is_some_and(|&(_, n)| is_word_char(n))
            {
                continue;
            } else {
                break;
            }
        }
        self.pos = end;
        let text = &self.text[start..end];
        let kind = if text
            .chars()
            .all(|c| is_word_char(c) && !c.is_ascii_digit() && !c.is_numeric())
        {
            TokKind::Word
        } else {
            TokKind::Num
        };
        Some(Tok {
            text,
            start,
            end,
            kind,
        })
    }
}

/// Tokens from a position, read on demand (a reference is a few dozen tokens at most).
struct Toks<'a> {
    toks: Vec<Tok<'a>>,
    /// Lower-cased, tone-folded form of each word token, made once.
    folded: Vec<Option<String>>,
    lexer: Lexer<'a>,
    done: bool,
}

impl<'a> Toks<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        Self {
            toks: Vec::new(),
            folded: Vec::new(),
            lexer: Lexer { text, pos },
            done: false,
        }
    }

    fn get(&mut self, i: usize) -> Option<Tok<'a>> {
        while self.toks.len() <= i && !self.done {
            match self.lexer.next_tok() {
                Some(t) => {
                    self.toks.push(t);
                    self.folded.push(None);
                }
                None => self.done = true,
            }
        }
        self.toks.get(i).copied()
    }

    /// Lower-cased, tone-folded word at `i`.
    fn word(&mut self, i: usize) -> Option<String> {
        self.folded_word(i).map(str::to_string)
    }

    fn folded_word(&mut self, i: usize) -> Option<&str> {
        let t = self.get(i)?;
        if t.kind != TokKind::Word {
            return None;
        }
        let slot = &mut self.folded[i];
        if slot.is_none() {
            *slot = Some(folded(t.text));
        }
        slot.as_deref()
    }

    fn is_word(&mut self, i: usize, w: &str) -> bool {
        self.folded_word(i).is_some_and(|x| x == w)
    }

    /// Whether the words `ws` follow from `i`.
    fn are_words(&mut self, i: usize, ws: &[&str]) -> bool {
        ws.iter().enumerate().all(|(k, w)| self.is_word(i + k, w))
    }

    fn is_punct(&mut self, i: usize, p: &str) -> bool {
        self.get(i)
            .is_some_and(|t| t.kind == TokKind::Punct && t.text == p)
    }
}

/// A word lower-cased with its tone in the one canonical place. Vietnamese has a few thousand
/// syllables (in a few cases each), so folds are remembered per thread.
fn folded(word: &str) -> String {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static FOLDS: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    FOLDS.with_borrow_mut(|folds| {
        if let Some(f) = folds.get(word) {
            return f.clone();
        }
        let lower = word.to_lowercase();
        let f = fold_tones(&lower);
        if folds.len() < 50_000 {
            folds.insert(word.to_string(), f.clone());
        }
        f
    })
}

/// `char::is_alphanumeric`, answered without a table lookup for Vietnamese letters.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match c {
        '\u{c0}'..='\u{24f}' => c != '\u{d7}' && c != '\u{f7}',
        '\u{1ea0}'..='\u{1ef9}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// A unit label at `i`: its kind and how many tokens it takes.
fn label_at(t: &mut Toks<'_>, i: usize) -> Option<(UnitKind, usize)> {
    let w = t.word(i)?;
    let two = |t: &mut Toks<'_>, second: &str| t.is_word(i + 1, second);
    Some(match w.as_str() {
        "điều" => (UnitKind::Article, 1),
        "khoản" => (UnitKind::Clause, 1),
        "điểm" => (UnitKind::Point, 1),
        "mục" => (UnitKind::Section, 1),
        "chương" => (UnitKind::Chapter, 1),
        "phần" => (UnitKind::Part, 1),
        "tiểu" if two(t, "mục") => (UnitKind::Item, 2),
        "phụ" if two(t, "lục") => (UnitKind::Appendix, 2),
        "mẫu" if two(t, "số") => (UnitKind::Form, 2),
        "stt" => (UnitKind::Row, 1),
        "gạch" if t.are_words(i + 1, &["đầu", "dòng"]) => {
            if t.is_word(i + 3, "thứ") {
                (UnitKind::Bullet, 4)
            } else {
                (UnitKind::Bullet, 3)
            }
        }
        _ => return None,
    })
}

/// How deep a kind sits: a path goes from inner (small) to outer (large) in the text.
fn rank(kind: UnitKind) -> u8 {
    match kind {
        UnitKind::Bullet => 0,
        UnitKind::Point => 1,
        UnitKind::Clause | UnitKind::Item | UnitKind::Row | UnitKind::Form => 2,
        UnitKind::Article => 3,
        UnitKind::Subsection => 4,
        UnitKind::Section => 5,
        UnitKind::Chapter => 6,
        UnitKind::Part => 7,
        UnitKind::Appendix => 8,
        UnitKind::Attachment => 9,
        UnitKind::Preamble | UnitKind::Closing => 10,
    }
}

const ORDINALS: &[&str] = &[
    "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
];

fn is_roman(s: &str) -> bool {
    !s.is_empty() && s.len() <= 7 && s.chars().all(|c| "IVXLC".contains(c))
}

fn roman_value(s: &str) -> Option<u32> {
    if !is_roman(s) {
        return None;
    }
    let val = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        _ => 100,
    };
    let digits: Vec<u32> = s.chars().map(val).collect();
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|n| n > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    u32::try_from(total).ok().filter(|&v| v > 0)
}

/// The comparison key of a unit number of a kind: roman and arabic agree, leading zeros and
/// case do not matter ("III" = "3", "01" = "1", "Đ" = "đ").
pub fn num_key(kind: UnitKind, num: &str) -> String {
    let num = num.trim();
    if let Some(v) = roman_value(num)
        && kind != UnitKind::Point
    {
        return v.to_string();
    }
    let lower = num.to_lowercase();
    if lower.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return lower
            .split('.')
            .map(|p| {
                let t = p.trim_start_matches('0');
                if t.is_empty() { "0" } else { t }
            })
            .collect::<Vec<_>>()
            .join(".");
    }
    lower
}

/// Whether `tok` can be the number of a unit of `kind`.
fn unit_num(kind: UnitKind, tok: &Tok<'_>) -> Option<String> {
    let s = tok.text;
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.chars().all(|c| c.is_ascii_digit());
    let ok = match kind {
        UnitKind::Article | UnitKind::Clause => {
            digits(s)
                || (s.len() <= 5
                    && s.starts_with(|c: char| c.is_ascii_digit())
                    && s.chars().all(|c| c.is_ascii_alphanumeric()))
        }
        UnitKind::Point => {
            s.chars().count() <= 2 && s.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
                || (s.chars().count() <= 4
                    && s.starts_with(|c: char| c.is_lowercase())
                    && s.contains('.'))
        }
        UnitKind::Section | UnitKind::Chapter | UnitKind::Part | UnitKind::Appendix => {
            digits(s) || is_roman(s)
        }
        UnitKind::Item | UnitKind::Subsection | UnitKind::Row => {
            s.len() <= 12
                && s.starts_with(|c: char| c.is_ascii_digit())
                && s.chars().all(|c| c.is_ascii_digit() || c == '.')
        }
        UnitKind::Form => {
            s.len() <= 8
                && s.starts_with(|c: char| c.is_ascii_alphanumeric())
                && s.chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        }
        UnitKind::Bullet => digits(s),
        UnitKind::Attachment | UnitKind::Preamble | UnitKind::Closing => false,
    };
    ok.then(|| s.to_string())
}

/// One level of a chain with its numbers: "điểm h, i và l".
struct Level {
    kind: UnitKind,
    nums: Vec<String>,
}

/// Reads the numbers after a label at `i`: a list ("h, i và l"), a range ("1 đến 5", "1-5")
/// or "này". Returns the numbers (empty for "này") and the next token index.
fn level_nums(t: &mut Toks<'_>, kind: UnitKind, mut i: usize) -> Option<(Vec<String>, usize)> {
    if t.is_word(i, "này") {
        return Some((Vec::new(), i + 1));
    }
    let mut nums = Vec::new();
    let first = t.get(i)?;
    // "gạch đầu dòng thứ hai" (the label holds "thứ"), "Phần thứ hai"; not "một phần hai".
    let ordinal_at = if kind == UnitKind::Part && t.is_word(i, "thứ") {
        Some(i + 1)
    } else {
        (kind == UnitKind::Bullet).then_some(i)
    };
    if let Some(at) = ordinal_at
        && let Some(w) = t.word(at)
        && let Some(k) = ORDINALS.iter().position(|o| *o == w)
    {
        nums.push((k + 1).to_string());
        return Some((nums, at + 1));
    }
    // "1-5" as one chunk.
    if matches!(kind, UnitKind::Article | UnitKind::Clause)
        && let Some((a, b)) = first.text.split_once(['-', '–'])
        && let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>())
        && a < b
        && (b - a) as usize <= MAX_EXPANSION
    {
        nums.extend((a..=b).map(|n| n.to_string()));
        return Some((nums, i + 1));
    }
    nums.push(unit_num(kind, &first)?);
    i += 1;
    // Party documents number their parts "III-": the dash belongs to the number.
    if is_roman(first.text) && (t.is_punct(i, "-") || t.is_punct(i, "–")) {
        i += 1;
    }
    loop {
        // A range: "1 đến 5", "a đến đ", "Điều 1 đến Điều 5".
        if t.is_word(i, "đến") || t.is_word(i, "tới") {
            let mut j = i + 1;
            if let Some((k, n)) = label_at(t, j)
                && k == kind
            {
                j += n;
            }
            if let Some(tok) = t.get(j)
                && let Some(last) = unit_num(kind, &tok)
                && let Some(expanded) = expand(kind, nums.last().map_or("", |s| s), &last)
            {
                nums.pop();
                nums.extend(expanded);
                i = j + 1;
                continue;
            }
            break;
        }
        // A list: ", i", "và l", "hoặc 3" — but not ", khoản 3" (a new chain).
        let sep = t.is_punct(i, ",") || t.is_word(i, "và") || t.is_word(i, "hoặc");
        if !sep {
            break;
        }
        let mut j = i + 1;
        if t.is_punct(i, ",") && (t.is_word(j, "và") || t.is_word(j, "hoặc")) {
            j += 1;
        }
        match t.get(j) {
            Some(tok) if label_at(t, j).is_none() => match unit_num(kind, &tok) {
                // A 4-digit "number" after a comma is a year, not an article.
                Some(n) if !(n.len() == 4 && kind != UnitKind::Row) => {
                    nums.push(n);
                    i = j + 1;
                }
                _ => break,
            },
            _ => break,
        }
    }
    Some((nums, i))
}

fn expand(kind: UnitKind, from: &str, to: &str) -> Option<Vec<String>> {
    if let (Ok(a), Ok(b)) = (from.parse::<u32>(), to.parse::<u32>()) {
        if a < b && ((b - a) as usize) < MAX_EXPANSION {
            return Some((a..=b).map(|n| n.to_string()).collect());
        }
        return None;
    }
    if kind == UnitKind::Point {
        const LETTERS: &[&str] = &[
            "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r",
            "s", "t", "u", "v", "x", "y",
        ];
        let a = LETTERS.iter().position(|l| *l == from)?;
        let b = LETTERS.iter().position(|l| *l == to)?;
        return (a < b).then(|| LETTERS[a..=b].iter().map(|s| s.to_string()).collect());
    }
    None
}

/// Reads a reference starting at byte `pos`.
fn parse_at(text: &str, pos: usize, mode: Mode) -> Option<Reference> {
    let mut t = Toks::new(text, pos);
    let mut i = 0;
    // "từ Điều 1 đến Điều 5": the leading "từ" belongs to the range.
    // Chains of levels; `groups` split at ";".
    let mut groups: Vec<Vec<Vec<Level>>> = vec![Vec::new()];
    let mut relative_unit = false;
    let mut after_separator = false;
    while let Some((kind, n)) = label_at(&mut t, i) {
        let Some((nums, next)) = level_nums(&mut t, kind, i + n) else {
            break;
        };
        let group = groups.last_mut()?;
        let continues = group
            .last()
            .and_then(|chain| chain.last())
            .is_some_and(|l: &Level| rank(kind) > rank(l.kind))
            && !after_separator;
        if nums.is_empty() {
            relative_unit = true;
        }
        if continues {
            group.last_mut()?.push(Level { kind, nums });
        } else {
            group.push(vec![Level { kind, nums }]);
        }
        i = next;
        after_separator = false;
        if relative_unit {
            break;
        }
        // The next level of the same chain follows directly: "khoản 2 Điều 38".
        if label_at(&mut t, i).is_some() {
            continue;
        }
        // Separators between chains: ",", "và", "hoặc", ";", ", và".
        let mut j = i;
        let semicolon = t.is_punct(j, ";");
        if t.is_punct(j, ",") || semicolon {
            j += 1;
        }
        if t.is_word(j, "và") || t.is_word(j, "hoặc") {
            j += 1;
        }
        if j > i && label_at(&mut t, j).is_some() {
            if semicolon {
                groups.push(Vec::new());
            }
            i = j;
            after_separator = true;
            continue;
        }
        break;
    }
    let has_path = groups.iter().any(|g| !g.is_empty());
    let path_end = i;

    // The document: "của", "tại" or "thuộc" may come first.
    let mut j = i;
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
        None => (None, path_end),
    };
    if !has_path && document.as_ref().is_none_or(|d| !d.identifies()) {
        return None;
    }
    let start = t.get(0)?.start;
    let end = t.get(end_tok.checked_sub(1)?)?.end;
    let locators = locators(groups);
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

/// Expands chains into locators: missing outer levels come from the next chain of the group
/// ("khoản 2, khoản 3 Điều 2": both in Điều 2), lists multiply out.
fn locators(groups: Vec<Vec<Vec<Level>>>) -> Vec<Locator> {
    let mut out = Vec::new();
    for group in groups {
        let mut chains: Vec<Vec<Level>> = group;
        for c in (0..chains.len().saturating_sub(1)).rev() {
            let (head, tail) = chains.split_at_mut(c + 1);
            let (this, next) = (&mut head[c], &tail[0]);
            let top = this.last().map_or(0, |l| rank(l.kind));
            for l in next.iter().filter(|l| rank(l.kind) > top) {
                this.push(Level {
                    kind: l.kind,
                    nums: l.nums.clone(),
                });
            }
        }
        for chain in chains {
            if chain.iter().any(|l| l.nums.is_empty()) {
                continue;
            }
            // Outermost first.
            let mut paths: Vec<Vec<Step>> = vec![Vec::new()];
            for level in chain.iter().rev() {
                let mut next = Vec::new();
                for p in &paths {
                    for n in &level.nums {
                        let mut q = p.clone();
                        q.push(Step {
                            kind: level.kind,
                            num: n.clone(),
                        });
                        next.push(q);
                    }
                }
                paths = next;
                if paths.len() > MAX_EXPANSION {
                    paths.truncate(MAX_EXPANSION);
                }
            }
            out.extend(paths.into_iter().map(|steps| Locator { steps }));
        }
    }
    out
}

/// Issuers as references name them after "của", longest first.
const ISSUERS: &[&str] = &[
    "Ban Chấp hành Trung ương Đảng",
    "Ban Chấp hành Trung ương",
    "Ủy ban Thường vụ Quốc hội",
    "Thủ tướng Chính phủ",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Chính phủ",
    "Quốc hội",
    "Chủ tịch nước",
    "Tòa án nhân dân tối cao",
    "Viện kiểm sát nhân dân tối cao",
    "Hội đồng Thẩm phán Tòa án nhân dân tối cao",
];

/// The issuer `rest` starts with, compared without case or tone placement.
fn issuer_at(rest: &str) -> Option<&'static str> {
    use std::sync::LazyLock;
    static KEYS: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
        ISSUERS
            .iter()
            .map(|iss| (*iss, fold_tones(&iss.to_lowercase())))
            .collect()
    });
    let longest = ISSUERS.iter().map(|i| i.len()).max().unwrap_or(0);
    let end = (longest.min(rest.len())..=rest.len())
        .find(|&e| rest.is_char_boundary(e))
        .unwrap_or(rest.len());
    let head = fold_tones(&rest[..end].to_lowercase());
    KEYS.iter()
        .find(|(_, key)| {
            head.starts_with(key.as_str())
                && !head[key.len()..].starts_with(|c: char| c.is_alphanumeric())
        })
        .map(|(iss, _)| *iss)
}

/// Words that end a document's name in running text ("Luật An ninh mạng quy định …").
const NAME_STOPS: &[&str] = &[
    "số", "năm", "ngày", "của", "do", "được", "đã", "quy", "có", "là", "và", "thì", "để", "khi",
    "nhưng", "nhằm", "cũng", "sẽ", "bởi", "ban", "hiện", "mới", "này", "nêu", "tại", "theo",
    "trên", "với", "hoặc", "không", "về", "thuộc", "điều", "khoản", "điểm", "mục", "chương",
    "phần", "hướng", "sửa", "thay", "hết", "còn", "đang", "vẫn", "đối", "cho", "phải", "như",
    "trong", "từ", "đến", "gồm", "bao", "các", "những", "thông", "nghị", "quyết", "luật",
];

/// Whether a (folded, lower-case) word is the first word of a document type's name.
fn starts_a_type(word: &str) -> bool {
    use std::sync::LazyLock;
    static FIRST: LazyLock<Vec<String>> = LazyLock::new(|| {
        DocType::all()
            .filter_map(|t| t.name().split(' ').next())
            .map(|w| fold_tones(&w.to_lowercase()))
            .collect()
    });
    FIRST.iter().any(|w| w == word)
}

/// A document's name at token `i`: words up to a stop, the first capitalised in running text
/// unless "về" introduces it. Returns the name, its bytes and the next token.
fn name_at(
    t: &mut Toks<'_>,
    i: usize,
    mode: Mode,
    lowercase_type: bool,
) -> Option<(String, Span, usize)> {
    let mut words = Vec::new();
    let mut j = i;
    let mut about = false;
    while words.len() < 12 {
        let Some(w) = t.word(j) else { break };
        if words.is_empty() && w == "về" && !about {
            about = true;
            j += 1;
            continue;
        }
        // "số" ends a name before a number ("Luật số 24/2018/QH14"), not inside one
        // ("Luật Công nghiệp công nghệ số").
        let at = if t.is_punct(j + 1, ":") { j + 2 } else { j + 1 };
        let number_follows = t.get(at).is_some_and(|x| x.kind == TokKind::Num);
        if NAME_STOPS.contains(&w.as_str()) && (w != "số" || number_follows) {
            break;
        }
        let tok = t.get(j)?;
        // A lower-case type word ("Điều 26 quy định về …") takes no name from "về".
        if words.is_empty()
            && mode == Mode::Free
            && (!about || lowercase_type)
            && !tok.text.starts_with(char::is_uppercase)
        {
            break;
        }
        words.push(tok);
        j += 1;
    }
    let (first, last) = (words.first()?, words.last()?);
    let name = words.iter().map(|w| w.text).collect::<Vec<_>>().join(" ");
    Some((name, Span::new(first.start, last.end), j))
}

/// Reads a document designation at token `i`: type, name, number, year, date, issuer.
fn doc_at(t: &mut Toks<'_>, mut i: usize, mode: Mode, after_path: bool) -> Option<(DocRef, usize)> {
    let mut d = DocRef::default();
    let begin = i;
    // "Chương trình [hành động …] ban hành kèm theo …", "ban hành kèm theo …".
    if after_path {
        let mut j = i;
        if t.is_word(j, "chương") && t.is_word(j + 1, "trình") {
            j += 2;
            let mut k = 0;
            while k < 10 && !t.are_words(j, &["ban", "hành", "kèm", "theo"]) {
                if t.get(j).is_none_or(|x| x.kind != TokKind::Word) {
                    break;
                }
                j += 1;
                k += 1;
            }
        }
        if t.are_words(j, &["ban", "hành", "kèm", "theo"]) {
            d.attachment = true;
            i = j + 4;
        } else if t.are_words(j, &["kèm", "theo"]) {
            d.attachment = true;
            i = j + 2;
        }
    }
    // The type.
    let tok = t.get(i)?;
    let mut read_type = false;
    let mut lowercase_type = false;
    if tok.kind == TokKind::Word && t.folded_word(i).is_some_and(starts_a_type) {
        let rest = &t.lexer.text[tok.start..];
        if let Some((doc_type, len)) = DocType::prefix_of(rest) {
            let capitalised = tok.text.starts_with(char::is_uppercase);
            if mode == Mode::Strict || capitalised || after_path {
                d.doc_type = Some(doc_type);
                read_type = true;
                lowercase_type = !capitalised;
                // Skip the type's words.
                let end = tok.start + len;
                while t.get(i).is_some_and(|x| x.start < end) {
                    i += 1;
                }
            }
        }
    }
    if !read_type && d.attachment {
        return None;
    }
    if read_type {
        if t.is_word(i, "này") {
            d.relative = true;
            return Some((d, i + 1));
        }
        if t.are_words(i, &["nêu", "trên"]) {
            d.relative = true;
            return Some((d, i + 2));
        }
        if t.are_words(i, &["đã", "dẫn"]) {
            d.relative = true;
            return Some((d, i + 2));
        }
        // The name: words up to a stop. In running text a name starts with a capital
        // ("Luật An ninh mạng") or follows "về" ("Nghị quyết về đột phá …"); "Luật pháp" is
        // no document.
        if let Some((name, span, next)) = name_at(t, i, mode, lowercase_type) {
            d.name = Some(name);
            d.name_bytes = Some(span);
            i = next;
        }
    }
    // Number, year, date, issuer in any order, commas allowed between them.
    loop {
        let comma = t.is_punct(i, ",") || t.is_punct(i, "(");
        let k = if comma { i + 1 } else { i };
        if d.number.is_none() && d.serial.is_none() {
            let (at, has_so) = if t.is_word(k, "số") {
                if t.is_punct(k + 1, ":") {
                    (k + 2, true)
                } else {
                    (k + 1, true)
                }
            } else {
                (k, false)
            };
            if let Some(tok) = t.get(at)
                && tok.kind == TokKind::Num
                && tok.text.starts_with(|c: char| c.is_ascii_digit())
            {
                if let Ok(n) = DocNumber::parse(tok.text) {
                    d.number = Some(n);
                    i = at + 1;
                    // The title may follow the number: "Luật số 91/2025/QH15 Bảo vệ dữ liệu
                    // cá nhân ngày 26/06/2025".
                    if read_type
                        && d.name.is_none()
                        && t.get(i)
                            .is_some_and(|x| x.text.starts_with(char::is_uppercase))
                        && let Some((name, span, next)) = name_at(t, i, mode, false)
                    {
                        d.name = Some(name);
                        d.name_bytes = Some(span);
                        i = next;
                    }
                    continue;
                }
                let serial_only = tok.text.chars().all(|c| c.is_ascii_digit());
                // A bare four-digit number after a type is a year ("Luật An ninh mạng 2018");
                // in running text a serial needs its type ("Nghị quyết 57", not "số 5").
                if serial_only
                    && (read_type || mode == Mode::Strict)
                    && (has_so || (read_type && tok.text.len() != 4))
                {
                    d.serial = Some(tok.text.to_string());
                    i = at + 1;
                    continue;
                }
            }
        }
        if d.year.is_none() && d.issued.is_none() {
            let at = if t.is_word(k, "năm") { k + 1 } else { k };
            if let Some(tok) = t.get(at)
                && tok.kind == TokKind::Num
                && tok.text.len() == 4
                && (at > k || read_type)
                && let Ok(y) = tok.text.parse::<i32>()
                && (1945..=2100).contains(&y)
            {
                d.year = Some(y);
                i = at + 1;
                continue;
            }
        }
        if d.issued.is_none() && t.is_word(k, "ngày") {
            let tok = t.get(k)?;
            let text = t.lexer.text;
            let window_end = (tok.start + 48).min(text.len());
            let window_end = (window_end..=text.len())
                .find(|&e| text.is_char_boundary(e))
                .unwrap_or(text.len());
            let window = &text[tok.start..window_end];
            let after = &window["ngày".len()..];
            let lead = after.len() - after.trim_start().len();
            let found = find_dates(window)
                .into_iter()
                .find(|f| f.start == 0 || f.start == "ngày".len() + lead);
            if let Some(f) = found {
                d.issued = Some(f.date);
                let end = tok.start + f.end;
                let mut j = k;
                while t.get(j).is_some_and(|x| x.end <= end) {
                    j += 1;
                }
                i = j;
                continue;
            }
        }
        if d.issuer.is_none() && t.is_word(k, "của") {
            let text = t.lexer.text;
            if let Some(next) = t.get(k + 1) {
                let rest = &text[next.start..];
                let found = issuer_at(rest);
                if let Some(iss) = found {
                    d.issuer = Some(iss.to_string());
                    let end = next.start + iss.len();
                    let mut j = k + 1;
                    while t.get(j).is_some_and(|x| x.end <= end) {
                        j += 1;
                    }
                    i = j;
                    continue;
                }
            }
        }
        break;
    }
    if t.is_punct(i, ")") && t.is_punct(i.saturating_sub(2), "(") {
        i += 1;
    }
    // "Điều 9 quy định …": a lower-case type word in running text is a verb unless something
    // after it identifies a document.
    let unidentified_verb = lowercase_type && mode == Mode::Free && !d.identifies();
    if i == begin || (!read_type && !d.identifies()) || unidentified_verb {
        return None;
    }
    Some((d, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(l: &Locator) -> String {
        l.steps
            .iter()
            .map(|s| format!("{}{}", s.kind.code(), s.key()))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// `expect`: locators joined by " | ", then " @ " and the document's fields.
    fn check(input: &str, expect: &str) {
        let r = parse_citation(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        let locs: Vec<String> = r.locators.iter().map(steps).collect();
        let d = r.document.clone().unwrap_or_default();
        let mut doc = Vec::new();
        if let Some(t) = d.doc_type {
            doc.push(format!("type={}", t.name()));
        }
        if let Some(n) = &d.name {
            doc.push(format!("name={n}"));
        }
        if let Some(n) = &d.number {
            doc.push(format!("number={n}"));
        }
        if let Some(s) = &d.serial {
            doc.push(format!("serial={s}"));
        }
        if let Some(y) = d.year {
            doc.push(format!("year={y}"));
        }
        if let Some(date) = d.issued {
            doc.push(format!("issued={date}"));
        }
        if let Some(i) = &d.issuer {
            doc.push(format!("issuer={i}"));
        }
        if d.attachment {
            doc.push("attachment".to_string());
        }
        let got = format!("{} @ {}", locs.join(" | "), doc.join(" "));
        assert_eq!(got, expect, "parsing {input:?}");
        assert_eq!(r.span.end, input.trim_end_matches('.').chars().count());
    }

    #[test]
    fn citations_of_laws() {
        check(
            "điểm a khoản 1 Điều 9 Luật số 134/2025/QH15",
            "art9.cl1.pta @ type=Luật number=134/2025/QH15",
        );
        check(
            "khoản 2 Điều 38 Luật Bảo vệ dữ liệu cá nhân",
            "art38.cl2 @ type=Luật name=Bảo vệ dữ liệu cá nhân",
        );
        check(
            "Điều 5 Luật An ninh mạng 2018",
            "art5 @ type=Luật name=An ninh mạng year=2018",
        );
        check(
            "điểm a khoản 1 Điều 9 Luật Trí tuệ nhân tạo số 134/2025/QH15",
            "art9.cl1.pta @ type=Luật name=Trí tuệ nhân tạo number=134/2025/QH15",
        );
        check(
            "Điều 5 Nghị định 13/2023/NĐ-CP",
            "art5 @ type=Nghị định number=13/2023/NĐ-CP",
        );
        check("Điều 9 134/2025/QH15", "art9 @ number=134/2025/QH15");
        check(
            "Mục 1 Chương II Luật số 71/2025/QH15",
            "ch2.sec1 @ type=Luật number=71/2025/QH15",
        );
    }

    #[test]
    fn citations_of_resolutions_and_programmes() {
        check(
            "Mục III Nghị quyết 57-NQ/TW",
            "sec3 @ type=Nghị quyết number=57-NQ/TW",
        );
        check(
            "tiểu mục 3 Mục II Chương trình ban hành kèm theo Nghị quyết số 71/NQ-CP",
            "sec2.it3 @ type=Nghị quyết number=71/NQ-CP attachment",
        );
        check(
            "gạch đầu dòng thứ 2 tiểu mục 1 Mục II Nghị quyết số 57-NQ/TW",
            "sec2.it1.b2 @ type=Nghị quyết number=57-NQ/TW",
        );
        check(
            "STT 11.1 Phụ lục I Nghị quyết 71/NQ-CP",
            "app1.row11.1 @ type=Nghị quyết number=71/NQ-CP",
        );
        check(
            "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
            " @ type=Nghị quyết number=57-NQ/TW issued=2024-12-22 issuer=Bộ Chính trị",
        );
        check(
            "Nghị quyết 57-NQ/TW ngày 22 tháng 12 năm 2024",
            " @ type=Nghị quyết number=57-NQ/TW issued=2024-12-22",
        );
        check("Mục II Nghị quyết 57", "sec2 @ type=Nghị quyết serial=57");
    }

    #[test]
    fn lists_and_ranges_expand() {
        check(
            "điểm h, i và l khoản 1 Điều 5 Luật số 24/2018/QH14",
            "art5.cl1.pth | art5.cl1.pti | art5.cl1.ptl @ type=Luật number=24/2018/QH14",
        );
        check(
            "khoản 2, khoản 3 Điều 2; khoản 5 Điều 4 Nghị định 13/2023/NĐ-CP",
            "art2.cl2 | art2.cl3 | art4.cl5 @ type=Nghị định number=13/2023/NĐ-CP",
        );
        check(
            "Điều 21, Điều 22 và khoản 2 Điều 33 Luật số 91/2025/QH15",
            "art21 | art22 | art33.cl2 @ type=Luật number=91/2025/QH15",
        );
        check(
            "Điều 1 đến Điều 3 Luật số 91/2025/QH15",
            "art1 | art2 | art3 @ type=Luật number=91/2025/QH15",
        );
        check(
            "điểm a đến điểm đ khoản 1 Điều 5 Luật số 71/2025/QH15",
            "art5.cl1.pta | art5.cl1.ptb | art5.cl1.ptc | art5.cl1.ptd | art5.cl1.ptđ @ type=Luật number=71/2025/QH15",
        );
    }

    #[test]
    fn bad_citations_say_why() {
        assert_eq!(parse_citation("  "), Err(CitationError::Empty));
        assert_eq!(parse_citation("Điều 5"), Err(CitationError::NoDocument));
        assert!(matches!(
            parse_citation("khoản 2 Điều này"),
            Err(CitationError::Relative(_))
        ));
        assert!(matches!(
            parse_citation("Điều 5 Luật này"),
            Err(CitationError::Relative(_))
        ));
        assert!(matches!(
            parse_citation("xin chào"),
            Err(CitationError::NotAReference(_))
        ));
        assert_eq!(
            parse_citation("Điều 5 Nghị định 13/2023/NĐ-CP !!"),
            Err(CitationError::Trailing {
                at: 31,
                rest: "!!".into()
            })
        );
    }

    #[test]
    fn numbers_compare_by_value() {
        assert_eq!(num_key(UnitKind::Section, "III"), "3");
        assert_eq!(num_key(UnitKind::Section, "3"), "3");
        assert_eq!(num_key(UnitKind::Appendix, "01"), "1");
        assert_eq!(num_key(UnitKind::Point, "i"), "i");
        assert_eq!(num_key(UnitKind::Row, "11.01"), "11.1");
    }

    #[test]
    fn references_in_running_text_have_character_offsets() {
        let text = "Theo khoản 2 Điều 38 Luật Bảo vệ dữ liệu cá nhân, và Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; xem thêm khoản 3 Điều này.";
        let refs = extract(text);
        let got: Vec<(&str, usize)> = refs
            .iter()
            .map(|r| (r.text.as_str(), r.span.start))
            .collect();
        assert_eq!(
            got,
            vec![
                ("khoản 2 Điều 38 Luật Bảo vệ dữ liệu cá nhân", 5),
                (
                    "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
                    53
                ),
                ("khoản 3 Điều này", 119),
            ]
        );
        for r in &refs {
            let chars: String = text.chars().skip(r.span.start).take(r.span.len()).collect();
            assert_eq!(chars, r.text);
        }
    }
}
