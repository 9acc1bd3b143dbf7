//! What a reference says about a document ([`DocRef`]), and the reference's own words for it.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::doctype::DocType;
use crate::model::Span;
use crate::number::DocNumber;

/// What a reference says about the document it points into.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DocRef {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<DocType>,
    /// Words after the type: the law's name ("An ninh mạng") or a subject.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<DocNumber>,
    /// A number written without its symbol ("Nghị quyết 57"): the serial alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// "Luật An ninh mạng 2018", "Luật … năm 2018".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
    /// "của Bộ Chính trị" → "Bộ Chính trị".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The path is inside a text issued with the document ("Chương trình ban hành kèm theo").
    pub attachment: bool,
    /// "Luật này", "Nghị định nêu trên": the document the text is about.
    pub relative: bool,
    /// Where the name stands in the input (bytes), so a resolver can end it where the
    /// title it matched ends.
    #[serde(skip)]
    pub name_bytes: Option<Span>,
}

impl DocRef {
    /// Whether anything identifies a document (type alone does not).
    pub fn identifies(&self) -> bool {
        self.number.is_some() || self.serial.is_some() || self.name.is_some() || self.relative
    }
}

/// The reference's own words for the document, in the order Vietnamese writes them: type,
/// name, number (or serial), year — "Luật số 91/2025/QH15", "Luật An ninh mạng 2018". The
/// date, issuer and "ban hành kèm theo" are left out.
impl fmt::Display for DocRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(t) = self.doc_type {
            parts.push(t.name().to_string());
        }
        if let Some(n) = &self.name {
            parts.push(n.clone());
        }
        if let Some(n) = &self.number {
            parts.push(format!("số {n}"));
        }
        if let Some(s) = &self.serial {
            parts.push(format!("số {s}"));
        }
        if let Some(y) = self.year {
            parts.push(y.to_string());
        }
        f.pad(&parts.join(" "))
    }
}
