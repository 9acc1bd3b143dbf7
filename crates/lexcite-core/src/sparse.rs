//! BM25 sparse vectors for Vietnamese text, for the store's sparse index.
//!
//! Vietnamese words are made of syllables written apart ("dữ liệu", "trí tuệ nhân tạo"), so a
//! word-level tokenizer does not exist without a dictionary. Terms are instead:
//! - each syllable, lower-cased, exactly as written (`dữ`);
//! - each syllable with its diacritics removed (`du`), so that queries typed without marks still
//!   match, at a lower weight;
//! - each pair of neighbouring syllables, exact and without marks (`dữ liệu`, `du lieu`), which
//!   stands in for two-syllable words and carries most of the precision.
//!
//! Terms are hashed to `u32` indices (FNV-1a over a kind tag and the term), stable across runs
//! and machines. Documents carry BM25's term-frequency saturation and length normalisation;
//! the inverse document frequency is left to the store (Qdrant's IDF modifier), so adding a
//! document never rewrites the others. Queries carry one weight per distinct term.

use std::collections::HashMap;

use crate::normalize::strip_marks;

/// A sparse vector: sorted unique indices and their weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVector {
    pub indices: Vec<u32>,
    pub values: Vec<f32>,
}

impl SparseVector {
    fn from_map(map: HashMap<u32, f32>) -> SparseVector {
        let mut pairs: Vec<(u32, f32)> = map.into_iter().collect();
        pairs.sort_by_key(|(i, _)| *i);
        SparseVector {
            indices: pairs.iter().map(|(i, _)| *i).collect(),
            values: pairs.iter().map(|(_, v)| *v).collect(),
        }
    }

    /// The dot product with another sparse vector (both sorted).
    pub fn dot(&self, other: &SparseVector) -> f32 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < self.indices.len() && j < other.indices.len() {
            match self.indices[i].cmp(&other.indices[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += self.values[i] * other.values[j];
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }

    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }
}

/// What a term is; part of its hash, so the same letters in two kinds never collide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    Syllable,
    FoldedSyllable,
    Bigram,
    FoldedBigram,
}

impl TermKind {
    fn tag(self) -> u8 {
        match self {
            TermKind::Syllable => b's',
            TermKind::FoldedSyllable => b'f',
            TermKind::Bigram => b'b',
            TermKind::FoldedBigram => b'g',
        }
    }

    /// How much one occurrence counts: exact forms more than their unmarked twins, pairs more
    /// than single syllables.
    pub fn weight(self) -> f32 {
        match self {
            TermKind::Syllable => 1.0,
            TermKind::FoldedSyllable => 0.5,
            TermKind::Bigram => 1.5,
            TermKind::FoldedBigram => 0.75,
        }
    }
}

/// A term of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub kind: TermKind,
    pub text: String,
}

impl Term {
    /// The term's stable index in the sparse space.
    pub fn index(&self) -> u32 {
        let mut hash: u32 = 0x811c_9dc5;
        for b in std::iter::once(self.kind.tag()).chain(self.text.bytes()) {
            hash ^= u32::from(b);
            hash = hash.wrapping_mul(0x0100_0193);
        }
        hash
    }
}

/// The syllables of a text, lower-cased: runs of letters and digits.
pub fn syllables(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Every term of a text, in order, with repeats.
pub fn terms(text: &str) -> Vec<Term> {
    terms_of(&syllables(text))
}

fn terms_of(exact: &[String]) -> Vec<Term> {
    let folded: Vec<String> = exact.iter().map(|s| strip_marks(s)).collect();
    let mut out = Vec::with_capacity(exact.len() * 4);
    for i in 0..exact.len() {
        out.push(Term {
            kind: TermKind::Syllable,
            text: exact[i].clone(),
        });
        out.push(Term {
            kind: TermKind::FoldedSyllable,
            text: folded[i].clone(),
        });
        if i + 1 < exact.len() {
            out.push(Term {
                kind: TermKind::Bigram,
                text: format!("{} {}", exact[i], exact[i + 1]),
            });
            out.push(Term {
                kind: TermKind::FoldedBigram,
                text: format!("{} {}", folded[i], folded[i + 1]),
            });
        }
    }
    out
}

/// BM25 parameters. `avg_len` is the average length of an indexed unit in syllables.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bm25 {
    pub k1: f32,
    pub b: f32,
    pub avg_len: f32,
}

impl Default for Bm25 {
    /// The usual k1 and b; the 3,216 units of corpus/ have 40 syllables of own text on
    /// average (median 31).
    fn default() -> Self {
        Bm25 {
            k1: 1.2,
            b: 0.75,
            avg_len: 40.0,
        }
    }
}

impl Bm25 {
    /// The sparse vector of an indexed text: per term, BM25's saturated and length-normalised
    /// frequency times the term kind's weight.
    pub fn document(&self, text: &str) -> SparseVector {
        let syllables = syllables(text);
        let len = syllables.len() as f32;
        let terms = terms_of(&syllables);
        let mut counts: HashMap<u32, (f32, TermKind)> = HashMap::new();
        for t in &terms {
            counts.entry(t.index()).or_insert((0.0, t.kind)).0 += 1.0;
        }
        let norm = self.k1 * (1.0 - self.b + self.b * len / self.avg_len.max(1.0));
        SparseVector::from_map(
            counts
                .into_iter()
                .map(|(i, (tf, kind))| (i, kind.weight() * tf * (self.k1 + 1.0) / (tf + norm)))
                .collect(),
        )
    }

    /// The sparse vector of a query: each distinct term once, with its kind's weight.
    pub fn query(&self, text: &str) -> SparseVector {
        SparseVector::from_map(
            terms(text)
                .into_iter()
                .map(|t| (t.index(), t.kind.weight()))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_syllables_with_and_without_marks_and_their_pairs() {
        let t: Vec<(TermKind, String)> = terms("Dữ liệu")
            .into_iter()
            .map(|t| (t.kind, t.text))
            .collect();
        assert_eq!(
            t,
            [
                (TermKind::Syllable, "dữ".to_string()),
                (TermKind::FoldedSyllable, "du".to_string()),
                (TermKind::Bigram, "dữ liệu".to_string()),
                (TermKind::FoldedBigram, "du lieu".to_string()),
                (TermKind::Syllable, "liệu".to_string()),
                (TermKind::FoldedSyllable, "lieu".to_string()),
            ]
        );
    }

    #[test]
    fn indices_are_stable_and_kinds_do_not_collide() {
        let exact = Term {
            kind: TermKind::Syllable,
            text: "du".into(),
        };
        let folded = Term {
            kind: TermKind::FoldedSyllable,
            text: "du".into(),
        };
        assert_ne!(exact.index(), folded.index());
        // FNV-1a of "sdu": a fixed value, so indexes written today are read the same tomorrow.
        assert_eq!(exact.index(), 0xc924_cd25);
    }

    fn score(query: &str, doc: &str) -> f32 {
        let bm25 = Bm25::default();
        bm25.query(query).dot(&bm25.document(doc))
    }

    #[test]
    fn a_query_typed_without_marks_still_finds_the_text() {
        let about = "Dữ liệu cá nhân là thông tin gắn liền với một con người cụ thể.";
        let other = "An ninh mạng là sự bảo đảm hoạt động trên không gian mạng.";
        assert!(score("du lieu ca nhan", about) > 0.0);
        assert!(score("du lieu ca nhan", about) > score("du lieu ca nhan", other));
        // Marks typed right count more than the same letters without them.
        assert!(score("dữ liệu cá nhân", about) > score("du lieu ca nhan", about));
    }

    #[test]
    fn syllable_pairs_prefer_the_phrase_to_the_same_syllables_scattered() {
        let phrase = "Bên kiểm soát xử lý dữ liệu cá nhân theo quy định.";
        let scattered = "Cá nhân cung cấp dữ liệu cho bên kiểm soát theo quy định.";
        assert!(score("dữ liệu cá nhân", phrase) > score("dữ liệu cá nhân", scattered));
    }

    #[test]
    fn frequency_saturates_and_long_texts_weigh_less() {
        let bm25 = Bm25::default();
        let once = bm25.document("mạng");
        let many = bm25.document(&"mạng ".repeat(10));
        let i = once.indices[0];
        let weight =
            |v: &SparseVector| v.values[v.indices.iter().position(|&x| x == i).expect("term")];
        assert!(weight(&many) > weight(&once));
        assert!(weight(&many) < 2.0 * weight(&once), "BM25 saturates");
        let short = "Luật này quy định về an ninh mạng.";
        let long = format!(
            "{short} {}",
            "Cơ quan, tổ chức, cá nhân thực hiện theo quy định. ".repeat(20)
        );
        assert!(score("an ninh mạng", short) > score("an ninh mạng", &long));
    }
}
