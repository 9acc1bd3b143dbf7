//! Whether the cited units deny a claim: a negation on one side and not the other, in the
//! claim's closest passage or in any sentence of the units that shares the claim's words, and
//! the acts listed under a heading that bans them.

use std::collections::BTreeSet;

use lexcite_index::Vocabulary;

use super::polarity::{polarity_flip, polarity_flip_in_context};
use super::prepared::{Prepared, Weighed, claim_terms};
use crate::text::{occurrences, plain_words};

/// Least share of a claim's weighted words a sentence must hold to be read for a negation
/// of the claim.
const CLOSE_SENTENCE: f32 = 0.4;

/// The sentences of the cited units that each hold at least [`CLOSE_SENTENCE`] of the
/// claim's weighted words, as (unit, sentence).
fn close_sentences(
    terms: &BTreeSet<String>,
    units: &[&Prepared],
    vocabulary: &Vocabulary,
) -> Vec<(usize, usize)> {
    let weighed = Weighed::of(terms, vocabulary);
    let mut out = Vec::new();
    for (u, p) in units.iter().enumerate() {
        for (k, set) in weighed.sets(p).iter().enumerate() {
            if weighed.share(|t| set.contains(t)) >= CLOSE_SENTENCE {
                out.push((u, k));
            }
        }
    }
    out
}

/// What the cited units deny of a claim: what the claim says, what the units say instead,
/// and the sentence that says it when it is not the claim's closest passage.
pub(super) struct Denial {
    pub said: String,
    pub written: Option<String>,
    /// (unit, character range of the sentence in its text).
    pub at: Option<(usize, (usize, usize))>,
}

/// Whether the units deny one of the claim's parts, each given with its closest passage.
pub(super) fn denied(
    parts: &[(&str, &str)],
    units: &[&Prepared],
    vocabulary: &Vocabulary,
) -> Option<Denial> {
    // Negations and modality, clause by clause against the clause's passage and against
    // every other sentence of the cited units that says most of what the clause says: "người
    // được ký thừa ủy quyền có thể ủy quyền lại" is denied by the third sentence of a clause
    // whose first two hold more of the claim's words.
    // Under a heading that bans ("Hành vi bị nghiêm cấm"), each point is a banned act: a
    // claim that calls it banned says what the heading says.
    let banned = units.iter().any(|p| {
        [&p.heading, &p.above]
            .into_iter()
            .flatten()
            .any(|h| plain_words(h).iter().any(|w| w == "cấm"))
    });
    let unbanned = |part: &str| -> String {
        if banned {
            ["nghiêm cấm", "Nghiêm cấm", "bị cấm", "Bị cấm"]
                .iter()
                .fold(part.to_string(), |t, w| t.replace(w, " "))
        } else {
            part.to_string()
        }
    };
    for &(part, passage) in parts {
        // …and one that calls it allowed denies the heading.
        if banned {
            let ws = plain_words(part);
            let allowed = [["được", "phép"], ["cho", "phép"]]
                .iter()
                .flat_map(|p| occurrences(&ws, &p.map(str::to_string)))
                .find(|&i| !ws[i.saturating_sub(2)..i].iter().any(|w| w == "không"));
            if let Some(i) = allowed {
                return Some(Denial {
                    said: ws[i..i + 2].join(" "),
                    written: units
                        .iter()
                        .find_map(|p| p.above.clone().or_else(|| p.heading.clone())),
                    at: None,
                });
            }
        }
        let part = &unbanned(part);
        if let Some((said, written)) = polarity_flip(part, &unbanned(passage)) {
            return Some(Denial {
                said,
                written: Some(written),
                at: None,
            });
        }
        for (u, k) in close_sentences(&claim_terms(part), units, vocabulary) {
            let sentence = &units[u].sentences[k];
            // A unit that also says what the claim says, word for word ("… hoạt động không
            // hiệu quả" in one sentence, "… hoạt động hiệu quả" in another), does not deny it.
            if let Some((said, written)) = polarity_flip_in_context(part, &unbanned(&sentence.text))
                && occurrences(&plain_words(&units[u].text), &plain_words(&said)).is_empty()
            {
                return Some(Denial {
                    said,
                    written: Some(written),
                    at: Some((u, (sentence.start, sentence.end))),
                });
            }
        }
    }
    None
}
