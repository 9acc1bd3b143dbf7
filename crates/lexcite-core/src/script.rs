//! How Vietnamese a text looks: letters of the alphabet and well-formed syllables.
//!
//! Readers use it to refuse garbage (a PDF whose glyph map is broken, a file in an unknown
//! legacy encoding) and to choose between candidate decodings of the same bytes. Two measures:
//! - [`Quality::char_share`]: the share of visible characters that are letters of the Vietnamese
//!   alphabet, digits or ordinary punctuation. Mojibake (`ViÖt`, `Vieät`), private-use glyphs,
//!   control codes and replacement characters all count against it.
//! - [`Quality::syllable_share`]: among words with a non-ASCII letter, the share that are
//!   well-formed Vietnamese syllables (onset, vowel group, coda, at most one tone mark). This
//!   tells `Việt` from `Viêt̀` or `Vịêt` when every character is a valid letter.

use unicode_normalization::char::{compose, decompose_canonical};

/// Lower-case letters with diacritics used by Vietnamese (NFC), besides ASCII a–z.
const VIETNAMESE_LETTERS: &str =
    "àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ";

/// Punctuation and symbols that real legal texts use beyond ASCII.
const TYPOGRAPHIC: &str = "“”‘’–—…•·°§№«»×÷±≤≥²³½¼¾€£¥©®™‰′″→←↑↓√∑∞≈≠";

/// Whether `c` is a letter of the Vietnamese alphabet (either case, ASCII included).
pub fn is_vietnamese_letter(c: char) -> bool {
    if c.is_ascii_alphabetic() {
        return true;
    }
    if c.is_ascii() {
        return false;
    }
    c.to_lowercase()
        .next()
        .is_some_and(|l| VIETNAMESE_LETTERS.contains(l))
}

/// Whether `c` is acceptable in a Vietnamese legal text: a letter, a digit, ASCII punctuation or
/// the common typographic marks.
pub fn is_expected_char(c: char) -> bool {
    c.is_ascii_graphic() || is_vietnamese_letter(c) || TYPOGRAPHIC.contains(c)
}

/// The two measures of how Vietnamese a text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Quality {
    /// Visible (non-whitespace) characters.
    pub chars: usize,
    /// Of those, the letters, digits and punctuation a Vietnamese text uses.
    pub expected_chars: usize,
    /// Words that hold at least one non-ASCII letter.
    pub marked_words: usize,
    /// Of those, the well-formed Vietnamese syllables.
    pub syllables: usize,
}

impl Quality {
    /// Measures `text`.
    pub fn of(text: &str) -> Quality {
        let mut q = Quality::default();
        for word in text.split(|c: char| c.is_whitespace()) {
            if word.is_empty() {
                continue;
            }
            let mut non_ascii = false;
            for c in word.chars() {
                q.chars += 1;
                if is_expected_char(c) {
                    q.expected_chars += 1;
                }
                non_ascii |= !c.is_ascii() && c.is_alphabetic();
            }
            if non_ascii {
                q.marked_words += 1;
                let core = word.trim_matches(|c: char| !c.is_alphanumeric());
                if is_syllable(core) {
                    q.syllables += 1;
                }
            }
        }
        q
    }

    /// Share of visible characters that a Vietnamese text would use (1.0 for an empty text).
    pub fn char_share(&self) -> f64 {
        share(self.expected_chars, self.chars)
    }

    /// Share of words with diacritics that are well-formed syllables (1.0 when there are none).
    pub fn syllable_share(&self) -> f64 {
        share(self.syllables, self.marked_words)
    }

    /// Adds another measurement (e.g. of the next page).
    pub fn add(&mut self, other: Quality) {
        self.chars += other.chars;
        self.expected_chars += other.expected_chars;
        self.marked_words += other.marked_words;
        self.syllables += other.syllables;
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

/// Consonant onsets, longest first so that `ngh` wins over `ng`.
const ONSETS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Final consonants.
const CODAS: &[&str] = &["ch", "ng", "nh", "c", "m", "n", "p", "t"];

/// Vowel groups (without tone) that occur in Vietnamese syllables.
const NUCLEI: &[&str] = &[
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ", "ue", "uê",
    "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "ya", "yê", "iêu", "oai", "oao", "oay", "oeo",
    "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu", "ưo",
];

/// Whether `word` is one well-formed Vietnamese syllable: onset, vowel group, coda, and at most
/// one tone mark. Case is ignored. Pure-ASCII words are accepted (names, abbreviations).
pub fn is_syllable(word: &str) -> bool {
    if word.is_empty() || word.is_ascii() {
        return !word.is_empty();
    }
    let lower = word.to_lowercase();
    if !lower.chars().all(is_vietnamese_letter) {
        return false;
    }
    let mut folded = String::with_capacity(lower.len());
    let mut tones = 0;
    for c in lower.chars() {
        let (base, toned) = without_tone(c);
        folded.push(base);
        tones += usize::from(toned);
    }
    if tones > 1 {
        return false;
    }
    // Every onset that prefixes the word is tried: "gìn" is g + in, "giữa" is gi + ưa.
    std::iter::once("")
        .chain(ONSETS.iter().copied())
        .filter(|o| folded.starts_with(o))
        .any(|onset| is_rhyme(&folded[onset.len()..]) || (onset == "gi" && folded.len() == 2))
}

/// The letter without its tone mark (keeping ă, â, ê, ô, ơ, ư), and whether it had one.
pub fn without_tone(c: char) -> (char, bool) {
    if c.is_ascii() {
        return (c, false);
    }
    let mut base = None;
    let mut marks = Vec::new();
    let mut toned = false;
    decompose_canonical(c, |d| match d {
        '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}' => toned = true,
        _ if base.is_none() => base = Some(d),
        _ => marks.push(d),
    });
    let Some(mut out) = base else {
        return (c, false);
    };
    for m in marks {
        out = compose(out, m).unwrap_or(out);
    }
    (out, toned)
}

/// Whether `rest` is a vowel group followed by an optional final consonant.
fn is_rhyme(rest: &str) -> bool {
    std::iter::once("")
        .chain(CODAS.iter().copied())
        .filter(|c| rest.len() > c.len() && rest.ends_with(c))
        .any(|coda| NUCLEI.contains(&&rest[..rest.len() - coda.len()]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_words_are_syllables_and_mojibake_is_not() {
        for w in [
            "Việt",
            "nghiêng",
            "khoản",
            "Điều",
            "quyết",
            "định",
            "người",
            "được",
            "giữa",
            "gì",
            "thuở",
            "khuya",
            "ĐƯỜNG",
            "huyện",
            "chuyển",
            "oằn",
        ] {
            assert!(is_syllable(w), "{w} should be a syllable");
        }
        for w in ["ViÖt", "Vieät", "Vêịt", "ngườiá", "®iÒu", "hoµ"] {
            assert!(!is_syllable(w), "{w} should not be a syllable");
        }
    }

    #[test]
    fn quality_tells_text_from_mojibake() {
        let good = Quality::of("Điều 1. Phạm vi điều chỉnh – Luật này quy định…");
        assert_eq!(good.char_share(), 1.0);
        assert_eq!(good.syllable_share(), 1.0);
        let tcvn = Quality::of("§iÒu 1. Ph¹m vi ®iÒu chØnh");
        assert!(tcvn.char_share() < 0.95, "{tcvn:?}");
        assert!(tcvn.syllable_share() < 0.5, "{tcvn:?}");
    }
}
