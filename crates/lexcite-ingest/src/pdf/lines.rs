//! Placed runs into visual lines: runs on one baseline join (with a space where the gap is
//! wide, split where it is a column gap), superscript footnote markers are dropped, and a
//! page's text block is measured (left edge, right margin).

use std::collections::HashMap;

use super::content::Run;

/// One visual line of a page.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) x0: f64,
    pub(super) x1: f64,
    pub(super) size: f64,
    pub(super) text: String,
}

/// Two runs on one line further apart than this many font sizes belong to different columns
/// (the two halves of a header table) and become separate lines.
const COLUMN_GAP: f64 = 2.5;
/// A gap wider than this share of the font size between two runs is a space.
const SPACE_GAP: f64 = 0.18;

/// The page's runs as visual lines, top to bottom.
pub(super) fn lines_of(mut runs: Vec<Run>) -> Vec<Line> {
    runs.retain(|r| !r.text.trim().is_empty() || r.x1 - r.x0 > 0.0);
    runs.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    // Cluster by baseline.
    let mut rows: Vec<Vec<Run>> = Vec::new();
    for run in runs {
        match rows.last_mut() {
            // A superscript's raise is below 0.4 of the larger size; line spacing is above it.
            Some(row) if (row[0].y - run.y).abs() <= 0.4 * row[0].size.max(run.size) => {
                row.push(run)
            }
            _ => rows.push(vec![run]),
        }
    }
    let mut lines = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let body = row.iter().map(|r| r.size).fold(0.0, f64::max);
        // Small digits raised above the baseline are footnote markers (dropped), except the
        // exponent of a unit ("m2", "km2", "cm3"), which stays attached.
        let baseline = row
            .iter()
            .filter(|r| r.size >= 0.95 * body)
            .map(|r| r.y)
            .fold(f64::MAX, f64::min);
        let mut current: Option<Line> = None;
        for run in row {
            let superscript = run.size < 0.8 * body
                && run.y > baseline + 0.1 * body
                && run.text.trim().chars().all(|c| c.is_ascii_digit());
            if superscript {
                if let Some(line) = current.as_mut()
                    && line.text.ends_with('m')
                {
                    line.text.push_str(run.text.trim());
                    line.x1 = line.x1.max(run.x1);
                }
                continue;
            }
            match current.as_mut() {
                Some(line) if run.x0 - line.x1 < COLUMN_GAP * body => {
                    let gap = run.x0 - line.x1;
                    if gap > SPACE_GAP * run.size
                        && !line.text.ends_with(char::is_whitespace)
                        && !run.text.starts_with(char::is_whitespace)
                    {
                        line.text.push(' ');
                    }
                    line.text.push_str(&run.text);
                    line.x1 = line.x1.max(run.x1);
                    line.size = line.size.max(run.size);
                }
                _ => {
                    if let Some(done) = current.take() {
                        lines.push(done);
                    }
                    current = Some(Line {
                        x0: run.x0,
                        x1: run.x1,
                        size: run.size,
                        text: run.text,
                    });
                }
            }
        }
        lines.extend(current);
    }
    for line in &mut lines {
        line.text = line.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    lines.retain(|l| !l.text.is_empty());
    lines
}

/// The page's text block: the most common left edge and the right margin.
pub(super) fn margins(lines: &[Line]) -> (f64, f64) {
    let mut lefts: HashMap<i64, usize> = HashMap::new();
    for l in lines {
        *lefts.entry(l.x0.round() as i64).or_default() += 1;
    }
    let left = lefts
        .into_iter()
        .max_by_key(|(x, n)| (*n, -x))
        .map_or(0.0, |(x, _)| x as f64);
    // Justified lines share one right edge: the most common line end (2 pt bins). A stray line
    // that sticks out (trailing spaces, a page number) must not move it. Ragged text has no
    // common end; then the 90th percentile stands in.
    let mut ends: HashMap<i64, (usize, f64)> = HashMap::new();
    for l in lines {
        let e = ends
            .entry((l.x1 / 2.0).round() as i64)
            .or_insert((0, f64::MIN));
        e.0 += 1;
        e.1 = e.1.max(l.x1);
    }
    let common = ends
        .values()
        .copied()
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let right = match common {
        Some((n, x)) if n >= 3 => x,
        _ => {
            let mut xs: Vec<f64> = lines.iter().map(|l| l.x1).collect();
            xs.sort_by(f64::total_cmp);
            xs.get(xs.len() * 9 / 10).copied().unwrap_or(f64::MAX)
        }
    };
    (left, right)
}
