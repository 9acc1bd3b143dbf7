//! Ranking: the dense and the BM25 candidate lists fused into one, here rather than in the
//! store, so that every backend ranks alike, ties fall the same way on every run, and the
//! documents a question names lift their units without shutting the others out.
//!
//! The parameters are [`Ranking`]'s; its defaults are the ones cross-validation on ALQAC 2023
//! picked (`lexcite eval`, see BENCHMARKS.md).

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::store::{Fusion, Hit};

/// How the two candidate lists become one ranking.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranking {
    /// Reciprocal-rank fusion of the two lists.
    pub fusion: Fusion,
    /// Added to the fused score of a unit of a document the question names, as a share of
    /// what a first rank in one list is worth (1/(k+1)): 0 ignores names.
    pub named_boost: f32,
    /// Whether question framing ("đúng hay sai", "là gì", …) is taken out of the BM25 query.
    pub reduce_query: bool,
}

/// How many candidates each list gathers for a search of `limit` results: a unit lifted by
/// a named document or ranked well in one list only must be among them.
pub fn depth(limit: usize) -> usize {
    (limit * crate::store::PREFETCH_FACTOR).max(crate::store::MIN_PREFETCH)
}

impl Default for Ranking {
    /// What cross-validation on ALQAC 2023 picked (BENCHMARKS.md): RRF k=10, BM25 weighted
    /// 0.75 against the model's 1, framing out of the BM25 query. The named boost, which
    /// ALQAC's questions (they seldom name a law) cannot choose, was chosen on the tuning half
    /// of the corpus questions.
    fn default() -> Self {
        Ranking {
            fusion: Fusion {
                k: 10,
                dense_weight: 1.0,
                sparse_weight: 0.75,
            },
            named_boost: 1.0,
            reduce_query: true,
        }
    }
}

/// Fuses a dense and a BM25 ranking (each best first) into `limit` hits. A unit of one of the
/// `named` documents gets the named boost. Equal scores are ordered by record id, so the
/// result does not move between runs.
pub fn fuse(
    dense: &[Hit],
    sparse: &[Hit],
    named: &[String],
    ranking: &Ranking,
    limit: usize,
) -> Vec<Hit> {
    let f = ranking.fusion;
    let k = f.k as f32;
    let mut fused: HashMap<&str, (f32, &Hit)> = HashMap::new();
    for (list, weight) in [(dense, f.dense_weight), (sparse, f.sparse_weight)] {
        for (rank, hit) in list.iter().enumerate() {
            let entry = fused.entry(hit.record.id.as_str()).or_insert((0.0, hit));
            entry.0 += weight / (k + rank as f32 + 1.0);
        }
    }
    if ranking.named_boost > 0.0 && !named.is_empty() {
        let boost = ranking.named_boost / (k + 1.0);
        for (score, hit) in fused.values_mut() {
            if named.contains(&hit.record.document_id) {
                *score += boost;
            }
        }
    }
    let mut out: Vec<(f32, &Hit)> = fused.into_values().collect();
    out.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.1.record.id.cmp(&b.1.record.id))
    });
    out.into_iter()
        .take(limit)
        .map(|(score, hit)| Hit {
            score,
            record: hit.record.clone(),
        })
        .collect()
}

/// One list alone (dense or BM25 mode). Its own scores and order stand unless a named
/// document lifts some of its units; then it is re-ranked as a fusion of one list.
pub fn single(list: &[Hit], named: &[String], ranking: &Ranking, limit: usize) -> Vec<Hit> {
    let lifts =
        ranking.named_boost > 0.0 && list.iter().any(|h| named.contains(&h.record.document_id));
    if !lifts {
        return list.iter().take(limit).cloned().collect();
    }
    let only = Ranking {
        fusion: Fusion {
            dense_weight: 1.0,
            sparse_weight: 0.0,
            ..ranking.fusion
        },
        ..*ranking
    };
    fuse(list, &[], named, &only, limit)
}

/// Phrases that frame a question rather than say what it is about. They are taken out of the
/// BM25 query (the dense model reads the question whole): "sai" in "đúng hay sai" would
/// otherwise match every article about errors.
const FRAMING: &[&str] = &[
    "đúng hay sai",
    "đúng hay không",
    "có đúng không",
    "đúng không",
    "hay không",
    "có phải là",
    "có phải",
    "phải không",
    "là gì",
    "là những gì",
    "gồm những gì",
    "bao gồm những gì",
    "những gì",
    "như thế nào",
    "thế nào",
    "như nào",
    "ra sao",
    "nào sau đây",
    "sau đây",
    "bao nhiêu",
    "bao lâu",
    "khi nào",
    "ở đâu",
    "vì sao",
    "tại sao",
    "theo quy định của pháp luật",
    "theo quy định pháp luật",
    "theo quy định",
    "theo pháp luật",
    "hiện hành",
];

/// The question with its framing phrases blanked out, for BM25. Leaves the question as it
/// is when nothing else would remain.
pub fn reduce(question: &str) -> String {
    let lower = question.to_lowercase();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // Longest first, so that "bao gồm những gì" is taken whole before "gồm những gì".
    let mut phrases: Vec<&str> = FRAMING.to_vec();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    for phrase in phrases {
        let mut from = 0;
        while let Some(at) = lower[from..].find(phrase) {
            let start = from + at;
            let end = start + phrase.len();
            from = end;
            let whole_words = !lower[..start].ends_with(char::is_alphanumeric)
                && !lower[end..].starts_with(char::is_alphanumeric);
            if whole_words && !spans.iter().any(|&(s, e)| start < e && s < end) {
                spans.push((start, end));
            }
        }
    }
    if spans.is_empty() {
        return question.to_string();
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(lower.len());
    let mut last = 0;
    for (s, e) in spans {
        out.push_str(&lower[last..s]);
        out.push(' ');
        last = e;
    }
    out.push_str(&lower[last..]);
    if out.chars().any(char::is_alphanumeric) {
        out
    } else {
        question.to_string()
    }
}

/// Lower-cased words of a name or a text, separated by single spaces, for matching a name
/// inside a question.
fn words(text: &str) -> String {
    lexcite_core::sparse::syllables(text).join(" ")
}

/// The ids of the documents whose name appears in a question, from (id, name) pairs
/// ("Luật Hôn nhân và gia đình"). A name is matched as whole words, case and punctuation
/// ignored; a name inside a longer one that also matches is left out.
pub fn named_in<'a>(
    question: &str,
    names: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<String> {
    let asked = format!(" {} ", words(question));
    let mut found: Vec<(String, String)> = Vec::new();
    for (id, name) in names {
        let name = words(name);
        if name.split(' ').count() < 2 {
            continue;
        }
        if asked.contains(&format!(" {name} ")) {
            found.push((id.to_string(), name));
        }
    }
    let longer: Vec<String> = found.iter().map(|(_, n)| n.clone()).collect();
    let mut out: Vec<String> = found
        .into_iter()
        .filter(|(_, n)| !longer.iter().any(|l| l != n && l.contains(n.as_str())))
        .map(|(id, _)| id)
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Classification, Record};

    fn hit(id: &str, document: &str) -> Hit {
        Hit {
            score: 0.0,
            record: Record {
                citation: id.into(),
                ..Record::unit(id.into(), document.into(), Classification::Public)
            },
        }
    }

    /// Both lists weighed alike.
    fn even() -> Ranking {
        Ranking {
            fusion: Fusion {
                k: 10,
                dense_weight: 1.0,
                sparse_weight: 1.0,
            },
            ..Ranking::default()
        }
    }

    fn ids(hits: &[Hit]) -> Vec<&str> {
        hits.iter().map(|h| h.record.id.as_str()).collect()
    }

    #[test]
    fn a_unit_ranked_well_in_both_lists_comes_first() {
        let even = even();
        let dense = [hit("a", "d"), hit("b", "d"), hit("c", "d"), hit("e", "d")];
        let sparse = [hit("e", "d"), hit("b", "d"), hit("c", "d"), hit("a", "d")];
        let fused = fuse(&dense, &sparse, &[], &even, 4);
        assert_eq!(
            fused[0].record.id,
            "b",
            "second in both beats first in one and last in the other: {:?}",
            ids(&fused)
        );
        // The default weighs the model's list more: its first beats BM25's first.
        let fused = fuse(
            &[hit("x", "d")],
            &[hit("y", "d")],
            &[],
            &Ranking::default(),
            2,
        );
        assert_eq!(ids(&fused), ["x", "y"]);
    }

    #[test]
    fn ties_fall_by_record_id_whatever_the_input_order() {
        let even = even();
        let a = fuse(
            &[hit("x", "d"), hit("y", "d")],
            &[hit("y", "d"), hit("x", "d")],
            &[],
            &even,
            2,
        );
        let b = fuse(
            &[hit("y", "d"), hit("x", "d")],
            &[hit("x", "d"), hit("y", "d")],
            &[],
            &even,
            2,
        );
        assert_eq!(ids(&a), ["x", "y"]);
        assert_eq!(ids(&a), ids(&b));
    }

    #[test]
    fn a_named_document_lifts_its_units_without_removing_the_others() {
        let dense = [hit("other:1", "other"), hit("named:1", "named")];
        let sparse = [hit("other:1", "other"), hit("named:1", "named")];
        let plain = fuse(&dense, &sparse, &[], &Ranking::default(), 2);
        assert_eq!(ids(&plain), ["other:1", "named:1"]);
        let named = fuse(
            &dense,
            &sparse,
            &["named".to_string()],
            &Ranking::default(),
            2,
        );
        assert_eq!(ids(&named), ["named:1", "other:1"]);
    }

    #[test]
    fn question_framing_is_taken_out_of_the_bm25_query() {
        let q = reduce("Trọng tài viên có quyền từ chối giải quyết tranh chấp, đúng hay sai?");
        assert!(!q.contains("sai"), "{q}");
        assert!(q.contains("từ chối giải quyết tranh chấp"), "{q}");
        // Framing inside a word is not framing; a question of framing alone stays whole.
        assert!(reduce("Sai phạm là gì?").contains("sai phạm"));
        assert!(!reduce("Hồ sơ bao gồm những gì?").contains("bao"));
        assert_eq!(reduce("Là gì?"), "Là gì?");
    }

    #[test]
    fn documents_are_named_by_whole_words_and_the_longest_name_wins() {
        let names = [
            ("gd", "Luật Giáo dục"),
            ("gddh", "Luật Giáo dục đại học"),
            ("tt", "Luật Trọng tài thương mại"),
        ];
        assert_eq!(
            named_in("Theo Luật giáo dục đại học, ai cấp bằng?", names),
            ["gddh"]
        );
        assert_eq!(
            named_in("Luật trọng tài thương mại áp dụng khi nào?", names),
            ["tt"]
        );
        assert!(named_in("Luật Dân sự quy định gì?", [("x", "Bộ luật dân sự")]).is_empty());
        assert!(
            named_in("Luật này", [("x", "Luật")]).is_empty(),
            "one word is not a name"
        );
    }
}
