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
    /// Whether anything was taken out or read differently.
    changed: bool,
    /// For each character of `text` (and one past the end): its index in the original.
    origin: Vec<usize>,
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
        let mut origin = Vec::with_capacity(original.len());
        let mut changed = false;
        let chars: Vec<char> = original.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if invisible(c) {
                changed = true;
                i += 1;
                continue;
            }
            if c == '\r' && chars.get(i + 1) == Some(&'\n') {
                changed = true;
                i += 1;
                continue;
            }
            if c == '\n' && joins(&text, &chars[i + 1..]) {
                changed = true;
                text.push(' ');
                origin.push(i);
                i += 1;
                continue;
            }
            text.push(c);
            origin.push(i);
            i += 1;
        }
        origin.push(chars.len());
        Self {
            text,
            changed,
            origin,
        }
    }

    /// Whether nothing was changed.
    pub fn unchanged(&self) -> bool {
        !self.changed
    }

    /// The original character range of the read range `[start, end)`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.origin.get(start).copied().unwrap_or(0);
        let e = match end.checked_sub(1).and_then(|l| self.origin.get(l)) {
            Some(&last) if end > start => last + 1,
            _ => s,
        };
        (s, e)
    }
}

/// Whether a line break continues a reference: the line so far ends open ("Điều 99") and the
/// next opens with a document's designation.
fn joins(before: &str, after: &[char]) -> bool {
    let line = before.rsplit('\n').next().unwrap_or("");
    let next: String = after.iter().take(40).collect();
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
