//! Line classification: which structural marker, if any, a line of normalised text starts with.
//!
//! Only the shape of one line is judged here. Whether a marker really opens a unit (its number
//! follows the previous one, an article is open for a clause…) is decided by the tree builder.

use std::sync::LazyLock;

use regex::Regex;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid built-in regex")
}

// Containers: the title may follow on the same line, after a separator, a space, or glued
// to the number ("Chương IVTRÍ TUỆ NHÂN TẠO" in some copies); see `container`.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(?:Phần|PHẦN)\s+(thứ\s+\p{L}+|THỨ\s+\p{L}+|[IVXLC]+|\d+)(\s*[.:\-–]?\s*)(.*)$")
});
static CHAPTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]+|\d+)(\s*[.:\-–]?\s*)(.*)$"));
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:Mục|MỤC)\s+(\d+|[IVXLC]+)(\s*[.:\-–]?\s*)(.*)$"));
static SUBSECTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:Tiểu mục|TIỂU MỤC)\s+(\d+)\b\s*[.:\-–]?\s*(.*)$"));
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:Điều|ĐIỀU)\s+(\d{1,3}[a-zđ]?)\s*[.:]\s*(.*)$"));
static SUB_ITEM: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(.*)$"));
static ROMAN: LazyLock<Regex> = LazyLock::new(|| re(r"^([IVXLC]{1,7})\s*[.\-–]\s*(.*)$"));
static BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"^[-–—•]\s+(.*)$"));
static APPENDIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?([IVXLC]+|\d{1,2}[a-z]?|[A-Z]))?\s*(?:[.:\-–]\s*(.*))?$",
    )
});
static FORM: LazyLock<Regex> = LazyLock::new(|| re(r"^Mẫu(?:\s+số)?\s+([0-9][0-9A-Za-z.]*)\s*$"));
static ROW: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\|?\s*([IVXLC]{1,6}|\d{1,3}(?:\.\d{1,2})*)\s*\.?\s*\|(.*)$"));
static ANNOTATION: LazyLock<Regex> =
    LazyLock::new(|| re(r"^\[((?:Bộ pháp điển|Ghi chú|Lược bỏ|Không trích)[^\]]*)\]$"));
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"^(?:Nơi nhận\b|(?:TM|T/M|KT|TL|TUQ)\.?\s+\p{Lu}|",
        r"(?:CHỦ TỊCH QUỐC HỘI|CHỦ TỊCH NƯỚC|THỦ TƯỚNG|TỔNG BÍ THƯ)\s*$|",
        r"(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết) này (?:đã )?được .{0,160}thông qua|",
        r"(?:Nghị quyết|Chỉ thị|Kết luận|Quy định) này (?:được )?phổ biến đến)"
    ))
});
static ATTACHMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^(CHƯƠNG TRÌNH|QUY CHẾ|QUY ĐỊNH|KẾ HOẠCH|ĐIỀU LỆ|CHIẾN LƯỢC|ĐỀ ÁN|DANH MỤC)\b")
});

/// What a line starts with. Text fields hold what follows the marker on the same line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker<'a> {
    Part { num: &'a str, rest: &'a str },
    Chapter { num: &'a str, rest: &'a str },
    Section { num: &'a str, rest: &'a str },
    Subsection { num: &'a str, rest: &'a str },
    Article { num: &'a str, rest: &'a str },
    Clause { num: u32, rest: &'a str },
    SubItem { num: &'a str, rest: &'a str },
    Point { letter: &'a str, rest: &'a str },
    Roman { num: &'a str, rest: &'a str },
    Bullet { rest: &'a str },
    Appendix { num: Option<&'a str>, rest: &'a str },
    Form { num: &'a str },
    Row { num: &'a str },
    Annotation { note: &'a str },
    Closing,
    Plain,
}

fn group<'a>(c: &regex::Captures<'a>, i: usize) -> &'a str {
    c.get(i).map(|m| m.as_str()).unwrap_or("")
}

/// Number and title of a container line, if the line really is one: a title glued to the
/// number must be in capitals ("IVTRÍ TUỆ" is chapter IV, "Chương trình" is no chapter).
fn container<'a>(regex: &Regex, line: &'a str) -> Option<(&'a str, &'a str)> {
    let c = regex.captures(line)?;
    let (num, sep, rest) = (group(&c, 1), group(&c, 2), group(&c, 3));
    let glued = sep.is_empty() && rest.starts_with(char::is_alphanumeric);
    if glued && !(is_upper(rest) && rest.starts_with(char::is_alphabetic)) {
        return None;
    }
    if glued && num.chars().all(|c| "IVXLC".contains(c)) && roman_value(num).is_none() {
        return None;
    }
    Some((num, rest))
}

/// Whether `line` starts with any of `prefixes`.
fn starts(line: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| line.starts_with(p))
}

const CLOSING_PREFIXES: &[&str] = &[
    "Nơi nhận",
    "TM",
    "T/M",
    "KT",
    "TL",
    "TUQ",
    "CHỦ TỊCH",
    "THỦ TƯỚNG",
    "TỔNG BÍ THƯ",
    "Luật này",
    "Bộ luật này",
    "Pháp lệnh này",
    "Nghị quyết này",
    "Chỉ thị này",
    "Kết luận này",
    "Quy định này",
];

/// Classifies one trimmed line. Literal prefix checks decide which pattern, if any, is worth
/// running, so most lines of running text cost no regex at all.
pub fn classify(line: &str) -> Marker<'_> {
    let Some(first) = line.chars().next() else {
        return Marker::Plain;
    };
    let marker = match first {
        'Đ' if starts(line, &["Điều", "ĐIỀU"]) => {
            ARTICLE.captures(line).map(|c| Marker::Article {
                num: group(&c, 1),
                rest: group(&c, 2),
            })
        }
        'C' if starts(line, &["Chương", "CHƯƠNG"]) => {
            container(&CHAPTER, line).map(|(num, rest)| Marker::Chapter { num, rest })
        }
        'P' if starts(line, &["Phụ lục", "PHỤ LỤC"]) => {
            APPENDIX.captures(line).map(|c| Marker::Appendix {
                num: c.get(1).map(|m| m.as_str()),
                rest: group(&c, 2),
            })
        }
        'P' if starts(line, &["Phần", "PHẦN"]) => {
            container(&PART, line).map(|(num, rest)| Marker::Part { num, rest })
        }
        'M' if line.starts_with("Mẫu") => FORM
            .captures(line)
            .map(|c| Marker::Form { num: group(&c, 1) }),
        'M' if starts(line, &["Mục", "MỤC"]) => {
            container(&SECTION, line).map(|(num, rest)| Marker::Section { num, rest })
        }
        'T' if starts(line, &["Tiểu mục", "TIỂU MỤC"]) => {
            SUBSECTION.captures(line).map(|c| Marker::Subsection {
                num: group(&c, 1),
                rest: group(&c, 2),
            })
        }
        '[' => ANNOTATION
            .captures(line)
            .map(|c| Marker::Annotation { note: group(&c, 1) }),
        '0'..='9' | '|' => numbered(line),
        'a'..='z' | 'đ' => point(line),
        '-' | '–' | '—' | '•' => BULLET
            .captures(line)
            .map(|c| Marker::Bullet { rest: group(&c, 1) }),
        'I' | 'V' | 'X' | 'L' | 'C' => ROMAN
            .captures(line)
            .filter(|c| roman_value(group(c, 1)).is_some())
            .map(|c| Marker::Roman {
                num: group(&c, 1),
                rest: group(&c, 2),
            }),
        _ => None,
    };
    if let Some(m) = marker {
        return m;
    }
    if starts(line, CLOSING_PREFIXES) && CLOSING.is_match(line) {
        return Marker::Closing;
    }
    Marker::Plain
}

/// Lines that start with a digit or a table bar: table rows, "2.1." items, "1." clauses.
fn numbered(line: &str) -> Option<Marker<'_>> {
    if line.contains('|')
        && let Some(c) = ROW.captures(line)
    {
        return Some(Marker::Row { num: group(&c, 1) });
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let after = line.as_bytes().get(digits).copied();
    if digits == 0 || digits > 3 || !matches!(after, Some(b'.' | b' ')) {
        return None;
    }
    let next = line.as_bytes().get(digits + 1).copied();
    if after == Some(b'.')
        && next.is_some_and(|c| c.is_ascii_digit())
        && let Some(c) = SUB_ITEM.captures(line)
    {
        return Some(Marker::SubItem {
            num: group(&c, 1),
            rest: group(&c, 2),
        });
    }
    // "1. text", "1.text", "1 . text", "1.": digits, a dot, then no digit.
    let after_digits = line[digits..].trim_start_matches(' ');
    let rest = after_digits.strip_prefix('.')?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    line[..digits].parse().ok().map(|num| Marker::Clause {
        num,
        rest: rest.trim_start(),
    })
}

/// "a) …", "đ) …": a point letter and a closing parenthesis.
fn point(line: &str) -> Option<Marker<'_>> {
    let mut chars = line.char_indices();
    let (_, letter) = chars.next()?;
    let (paren, c) = chars.find(|&(_, c)| c != ' ')?;
    if c != ')' || point_index(&line[..letter.len_utf8()]).is_none() {
        return None;
    }
    Some(Marker::Point {
        letter: &line[..letter.len_utf8()],
        rest: line[paren + 1..].trim_start(),
    })
}

/// Whether the line is the all-capitals title of an attached text ("CHƯƠNG TRÌNH HÀNH ĐỘNG…").
pub fn is_attachment_title(line: &str) -> bool {
    line.chars().count() <= 200 && ATTACHMENT.is_match(line) && is_upper(line)
}

/// Has letters, and none of them lower case.
pub fn is_upper(line: &str) -> bool {
    line.chars().any(char::is_alphabetic) && !line.chars().any(char::is_lowercase)
}

/// The value of a well-formed roman numeral ("IV" → 4); None for "IIII" or "VX".
pub fn roman_value(s: &str) -> Option<u32> {
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let digits: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&n| n > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    (to_roman(total) == s).then_some(total)
}

/// Writes a number as a roman numeral (1..=399).
pub fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Order of point letters in Vietnamese legal texts (no f, j, w, z; đ after d).
pub const POINT_LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

/// Position of a point letter in [`POINT_LETTERS`].
pub fn point_index(letter: &str) -> Option<usize> {
    POINT_LETTERS.iter().position(|&l| l == letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_of_both_families() {
        assert_eq!(
            classify("Điều 9. Phạm vi điều chỉnh"),
            Marker::Article {
                num: "9",
                rest: "Phạm vi điều chỉnh"
            }
        );
        assert_eq!(
            classify("Chương I NHỮNG QUY ĐỊNH CHUNG"),
            Marker::Chapter {
                num: "I",
                rest: "NHỮNG QUY ĐỊNH CHUNG"
            }
        );
        assert_eq!(
            classify("1. Luật này quy định"),
            Marker::Clause {
                num: 1,
                rest: "Luật này quy định"
            }
        );
        assert_eq!(
            classify("đ) Dữ liệu"),
            Marker::Point {
                letter: "đ",
                rest: "Dữ liệu"
            }
        );
        assert_eq!(
            classify("III- NHIỆM VỤ, GIẢI PHÁP"),
            Marker::Roman {
                num: "III",
                rest: "NHIỆM VỤ, GIẢI PHÁP"
            }
        );
        assert_eq!(
            classify("2.1. Hoàn thiện"),
            Marker::SubItem {
                num: "2.1",
                rest: "Hoàn thiện"
            }
        );
        assert_eq!(
            classify("- Tiềm lực"),
            Marker::Bullet {
                rest: "Tiềm lực"
            }
        );
        assert_eq!(
            classify("PHỤ LỤC II"),
            Marker::Appendix {
                num: Some("II"),
                rest: ""
            }
        );
        assert_eq!(classify("| 12 | Chỉ tiêu |"), Marker::Row { num: "12" });
        assert_eq!(classify("TM. CHÍNH PHỦ"), Marker::Closing);
    }

    #[test]
    fn a_title_glued_to_the_chapter_number_is_split() {
        assert_eq!(
            classify("Chương IVTRÍ TUỆ NHÂN TẠO"),
            Marker::Chapter {
                num: "IV",
                rest: "TRÍ TUỆ NHÂN TẠO"
            }
        );
        assert_eq!(
            classify("Chương II"),
            Marker::Chapter {
                num: "II",
                rest: ""
            }
        );
    }

    #[test]
    fn cross_references_and_prose_are_plain() {
        for line in [
            "Điều 11 Bộ luật Dân sự quy định",
            "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ",
            "1.000 tỷ đồng",
            "PHỤ LỤC (Liệt kê danh sách tên các tài liệu)",
            "Luật này quy định",
            "Mục tiêu chung",
            "Chương trình hành động",
            "Phần lớn các trường hợp",
            "IVX. lỗi",
        ] {
            assert_eq!(classify(line), Marker::Plain, "{line}");
        }
    }

    #[test]
    fn roman_numerals_round_trip() {
        for n in 1..=120 {
            assert_eq!(roman_value(&to_roman(n)), Some(n));
        }
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("VX"), None);
    }
}
