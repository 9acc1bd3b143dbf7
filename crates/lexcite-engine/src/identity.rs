//! Who issued what, when: a document's identity and a unit's path as results show them,
//! taken from the catalog.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use lexcite_core::UnitKind;
use lexcite_index::{Classification, Record};

use crate::catalog::{Catalog, CatalogDoc, label_of};

/// Who issued what, when: a document's identity as results show it.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct DocumentIdentity {
    /// Document id: number and issue date ("57-nq-tw_20241222").
    pub id: String,
    /// "Nghị quyết số 57-NQ/TW", "Luật Trí tuệ nhân tạo số 134/2025/QH15".
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub doc_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
    /// public, internal or restricted.
    #[schema(value_type = String, example = "public")]
    pub classification: Classification,
}

/// One level of a unit's place in its document, outermost first.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct PathStep {
    pub id: String,
    #[schema(value_type = String, example = "article")]
    pub kind: UnitKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub num: Option<String>,
    /// "Điều 9", "khoản 1", "Mục II".
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
}

/// A document's identity from the catalog.
pub fn identity(doc: &CatalogDoc) -> DocumentIdentity {
    let m = &doc.meta;
    DocumentIdentity {
        id: doc.id.clone(),
        name: doc.name.clone(),
        number: m.number.as_ref().map(ToString::to_string),
        doc_type: m
            .doc_type
            .and_then(|t| serde_json::to_value(t).ok())
            .and_then(|v| v.as_str().map(str::to_string)),
        title: m.title.clone(),
        issuer: m.issuer.clone(),
        issued: m.issued,
        classification: doc.classification,
    }
}

/// A unit record's document identity (from the catalog when it is there).
pub(crate) fn identity_of_record(catalog: &Catalog, r: &Record) -> DocumentIdentity {
    match catalog.doc(&r.document_id) {
        Some(d) => identity(d),
        None => DocumentIdentity {
            id: r.document_id.clone(),
            name: r.citation.clone(),
            number: r.number.clone(),
            doc_type: r.doc_type.clone(),
            title: r.title.clone(),
            issuer: r.issuer.clone(),
            issued: r.issued_date(),
            classification: r.classification,
        },
    }
}

/// A unit's path from the top of its document.
pub fn path_of(catalog: &Catalog, unit_id: &str) -> Vec<PathStep> {
    let Some(doc) = catalog.doc_of_unit(unit_id) else {
        return Vec::new();
    };
    let Some(i) = doc.unit_index(unit_id) else {
        return Vec::new();
    };
    doc.path(i)
        .into_iter()
        .map(|u| {
            let unit = &doc.units[u];
            PathStep {
                id: unit.id.clone(),
                kind: unit.kind,
                num: unit.num.clone(),
                label: label_of(unit),
                heading: unit.heading.clone(),
            }
        })
        .collect()
}
