//! PDF → text lines for the structure parser, with lopdf.
//!
//! Each page's content stream is interpreted far enough to place every string on the page:
//! the text and graphics matrices, font size, character and word spacing, and glyph widths
//! from the font. Strings are decoded through the font's ToUnicode map (or its simple
//! encoding). Placed runs become lines by their baseline, lines are read top to bottom, and
//! the visual lines of a paragraph are joined again (a justified line that reaches the right
//! margin continues on the next unless that one starts a new unit). Page numbers and running
//! headers or footers repeated across pages are dropped.
//!
//! A page is refused rather than indexed when its text does not read as Vietnamese (a broken
//! glyph map) or when it is an image with no text layer (a scan). The error names the pages.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as Pdf, Encoding, Object, ObjectId};
use regex::Regex;
use std::sync::LazyLock;

use lexcite_core::script::Quality;

use crate::read::{PageList, ReadError};

/// A page whose visible characters are less than this share expected Vietnamese characters is
/// garbled. Measured on the fixtures (see BENCHMARKS.md): pages of the good PDFs score ≥ 0.998,
/// the broken pages of the broken-glyph PDF score below 0.9.
pub const MIN_CHAR_SHARE: f64 = 0.95;
/// A page whose words with diacritics are less than this share well-formed syllables is garbled.
/// Good pages score ≥ 0.97; a glyph map that swaps letters drops far below.
pub const MIN_SYLLABLE_SHARE: f64 = 0.85;
/// Pages with fewer visible characters than this are not judged (too little evidence).
const MIN_JUDGED_CHARS: usize = 40;

/// Text extracted from a PDF, with the measure it was accepted on.
#[derive(Debug, Clone)]
pub struct PdfText {
    /// One paragraph per line.
    pub text: String,
    pub pages: usize,
    pub quality: Quality,
}

/// The pages' lines in reading order, running lines and footnotes taken out.
struct Layout {
    pages: Vec<(u32, Vec<Line>)>,
    footnotes: Vec<Line>,
}

fn layout(bytes: &[u8]) -> Result<Layout, ReadError> {
    if !ends_with_eof(bytes) {
        return Err(ReadError::PdfTruncated { bytes: bytes.len() });
    }
    let pdf = Pdf::load_mem(bytes).map_err(|e| ReadError::PdfDamaged(e.to_string()))?;
    if pdf.is_encrypted() {
        return Err(ReadError::PdfEncrypted);
    }
    let page_ids = pdf.get_pages();
    if page_ids.is_empty() {
        return Err(ReadError::PdfDamaged("it has no pages".into()));
    }
    let mut pages = Vec::with_capacity(page_ids.len());
    let mut scanned = Vec::new();
    for (&number, &id) in &page_ids {
        let runs = page_runs(&pdf, id)
            .map_err(|e| ReadError::PdfDamaged(format!("page {number}: {e}")))?;
        let lines = lines_of(runs);
        let visible: usize = lines
            .iter()
            .map(|l| l.text.chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        if visible < 20 && has_images(&pdf, id) {
            scanned.push(number);
        }
        pages.push((number, lines));
    }
    if !scanned.is_empty() {
        return Err(ReadError::PdfNoText {
            pages: PageList(scanned),
            total: page_ids.len(),
        });
    }
    drop_running_lines(&mut pages);
    // Text set in .VnTime or VNI-Times fonts decodes to mojibake; it is repaired, not refused.
    for line in pages.iter_mut().flat_map(|(_, lines)| lines.iter_mut()) {
        line.text = crate::legacy::repaired(std::mem::take(&mut line.text));
    }
    let footnotes: Vec<Line> = pages
        .iter_mut()
        .flat_map(|(_, lines)| split_footnotes(lines))
        .collect();
    Ok(Layout { pages, footnotes })
}

/// How Vietnamese each page's text reads, page by page, before any judgement: what the
/// garbled-text thresholds were chosen on.
pub fn page_quality(bytes: &[u8]) -> Result<Vec<(u32, Quality)>, ReadError> {
    let layout = layout(bytes)?;
    Ok(layout
        .pages
        .iter()
        .map(|(number, lines)| (*number, measure(lines)))
        .collect())
}

fn measure(lines: &[Line]) -> Quality {
    let mut q = Quality::default();
    for line in lines {
        q.add(Quality::of(&line.text));
    }
    q
}

/// Extracts the text of a PDF, or says why it cannot be trusted.
pub fn pdf_text(bytes: &[u8]) -> Result<PdfText, ReadError> {
    let Layout { pages, footnotes } = layout(bytes)?;
    let mut quality = Quality::default();
    let mut garbled = Vec::new();
    let mut worst: f64 = 1.0;
    for (number, lines) in &pages {
        let q = measure(lines);
        if q.chars >= MIN_JUDGED_CHARS
            && (q.char_share() < MIN_CHAR_SHARE || q.syllable_share() < MIN_SYLLABLE_SHARE)
        {
            garbled.push(*number);
            worst = worst.min(q.char_share().min(q.syllable_share()));
        }
        quality.add(q);
    }
    if !garbled.is_empty() {
        return Err(ReadError::PdfGarbled {
            pages: PageList(garbled),
            total: pages.len(),
            share: worst,
        });
    }
    if quality.chars == 0 {
        return Err(ReadError::PdfNoText {
            pages: PageList(pages.iter().map(|(n, _)| *n).collect()),
            total: pages.len(),
        });
    }
    let mut text = paragraphs(&pages);
    for note in footnotes {
        text.push('\n');
        text.push_str(&note.text);
    }
    Ok(PdfText {
        text,
        pages: pages.len(),
        quality,
    })
}

/// A complete PDF ends with `%%EOF` (maybe followed by a line end or a little padding).
fn ends_with_eof(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

fn has_images(pdf: &Pdf, page: ObjectId) -> bool {
    pdf.get_page_images(page)
        .is_ok_and(|images| !images.is_empty())
        || pdf.get_page_resources(page).is_ok_and(|(res, _)| {
            res.and_then(|r| r.get_deref(b"XObject", pdf).ok())
                .and_then(|x| x.as_dict().ok())
                .is_some_and(|x| !x.is_empty())
        })
}

// ---------------------------------------------------------------------------------------------
// Content stream interpretation

/// A string placed on the page: device-space start and end on the baseline, and font size.
#[derive(Debug, Clone)]
struct Run {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
}

type Matrix = [f64; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a × b` in PDF's row-vector convention.
fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn translate(tx: f64, ty: f64) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

/// What a font contributes: how to decode its strings and how wide its glyphs are.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    two_byte: bool,
    widths: HashMap<u32, f64>,
    default_width: f64,
}

impl<'a> Font<'a> {
    fn load(pdf: &'a Pdf, dict: &'a Dictionary) -> Font<'a> {
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let two_byte = subtype == b"Type0";
        let mut widths = HashMap::new();
        let mut default_width = if two_byte { 1000.0 } else { 500.0 };
        if two_byte {
            let descendant = dict
                .get_deref(b"DescendantFonts", pdf)
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|d| pdf.dereference(d).ok())
                .and_then(|(_, d)| d.as_dict().ok());
            if let Some(cid) = descendant {
                if let Ok(dw) = cid.get(b"DW").and_then(Object::as_float) {
                    default_width = f64::from(dw);
                }
                if let Ok(w) = cid.get_deref(b"W", pdf).and_then(Object::as_array) {
                    cid_widths(pdf, w, &mut widths);
                }
            }
        } else {
            let first = dict.get(b"FirstChar").and_then(Object::as_i64).unwrap_or(0);
            if let Ok(w) = dict.get_deref(b"Widths", pdf).and_then(Object::as_array) {
                for (i, width) in w.iter().enumerate() {
                    if let Some(v) = number(pdf, width) {
                        widths.insert((first + i as i64) as u32, v);
                    }
                }
            }
        }
        Font {
            encoding: dict.get_font_encoding(pdf).ok(),
            two_byte,
            widths,
            default_width,
        }
    }

    fn codes<'s>(&self, bytes: &'s [u8]) -> impl Iterator<Item = u32> + 's {
        let step = if self.two_byte { 2 } else { 1 };
        bytes
            .chunks(step)
            .map(|c| c.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)))
    }

    fn width(&self, code: u32) -> f64 {
        self.widths
            .get(&code)
            .copied()
            .unwrap_or(self.default_width)
            / 1000.0
    }

    fn decode(&self, bytes: &[u8]) -> String {
        match &self.encoding {
            Some(encoding) => Pdf::decode_text(encoding, bytes).unwrap_or_default(),
            None => bytes.iter().map(|&b| char::from(b)).collect(),
        }
    }
}

fn number(pdf: &Pdf, o: &Object) -> Option<f64> {
    pdf.dereference(o)
        .ok()
        .and_then(|(_, o)| o.as_float().ok())
        .map(f64::from)
}

/// The CID font `W` array: `c [w1 w2 …]` or `c_first c_last w`.
fn cid_widths(pdf: &Pdf, w: &[Object], out: &mut HashMap<u32, f64>) {
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(pdf, &w[i]) else {
            break;
        };
        match w.get(i + 1).map(|o| pdf.dereference(o).map(|(_, o)| o)) {
            Some(Ok(Object::Array(list))) => {
                for (k, v) in list.iter().enumerate() {
                    if let Some(v) = number(pdf, v) {
                        out.insert(first as u32 + k as u32, v);
                    }
                }
                i += 2;
            }
            Some(Ok(_)) => {
                let (Some(last), Some(v)) = (
                    number(pdf, &w[i + 1]),
                    w.get(i + 2).and_then(|o| number(pdf, o)),
                ) else {
                    break;
                };
                for code in first as u32..=last as u32 {
                    out.insert(code, v);
                }
                i += 3;
            }
            _ => break,
        }
    }
}

/// Graphics and text state that `q`/`Q` save and restore.
#[derive(Clone)]
struct State {
    ctm: Matrix,
    font: Vec<u8>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

/// Most operands in a well-formed stream are numbers; a missing one counts as zero.
fn operand(operands: &[Object], i: usize) -> f64 {
    operands
        .get(i)
        .and_then(|o| o.as_float().ok())
        .map_or(0.0, f64::from)
}

fn page_runs(pdf: &Pdf, page: ObjectId) -> Result<Vec<Run>, String> {
    let font_dicts = pdf.get_page_fonts(page).map_err(|e| e.to_string())?;
    let mut fonts: HashMap<Vec<u8>, Font<'_>> = HashMap::new();
    for (name, dict) in font_dicts {
        fonts.insert(name, Font::load(pdf, dict));
    }
    let bytes = pdf
        .get_page_content_with_limit(page, 64 << 20)
        .map_err(|e| e.to_string())?;
    let content = Content::decode(&bytes).map_err(|e| format!("content stream: {e}"))?;

    let mut runs = Vec::new();
    let mut state = State {
        ctm: IDENTITY,
        font: Vec::new(),
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    let mut saved: Vec<State> = Vec::new();
    let mut tm = IDENTITY;
    let mut tlm = IDENTITY;
    for op in &content.operations {
        let o = &op.operands;
        match op.operator.as_str() {
            "q" => saved.push(state.clone()),
            "Q" => {
                if let Some(s) = saved.pop() {
                    state = s;
                }
            }
            "cm" => {
                let m = [0, 1, 2, 3, 4, 5].map(|i| operand(o, i));
                state.ctm = mul(&m, &state.ctm);
            }
            "BT" => {
                tm = IDENTITY;
                tlm = IDENTITY;
            }
            "Tf" => {
                state.font = o
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .unwrap_or_default()
                    .to_vec();
                state.size = operand(o, 1);
            }
            "Tc" => state.char_spacing = operand(o, 0),
            "Tw" => state.word_spacing = operand(o, 0),
            "Tz" => state.scale = operand(o, 0) / 100.0,
            "TL" => state.leading = operand(o, 0),
            "Ts" => state.rise = operand(o, 0),
            "Td" | "TD" => {
                if op.operator == "TD" {
                    state.leading = -operand(o, 1);
                }
                tlm = mul(&translate(operand(o, 0), operand(o, 1)), &tlm);
                tm = tlm;
            }
            "Tm" => {
                tlm = [0, 1, 2, 3, 4, 5].map(|i| operand(o, i));
                tm = tlm;
            }
            "T*" => {
                tlm = mul(&translate(0.0, -state.leading), &tlm);
                tm = tlm;
            }
            "Tj" | "'" | "\"" => {
                if op.operator != "Tj" {
                    if op.operator == "\"" {
                        state.word_spacing = operand(o, 0);
                        state.char_spacing = operand(o, 1);
                    }
                    tlm = mul(&translate(0.0, -state.leading), &tlm);
                    tm = tlm;
                }
                if let Some(s) = o.last().and_then(|s| s.as_str().ok()) {
                    show(s, &state, &fonts, &mut tm, &mut runs);
                }
            }
            "TJ" => {
                let items = o.first().and_then(|a| a.as_array().ok());
                for item in items.into_iter().flatten() {
                    match item {
                        Object::String(s, _) => show(s, &state, &fonts, &mut tm, &mut runs),
                        other => {
                            let adjust = other.as_float().map_or(0.0, f64::from);
                            let tx = -adjust / 1000.0 * state.size * state.scale;
                            tm = mul(&translate(tx, 0.0), &tm);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(runs)
}

/// Places one string: decodes it, measures it with the font's widths and advances `tm`.
fn show(
    bytes: &[u8],
    state: &State,
    fonts: &HashMap<Vec<u8>, Font<'_>>,
    tm: &mut Matrix,
    runs: &mut Vec<Run>,
) {
    let Some(font) = fonts.get(&state.font) else {
        return;
    };
    let mut advance = 0.0;
    for code in font.codes(bytes) {
        let word = if !font.two_byte && code == 32 {
            state.word_spacing
        } else {
            0.0
        };
        advance += (font.width(code) * state.size + state.char_spacing + word) * state.scale;
    }
    let m = mul(tm, &state.ctm);
    let start = mul(&translate(0.0, state.rise), &m);
    let text = font.decode(bytes);
    let size = state.size * m[3].abs().max(m[1].abs());
    if !text.is_empty() && size > 0.0 {
        runs.push(Run {
            x0: start[4],
            x1: start[4] + advance * m[0],
            y: start[5],
            size,
            text,
        });
    }
    *tm = mul(&translate(advance, 0.0), tm);
}

// ---------------------------------------------------------------------------------------------
// Lines, running headers and paragraphs

/// One visual line of a page.
#[derive(Debug, Clone)]
struct Line {
    x0: f64,
    x1: f64,
    size: f64,
    text: String,
}

/// Two runs on one line further apart than this many font sizes belong to different columns
/// (the two halves of a header table) and become separate lines.
const COLUMN_GAP: f64 = 2.5;
/// A gap wider than this share of the font size between two runs is a space.
const SPACE_GAP: f64 = 0.18;

fn lines_of(mut runs: Vec<Run>) -> Vec<Line> {
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

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:trang\s+)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*/\s*\d{1,4})?$").expect("valid regex")
});

/// Drops page numbers and lines repeated at the top or bottom of many pages.
fn drop_running_lines(pages: &mut [(u32, Vec<Line>)]) {
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
fn split_footnotes(lines: &mut Vec<Line>) -> Vec<Line> {
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
fn paragraphs(pages: &[(u32, Vec<Line>)]) -> String {
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

/// The page's text block: the most common left edge and the right margin.
fn margins(lines: &[Line]) -> (f64, f64) {
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
