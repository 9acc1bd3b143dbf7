//! Why a file cannot be read as a legal text: [`ReadError`], one variant and one stable code
//! per way a file can be unusable, and the page lists its PDF messages name.

use std::fmt;

use lexcite_core::ParseError;

use crate::format::Format;

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
