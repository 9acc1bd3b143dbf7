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

mod cleanup;
mod content;
mod lines;

use lopdf::{Document as Pdf, ObjectId};

use lexcite_core::script::Quality;

use crate::error::{PageList, ReadError};
use cleanup::{drop_running_lines, paragraphs, split_footnotes};
use content::page_runs;
use lines::{Line, lines_of};

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
