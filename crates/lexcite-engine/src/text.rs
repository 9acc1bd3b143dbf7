//! Lexical evidence: sentences of a unit, the content words of a question, highlights and
//! how much of one text another supports. Words compare without tone marks, so a question
//! typed without diacritics still matches.

use std::collections::HashSet;

use lexcite_core::normalize::{fold_tones, strip_marks};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A matched stretch of a text, in characters.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// Function words that carry no subject ("của", "và", "quy định") — folded, without marks.
const STOP: &[&str] = &[
    "cua", "va", "cac", "co", "duoc", "la", "theo", "cho", "trong", "voi", "nay", "ve", "nhung",
    "mot", "de", "khi", "den", "tu", "hoac", "thi", "do", "bi", "tai", "tren", "nhu", "nao", "gi",
    "bao", "nhieu", "khong", "phai", "hay", "the", "sao", "ai", "dau", "o", "da", "se", "dang",
    "vao", "ra", "quy", "dinh", "ve", "can", "nhu", "neu", "thuoc", "doi", "so", "cung", "moi",
    "nhung", "rang", "vi", "nen", "luc", "dieu", "khoan", "diem", "muc", "luat",
];

/// A word of a text: its folded form and character offsets.
#[derive(Clone, Debug)]
pub struct Word {
    pub folded: String,
    pub start: usize,
    pub end: usize,
}

/// The words of a text with character offsets.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start = 0;
    let mut n = 0;
    for (i, c) in text.chars().enumerate() {
        n = i + 1;
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            current.push(c);
        } else if !current.is_empty() {
            out.push(Word {
                folded: strip_marks(&current.to_lowercase()),
                start,
                end: i,
            });
            current.clear();
        }
    }
    if !current.is_empty() {
        out.push(Word {
            folded: strip_marks(&current.to_lowercase()),
            start,
            end: n,
        });
    }
    out
}

/// Lower-case words with their marks ("cấm" is not "cảm").
pub fn plain_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| fold_tones(&w.to_lowercase()))
        .collect()
}

/// Whether the words `needle` occur in `haystack`.
fn contains_words(haystack: &[String], needle: &[String]) -> bool {
    !occurrences(haystack, needle).is_empty()
}

/// Whether the words `ws` (as [`plain_words`] gives them) say `phrase`, word for word.
pub(crate) fn says(ws: &[String], phrase: &str) -> bool {
    contains_words(ws, &plain_words(phrase))
}

/// Where the words `key` occur in `ws`.
pub(crate) fn occurrences(ws: &[String], key: &[String]) -> Vec<usize> {
    if key.is_empty() || ws.len() < key.len() {
        return Vec::new();
    }
    (0..=ws.len() - key.len())
        .filter(|&k| ws[k..k + key.len()] == *key)
        .collect()
}

fn is_stop(w: &str) -> bool {
    STOP.contains(&w)
}

/// The content words of a question and their adjacent pairs.
#[derive(Clone, Debug, Default)]
pub struct Terms {
    pub words: HashSet<String>,
    pub pairs: HashSet<(String, String)>,
}

impl Terms {
    pub fn of(text: &str) -> Self {
        let ws = words(text);
        let words = ws
            .iter()
            .filter(|w| !is_stop(&w.folded))
            .map(|w| w.folded.clone())
            .collect();
        let pairs = ws
            .windows(2)
            .filter(|p| !(is_stop(&p[0].folded) && is_stop(&p[1].folded)))
            .map(|p| (p[0].folded.clone(), p[1].folded.clone()))
            .collect();
        Self { words, pairs }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How many of the question's word pairs occur in a text.
    pub fn pair_hits(&self, text: &str) -> usize {
        self.pairs_in(&words(text))
    }

    fn pairs_in(&self, ws: &[Word]) -> usize {
        let pairs: HashSet<(&str, &str)> = ws
            .windows(2)
            .map(|p| (p[0].folded.as_str(), p[1].folded.as_str()))
            .collect();
        self.pairs
            .iter()
            .filter(|(a, b)| pairs.contains(&(a.as_str(), b.as_str())))
            .count()
    }

    /// How well a text covers these terms, 0–1.5: the share of content words present plus
    /// half the share of word pairs present.
    pub fn coverage(&self, text: &str) -> (f32, usize) {
        self.coverage_of(&words(text))
    }

    /// How many of these words, and of these word pairs, `other` holds.
    pub fn held_in(&self, other: &Terms) -> (usize, usize) {
        let words = self
            .words
            .iter()
            .filter(|w| other.words.contains(*w))
            .count();
        let pairs = self
            .pairs
            .iter()
            .filter(|p| other.pairs.contains(*p))
            .count();
        (words, pairs)
    }

    /// [`Terms::coverage`] of a text already split into words.
    pub fn coverage_of(&self, ws: &[Word]) -> (f32, usize) {
        if self.words.is_empty() {
            return (0.0, 0);
        }
        let present: HashSet<&str> = ws.iter().map(|w| w.folded.as_str()).collect();
        let hits = self
            .words
            .iter()
            .filter(|w| present.contains(w.as_str()))
            .count();
        let pair_hits = self.pairs_in(ws);
        let score = hits as f32 / self.words.len() as f32
            + 0.5 * pair_hits as f32 / self.pairs.len().max(1) as f32;
        (score, hits)
    }
}

/// Where a query's content words occur in a text, adjacent words merged into one stretch.
pub fn highlights(text: &str, terms: &Terms, max: usize) -> Vec<Highlight> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Highlight> = Vec::new();
    for w in words(text) {
        if !terms.words.contains(&w.folded) {
            continue;
        }
        if let Some(last) = out.last_mut()
            && chars[last.end..w.start].iter().all(|c| *c == ' ')
        {
            last.end = w.end;
            last.text = chars[last.start..last.end].iter().collect();
            continue;
        }
        if out.len() == max {
            break;
        }
        out.push(Highlight {
            start: w.start,
            end: w.end,
            text: chars[w.start..w.end].iter().collect(),
        });
    }
    out
}

/// A sentence of a unit's text with its character offsets in that text.
#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Shortest sentence worth quoting, in characters.
const MIN_SENTENCE: usize = 25;

/// The sentences of a legal text: split at line ends and at ".", ";", "!" or "?" before a
/// space; a list marker ("1.", "a)", "-") at the start is left out of the quote.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i <= chars.len() {
        let at_end = i == chars.len();
        let boundary = at_end
            || chars[i] == '\n'
            || (matches!(chars[i], '.' | ';' | '!' | '?')
                && chars.get(i + 1).is_none_or(|c| c.is_whitespace())
                // "1." or "a." of a list marker is not the end of a sentence.
                && !(i >= start && chars[start..i].iter().all(|c| c.is_alphanumeric() || c.is_whitespace()) && i - start <= 4));
        if boundary {
            let end = if at_end || chars[i] == '\n' { i } else { i + 1 };
            push_sentence(&chars, start, end, &mut out);
            start = i + 1;
        }
        i += 1;
    }
    out
}

fn push_sentence(chars: &[char], mut start: usize, mut end: usize, out: &mut Vec<Sentence>) {
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    // A marker: "1.", "2.1.", "a)", "đ)", "-", "–", "+", "I.", "II-".
    let rest: String = chars[start..end.min(start + 8)].iter().collect();
    let marker_len = marker_len(&rest);
    start += marker_len;
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    while end > start && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if end - start >= MIN_SENTENCE {
        out.push(Sentence {
            text: chars[start..end].iter().collect(),
            start,
            end,
        });
    }
}

fn marker_len(s: &str) -> usize {
    let chars: Vec<char> = s.chars().collect();
    if matches!(chars.first(), Some('-' | '–' | '+' | '•')) {
        return 1;
    }
    let mut i = 0;
    while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
        i += 1;
    }
    if i > 0 && chars.get(i - 1) == Some(&'.') {
        return i;
    }
    if i > 0 && matches!(chars.get(i), Some(')' | '-')) {
        return i + 1;
    }
    let roman = chars.iter().take_while(|c| "IVX".contains(**c)).count();
    if roman > 0 && matches!(chars.get(roman), Some('.' | '-')) {
        return roman + 1;
    }
    if chars.len() >= 2 && chars[0].is_lowercase() && chars[1] == ')' {
        return 2;
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_drop_list_markers_and_keep_offsets() {
        let text = "1. Mục tiêu đến năm 2030:\na) Tiềm lực, trình độ khoa học đạt mức tiên tiến; chi cho nghiên cứu phát triển đạt 2% GDP.\n- Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt trên 40%.";
        let got: Vec<String> = sentences(text).into_iter().map(|s| s.text).collect();
        assert_eq!(
            got,
            vec![
                "Tiềm lực, trình độ khoa học đạt mức tiên tiến;",
                "chi cho nghiên cứu phát triển đạt 2% GDP.",
                "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt trên 40%.",
            ]
        );
        for s in sentences(text) {
            let slice: String = text.chars().skip(s.start).take(s.end - s.start).collect();
            assert_eq!(slice, s.text);
        }
    }

    #[test]
    fn coverage_ignores_marks_and_function_words() {
        let terms = Terms::of("chi cho nghien cuu phat trien bao nhieu GDP");
        let (good, hits) = terms.coverage("chi cho nghiên cứu phát triển đạt 2% GDP");
        let (bad, _) = terms.coverage("bảo vệ dữ liệu cá nhân của trẻ em");
        assert_eq!(hits, 6);
        assert!(good > 1.0 && bad < 0.2, "{good} {bad}");
    }

    #[test]
    fn highlights_merge_adjacent_words() {
        let terms = Terms::of("nghiên cứu phát triển");
        let h = highlights("chi cho nghiên cứu phát triển đạt 2%", &terms, 10);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].text, "nghiên cứu phát triển");
        assert_eq!((h[0].start, h[0].end), (8, 29));
    }
}
