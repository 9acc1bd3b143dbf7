//! The text as the verifier reads it: invisible characters (zero-width and bidi marks, soft
//! hyphens, byte-order marks, NUL) taken out and a line break inside a reference read as a
//! space, with a map back to the characters of the text as given, so offsets stay offsets
//! into what the caller sent.

use std::sync::LazyLock;

use regex::Regex;

/// A text cleaned for reading, and where each of its characters came from.
#[derive(Debug)]
pub(crate) struct Reading {
    pub text: String,
    /// Where the shift between read and original characters changes: from read character
    /// `.0` on, read character `i` is original character `.1 + (i - .0)`. Empty when nothing
    /// was taken out, so a clean text costs nothing beyond its copy.
    runs: Vec<(usize, usize)>,
    /// Whether anything was taken out or read differently.
    changed: bool,
    /// Characters of the text as given.
    original_len: usize,
    /// Characters of `text`.
    len: usize,
}

/// Characters that change nothing a reader sees.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{0}' | '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// A line ending in a unit label ("… Điều 99") or a number sign.
static OPEN_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:điều|khoản|điểm|mục|chương|phần|tiểu mục)\s+[0-9a-zđ]+[,]?|\bsố|\b(?:luật|nghị định|nghị quyết|thông tư|quyết định|bộ luật))\s*$")
        .expect("valid regex")
});

/// A line opening with a document designation ("Luật số …", "Nghị định 13/2023/NĐ-CP").
static DESIGNATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:Luật|Bộ luật|Nghị định|Nghị quyết|Thông tư|Quyết định|Pháp lệnh|Hiến pháp|Chỉ thị|số\s+\d|\d+/\d{4}/)")
        .expect("valid regex")
});

impl Reading {
    pub fn of(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut runs = Vec::new();
        let mut changed = false;
        // Characters read and given so far; a run starts wherever their difference changes.
        let (mut read, mut given) = (0, 0);
        let mut shift = 0;
        let mut chars = original.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            given += 1;
            let skip = invisible(c) || (c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n'));
            if skip {
                changed = true;
                continue;
            }
            if given - 1 - read != shift {
                shift = given - 1 - read;
                runs.push((read, given - 1));
            }
            if c == '\n' && joins(&text, &original[at + 1..]) {
                changed = true;
                text.push(' ');
            } else {
                text.push(c);
            }
            read += 1;
        }
        Self {
            text,
            runs,
            changed,
            original_len: given,
            len: read,
        }
    }

    /// Whether nothing was changed.
    pub fn unchanged(&self) -> bool {
        !self.changed
    }

    /// The original index of read character `i` (one past the end maps to the original's end).
    fn origin(&self, i: usize) -> usize {
        if i >= self.len {
            return self.original_len;
        }
        match self.runs.partition_point(|&(r, _)| r <= i) {
            0 => i,
            k => {
                let (r, o) = self.runs[k - 1];
                o + (i - r)
            }
        }
    }

    /// The original character range of the read range `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.origin(start);
        let e = if end > start {
            self.origin(end - 1) + 1
        } else {
            s
        };
        (s, e)
    }
}

/// Whether a line break continues a reference: the line so far ends open ("Điều 99") and the
/// next opens with a document's designation.
fn joins(before: &str, after: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or("");
    let next: String = after.chars().take(40).collect();
    OPEN_END.is_match(line) && DESIGNATION.is_match(&next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_go_and_offsets_map_back() {
        let given = "Điều 99\u{200B} Luật số 91/2025/QH15";
        let r = Reading::of(given);
        assert_eq!(r.text, "Điều 99 Luật số 91/2025/QH15");
        let whole = r.text.chars().count();
        assert_eq!(r.original(0, whole), (0, given.chars().count()));
        assert_eq!(r.original(5, 7), (5, 7));
        // After the mark, every character is one further on in the text as given.
        assert_eq!(r.original(8, 12), (9, 13));
        let r = Reading::of("\u{FEFF}a\u{AD}\u{AD}b\r\nc");
        assert_eq!(r.text, "ab\nc");
        let at: Vec<(usize, usize)> = (0..4).map(|i| r.original(i, i + 1)).collect();
        assert_eq!(at, [(1, 2), (4, 5), (6, 7), (7, 8)]);
        assert_eq!(r.original(4, 4), (8, 8));
        assert!(Reading::of("Điều 9 Luật số 91/2025/QH15.").unchanged());
    }

    #[test]
    fn a_line_break_inside_a_reference_is_a_space() {
        let r = Reading::of("theo Điều 99\nLuật số 91/2025/QH15 thì");
        assert_eq!(r.text, "theo Điều 99 Luật số 91/2025/QH15 thì");
        // A heading line stays a line.
        let r = Reading::of("Điều 5. Phạm vi\nLuật này quy định");
        assert!(r.text.contains('\n'));
    }
}
