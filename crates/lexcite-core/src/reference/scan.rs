//! Where references may start, found before any grammar runs: an Aho-Corasick scan for the
//! keywords and bare document numbers, and a cheap look at the next word. Decomposed text
//! (combining tone marks) is read composed, with a map back to the input's offsets.

use super::lexer::{Lexer, TokKind, Toks, is_word_char};
use super::units::{ORDINALS, is_roman, label_at};

/// Byte offset of the first combining tone mark (U+0300–U+036F) at or after `from`.
pub(super) fn next_mark(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    (from..b.len().saturating_sub(1)).find(|&i| {
        b[i] == 0xCC && (0x80..=0xBF).contains(&b[i + 1])
            || b[i] == 0xCD && (0x80..=0xAF).contains(&b[i + 1])
    })
}

fn is_combining(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Decomposed text composed, with checkpoints to map a composed position back to the input.
pub(super) struct Composed {
    pub(super) text: String,
    /// Only clusters with marks change; after each, a checkpoint ties a composed position to an
    /// input position: (composed byte, input byte, composed char, input char). Between
    /// checkpoints the two texts are the same, character for character.
    marks: Vec<(usize, usize, usize, usize)>,
}

impl Composed {
    pub(super) fn new(text: &str) -> Self {
        use unicode_normalization::UnicodeNormalization;
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
        Self {
            text: composed,
            marks,
        }
    }

    /// The input's (character, byte) offsets of a composed byte offset and its character
    /// offset.
    pub(super) fn input_at(&self, byte: usize, char_at: usize) -> (usize, usize) {
        let k = self.marks.partition_point(|m| m.0 <= byte) - 1;
        let (cb, ib, cc, ic) = self.marks[k];
        (ic + char_at.saturating_sub(cc), ib + (byte - cb))
    }
}

/// A cheap look at a candidate before the grammar runs: a document type in running text
/// must be capitalised (a path before it starts the reference earlier), and a unit label or
/// "số" must be followed by something that can be a number ("điều kiện", "mục tiêu", "một số
/// người" are not references).
pub(super) fn may_start(text: &str, start: usize, keyword_end: usize) -> bool {
    let first = text[start..].chars().next().unwrap_or(' ');
    if first.is_ascii_digit() {
        return true;
    }
    let mut t = Toks::new(text, start);
    if label_at(&mut t, 0).is_none() && !t.is_word(0, "số") {
        return first.is_uppercase();
    }
    let mut lexer = Lexer::new(text, keyword_end);
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
pub(super) fn candidate_starts(text: &str) -> Vec<(usize, usize)> {
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
