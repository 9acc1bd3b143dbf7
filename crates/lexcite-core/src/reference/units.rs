//! Unit labels and numbers: which words name a level ("khoản", "tiểu mục", "gạch đầu dòng
//! thứ"), which tokens can number it, and how two spellings of a number compare ("III" = "3").

use super::lexer::{Tok, Toks};
use crate::model::UnitKind;

/// A unit label at `i`: its kind and how many tokens it takes.
pub(super) fn label_at(t: &mut Toks<'_>, i: usize) -> Option<(UnitKind, usize)> {
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
pub(super) fn rank(kind: UnitKind) -> u8 {
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

/// Ordinal numerals: "thứ hai" is the second.
pub(super) const ORDINALS: &[&str] = &[
    "nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười",
];

pub(super) fn is_roman(s: &str) -> bool {
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
pub(super) fn unit_num(kind: UnitKind, tok: &Tok<'_>) -> Option<String> {
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
            let mut chars = s.chars();
            let first = chars.next();
            let rest = chars.as_str();
            s.chars().count() <= 2 && s.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
                // A point inserted after another: "điểm a1", "điểm đ2".
                || (first.is_some_and(|c| c.is_alphabetic() && c.is_lowercase())
                    && (1..=2).contains(&rest.len())
                    && rest.chars().all(|c| c.is_ascii_digit()))
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
