//! What the verifier says about a text: one entry per reference, with its status, offsets,
//! what it resolved to, the evidence and a one-line explanation in Vietnamese.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::registry::RegistryEntry;
use crate::types::DocumentIdentity;
use crate::validity::Validity;

/// A text to check.
#[derive(Clone, Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "Theo khoản 1 Điều 9 Luật số 134/2025/QH15, hệ thống trí tuệ nhân tạo rủi ro cao phải được đánh giá sự phù hợp. Nghị định số 45/2026/NĐ-CP hướng dẫn chi tiết."}))]
pub struct VerifyRequest {
    /// Any Vietnamese text: a draft, an answer from a chatbot, a report.
    #[schema(min_length = 1, pattern = "\\S")]
    pub text: String,
    /// Also judge what each sentence claims about the unit it cites (default true).
    #[serde(default = "yes")]
    pub check_content: bool,
    /// The date the text speaks at, for what is in force, when the text has no dateline of
    /// its own ("Hà Nội, ngày … tháng … năm …"); default today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
}

fn yes() -> bool {
    true
}

/// The verdict on one reference.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The document and units exist, everything stated about them agrees, and what the
    /// sentence claims is supported by their text (or the sentence claims nothing).
    Verified,
    /// No such document in the corpus.
    DocumentNotFound,
    /// The document exists, the article/clause/point/section does not.
    UnitNotFound,
    /// Wrong date, issuer, type, year or title for that document.
    MetadataMismatch,
    /// The cited text contradicts what the sentence claims (the contradicting span is shown).
    ContentMismatch,
    /// The reference exists but what the sentence claims could not be found in the cited
    /// text: to be checked by a person (the closest passage is shown).
    Unsupported,
    /// Several documents or units match and nothing in the text decides.
    Ambiguous,
    /// Recognised as a reference but not checkable here (relative, partial copy, no document).
    NotChecked,
    /// The document or unit exists but is no longer in force on the text's date (expired,
    /// repealed or replaced; `validity` says since when and by what). Not a fabrication.
    Outdated,
}

impl Status {
    pub const ALL: [Status; 9] = [
        Status::Verified,
        Status::DocumentNotFound,
        Status::UnitNotFound,
        Status::MetadataMismatch,
        Status::ContentMismatch,
        Status::Unsupported,
        Status::Ambiguous,
        Status::NotChecked,
        Status::Outdated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::DocumentNotFound => "document_not_found",
            Status::UnitNotFound => "unit_not_found",
            Status::MetadataMismatch => "metadata_mismatch",
            Status::ContentMismatch => "content_mismatch",
            Status::Unsupported => "unsupported",
            Status::Ambiguous => "ambiguous",
            Status::NotChecked => "not_checked",
            Status::Outdated => "outdated",
        }
    }

    /// A short Vietnamese label, as a reviewer reads it in a margin.
    pub fn vietnamese(self) -> &'static str {
        match self {
            Status::Verified => "Đã xác minh",
            Status::DocumentNotFound => "Không tìm thấy văn bản",
            Status::UnitNotFound => "Không tìm thấy điều, khoản",
            Status::MetadataMismatch => "Sai thông tin văn bản",
            Status::ContentMismatch => "Nội dung trái với văn bản",
            Status::Unsupported => "Chưa tìm thấy căn cứ, cần kiểm tra",
            Status::Ambiguous => "Chưa xác định được văn bản",
            Status::NotChecked => "Chưa kiểm tra được",
            Status::Outdated => "Hết hiệu lực",
        }
    }
}

/// One cited unit and whether it exists.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct CheckedUnit {
    /// As cited, in Vietnamese order: "khoản 1 Điều 9".
    pub label: String,
    pub found: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// When not found: what exists at that place ("Điều 1–35").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<String>,
}

/// A fact the text states about a document that the corpus contradicts.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct Mismatch {
    /// `issued`, `issuer`, `type`, `year` or `title`.
    pub field: String,
    /// What the text says.
    pub stated: String,
    /// What the corpus has.
    pub corpus: String,
}

/// What can be said about a document number the corpus lacks.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct NumberCheck {
    pub number: String,
    /// Whether the number is well formed for what the text calls it.
    pub valid_form: bool,
    /// Why it is not ("a law's number ends in QH and the legislature", "year 2031 is in the
    /// future").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Whether the known-documents registry lists it; None when no registry is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_registry: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registry: Vec<RegistryEntry>,
}

/// How a claim compares with the cited text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A passage of the cited text says it.
    Supported,
    /// The cited text says something else (`instead`).
    Contradicted,
    /// No passage of the cited text says it; `quote` is the closest one.
    NotFound,
}

/// What a sentence claims about the units it cites.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct Claim {
    /// The part of the sentence that makes the claim, the references left out.
    pub text: String,
    /// What it asserts: `date`, `figure`, `body`, `negation`, `subject`, `statement`.
    pub kinds: Vec<String>,
}

/// Where else the claim is said: a unit of the same document whose text supports it.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct Suggestion {
    pub unit_id: String,
    pub citation: String,
    /// The supporting passage.
    pub quote: String,
}

/// The stretch of the cited unit that supports or contradicts the sentence's claim.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct Evidence {
    pub verdict: Verdict,
    /// The claim: the sentence around the reference, the reference left out.
    pub claim: String,
    /// The unit quoted and the quote's character offsets in the unit's text (the supporting,
    /// contradicting or closest passage).
    pub unit_id: String,
    /// The quoted unit's citation: for a claim about a whole document, where it was found.
    pub citation: String,
    pub quote: String,
    pub start: usize,
    pub end: usize,
    /// Share of the claim's content words found in the cited text, 0–1.
    pub word_support: f32,
    /// Cosine similarity (multilingual-e5) of the claim and the quote, when it was needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f32>,
    /// What the claim states (dates, figures, bodies, negations, subject) that the cited text
    /// does not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// What the cited text says there instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instead: Vec<String>,
    /// Another unit of the document that says it; the status stays what it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
}

/// One reference found in the text, and the verdict.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct CheckedReference {
    /// The reference as written.
    pub text: String,
    /// Character offsets in the input text.
    pub start: usize,
    pub end: usize,
    pub status: Status,
    /// One line, in Vietnamese, saying why.
    pub explanation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentIdentity>,
    /// The reference names no document itself ("Điều 9", "Luật này"); the document is the one
    /// the text was talking about.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub document_from_context: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<CheckedUnit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mismatches: Vec<Mismatch>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<NumberCheck>,
    /// For `ambiguous`: what it could be.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// What the sentence claims about the cited units; null when it claims nothing beyond
    /// citing them ("Căn cứ …", a bare mention) or content was not checked.
    #[serde(default)]
    pub claim: Option<Claim>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// Whether the document or unit is in force on the text's date, and what changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validity: Option<Validity>,
}

/// How many references got each status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
pub struct Summary {
    pub total: usize,
    pub verified: usize,
    pub document_not_found: usize,
    pub unit_not_found: usize,
    pub metadata_mismatch: usize,
    pub content_mismatch: usize,
    pub unsupported: usize,
    pub ambiguous: usize,
    pub not_checked: usize,
    pub outdated: usize,
}

impl Summary {
    /// Counts one more reference.
    pub fn add(&mut self, status: Status) {
        self.total += 1;
        *self.count_mut(status) += 1;
    }

    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Verified => self.verified,
            Status::DocumentNotFound => self.document_not_found,
            Status::UnitNotFound => self.unit_not_found,
            Status::MetadataMismatch => self.metadata_mismatch,
            Status::ContentMismatch => self.content_mismatch,
            Status::Unsupported => self.unsupported,
            Status::Ambiguous => self.ambiguous,
            Status::NotChecked => self.not_checked,
            Status::Outdated => self.outdated,
        }
    }

    fn count_mut(&mut self, status: Status) -> &mut usize {
        match status {
            Status::Verified => &mut self.verified,
            Status::DocumentNotFound => &mut self.document_not_found,
            Status::UnitNotFound => &mut self.unit_not_found,
            Status::MetadataMismatch => &mut self.metadata_mismatch,
            Status::ContentMismatch => &mut self.content_mismatch,
            Status::Unsupported => &mut self.unsupported,
            Status::Ambiguous => &mut self.ambiguous,
            Status::NotChecked => &mut self.not_checked,
            Status::Outdated => &mut self.outdated,
        }
    }
}

/// The verifier's answer.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize, ToSchema)]
pub struct VerifyReport {
    pub references: Vec<CheckedReference>,
    pub summary: Summary,
}
