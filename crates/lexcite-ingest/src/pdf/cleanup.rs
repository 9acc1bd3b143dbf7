//! Page clean-up and paragraphs: page numbers and running headers or footers repeated across
//! pages are dropped, footnotes are taken out of the page, and the visual lines of a paragraph
//! are joined again (also across pages).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::lines::{Line, margins};

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:trang\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*/\s*\d{1,4})?$").expect("valid regex")
});

/// Drops page numbers and lines repeated at the top or bottom of many pages.
pub(super) fn drop_running_lines(pages: &mut [(u32, Vec<Line>)]) {
    let shape = |t: &str| -> String {
        t.chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect()
    };
    let mut edge_counts: HashMap<String, usize> = HashMap::new();
    for (_, lines) in pages.iter() {
        let n = lines.len();
        let mut seen = std::collections::HashSet::new();
        for i in (0..n.min(2)).chain(n.saturating_sub(2)..n) {
            if seen.insert(i) {
                *edge_counts.entry(shape(&lines[i].text)).or_default() += 1;
            }
        }
    }
    let total = pages.len();
    let repeated =
        |t: &str| total >= 3 && edge_counts.get(&shape(t)).is_some_and(|&c| c * 2 >= total);
    for (_, lines) in pages.iter_mut() {
        let n = lines.len();
        let mut keep = vec![true; n];
        for i in (0..n.min(2)).chain(n.saturating_sub(2)..n) {
            let t = lines[i].text.trim();
            if PAGE_NUMBER.is_match(t) || repeated(t) {
                keep[i] = false;
            }
        }
        let mut k = keep.into_iter();
        lines.retain(|_| k.next().unwrap_or(true));
    }
}

/// Removes the footnotes at the bottom of a page (the lines after the last body-size line, in
/// a smaller font) and returns them, so that a paragraph running onto the next page joins up.
pub(super) fn split_footnotes(lines: &mut Vec<Line>) -> Vec<Line> {
    let mut sizes: HashMap<i64, usize> = HashMap::new();
    for l in lines.iter() {
        *sizes.entry((l.size * 10.0).round() as i64).or_default() += l.text.len();
    }
    let Some(body) = sizes
        .into_iter()
        .max_by_key(|(size, n)| (*n, *size))
        .map(|(size, _)| size as f64 / 10.0)
    else {
        return Vec::new();
    };
    let Some(last_body) = lines.iter().rposition(|l| l.size >= 0.9 * body) else {
        return Vec::new();
    };
    let tail = &lines[last_body + 1..];
    if tail.is_empty() || tail.iter().any(|l| l.size >= 0.85 * body) {
        return Vec::new();
    }
    lines.split_off(last_body + 1)
}

/// A line that starts a unit of its own, never the continuation of the previous line.
static STARTS_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:Điều|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN|Phụ lục|PHỤ LỤC)\s|\d+(?:\.\d+)*[.)]\s|[a-zđ]\)\s|[-–—•+*]\s|[IVXLC]+[.-]\s)",
    )
    .expect("valid regex")
});

/// Joins the visual lines of each paragraph; one paragraph per output line.
pub(super) fn paragraphs(pages: &[(u32, Vec<Line>)]) -> String {
    let mut out = String::new();
    let mut prev_full = false;
    for (_, lines) in pages {
        let (left, right) = margins(lines);
        for line in lines {
            let indented = line.x0 > left + 0.8 * line.size;
            let joins = prev_full && !indented && !STARTS_UNIT.is_match(&line.text);
            if joins {
                let hyphenated = out.ends_with('-')
                    && out[..out.len() - 1].ends_with(char::is_alphabetic)
                    && line.text.starts_with(char::is_lowercase);
                if hyphenated {
                    out.pop();
                } else {
                    out.push(' ');
                }
            } else if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&line.text);
            prev_full = line.x1 >= right - 1.5 * line.size && line.x0 <= left + 4.0 * line.size;
        }
    }
    out
}
