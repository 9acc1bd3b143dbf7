//! What a claim states that can be checked one by one: dates, figures with their units
//! ("60 ngày", "2% GDP", "05 năm"), names of acting bodies ("Bộ Công an", "Ủy ban nhân dân cấp
//! tỉnh"), negations, an entry into force.

use std::sync::LazyLock;

use chrono::NaiveDate;
use lexcite_core::date::find_dates;
use lexcite_core::normalize::{fold_tones, strip_marks};
use regex::Regex;

/// A figure a claim states: a value with its unit ("60 ngày", "2%", "05 năm").
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Figure {
    /// The value normalised ("5", "2.5").
    pub value: String,
    /// The unit, folded ("ngay", "%", "nam", "ty dong"); empty for a bare number.
    pub unit: String,
    /// As written.
    pub written: String,
    /// Byte range in the text it was read from.
    pub start: usize,
    pub end: usize,
}

impl Figure {
    /// The same value in the same unit.
    pub(crate) fn same(&self, other: &Figure) -> bool {
        self.value == other.value && self.unit == other.unit
    }
}

/// What a text states in numbers: dates, and figures with their units.
#[derive(Clone, Debug, Default)]
pub(crate) struct Facts {
    pub dates: Vec<(NaiveDate, String, usize, usize)>,
    pub figures: Vec<Figure>,
}

/// Units a figure may carry, longest first (folded, without marks).
const UNITS: &[&str] = &[
    "ngay lam viec",
    "ty dong",
    "trieu dong",
    "nghin ty",
    "nghin dong",
    "ty",
    "trieu",
    "nghin",
    "dong",
    "ngay",
    "thang",
    "nam",
    "gio",
    "phut",
    "tuan",
    "quy",
    "lan",
    "nguoi",
    "thanh vien",
    "ban",
    "trang",
    "tuoi",
    "usd",
];

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d+(?:[.,]\d+)*").expect("valid regex"));

/// Units whose word without marks is another word: "quy" of "quy mô", "quy định" is not
/// "quý"; "Ban" of "Ban Chỉ đạo" is not "bản".
const MARKED_ONLY: &[&str] = &["quy", "ban"];

/// Whether `rest` opens with the word `unit` (folded) written without its marks, where that
/// spelling is another word ([`MARKED_ONLY`]).
fn unmarked_word(rest: &str, unit: &str) -> bool {
    MARKED_ONLY.contains(&unit)
        && rest
            .chars()
            .take(unit.chars().count())
            .collect::<String>()
            .to_lowercase()
            == unit
}

/// "05" → "5", "2,5" → "2.5", "1.000" → "1000".
pub(crate) fn norm_number(s: &str) -> String {
    let thousands = s.matches('.').count() >= 1
        && s.split('.').skip(1).all(|g| g.len() == 3)
        && !s.contains(',');
    let s = if thousands {
        s.replace('.', "")
    } else {
        s.replace('.', "").replace(',', ".")
    };
    let t = s.trim_start_matches('0');
    if t.is_empty() || t.starts_with('.') {
        format!("0{t}")
    } else {
        t.to_string()
    }
}

/// Dates and figures of a text. Numbers that are part of a date, of a document number
/// ("13/2023/NĐ-CP") or of a unit label ("Điều 9", "khoản 2") are not figures.
pub(crate) fn facts(text: &str) -> Facts {
    let mut f = Facts::default();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for d in find_dates(text) {
        f.dates
            .push((d.date, text[d.start..d.end].to_string(), d.start, d.end));
        taken.push((d.start, d.end));
    }
    for m in NUMBER.find_iter(text) {
        if taken.iter().any(|&(s, e)| m.start() < e && m.end() > s) {
            continue;
        }
        let before = text[..m.start()].trim_end();
        let after = &text[m.end()..];
        // Document numbers and years inside them: "13/2023", "57-NQ".
        if after.starts_with(['/', '-']) || before.ends_with(['/', '-']) {
            continue;
        }
        let prev = before
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .map(|w| strip_marks(&w.to_lowercase()))
            .unwrap_or_default();
        if matches!(
            prev.as_str(),
            "dieu" | "khoan" | "diem" | "muc" | "chuong" | "phan" | "so" | "luc"
        ) && !after.trim_start().starts_with('%')
        {
            continue;
        }
        let rest = after.trim_start();
        let (unit, unit_len) = if let Some(r) = rest.strip_prefix('%') {
            let _ = r;
            ("%".to_string(), after.len() - rest.len() + 1)
        } else {
            let folded = strip_marks(&rest.to_lowercase());
            match UNITS.iter().find(|u| {
                folded.starts_with(*u)
                    && folded[u.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
                    && !unmarked_word(rest, u)
            }) {
                // Folding keeps the number of characters: take as many from the original.
                Some(u) => {
                    let n: usize = rest
                        .chars()
                        .take(u.chars().count())
                        .map(char::len_utf8)
                        .sum();
                    (u.to_string(), after.len() - rest.len() + n)
                }
                None => (table_unit(text, m.start()).unwrap_or_default(), 0),
            }
        };
        let end = m.end() + unit_len;
        f.figures.push(Figure {
            value: norm_number(m.as_str()),
            unit,
            written: text[m.start()..end].to_string(),
            start: m.start(),
            end,
        });
    }
    f
}

/// The unit of a number in a table row whose unit has a column of its own: "12 | Tỉ lệ giao
/// dịch không dùng tiền mặt | % | ≥ 80 | …" states 80 %. The unit is the cell just before the
/// number's cell, when it is "%" or one of [`UNITS`] alone.
fn table_unit(text: &str, at: usize) -> Option<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let mut cells = before.rsplit('|');
    // The number's own cell holds nothing but marks before it ("≥ 80").
    let own = cells.next()?;
    if own.chars().any(char::is_alphanumeric) {
        return None;
    }
    let unit = strip_marks(&cells.next()?.trim().to_lowercase());
    (unit == "%" || UNITS.contains(&unit.as_str())).then_some(unit)
}

/// Whether a claim states when a text takes effect.
pub(crate) fn states_effect(claim: &str) -> bool {
    strip_marks(&claim.to_lowercase()).contains("hieu luc")
}

/// What a date of a claim dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dates {
    /// The entry into force: "có hiệu lực từ ngày …".
    Effect,
    /// The issue: "được thông qua ngày …", "ban hành ngày …", "ký ngày …".
    Issue,
    /// Something else, or the claim does not say.
    Other,
}

/// What each date of a claim (`dates`, byte ranges in text order) dates: the words between
/// the date before it (or the claim's start) and it say so ("thông qua ngày 26/6/2025 và có
/// hiệu lực từ ngày 01/01/2026": an issue, then an entry into force). A date with neither
/// before it, in a claim that speaks of entry into force and of no issue, dates the entry
/// into force ("Từ ngày 01/7/2026, Luật có hiệu lực").
pub(crate) fn date_events(claim: &str, dates: &[(usize, usize)]) -> Vec<Dates> {
    let folded = |s: &str| strip_marks(&s.to_lowercase());
    let issue = |s: &str| {
        let f = folded(s);
        ["thong qua", "ban hanh", " ky "]
            .iter()
            .any(|v| f.contains(v))
            || f.trim_end().ends_with(" ky")
    };
    let mut prev = 0;
    let mut out = Vec::with_capacity(dates.len());
    for (n, &(start, end)) in dates.iter().enumerate() {
        let before = &claim[prev.min(start)..start];
        // "Ngày 15/3/2024, Bộ Chính trị ban hành …": with nothing before it, the words up to
        // the next date say what it dates.
        let next = dates.get(n + 1).map_or(claim.len(), |d| d.0);
        let after = &claim[end.min(next)..next];
        let lead = folded(before);
        let lead = lead.trim().trim_end_matches(',');
        let opens =
            lead.is_empty() || lead.ends_with("ngay") && lead.split_whitespace().count() <= 2;
        out.push(if folded(before).contains("hieu luc") {
            Dates::Effect
        } else if issue(&format!(" {before} ")) {
            Dates::Issue
        } else if opens && folded(after).contains("hieu luc") {
            Dates::Effect
        } else if opens && issue(&format!(" {after} ")) {
            Dates::Issue
        } else if states_effect(claim) && !issue(&format!(" {claim} ")) {
            Dates::Effect
        } else {
            Dates::Other
        });
        prev = end;
    }
    out
}

/// Heads of the names of bodies, folded with their marks kept ("Bộ", "Thủ tướng", …).
const BODY_HEADS: &[&str] = &[
    "bộ", "thủ", "chính", "quốc", "ủy", "uỷ", "hội", "ngân", "tòa", "toà", "viện", "cục", "sở",
    "ban", "văn", "kiểm", "mặt", "tổng", "đảng", "chủ", "cơ", "trung", "nhà", "thanh",
];

/// Lower-case words that continue a body's name ("Bộ Công an", "Bộ Tài chính",
/// "Ủy ban nhân dân cấp tỉnh").
const BODY_WORDS: &[&str] = &[
    "an",
    "chính",
    "tế",
    "nhân",
    "dân",
    "cấp",
    "tỉnh",
    "huyện",
    "xã",
    "tướng",
    "phủ",
    "hội",
    "nước",
    "trưởng",
    "học",
    "nghệ",
    "thông",
    "tin",
    "truyền",
    "tư",
    "pháp",
    "giao",
    "phòng",
    "vụ",
    "dựng",
    "dục",
    "tạo",
    "động",
    "binh",
    "nguyên",
    "trường",
    "tải",
    "hoạch",
    "tư",
    "hóa",
    "hoá",
    "thao",
    "lịch",
    "nghiệp",
    "triển",
    "tộc",
    "cao",
    "sát",
    "toán",
    "thương",
    "ương",
    "quốc",
    "gia",
    "tịch",
    "tra",
    "án",
];

/// Names of acting bodies in a text: a capitalised head ("Bộ", "Ủy ban", "Thủ tướng") with
/// the capitalised words and name words that follow it, as written.
pub(crate) fn bodies(text: &str) -> Vec<String> {
    text.split([',', ';', ':', '.', '(', ')', '"', '“', '”', '\n'])
        .flat_map(bodies_in)
        .collect()
}

/// [`bodies`] of a stretch without punctuation.
fn bodies_in(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let lower = fold_tones(&w.to_lowercase());
        let capital = w.starts_with(char::is_uppercase);
        if !(capital && BODY_HEADS.contains(&lower.as_str())) {
            i += 1;
            continue;
        }
        // Lower-case words continue a name one at a time ("Bộ Công an", "Thủ tướng Chính
        // phủ"), except in "Ủy ban nhân dân cấp tỉnh".
        let council = matches!(lower.as_str(), "ủy" | "uỷ");
        let mut j = i + 1;
        let mut run = 0;
        while j < words.len() && j - i < 8 {
            let next = words[j];
            let nl = fold_tones(&next.to_lowercase());
            if next.starts_with(char::is_uppercase) {
                run = 0;
            } else if nl == "ban" && council && j == i + 1 {
            } else if nl == "và"
                && words.get(j + 1).is_some_and(|n| {
                    n.starts_with(char::is_uppercase)
                        && !BODY_HEADS.contains(&fold_tones(&n.to_lowercase()).as_str())
                })
            {
                run = 0;
            } else if BODY_WORDS.contains(&nl.as_str()) && (run == 0 || council && run < 5) {
                run += 1;
            } else {
                break;
            }
            j += 1;
        }
        // A head alone ("Bộ", "Ban") is no name, nor a head with common words ("Bộ pháp");
        // "Chính phủ", "Quốc hội", "Nhà nước", "Ủy ban nhân dân" are.
        let named = words[i + 1..j]
            .iter()
            .any(|w| w.starts_with(char::is_uppercase))
            || matches!(
                lower.as_str(),
                "chính" | "quốc" | "nhà" | "ủy" | "uỷ" | "tòa" | "toà" | "viện"
            );
        if j - i >= 2 && named {
            out.push(words[i..j].join(" "));
        }
        i = j.max(i + 1);
    }
    out
}

/// Negations and what they deny, as words with marks: "không được", "cấm", "chưa".
pub(crate) const NEGATIONS: &[&str] = &["không", "chưa", "cấm", "chẳng"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_in_a_table_takes_the_unit_of_the_column_before_it() {
        let row =
            "12 | Tỉ lệ giao dịch không dùng tiền mặt | % | ≥ 80 | Ngân hàng Nhà nước Việt Nam |";
        let f = facts(row);
        let eighty = f.figures.iter().find(|g| g.value == "80").expect("80 read");
        assert_eq!(eighty.unit, "%");
        let twelve = f.figures.iter().find(|g| g.value == "12").expect("12 read");
        assert_eq!(twelve.unit, "");
    }

    #[test]
    fn a_word_that_is_a_unit_only_with_its_marks_is_not_read_without_them() {
        let units = |text: &str| -> Vec<String> {
            facts(text).figures.into_iter().map(|x| x.unit).collect()
        };
        assert_eq!(units("đến năm 2045 quy mô kinh tế số"), [""]);
        assert_eq!(units("thành lập 01 Ban Chỉ đạo"), [""]);
        assert_eq!(units("mỗi quý 01 lần, lập 02 bản"), ["lan", "ban"]);
    }

    #[test]
    fn figures_keep_their_units_and_bodies_their_whole_names() {
        let f =
            facts("trong 60 ngày, tối thiểu 30%, 05 năm, Điều 9, số 13/2023/NĐ-CP, 1.000 tỷ đồng");
        let got: Vec<(&str, &str)> = f
            .figures
            .iter()
            .map(|x| (x.value.as_str(), x.unit.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("60", "ngay"),
                ("30", "%"),
                ("5", "nam"),
                ("1000", "ty dong")
            ]
        );
        assert_eq!(
            bodies(
                "Bộ Công an chủ trì, phối hợp với Ủy ban nhân dân cấp tỉnh và Thủ tướng Chính phủ quyết định."
            ),
            [
                "Bộ Công an",
                "Ủy ban nhân dân cấp tỉnh",
                "Thủ tướng Chính phủ"
            ]
        );
        assert_eq!(
            bodies("Bộ Khoa học và Công nghệ"),
            ["Bộ Khoa học và Công nghệ"]
        );
    }
}
