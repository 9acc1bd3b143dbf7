//! The file formats lexcite reads, named the way an error message speaks of them.

use std::fmt;

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
