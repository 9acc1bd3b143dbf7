//! Any legal text file → a parsed document: the format is sniffed from the bytes (never from
//! the file name), the matching reader extracts paragraphs, and the structure parser does the
//! rest. Every way a file can be unusable has its own [`ReadError`] with a stable code.

use std::fmt;
use std::path::Path;

use lexcite_core::{Document, DocumentMeta, ParseError, UnitKind};

use crate::legacy::{self, TextEncoding};
use crate::{docx, html, pdf};

/// The file formats lexcite reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
    Pdf,
    Docx,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Text => "text file",
            Format::Html => "HTML page",
            Format::Pdf => "PDF",
            Format::Docx => "Word document",
        })
    }
}

/// Page numbers, written the way people read them: "3, 7–9".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageList(pub Vec<u32>);

impl fmt::Display for PageList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut i = 0;
        let pages = &self.0;
        while i < pages.len() {
            let start = pages[i];
            let mut end = start;
            while i + 1 < pages.len() && pages[i + 1] == end + 1 {
                i += 1;
                end = pages[i];
            }
            if start != pages[0] {
                f.write_str(", ")?;
            }
            if end > start {
                write!(f, "{start}–{end}")?;
            } else {
                write!(f, "{start}")?;
            }
            i += 1;
        }
        Ok(())
    }
}

/// Why a file cannot be read as a legal text. All are the user's file, not our fault.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("not a text, HTML, PDF or Word document: {0}")]
    UnknownFormat(String),
    #[error("a legacy Word 97–2003 (.doc) file: save it as .docx or PDF first")]
    LegacyDoc,
    #[error("the PDF is truncated: it ends without its %%EOF marker after {bytes} bytes")]
    PdfTruncated { bytes: usize },
    #[error("the PDF is damaged: {0}")]
    PdfDamaged(String),
    #[error("the PDF is encrypted: remove the password protection first")]
    PdfEncrypted,
    #[error(
        "the PDF has no text layer on page {pages} of {total} (scanned images?): run OCR on it \
         first"
    )]
    PdfNoText { pages: PageList, total: usize },
    #[error(
        "the PDF's text on page {pages} of {total} does not read as Vietnamese (worst page: \
         {:.0}% well-formed): the fonts' glyph-to-Unicode maps are broken; use another copy",
        share * 100.0
    )]
    PdfGarbled {
        pages: PageList,
        total: usize,
        share: f64,
    },
    #[error(
        "a zip archive but not a Word document: it has no word/document.xml (it holds {})",
        entries.join(", ")
    )]
    NotDocx { entries: Vec<String> },
    #[error("the zip archive is damaged: {0}")]
    ZipDamaged(String),
    #[error("the Word document is damaged: {0}")]
    DocxDamaged(String),
    #[error(
        "no legal text in this {format}: no document number, article, chapter or numbered \
         section was found"
    )]
    NoLegalText { format: Format },
    #[error(transparent)]
    Parse(#[from] ParseError),
}

impl ReadError {
    /// A stable machine-readable code for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::Empty => "empty_file",
            ReadError::Io { .. } => "io_error",
            ReadError::UnknownFormat(_) => "unknown_format",
            ReadError::LegacyDoc => "legacy_doc",
            ReadError::PdfTruncated { .. } => "pdf_truncated",
            ReadError::PdfDamaged(_) => "pdf_damaged",
            ReadError::PdfEncrypted => "pdf_encrypted",
            ReadError::PdfNoText { .. } => "pdf_no_text_layer",
            ReadError::PdfGarbled { .. } => "pdf_garbled_text",
            ReadError::NotDocx { .. } => "zip_not_docx",
            ReadError::ZipDamaged(_) => "zip_damaged",
            ReadError::DocxDamaged(_) => "docx_damaged",
            ReadError::NoLegalText { .. } => "no_legal_text",
            ReadError::Parse(ParseError::Empty) => "empty_text",
            ReadError::Parse(ParseError::NotText { .. }) => "not_text",
        }
    }
}

/// The plain text of a file, one paragraph per line, and how it was obtained.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub format: Format,
    /// For text and HTML: the character encoding the bytes were in.
    pub encoding: Option<TextEncoding>,
    /// For PDF: the number of pages.
    pub pages: Option<usize>,
    pub text: String,
}

const OLE2: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Sniffs the format of `bytes` and extracts their text.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    // The PDF header may follow up to 1 KiB of junk.
    if bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        let pdf = pdf::pdf_text(bytes)?;
        return Ok(Extracted {
            format: Format::Pdf,
            encoding: None,
            pages: Some(pdf.pages),
            text: pdf.text,
        });
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        let text = docx::docx_text(bytes)?;
        // Text typed in .VnTime or VNI-Times fonts is stored as mojibake.
        let text = legacy::repaired(text);
        return Ok(Extracted {
            format: Format::Docx,
            encoding: None,
            pages: None,
            text,
        });
    }
    if bytes.starts_with(OLE2) {
        return Err(ReadError::LegacyDoc);
    }
    if let Some(what) = binary_signature(bytes) {
        return Err(ReadError::UnknownFormat(what.into()));
    }
    let decoded = legacy::decode(bytes);
    if looks_like_html(&decoded.text) {
        let text = html::page_text(&decoded.text);
        let text = legacy::repaired(text);
        return Ok(Extracted {
            format: Format::Html,
            encoding: Some(decoded.encoding),
            pages: None,
            text,
        });
    }
    Ok(Extracted {
        format: Format::Text,
        encoding: Some(decoded.encoding),
        pages: None,
        text: decoded.text,
    })
}

/// Whether decoded text is an HTML page: markup at its start, not just a `<` somewhere.
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || (head.starts_with('<') && (head.contains("<body") || head.contains("<head")))
}

/// Common binary formats a user may hand over by mistake.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xBC\xAF", "a 7-Zip archive"),
        (b"{\\rtf", "an RTF document"),
        (b"\x7FELF", "an executable"),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Reads a file from disk into a parsed document (see [`read_document`]).
pub fn read_path(path: &Path, known: &DocumentMeta) -> Result<(Document, Extracted), ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    read_document(&bytes, known)
}

/// Extracts and parses a file's bytes. A file that yields text but no sign of a legal
/// document (no number, no article, chapter or numbered section) is refused.
pub fn read_document(
    bytes: &[u8],
    known: &DocumentMeta,
) -> Result<(Document, Extracted), ReadError> {
    let extracted = extract(bytes)?;
    let doc = lexcite_core::parse(&extracted.text, known)?;
    if !is_legal(&doc) {
        return Err(ReadError::NoLegalText {
            format: extracted.format,
        });
    }
    Ok((doc, extracted))
}

/// A legal document has a number of its own, or at least one structural unit.
fn is_legal(doc: &Document) -> bool {
    doc.meta.number.is_some()
        || doc.walk().any(|u| {
            matches!(
                u.kind,
                UnitKind::Article | UnitKind::Chapter | UnitKind::Part | UnitKind::Section
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lists_read_as_ranges() {
        assert_eq!(PageList(vec![3]).to_string(), "3");
        assert_eq!(
            PageList(vec![1, 2, 3, 7, 9, 10]).to_string(),
            "1–3, 7, 9–10"
        );
    }
}
