//! The verifier's development set: texts with real and invented references, each labelled
//! with the status it deserves, and the scores the verifier gets on it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::access::Access;
use crate::engine::Engine;
use crate::error::EngineError;
use crate::verify::{CheckedReference, Status, VerifyRequest};

/// Why a development set could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DevSetError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("{0} is not a development set: {1}")]
    Format(String, serde_json::Error),
}

/// A labelled development set: texts, and for each reference in them the status it deserves.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevSet {
    pub cases: Vec<DevCase>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevCase {
    pub text: String,
    pub expect: Vec<Expected>,
    /// The document the case was made from (generated sets), for splits by document.
    #[serde(default)]
    pub document: Option<String>,
    /// `tune` or `report`: the half of the documents the case belongs to.
    #[serde(default)]
    pub split: Option<String>,
    /// How a generated case was made: `original_verbatim`, `figure_changed`, …
    #[serde(default)]
    pub variant: Option<String>,
}

/// One labelled reference: its text as it appears in the case, and the truth.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    #[serde(rename = "ref")]
    pub reference: String,
    pub status: Status,
    /// `real` (a reference to a real unit that says what the sentence claims), `invented`
    /// (a document, unit, date or claim that does not exist), or `uncheckable`.
    pub kind: Kind,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Real,
    Invented,
    Uncheckable,
}

/// The scores of the verifier on a development set.
#[derive(Debug, Default)]
pub struct Scores {
    /// Per variant of a generated set: how many, verified, flagged (content_mismatch,
    /// unsupported or metadata_mismatch), anything else.
    pub variants: BTreeMap<String, VariantScore>,
    /// (kind, expected status) → got status (None: not found in the text) → count.
    pub table: BTreeMap<(Kind, Status), BTreeMap<Option<Status>, usize>>,
    /// References found that the set does not label.
    pub unlabelled: Vec<String>,
    /// One line per labelled reference: what was expected and what the verifier said, with the
    /// evidence's word support and similarity (for choosing thresholds on a tuning split).
    pub details: Vec<serde_json::Value>,
    /// Labelled references that came out with another status: (case, ref, expected, got).
    pub wrong: Vec<(usize, String, Status, Option<Status>, String)>,
}

/// How the verifier did on one variant of a generated set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct VariantScore {
    pub n: usize,
    pub verified: usize,
    pub flagged: usize,
    pub other: usize,
}

impl VariantScore {
    fn add(&mut self, got: Option<Status>) {
        self.n += 1;
        match got {
            Some(Status::Verified) => self.verified += 1,
            Some(Status::ContentMismatch | Status::Unsupported | Status::MetadataMismatch) => {
                self.flagged += 1
            }
            _ => self.other += 1,
        }
    }
}

impl Scores {
    pub fn count(&self, kind: Kind, got: impl Fn(Option<Status>) -> bool) -> (usize, usize) {
        let mut hit = 0;
        let mut all = 0;
        for ((k, _), row) in &self.table {
            if *k != kind {
                continue;
            }
            for (g, n) in row {
                all += n;
                if got(*g) {
                    hit += n;
                }
            }
        }
        (hit, all)
    }
}

impl DevSet {
    pub fn load(path: &Path) -> Result<Self, DevSetError> {
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| DevSetError::Read(shown.clone(), e))?;
        serde_json::from_str(&text).map_err(|e| DevSetError::Format(shown, e))
    }

    /// Keeps only the cases of one split (`tune` or `report`).
    pub fn only_split(mut self, split: &str) -> Self {
        self.cases.retain(|c| c.split.as_deref() == Some(split));
        self
    }

    /// Runs the verifier over every case and compares with the labels.
    pub fn score(&self, engine: &Engine) -> Result<Scores, EngineError> {
        let mut scores = Scores::default();
        for (i, case) in self.cases.iter().enumerate() {
            let report = engine.verify(
                &VerifyRequest {
                    text: case.text.clone(),
                    check_content: true,
                    as_of: Some(labelled_as_of()),
                },
                Access::ALL,
            )?;
            let mut used = vec![false; report.references.len()];
            for e in &case.expect {
                let found = report
                    .references
                    .iter()
                    .enumerate()
                    .find(|(k, r)| !used[*k] && r.text == e.reference);
                let got: Option<&CheckedReference> = found.map(|(k, r)| {
                    used[k] = true;
                    r
                });
                let status = got.map(|r| r.status);
                let evidence = got.and_then(|r| r.evidence.as_ref());
                scores.details.push(serde_json::json!({
                    "case": i,
                    "document": case.document,
                    "variant": case.variant,
                    "kind": format!("{:?}", e.kind).to_lowercase(),
                    "expected": e.status.as_str(),
                    "got": status.map(Status::as_str),
                    "word_support": evidence.map(|x| x.word_support),
                    "similarity": evidence.and_then(|x| x.similarity),
                    "claim_kinds": got.and_then(|r| r.claim.as_ref()).map(|c| c.kinds.clone()),
                }));
                if let Some(v) = &case.variant {
                    scores.variants.entry(v.clone()).or_default().add(status);
                }
                *scores
                    .table
                    .entry((e.kind, e.status))
                    .or_default()
                    .entry(status)
                    .or_default() += 1;
                if status != Some(e.status) {
                    scores.wrong.push((
                        i,
                        e.reference.clone(),
                        e.status,
                        status,
                        got.map(|r| r.explanation.clone()).unwrap_or_default(),
                    ));
                }
            }
            for (k, r) in report.references.iter().enumerate() {
                if !used[k] {
                    scores
                        .unlabelled
                        .push(format!("case {i}: «{}» {}", r.text, r.status.as_str()));
                }
            }
        }
        Ok(scores)
    }
}

impl Scores {
    /// Markdown: the confusion table, the two headline rates and every miss.
    pub fn report(&self) -> String {
        let scores = self;
        let mut out = String::from("| kind | expected | n | ");
        let statuses: Vec<Option<Status>> =
            Status::ALL.iter().map(|s| Some(*s)).chain([None]).collect();
        let name = |s: &Option<Status>| s.map_or("(missed)", |s| s.as_str());
        out.push_str(
            &statuses
                .iter()
                .map(|s| name(s).to_string())
                .collect::<Vec<_>>()
                .join(" | "),
        );
        out.push_str(" |\n|---|---|---|");
        out.push_str(&"---|".repeat(statuses.len()));
        out.push('\n');
        for ((kind, expected), row) in &scores.table {
            let n: usize = row.values().sum();
            out.push_str(&format!("| {kind:?} | {} | {n} |", expected.as_str()).to_lowercase());
            for s in &statuses {
                out.push_str(&format!(" {} |", row.get(s).copied().unwrap_or(0)));
            }
            out.push('\n');
        }
        let (real_ok, real) = scores.count(Kind::Real, |g| g == Some(Status::Verified));
        let (fake_ok, fake) = scores.count(Kind::Invented, |g| g == Some(Status::Verified));
        out.push_str(&format!(
        "\nreal references verified: {real_ok}/{real} ({:.1} %)\ninvented references verified: {fake_ok}/{fake}\nreferences found but not labelled: {}\n",
        100.0 * real_ok as f64 / real.max(1) as f64,
        scores.unlabelled.len()
    ));
        if !scores.variants.is_empty() {
            out.push_str("\n| variant | n | verified | flagged | other |\n|---|---|---|---|---|\n");
            for (name, v) in &scores.variants {
                let pct = |k: usize| 100.0 * k as f64 / v.n.max(1) as f64;
                out.push_str(&format!(
                    "| {name} | {} | {} ({:.1} %) | {} ({:.1} %) | {} ({:.1} %) |\n",
                    v.n,
                    v.verified,
                    pct(v.verified),
                    v.flagged,
                    pct(v.flagged),
                    v.other,
                    pct(v.other)
                ));
            }
        }
        for (case, r, want, got, why) in &scores.wrong {
            out.push_str(&format!(
                "case {case}: «{r}» expected {}, got {} {why}\n",
                want.as_str(),
                got.map_or("(missed)", |g| g.as_str())
            ));
        }
        for u in &scores.unlabelled {
            out.push_str(&format!("unlabelled: {u}\n"));
        }
        out
    }
}

/// The date the labels hold at: they judge existence and claims, written for the corpus as it
/// stood on 31/12/2025, before Nghị định 13/2023/NĐ-CP ended (01/01/2026) and Chương IV of
/// Luật 71/2025/QH15 was repealed (01/03/2026). A text's own dateline still wins.
pub fn labelled_as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default()
}
