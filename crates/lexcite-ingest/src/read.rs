//! Any legal text file → a parsed document: the format is sniffed from the bytes (never from
//! the file name), the matching reader extracts paragraphs, and the structure parser does the
//! rest. Every way a file can be unusable has its own [`ReadError`] with a stable code.

use std::path::Path;

use lexcite_core::{Document, DocumentMeta, UnitKind};

use crate::legacy::{self, TextEncoding};
use crate::{docx, html, pdf};

pub use crate::error::{PageList, ReadError};
pub use crate::format::Format;

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

/// Whether `bytes` are a zip archive (a .docx is one).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

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
    if is_zip(bytes) {
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
