//! How common each word is in a document, counted once at ingestion and kept on the
//! document's record, so that whoever weighs the words of a claim needs none of the unit
//! texts in memory.

use std::collections::{BTreeMap, HashMap, HashSet};

use lexcite_core::normalize::{fold_tones, strip_marks};
use serde::{Deserialize, Serialize};

/// In how many of a document's smallest units (those without children) each folded word
/// occurs, and the same for the words of its headings.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Vocabulary {
    pub units: u32,
    #[serde(serialize_with = "in_order")]
    pub df: HashMap<String, u32>,
    /// Headings, and in how many of them each word (with its marks) stands.
    pub headings: u32,
    #[serde(serialize_with = "in_order")]
    pub heading_df: HashMap<String, u32>,
}

/// Words in sorted order: the record's fingerprint is a hash of its JSON, and must not
/// change with a map's iteration order.
fn in_order<S: serde::Serializer>(map: &HashMap<String, u32>, s: S) -> Result<S::Ok, S::Error> {
    map.iter().collect::<BTreeMap<_, _>>().serialize(s)
}

/// ln((n + 1) / (df + 0.5)): how rare a word found in `df` of `n` places is.
pub fn rarity(n: u32, df: Option<u32>) -> f32 {
    ((n as f32 + 1.0) / (df.unwrap_or(0) as f32 + 0.5)).ln()
}

fn runs(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

impl Vocabulary {
    /// Counts one document's units, given as (text, whether it is a leaf, heading): the
    /// texts of the leaves, every heading.
    pub fn count<'a>(units: impl IntoIterator<Item = (&'a str, bool, Option<&'a str>)>) -> Self {
        let mut v = Self::default();
        for (text, leaf, heading) in units {
            if leaf {
                v.add(text);
            }
            if let Some(h) = heading {
                v.add_heading(h);
            }
        }
        v
    }

    fn add(&mut self, text: &str) {
        self.units += 1;
        let words: HashSet<String> = runs(text).map(|w| strip_marks(&w)).collect();
        for w in words {
            *self.df.entry(w).or_default() += 1;
        }
    }

    fn add_heading(&mut self, heading: &str) {
        self.headings += 1;
        let words: HashSet<String> = runs(heading).map(|w| fold_tones(&w)).collect();
        for w in words {
            *self.heading_df.entry(w).or_default() += 1;
        }
    }

    /// How telling a word (with its marks) is in a heading: rare among the document's
    /// headings weighs more.
    pub fn heading_weight(&self, word: &str) -> f32 {
        rarity(self.headings, self.heading_df.get(word).copied()).max(0.1)
    }

    /// How much a word tells about where it stands: rare words weigh more; a word the
    /// document never uses weighs most.
    pub fn weight(&self, word: &str) -> f32 {
        rarity(self.units, self.df.get(word).copied()).max(0.05)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_leaves_once_per_unit_and_every_heading() {
        let units = [
            (
                "Dữ liệu cá nhân. Dữ liệu",
                false,
                Some("Phạm vi điều chỉnh"),
            ),
            ("Dữ liệu cá nhân là thông tin", true, None),
            ("Cơ quan, tổ chức", true, Some("Đối tượng áp dụng")),
        ];
        let v = Vocabulary::count(units);
        assert_eq!(v.units, 2, "only leaves are counted");
        assert_eq!(v.df.get("du"), Some(&1), "once per unit");
        assert_eq!(v.df.get("co"), Some(&1));
        assert_eq!(v.headings, 2);
        assert_eq!(v.heading_df.get(&fold_tones("phạm")), Some(&1));
        assert!(v.weight("du") < v.weight("unseen"));
        let once = serde_json::to_string(&v).expect("json");
        let again = Vocabulary::count(units);
        assert_eq!(
            serde_json::to_string(&again).expect("json"),
            once,
            "the same JSON every time"
        );
    }
}
