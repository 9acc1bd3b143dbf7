//! Whether a sentence's claim about a cited unit is what the unit says.
//!
//! The claim is the clause around the reference with the references left out. Numbers, dates
//! and percentages must all be in the cited text (a date that the document takes effect is
//! checked against its effective date). Words: if most of the claim's content words are there
//! the claim is supported; otherwise the multilingual-e5 similarity of the claim and the
//! closest sentence of the unit decides. "Căn cứ …" cites a basis and claims nothing.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use lexcite_core::date::find_dates;
use lexcite_core::normalize::{match_key, strip_marks};
use lexcite_index::Role;
use lexcite_index::embed::cosine;
use regex::Regex;

use super::{CheckedReference, Evidence, Resolved, Status, Verdict};
use crate::catalog::{Catalog, CatalogDoc};
use lexcite_index::Index;

use crate::error::EngineError;
use crate::text::{self, Sentence, Terms, Word};

/// Share of the claim's content words that, found in the cited text, supports it outright.
pub const WORD_SUPPORT: f32 = 0.6;

/// Below this similarity of claim and closest sentence, a claim with weak word support is
/// contradicted (multilingual-e5-small, calibrated on the development set).
pub const MIN_SIMILARITY: f32 = 0.86;

/// Claims judged by the model per text; beyond that they are reported as not checked.
pub const MAX_SEMANTIC: usize = 64;

/// Sentences of the cited text, closest to the claim first, in which its numbers must stand.
const FACT_SENTENCES: usize = 2;

/// Words that turn a statement around.
const NEGATIONS: &[&str] = &["không", "chưa", "cấm", "miễn"];

/// Lower-case words (marks kept: "cấm" is not "cảm").
fn plain_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| lexcite_core::normalize::fold_tones(&w.to_lowercase()))
        .collect()
}

/// A negation the claim adds that the cited text never uses ("được miễn đánh giá"), or a
/// phrase the claim asserts that the closest sentences negate ("hoạt động vì lợi nhuận" where
/// the text says "không vì lợi nhuận"), as the words at issue.
fn polarity_flip(claim: &str, units: &[(&str, &Prepared)], near: &str) -> Option<String> {
    let (cw, qw) = (plain_words(claim), plain_words(near));
    for n in NEGATIONS {
        if let Some(i) = cw.iter().position(|w| w == n)
            && !units.iter().any(|(_, u)| u.plain.contains(*n))
        {
            return Some(cw[i..(i + 3).min(cw.len())].join(" "));
        }
    }
    let claim_text = format!(" {} ", cw.join(" "));
    for (i, w) in qw.iter().enumerate() {
        if !NEGATIONS.contains(&w.as_str()) || i + 3 >= qw.len() {
            continue;
        }
        let phrase = qw[i + 1..i + 4].join(" ");
        let negated = format!(" {w} {phrase} ");
        if claim_text.contains(&format!(" {phrase} ")) && !claim_text.contains(&negated) {
            return Some(format!("{phrase} (văn bản ghi “{w} {phrase}”)"));
        }
    }
    None
}

/// Names of bodies in the claim ("Quốc hội", "Bộ Công an": two or more capitalised words, not
/// opening the clause) that the cited text never mentions.
fn unknown_names(claim: &str, units: &[(&str, &Prepared)]) -> Vec<String> {
    let words: Vec<&str> = claim
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    for (i, w) in words.iter().enumerate().chain([(words.len(), &"")]) {
        if i > 0 && w.starts_with(char::is_uppercase) && w.chars().count() > 1 {
            run.push(w);
            continue;
        }
        if run.len() >= 2 {
            let name = run.join(" ");
            let key = match_key(&name);
            if !units.iter().any(|(_, u)| u.key.contains(&key)) {
                out.push(name);
            }
        }
        run.clear();
    }
    out
}

/// Fewest content words that make a claim about the wording (numbers are checked always).
const MIN_CLAIM_WORDS: usize = 3;

/// Judges the claims of resolved references, reading the cited units' texts in one batch.
pub(crate) fn judge(
    index: &Index,
    catalog: &Catalog,
    text: &str,
    resolved: Vec<Resolved>,
) -> Result<Vec<CheckedReference>, EngineError> {
    // Every unit that a verified reference cites, read at once.
    let ids: Vec<String> = resolved
        .iter()
        .filter(|r| r.checked.status == Status::Verified)
        .filter_map(|r| r.doc.map(|d| (d, &r.units)))
        .flat_map(|(d, units)| {
            units
                .iter()
                .map(move |&u| catalog.docs[d].units[u].id.clone())
        })
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let texts: HashMap<String, String> = index
        .store()
        .get(&ids)?
        .into_iter()
        .map(|r| (r.id, r.text))
        .collect();
    // Each unit read once for the whole text.
    let prepared: HashMap<&str, Prepared> = texts
        .iter()
        .map(|(id, t)| (id.as_str(), Prepared::of(t)))
        .collect();
    let spans: Vec<(usize, usize)> = resolved
        .iter()
        .map(|r| (r.reference.bytes.start, r.reference.bytes.end))
        .collect();
    let mut semantic_left = MAX_SEMANTIC;
    let mut out = Vec::with_capacity(resolved.len());
    for (k, r) in resolved.iter().enumerate() {
        let mut checked = r.checked.clone();
        let (cs, ce) = clause(text, spans[k]);
        // References come in text order: those of the clause are a run around `k`.
        let first = spans.partition_point(|s| s.0 < cs);
        let near: Vec<usize> = (first..resolved.len())
            .take_while(|&j| spans[j].1 <= ce)
            .collect();
        // The claim of a clause is about its first reference ("Theo khoản 2 Điều 38 …, … quy
        // định tại Điều 21"): later ones are what it talks about, checked for existence.
        if checked.status == Status::Verified
            && near.first() == Some(&k)
            && let Some(d) = r.doc
        {
            let claim = claim_text(text, cs, ce, near.iter().map(|&j| spans[j]));
            let units: Vec<(&str, &Prepared)> = near
                .iter()
                .filter(|&&j| resolved[j].checked.status == Status::Verified)
                .filter_map(|&j| resolved[j].doc.map(|dj| (dj, &resolved[j].units)))
                .flat_map(|(dj, us)| {
                    us.iter()
                        .map(move |&u| catalog.docs[dj].units[u].id.as_str())
                })
                .filter_map(|id| Some((id, prepared.get(id)?)))
                .collect();
            let doc = &catalog.docs[d];
            // "… có hiệu lực từ ngày 01/01/2026" says when the document takes effect, whatever
            // unit it cites.
            let judged = if r.units.is_empty() || states_effect(&claim) {
                effective_claim(doc, &claim)
            } else {
                judge_claim(index, doc, &claim, &units, &mut semantic_left)?
            };
            match judged {
                Judged::Nothing => {}
                Judged::Evidence(e) => {
                    if e.verdict == Verdict::Contradicted {
                        checked.status = Status::ContentMismatch;
                        checked.explanation = contradiction_line(&checked, &e);
                    }
                    checked.evidence = Some(e);
                }
                Judged::OverBudget => {
                    checked.status = Status::NotChecked;
                    checked.explanation = format!(
                        "Văn bản và điều khoản có thật, nhưng nội dung chưa được đối chiếu: văn bản đưa vào có hơn {MAX_SEMANTIC} nhận định cần so sánh ngữ nghĩa."
                    );
                }
            }
        }
        out.push(checked);
    }
    Ok(out)
}

enum Judged {
    /// The clause claims nothing checkable about the unit.
    Nothing,
    Evidence(Evidence),
    OverBudget,
}

/// The clause around byte span `at`: between ".", ";", "!", "?" (before a space) or a line end.
fn clause(text: &str, at: (usize, usize)) -> (usize, usize) {
    let bytes = text.as_bytes();
    let is_end = |i: usize| match bytes[i] {
        b'\n' => true,
        b'.' | b';' | b'!' | b'?' => bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()),
        _ => false,
    };
    let start = (0..at.0).rev().find(|&i| is_end(i)).map_or(0, |i| i + 1);
    let end = (at.1..bytes.len())
        .find(|&i| is_end(i))
        .unwrap_or(bytes.len());
    (start, end)
}

/// The clause with its references blanked out.
fn claim_text(
    text: &str,
    start: usize,
    end: usize,
    refs: impl Iterator<Item = (usize, usize)>,
) -> String {
    let mut out = String::new();
    let mut at = start;
    for (s, e) in refs {
        out.push_str(&text[at..s.max(at)]);
        out.push(' ');
        at = e.max(at);
    }
    out.push_str(&text[at.min(end)..end]);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Numbers a text states: dates, percentages and other numbers, normalised.
#[derive(Default)]
struct Facts {
    dates: Vec<(NaiveDate, String)>,
    percents: Vec<(String, String)>,
    numbers: Vec<(String, String)>,
}

static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d+(?:[.,]\d+)?)\s*%").expect("valid regex"));
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d+(?:[.,]\d+)?\b").expect("valid regex"));

fn norm_number(s: &str) -> String {
    let s = s.replace(',', ".");
    let t = s.trim_start_matches('0');
    if t.is_empty() || t.starts_with('.') {
        format!("0{t}")
    } else {
        t.to_string()
    }
}

fn facts(text: &str) -> Facts {
    let mut f = Facts::default();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for d in find_dates(text) {
        f.dates.push((d.date, text[d.start..d.end].to_string()));
        taken.push((d.start, d.end));
    }
    for m in PERCENT.find_iter(text) {
        if let Some(c) = PERCENT.captures(m.as_str()) {
            f.percents
                .push((norm_number(&c[1]), m.as_str().to_string()));
        }
        taken.push((m.start(), m.end()));
    }
    for m in NUMBER.find_iter(text) {
        if taken.iter().any(|&(s, e)| m.start() < e && m.end() > s) {
            continue;
        }
        f.numbers
            .push((norm_number(m.as_str()), m.as_str().to_string()));
    }
    f
}

/// The claim's numbers that the cited texts (and the document's own dates) do not contain.
fn missing_facts(claim: &Facts, cited: &Facts, doc: &CatalogDoc) -> Vec<String> {
    let mut dates: HashSet<NaiveDate> = cited.dates.iter().map(|d| d.0).collect();
    dates.extend(doc.meta.issued);
    dates.extend(doc.meta.effective);
    let percents: HashSet<&str> = cited.percents.iter().map(|p| p.0.as_str()).collect();
    let numbers: HashSet<&str> = cited
        .numbers
        .iter()
        .chain(&cited.percents)
        .map(|n| n.0.as_str())
        .collect();
    let mut out = Vec::new();
    out.extend(
        claim
            .dates
            .iter()
            .filter(|d| !dates.contains(&d.0))
            .map(|d| d.1.clone()),
    );
    out.extend(
        claim
            .percents
            .iter()
            .filter(|p| !percents.contains(p.0.as_str()))
            .map(|p| p.1.clone()),
    );
    out.extend(
        claim
            .numbers
            .iter()
            .filter(|n| !numbers.contains(n.0.as_str()))
            .map(|n| n.1.clone()),
    );
    out
}

/// A cited unit as the judge reads it, prepared once per text.
struct Prepared {
    sentences: Vec<Sentence>,
    /// The words of each sentence.
    words: Vec<Vec<Word>>,
    /// Folded words of the whole unit, for how much of a claim it covers.
    folded: HashSet<String>,
    /// Words with their marks, for negations ("cấm" is not "cảm").
    plain: HashSet<String>,
    /// The unit's [`match_key`], for names of bodies.
    key: String,
}

impl Prepared {
    fn of(text: &str) -> Self {
        let sentences = text::sentences(text);
        let words = sentences.iter().map(|s| text::words(&s.text)).collect();
        Self {
            sentences,
            words,
            folded: text::words(text).into_iter().map(|w| w.folded).collect(),
            plain: plain_words(text).into_iter().collect(),
            key: match_key(text),
        }
    }
}

fn judge_claim(
    index: &Index,
    doc: &CatalogDoc,
    claim: &str,
    units: &[(&str, &Prepared)],
    semantic_left: &mut usize,
) -> Result<Judged, EngineError> {
    let folded = strip_marks(&claim.to_lowercase());
    if folded.starts_with("can cu") || units.is_empty() {
        // A basis ("Căn cứ Luật …") claims nothing; a whole document is checked by identity.
        return Ok(Judged::Nothing);
    }
    let claim_facts = facts(claim);
    let terms = Terms::of(claim);
    let has_facts = !(claim_facts.dates.is_empty()
        && claim_facts.percents.is_empty()
        && claim_facts.numbers.is_empty());
    if terms.words.len() < MIN_CLAIM_WORDS && !has_facts {
        return Ok(Judged::Nothing);
    }
    // The sentences of the cited units closest to the claim; the first is the quote.
    let mut ranked: Vec<(f32, &str, &Sentence)> = units
        .iter()
        .flat_map(|&(id, u)| {
            u.sentences
                .iter()
                .zip(&u.words)
                .map(move |(s, ws)| (id, s, ws))
        })
        .map(|(id, s, ws)| (terms.coverage_of(ws).0, id, s))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked.truncate(FACT_SENTENCES);
    if ranked.is_empty() {
        return Ok(Judged::Nothing);
    }
    // A number must stand where the claim's words do: "3% GDP" is not "2% GDP" because the
    // unit says "3%" about something else.
    let near_text: String = ranked
        .iter()
        .map(|r| r.2.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut missing = missing_facts(&claim_facts, &facts(&near_text), doc);
    missing.extend(polarity_flip(claim, units, &near_text));
    missing.extend(unknown_names(claim, units));
    let (_, unit_id, quote) = ranked.swap_remove(0);
    let word_support = if terms.words.is_empty() {
        1.0
    } else {
        let found = terms
            .words
            .iter()
            .filter(|w| units.iter().any(|(_, u)| u.folded.contains(*w)))
            .count();
        found as f32 / terms.words.len() as f32
    };
    let mut similarity = None;
    let verdict = if !missing.is_empty() {
        Verdict::Contradicted
    } else if terms.words.len() < MIN_CLAIM_WORDS || word_support >= WORD_SUPPORT {
        Verdict::Supported
    } else {
        if *semantic_left == 0 {
            return Ok(Judged::OverBudget);
        }
        *semantic_left -= 1;
        let embedder = index.embedder();
        let c = embedder
            .embed_one(claim, Role::Query)
            .map_err(index_error)?;
        let q = embedder
            .embed_one(&quote.text, Role::Passage)
            .map_err(index_error)?;
        let sim = cosine(&c, &q);
        similarity = Some(sim);
        if sim >= MIN_SIMILARITY {
            Verdict::Supported
        } else {
            Verdict::Contradicted
        }
    };
    Ok(Judged::Evidence(Evidence {
        verdict,
        claim: claim.to_string(),
        unit_id: unit_id.to_string(),
        quote: quote.text.clone(),
        start: quote.start,
        end: quote.end,
        word_support,
        similarity,
        missing,
    }))
}

/// Whether a claim states the date a document takes effect.
fn states_effect(claim: &str) -> bool {
    strip_marks(&claim.to_lowercase()).contains("hieu luc") && !find_dates(claim).is_empty()
}

/// A whole document cited with a date it takes effect ("Luật … có hiệu lực từ ngày …"): the
/// date must be the document's effective date.
fn effective_claim(doc: &CatalogDoc, claim: &str) -> Judged {
    let folded = strip_marks(&claim.to_lowercase());
    let Some(effective) = doc.meta.effective else {
        return Judged::Nothing;
    };
    if !folded.contains("hieu luc") {
        return Judged::Nothing;
    }
    let dates = find_dates(claim);
    if dates.is_empty() {
        return Judged::Nothing;
    }
    let missing: Vec<String> = dates
        .iter()
        .filter(|d| d.date != effective)
        .map(|d| claim[d.start..d.end].to_string())
        .collect();
    let quote = format!(
        "{} có hiệu lực từ ngày {}",
        doc.name,
        effective.format("%d/%m/%Y")
    );
    Judged::Evidence(Evidence {
        verdict: if missing.is_empty() {
            Verdict::Supported
        } else {
            Verdict::Contradicted
        },
        claim: claim.to_string(),
        unit_id: doc.id.clone(),
        start: 0,
        end: quote.chars().count(),
        quote,
        word_support: 1.0,
        similarity: None,
        missing,
    })
}

fn index_error(e: lexcite_index::embed::EmbedError) -> EngineError {
    EngineError::Index(lexcite_index::IndexError::Embed(e))
}

fn contradiction_line(c: &CheckedReference, e: &Evidence) -> String {
    let mut cited = c
        .units
        .iter()
        .filter_map(|u| u.citation.as_deref())
        .collect::<Vec<_>>()
        .join(", ");
    if cited.is_empty() {
        cited = c
            .document
            .as_ref()
            .map_or_else(String::new, |d| d.name.clone());
    }
    let quote: String = e.quote.chars().take(160).collect();
    let more = if e.quote.chars().count() > 160 {
        "…"
    } else {
        ""
    };
    if e.missing.is_empty() {
        format!("Nội dung câu không khớp với {cited}; văn bản ghi: “{quote}{more}”.")
    } else {
        format!(
            "{cited} không ghi “{}”; văn bản ghi: “{quote}{more}”.",
            e.missing.join("”, “")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_stops_at_sentence_and_clause_ends() {
        let text = "Mở đầu. Theo Điều 9, hệ thống phải được đánh giá; Điều 10 khác.";
        let at = text.find("Điều 9").expect("in the text");
        let (s, e) = clause(text, (at, at + "Điều 9".len()));
        assert_eq!(&text[s..e], " Theo Điều 9, hệ thống phải được đánh giá");
    }

    #[test]
    fn numbers_dates_and_percentages_are_facts() {
        let f = facts("đạt 2% GDP, có hiệu lực từ ngày 01/3/2026, trong 05 năm");
        assert_eq!(f.percents[0].0, "2");
        assert_eq!(
            f.dates[0].0,
            NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date")
        );
        assert_eq!(
            f.numbers.iter().map(|n| n.0.as_str()).collect::<Vec<_>>(),
            ["5"]
        );
    }
}
