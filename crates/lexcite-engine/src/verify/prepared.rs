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
