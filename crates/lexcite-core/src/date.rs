//! Vietnamese date phrases: "ngày 22 tháng 12 năm 2024", "22/12/2024", "01-4-2025".

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

static LONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})").expect("valid regex")
});

static SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*([/.\-])\s*(\d{4})\b").expect("valid regex")
});

/// A date found in text, with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoundDate {
    pub date: NaiveDate,
    pub start: usize,
    pub end: usize,
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Every valid date written in `text`, in order. Impossible dates ("31/02/2025") are skipped.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = LONG
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0)?;
            Some(FoundDate {
                date: ymd(&c[3], &c[2], &c[1])?,
                start: m.start(),
                end: m.end(),
            })
        })
        .collect();
    for c in SHORT.captures_iter(text) {
        let Some(m) = c.get(0) else { continue };
        if c[2] != c[4] || found.iter().any(|f| f.start < m.end() && m.start() < f.end) {
            continue;
        }
        if let Some(date) = ymd(&c[5], &c[3], &c[1]) {
            found.push(FoundDate {
                date,
                start: m.start(),
                end: m.end(),
            });
        }
    }
    found.sort_by_key(|f| f.start);
    found
}

/// The first date in `text`.
pub fn first_date(text: &str) -> Option<NaiveDate> {
    find_dates(text).first().map(|f| f.date)
}

/// Parses a whole string as one date ("22/12/2024", "2024-12-22", "ngày 22 tháng 12 năm 2024").
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Some(d);
    }
    let found = find_dates(t);
    match found.as_slice() {
        [one] if one.start == 0 && one.end == t.len() => Some(one.date),
        _ => None,
    }
}

/// Formats a date the way Vietnamese documents write it: "ngày 22 tháng 12 năm 2024".
pub fn long_form(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!(
        "ngày {:02} tháng {:02} năm {}",
        date.day(),
        date.month(),
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn reads_the_forms_in_use() {
        let cases = [
            ("ngày 22 tháng 12 năm 2024", d(2024, 12, 22)),
            ("Ngày 9 tháng 1 năm 2025", d(2025, 1, 9)),
            ("22/12/2024", d(2024, 12, 22)),
            ("01/4/2025", d(2025, 4, 1)),
            ("5-3-2020", d(2020, 3, 5)),
            ("2023-04-17", d(2023, 4, 17)),
        ];
        for (text, expect) in cases {
            assert_eq!(parse_date(text), Some(expect), "{text}");
        }
    }

    #[test]
    fn rejects_impossible_and_mixed_dates() {
        assert_eq!(parse_date("31/02/2025"), None);
        assert_eq!(parse_date("12/2024"), None);
        assert_eq!(parse_date("22/12-2024"), None);
        assert!(find_dates("ngày 30 tháng 2 năm 2024").is_empty());
    }

    #[test]
    fn finds_dates_in_running_text_with_offsets() {
        let text = "Hà Nội, ngày 09 tháng 01 năm 2025; sửa đổi ngày 01/4/2025.";
        let found = find_dates(text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            &text[found[0].start..found[0].end],
            "ngày 09 tháng 01 năm 2025"
        );
        assert_eq!(found[1].date, d(2025, 4, 1));
    }
}
