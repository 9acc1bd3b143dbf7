//! Vietnamese text normalisation: clean display text, and folded keys for matching.
//!
//! Two layers, never mixed up:
//! - [`clean`] produces the *display* text every offset refers to: Unicode NFC, one kind of
//!   space, no soft hyphens or zero-width characters, LF line ends, no trailing blanks. The
//!   words are left exactly as written (old or new tone placement alike).
//! - [`fold_tones`], [`match_key`] and [`strip_marks`] produce *matching* forms. `fold_tones`
//!   keeps the character count, so an offset found in the folded text is valid in the original.

use unicode_normalization::char::{compose, decompose_canonical};
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Cleans raw text into the normalised form that parsing and offsets use.
///
/// Line structure is kept (one paragraph per line), runs of blank lines become one blank line,
/// leading and trailing blank lines are dropped.
pub fn clean(raw: &str) -> String {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    // Most texts are already NFC; the quick checks avoid rebuilding them.
    let nfc: std::borrow::Cow<'_, str> = if surely_nfc(raw)
        || unicode_normalization::is_nfc_quick(raw.chars()) == IsNormalized::Yes
    {
        raw.into()
    } else {
        raw.nfc().collect::<String>().into()
    };
    let mut out = String::with_capacity(nfc.len());
    let mut blank_run = 0usize;
    for line in nfc.split(['\n', '\r']) {
        let line = clean_line(line);
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(&line);
    }
    out
}

/// A fast byte scan that says yes only for text made of characters that are always NFC by
/// themselves and never combine: ASCII, U+0080–U+02FF (Latin-1, Latin Extended A/B), the
/// precomposed Vietnamese letters U+1E00–U+1EFF and general punctuation U+2000–U+20FF.
/// Anything else (combining marks included) leaves the answer to the full check.
fn surely_nfc(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x00..=0x7f => i += 1,
            0xc2..=0xcb => i += 2,
            0xe1 if matches!(b.get(i + 1), Some(0xb8..=0xbb)) => i += 3,
            0xe2 if matches!(b.get(i + 1), Some(0x80..=0x83)) => i += 3,
            _ => return false,
        }
    }
    true
}

/// Whether a line may need [`clean_line`]: control bytes, doubled or edge spaces, or the lead
/// bytes of the few non-ASCII characters it rewrites (NBSP, soft hyphen, Ð, U+2000–U+206F,
/// U+3000, U+FEFF, U+1680). Vietnamese letters never trigger it.
fn needs_cleaning(line: &str) -> bool {
    let b = line.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return true;
    }
    b.windows(2).any(|w| match w[0] {
        0x00..=0x1f | 0x7f | 0xc2 | 0xe2 | 0xe3 | 0xef => true,
        b' ' => w[1] == b' ',
        0xc3 => w[1] == 0x90,
        0xe1 => w[1] == 0x9a,
        _ => false,
    }) || b.last().is_some_and(|&c| c < 0x20 || c == 0x7f)
}

/// Cleans one line: unifies spaces, drops invisible characters, collapses and trims blanks.
fn clean_line(line: &str) -> std::borrow::Cow<'_, str> {
    if !needs_cleaning(line) {
        return line.into();
    }
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        match c {
            '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {}
            c if c.is_whitespace() || c.is_control() => pending_space = true,
            c => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                // U+00D0 (Icelandic eth) is a common stand-in for Đ in old files.
                out.push(match c {
                    '\u{d0}' => 'Đ',
                    c => c,
                });
            }
        }
    }
    out.into()
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

fn is_tone(c: char) -> bool {
    TONES.contains(&c)
}

/// A letter split into base (with its quality mark: â ă ê ô ơ ư) and tone.
#[derive(Clone, Copy, Debug)]
struct Letter {
    base: char,
    tone: Option<char>,
}

fn split_letter(c: char) -> Letter {
    let mut base: Option<char> = None;
    let mut marks: [char; 3] = ['\0'; 3];
    let mut n_marks = 0;
    let mut tone = None;
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else if is_tone(d) {
            tone = Some(d);
        } else if n_marks < marks.len() {
            marks[n_marks] = d;
            n_marks += 1;
        }
    });
    let mut composed = base.unwrap_or(c);
    for &m in &marks[..n_marks] {
        composed = compose(composed, m).unwrap_or(composed);
    }
    Letter {
        base: composed,
        tone,
    }
}

fn join_letter(base: char, tone: Option<char>) -> char {
    match tone {
        Some(t) => compose(base, t).unwrap_or(base),
        None => base,
    }
}

fn is_vowel(base: char) -> bool {
    matches!(
        base.to_lowercase().next().unwrap_or(base),
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

fn has_quality_mark(base: char) -> bool {
    matches!(
        base.to_lowercase().next().unwrap_or(base),
        'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư'
    )
}

/// Index (into `letters`) of the vowel that carries the tone in the traditional placement that
/// most published texts use ("hòa", "thủy": on the first vowel of an open "oa", "oe", "uy").
fn tone_position(letters: &[Letter]) -> Option<usize> {
    let lower: Vec<char> = letters
        .iter()
        .map(|l| l.base.to_lowercase().next().unwrap_or(l.base))
        .collect();
    let first_vowel = lower.iter().position(|&c| is_vowel(c))?;
    let mut start = first_vowel;
    // "qu" and "gi" followed by a vowel: the u / i belongs to the initial consonant.
    if start > 0 && start + 1 < lower.len() && is_vowel(lower[start + 1]) {
        let prev = lower[start - 1];
        if (prev == 'q' && lower[start] == 'u') || (prev == 'g' && lower[start] == 'i') {
            start += 1;
        }
    }
    let end = (start..lower.len())
        .find(|&i| !is_vowel(lower[i]))
        .unwrap_or(lower.len());
    if lower[end..].iter().any(|&c| is_vowel(c)) {
        return None; // not one Vietnamese syllable
    }
    let nucleus = &lower[start..end];
    if let Some(i) = nucleus.iter().rposition(|&c| has_quality_mark(c)) {
        return Some(start + i);
    }
    let has_final = end < lower.len();
    Some(match nucleus {
        [_] => start,
        _ if has_final => end - 1,
        [_, _, _] => start + 1,
        _ => start,
    })
}

fn fold_word(word: &[char], out: &mut String) {
    // No tone mark to move: plain ASCII, or longer than a syllable.
    if word.len() > 7 || word.iter().all(char::is_ascii) {
        out.extend(word.iter());
        return;
    }
    let letters: Vec<Letter> = word.iter().map(|&c| split_letter(c)).collect();
    let toned: Vec<usize> = (0..letters.len())
        .filter(|&i| letters[i].tone.is_some())
        .collect();
    let target = match toned.as_slice() {
        [only] if word.len() <= 7 => tone_position(&letters).map(|t| (*only, t)),
        _ => None,
    };
    match target {
        Some((from, to)) if from != to && is_vowel(letters[to].base) => {
            let tone = letters[from].tone;
            for (i, l) in letters.iter().enumerate() {
                let t = if i == to {
                    tone
                } else if i == from {
                    None
                } else {
                    l.tone
                };
                out.push(join_letter(l.base, t));
            }
        }
        _ => out.extend(word.iter()),
    }
}

/// Moves each syllable's tone mark to one canonical position, so that the two placements in use
/// ("hoà"/"hòa", "thuỷ"/"thủy") fold to the same form ("hòa", "thủy").
///
/// Input must be NFC. The output has exactly as many characters as the input, so character
/// offsets carry over.
pub fn fold_tones(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word: Vec<char> = Vec::new();
    for c in text.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            fold_word(&word, &mut out);
            word.clear();
            out.push(c);
        }
    }
    fold_word(&word, &mut out);
    out
}

/// The key two spellings of the same words share: NFC, lower case, one tone placement,
/// single spaces. Use it to compare titles, names and phrases.
pub fn match_key(text: &str) -> String {
    let cleaned = clean(text).replace('\n', " ");
    fold_tones(&cleaned.to_lowercase())
}

/// Removes every diacritic and maps đ to d: "Nghị định" → "Nghi dinh".
pub fn strip_marks(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_fold(input: &str, expect: &str) {
        assert_eq!(fold_tones(input), expect, "folding {input:?}");
        assert_eq!(input.chars().count(), expect.chars().count());
    }

    #[test]
    fn old_and_new_tone_placement_fold_together() {
        check_fold("hoà", "hòa");
        check_fold("hòa", "hòa");
        check_fold("thuỷ", "thủy");
        check_fold("Thuỷ lợi", "Thủy lợi");
        check_fold("khoẻ", "khỏe");
        check_fold("xoá bỏ", "xóa bỏ");
        check_fold("hoá", "hóa");
        check_fold("Hoà Bình", "Hòa Bình");
        check_fold("quý", "quý");
        check_fold("giữ", "giữ");
        check_fold("người", "người");
        check_fold("hoàn thiện", "hoàn thiện");
        check_fold("tuỳ", "tùy");
        check_fold("ngoài", "ngoài");
        check_fold("mua", "mua");
        check_fold("QĐ-TTg 57", "QĐ-TTg 57");
        check_fold("hoạch", "hoạch");
    }

    #[test]
    fn clean_unifies_spaces_and_drops_invisibles() {
        let raw = "\u{feff}Điều\u{a0}1.  Phạm vi\u{ad} điều chỉnh  \r\n\r\n\r\n\tLuật này\u{200b} quy định\n";
        assert_eq!(
            clean(raw),
            "Điều 1. Phạm vi điều chỉnh\n\nLuật này quy định"
        );
    }

    #[test]
    fn clean_composes_decomposed_text() {
        let decomposed = "Nghi\u{323} đi\u{323}nh";
        assert_eq!(clean(decomposed), "Nghị định");
        assert_eq!(clean("N\u{d0}-CP"), "NĐ-CP");
    }

    #[test]
    fn match_key_ignores_case_spacing_and_tone_placement() {
        assert_eq!(
            match_key("Luật  Bảo vệ dữ liệu cá nhân"),
            match_key("LUẬT BẢO VỆ DỮ LIỆU CÁ NHÂN")
        );
        assert_eq!(match_key("hoà bình"), match_key("Hòa Bình"));
    }

    #[test]
    fn strip_marks_gives_ascii_skeleton() {
        assert_eq!(strip_marks("Nghị định Đà Nẵng"), "Nghi dinh Da Nang");
    }
}
