//! A cited unit as the judge reads it, prepared once per text, and the words of a claim as
//! they are looked for in it.

use std::collections::{BTreeSet, HashSet};

use lexcite_core::normalize::{match_key, strip_marks};
use lexcite_index::Vocabulary;

use super::facts::{Facts, facts};
use crate::text::{self, Sentence, Terms, plain_words};

/// Words that link a claim to its reference and say nothing of the unit ("còn theo …",
/// "… ghi rõ", "như nêu tại"), folded.
const LINKING: &[&str] = &["con", "ghi", "ro", "neu", "nhu", "noi"];

/// The content words of a claim, lower case: with their marks when the claim is written with
/// them ("danh" of "Danh mục" is not the "dành" of "dành cho"), folded when it is typed
/// without any (then it matches either).
pub(super) fn claim_terms(claim: &str) -> BTreeSet<String> {
    let content: HashSet<String> = Terms::of(claim)
        .words
        .into_iter()
        .filter(|w| !LINKING.contains(&w.as_str()))
        .collect();
    let words = plain_words(claim);
    let marked = words.iter().any(|w| !w.is_ascii());
    // In order: sums of their weights come out the same on every run.
    words
        .into_iter()
        .map(|w| if marked { w } else { strip_marks(&w) })
        .filter(|w| content.contains(&strip_marks(w)))
        .collect()
}

/// A claim term's weight in the document's vocabulary (kept by folded word).
pub(super) fn weight(vocabulary: &Vocabulary, term: &str) -> f32 {
    vocabulary.weight(&strip_marks(term))
}

/// A claim's words with their weights in the document's vocabulary, read against a unit's
/// words with marks or folded (see [`claim_terms`]).
pub(super) struct Weighed {
    terms: Vec<(String, f32)>,
    total: f32,
    marked: bool,
}

impl Weighed {
    /// Read with marks when any of the words has them.
    pub fn of(terms: &BTreeSet<String>, vocabulary: &Vocabulary) -> Self {
        let marked = !terms.iter().all(|t| t.is_ascii());
        Self::read_as(terms, vocabulary, marked)
    }

    pub fn read_as(terms: &BTreeSet<String>, vocabulary: &Vocabulary, marked: bool) -> Self {
        let terms: Vec<(String, f32)> = terms
            .iter()
            .map(|t| (t.clone(), weight(vocabulary, t)))
            .collect();
        let total = terms.iter().map(|t| t.1).sum::<f32>().max(f32::EPSILON);
        Self {
            terms,
            total,
            marked,
        }
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// The word sets of a unit's sentences these words are read against.
    pub fn sets<'p>(&self, p: &'p Prepared) -> &'p [HashSet<String>] {
        if self.marked { &p.words } else { &p.folded }
    }

    /// The share of the weight of the words that `holds` says are there.
    pub fn share(&self, holds: impl Fn(&str) -> bool) -> f32 {
        let found: f32 = self
            .terms
            .iter()
            .filter(|(t, _)| holds(t))
            .map(|t| t.1)
            .sum();
        found / self.total
    }
}

/// A cited unit as the judge reads it, prepared once per text.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub heading: Option<String>,
    /// The heading of the nearest unit above it that has one.
    pub above: Option<String>,
    pub text: String,
    pub sentences: Vec<Sentence>,
    /// The words of each sentence, lower case with their marks: what a claim written with
    /// marks is read against (see [`claim_terms`]).
    pub words: Vec<HashSet<String>>,
    /// The same words folded, for a claim typed without marks.
    pub folded: Vec<HashSet<String>>,
    /// [`match_key`] of the heading and the text, for names of bodies.
    pub key: String,
    pub facts: Facts,
}

impl Prepared {
    pub fn of(heading: Option<&str>, text: &str) -> Self {
        let sentences = text::sentences(text);
        // A table row is read with its header ("TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan
        // chủ trì theo dõi, đánh giá"): "chỉ tiêu … do Ngân hàng Nhà nước chủ trì theo dõi"
        // is said by the row, not by its cells alone.
        let header = table_header(text);
        let words: Vec<HashSet<String>> = sentences
            .iter()
            .map(|s| {
                let mut set: HashSet<String> = plain_words(&s.text).into_iter().collect();
                if let Some(h) = header
                    && s.text.contains('|')
                {
                    set.extend(plain_words(h));
                }
                set
            })
            .collect();
        let folded = words
            .iter()
            .map(|set| set.iter().map(|w| strip_marks(w)).collect())
            .collect();
        Self {
            heading: heading.map(str::to_string),
            above: None,
            key: match_key(&format!("{}\n{text}", heading.unwrap_or(""))),
            facts: facts(text),
            text: text.to_string(),
            sentences,
            words,
            folded,
        }
    }
}

/// The first line of a table whose cells hold no digit: its header.
fn table_header(text: &str) -> Option<&str> {
    text.lines()
        .find(|l| l.matches('|').count() >= 2)
        .filter(|l| !l.chars().any(|c| c.is_ascii_digit()))
}
