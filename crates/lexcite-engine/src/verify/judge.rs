//! Judging one claim against the units it cites, each kind of assertion the way it must be
//! checked: dates and figures with their units must stand in the cited text (another value
//! where the claim's words are is a contradiction), acting bodies must be the ones named,
//! negations must agree, a subject after "về" must be the unit's heading or what it is
//! about, and the rest of the claim must be covered by one passage of the unit. A claim that
//! is only partly covered waits for the model's similarity; nothing weak passes.

use std::collections::{BTreeSet, HashSet};

use lexcite_core::normalize::{match_key, strip_marks};

use super::claim::Claim;
use super::denial;
use super::facts::{Dates, Figure, NEGATIONS, bodies, date_events, facts, states_effect};
use super::list;
use super::prepared::{Prepared, Weighed, claim_terms, weight};
use super::report::{Suggestion, Verdict};
use crate::catalog::CatalogDoc;
use crate::text::{Terms, plain_words};
use lexcite_index::Vocabulary;

/// A window of one passage covering at least this share of the claim's content words
/// supports it without the model (chosen on the tuning half of the generated set).
pub const SUPPORT_HIGH: f32 = 0.8;

/// Below this share no passage says what the claim says: unsupported without the model.
pub const SUPPORT_LOW: f32 = 0.5;

/// Between the two, the claim is supported when the model finds it this similar to the
/// passage (multilingual-e5-small, query vs passage).
pub const MIN_SIMILARITY: f32 = 0.93;

/// Share of a subject's content words a unit's heading must hold.
pub const SUBJECT_IN_HEADING: f32 = 0.6;

/// A member of a listed claim ("gồm A, B và C") is found when one sentence of the cited
/// units holds this share of its weighted words…
const LIST_MEMBER_FOUND: f32 = 0.6;

/// …and missing, so the claim is unsupported, below this share.
const LIST_MEMBER_MISSING: f32 = 0.4;

/// Fewest content words that make a claim about the wording.
const MIN_CLAIM_WORDS: usize = 2;

/// The words of "có hiệu lực thi hành kể từ ngày …", folded.
const EFFECT_WORDS: &[&str] = &[
    "hieu", "luc", "thi", "hanh", "ke", "tu", "ngay", "bat", "dau",
];

/// The judge's finding on one claim.
#[derive(Clone, Debug)]
pub(crate) struct Finding {
    /// None: the sentence makes no claim to check.
    pub outcome: Option<Verdict>,
    /// The unit (index into the units judged) and the passage (char offsets in its text).
    pub unit: usize,
    pub quote: (usize, usize),
    pub word_support: f32,
    pub similarity: Option<f32>,
    /// What the claim states that the text does not.
    pub missing: Vec<String>,
    /// What the text says instead, where it says something else.
    pub instead: Vec<String>,
    /// Kinds of assertion found in the claim: date, figure, body, negation, subject, statement.
    pub kinds: Vec<&'static str>,
    /// The passage still needs the model: (claim, passage text).
    pub pending: Option<(String, String)>,
    /// Left unjudged: the text has more claims than the model is asked about.
    pub over_budget: bool,
    /// Another unit of the document that says what the claim says.
    pub suggestion: Option<Suggestion>,
}

impl Finding {
    /// No claim to check.
    pub fn none() -> Self {
        Finding {
            outcome: None,
            unit: 0,
            quote: (0, 0),
            word_support: 0.0,
            similarity: None,
            missing: Vec::new(),
            instead: Vec::new(),
            kinds: Vec::new(),
            pending: None,
            over_budget: false,
            suggestion: None,
        }
    }

    /// Decides a pending finding with the model's similarity.
    pub fn settle(&mut self, similarity: f32) {
        self.similarity = Some(similarity);
        self.pending = None;
        if self.outcome.is_none() {
            self.outcome = Some(if similarity >= MIN_SIMILARITY {
                Verdict::Supported
            } else {
                Verdict::NotFound
            });
        }
    }
}

/// A passage of a cited unit: (unit, first sentence, last sentence, share of the claim's
/// weighted words it holds).
type Window = (usize, usize, usize, f32);

/// The passages of the units that best cover the claim's words: the best single sentence,
/// and the best of one sentence or two that follow each other (a longer window must cover
/// more to be preferred).
fn best_windows(
    terms: &BTreeSet<String>,
    units: &[&Prepared],
    vocabulary: &Vocabulary,
) -> Option<(Window, Window)> {
    let weighed = Weighed::of(terms, vocabulary);
    let mut single: Option<Window> = None;
    let mut best: Option<Window> = None;
    for (u, p) in units.iter().enumerate() {
        // A claim written with marks is read with them; one typed without, folded.
        let sets = weighed.sets(p);
        for i in 0..sets.len() {
            for j in i..(i + 2).min(sets.len()) {
                let share = weighed.share(|t| (i..=j).any(|k| sets[k].contains(t)));
                if j == i && single.is_none_or(|b| share > b.3) {
                    single = Some((u, i, j, share));
                }
                if best.is_none_or(|b| share > b.3 + if j > i { 0.05 } else { 0.0 }) {
                    best = Some((u, i, j, share));
                }
            }
        }
    }
    Some((single?, best?))
}

/// The least share of the words a claim says a figure with that another sentence of the
/// cited units must hold for the figure to stand there.
const FIGURE_ELSEWHERE: f32 = 0.6;

/// Whether a figure the claim's closest sentence lacks stands, with its unit, in another
/// sentence of the cited units that holds what the claim says it of: the claim's words around
/// it up to the nearest comma or semicolon ("…, còn các hồ sơ, tài liệu khác trong thời hạn 01
/// năm kể từ ngày công việc kết thúc" against point b of the clause, the closest sentence
/// being point a's "03 tháng").
fn said_elsewhere(claim: &str, fig: &Figure, units: &[&Prepared], vocabulary: &Vocabulary) -> bool {
    let (before, after) = (&claim[..fig.start], &claim[fig.end..]);
    let from = before.rfind([',', ';']).map_or(0, |i| i + 1);
    let to = after.find([',', ';']).unwrap_or(after.len());
    let words = claim_terms(&format!("{} {}", &before[from..], &after[..to]));
    let around = Weighed::of(&words, vocabulary);
    if around.len() < MIN_CLAIM_WORDS {
        return false;
    }
    units.iter().any(|p| {
        around.sets(p).iter().zip(&p.sentences).any(|(set, s)| {
            around.share(|t| set.contains(t)) >= FIGURE_ELSEWHERE
                && facts(&s.text).figures.iter().any(|g| g.same(fig))
        })
    })
}

/// Judges `claim` against the cited units of `doc`.
pub(crate) fn judge(claim: &Claim, units: &[&Prepared], doc: &CatalogDoc) -> Finding {
    let mut f = Finding::none();
    if claim.basis || claim.mentioned || units.is_empty() {
        return f;
    }
    let stated = facts(&claim.text);
    let named = bodies(&claim.text);
    let terms = claim_terms(&claim.text);
    let negated = plain_words(&claim.text)
        .iter()
        .any(|w| NEGATIONS.contains(&w.as_str()));
    if !stated.dates.is_empty() {
        f.kinds.push("date");
    }
    if !stated.figures.is_empty() {
        f.kinds.push("figure");
    }
    if !named.is_empty() {
        f.kinds.push("body");
    }
    if negated {
        f.kinds.push("negation");
    }
    if claim.subject.is_some() {
        f.kinds.push("subject");
    }
    if terms.len() < MIN_CLAIM_WORDS && f.kinds.is_empty() {
        return f;
    }
    f.kinds.push("statement");
    // Each clause of the claim ("…; …") is found in its own passage.
    // Each clause with its weight and its passage.
    let mut windows: Vec<(&str, f32, Window)> = Vec::new();
    // The one sentence each clause is closest to: where its figures must stand.
    let mut singles: Vec<String> = Vec::new();
    let (mut found, mut all) = (0.0_f32, 0.0_f32);
    for part in claim.text.split(';').filter(|p| !p.trim().is_empty()) {
        let t = claim_terms(part);
        if t.is_empty() {
            continue;
        }
        let weight: f32 = t.iter().map(|w| weight(&doc.vocabulary, w)).sum();
        if let Some((single, window)) = best_windows(&t, units, &doc.vocabulary) {
            singles.push(units[single.0].sentences[single.1].text.clone());
            windows.push((part, weight, window));
            found += window.3 * weight;
        }
        all += weight;
    }
    let mut share = if all > 0.0 { found / all } else { 0.0 };
    // "… gồm A, B và C": each member in a sentence of its own, the list's head in one too.
    if let Some(items) = list::members(&claim.text) {
        let marked = !terms.iter().all(|t| t.is_ascii());
        let weighed = |part: &str| Weighed::read_as(&claim_terms(part), &doc.vocabulary, marked);
        let head = &claim.text[..claim.text.find(items[0]).unwrap_or(0)];
        let mut all_found = list::best_share(&weighed(head), units) >= LIST_MEMBER_FOUND;
        for item in items {
            let t = weighed(item);
            if t.len() < MIN_CLAIM_WORDS {
                continue;
            }
            let s = list::best_share(&t, units);
            if s < LIST_MEMBER_MISSING {
                f.missing.push(item.to_string());
            }
            all_found &= s >= LIST_MEMBER_FOUND;
        }
        if all_found && f.missing.is_empty() {
            share = share.max(SUPPORT_HIGH);
        }
    }
    // The quote: the passage of the clause that weighs most.
    let Some(&(_, _, (u, first, last, _))) = windows.iter().max_by(|a, b| a.1.total_cmp(&b.1))
    else {
        // Units without a sentence worth quoting: only the heading and identity remain.
        if let Some(s) = &claim.subject {
            return judge_subject(f, s, units, doc);
        }
        f.outcome = Some(Verdict::NotFound);
        return f;
    };
    let p = units[u];
    f.unit = u;
    f.quote = (p.sentences[first].start, p.sentences[last].end);
    f.word_support = share;
    let passage = |&(u, first, last, _): &Window| -> String {
        let p = units[u];
        let (a, b) = (p.sentences[first].start, p.sentences[last].end);
        p.text.chars().skip(a).take(b - a).collect()
    };
    let passages: Vec<String> = windows.iter().map(|w| passage(&w.2)).collect();
    let window = passages.join("\n");
    let window_facts = facts(&singles.join("\n"));
    let mut contradicted = false;

    // Dates: in the cited text or the document's own dates; an entry into force must be the
    // document's effective date.
    let spans: Vec<(usize, usize)> = stated.dates.iter().map(|d| (d.2, d.3)).collect();
    let events = date_events(&claim.text, &spans);
    for ((date, written, _, _), event) in stated.dates.iter().zip(events) {
        let in_text = units
            .iter()
            .any(|p| p.facts.dates.iter().any(|d| d.0 == *date));
        let effect = event == Dates::Effect;
        let known = match event {
            Dates::Effect => doc.meta.effective == Some(*date),
            Dates::Issue => doc.meta.issued == Some(*date),
            Dates::Other => doc.meta.effective == Some(*date) || doc.meta.issued == Some(*date),
        };
        if in_text || known {
            continue;
        }
        f.missing.push(written.clone());
        if effect && let Some(e) = doc.meta.effective {
            f.instead
                .push(format!("có hiệu lực từ ngày {}", e.format("%d/%m/%Y")));
            contradicted = true;
        } else if let Some(other) = window_facts.dates.first() {
            f.instead.push(other.1.clone());
            contradicted = true;
        }
    }
    // Figures with their units, where the claim's words are ("2% GDP" is not the "3%" of
    // the next sentence); bare numbers anywhere in the cited text.
    for fig in &stated.figures {
        let found = if fig.unit.is_empty() {
            units
                .iter()
                .any(|p| p.facts.figures.iter().any(|g| g.value == fig.value))
        } else {
            window_facts.figures.iter().any(|g| g.same(fig))
                || said_elsewhere(&claim.text, fig, units, &doc.vocabulary)
        };
        if found {
            continue;
        }
        f.missing.push(fig.written.clone());
        if !fig.unit.is_empty()
            && let Some(other) = window_facts
                .figures
                .iter()
                .find(|g| g.unit == fig.unit && g.value != fig.value)
        {
            f.instead.push(other.written.clone());
            contradicted = true;
        }
    }
    // Acting bodies.
    for body in &named {
        let key = match_key(body);
        if units.iter().any(|p| p.key.contains(&key)) {
            continue;
        }
        f.missing.push(body.clone());
        if let Some(other) = bodies(&window).into_iter().find(|b| match_key(b) != key) {
            f.instead.push(other);
            contradicted = true;
        }
    }
    // Negations and modality.
    let parts: Vec<(&str, &str)> = windows
        .iter()
        .zip(&passages)
        .map(|((part, _, _), passage)| (*part, passage.as_str()))
        .collect();
    if let Some(d) = denial::denied(&parts, units, &doc.vocabulary) {
        // The evidence is the sentence that denies the claim.
        if let Some((u, quote)) = d.at {
            f.unit = u;
            f.quote = quote;
        }
        f.missing.push(d.said);
        f.instead.extend(d.written);
        contradicted = true;
    }
    if contradicted {
        f.outcome = Some(Verdict::Contradicted);
        return f;
    }
    if let Some(s) = &claim.subject {
        let rest = claim.text.replace(s.as_str(), " ");
        if claim_terms(&rest).len() < MIN_CLAIM_WORDS {
            return judge_subject(f, s, units, doc);
        }
    }
    // "… có hiệu lực thi hành kể từ ngày 01/01/2026" says when the document takes effect,
    // whatever unit it cites: with the date checked above, nothing else is left to find.
    if f.missing.is_empty() && !stated.dates.is_empty() && states_effect(&claim.text) {
        let mut rest = claim_terms(&claim.text);
        rest.retain(|w| {
            !EFFECT_WORDS.contains(&strip_marks(w).as_str())
                && !w.chars().all(|c| c.is_ascii_digit())
        });
        if rest.len() < MIN_CLAIM_WORDS {
            f.outcome = Some(Verdict::Supported);
            return f;
        }
    }
    if !f.missing.is_empty() || share < SUPPORT_LOW {
        f.outcome = Some(Verdict::NotFound);
    } else if share >= SUPPORT_HIGH {
        f.outcome = Some(Verdict::Supported);
    } else {
        f.pending = Some((claim.text.clone(), window));
    }
    f
}

/// "quy định về X": X must be what the unit's heading says or, for a unit without a heading,
/// stand in its text word for word.
fn judge_subject(mut f: Finding, subject: &str, units: &[&Prepared], doc: &CatalogDoc) -> Finding {
    let words = subject_words(subject);
    if words.is_empty() {
        return f;
    }
    let terms = Terms::of(subject);
    let mut best = (0, 0.0_f32);
    for (u, p) in units.iter().enumerate() {
        let s = match &p.heading {
            Some(h) => subject_share(&words, h, doc),
            None if terms.words.is_empty() => 0.0,
            None => {
                // No heading: the subject's words, and most of its word pairs, in the text.
                let (hits, pair_hits) = terms.held_in(&Terms::of(&p.text));
                let word_share = hits as f32 / terms.words.len() as f32;
                let pair_share = pair_hits as f32 / terms.pairs.len().max(1) as f32;
                if word_share >= 0.9 && pair_share >= 0.6 {
                    word_share
                } else {
                    word_share.min(SUBJECT_IN_HEADING - 0.01)
                }
            }
        };
        if s > best.1 {
            best = (u, s);
        }
    }
    f.unit = best.0;
    f.word_support = best.1;
    let p = units[best.0];
    f.quote = (0, p.text.chars().count().min(200));
    f.outcome = Some(if best.1 >= SUBJECT_IN_HEADING {
        Verdict::Supported
    } else {
        f.missing.push(subject.to_string());
        if let Some(h) = &p.heading {
            f.instead.push(h.clone());
        }
        Verdict::NotFound
    });
    f
}

/// Function words a subject's match leaves out (with their marks: "quỹ" is not "quy").
const SUBJECT_STOP: &[&str] = &[
    "của", "và", "về", "các", "đối", "với", "trong", "cho", "những", "được", "có", "là", "theo",
    "tại", "việc", "một", "số", "này", "quy", "định",
];

/// The words of a subject, marks kept, function words left out.
pub(crate) fn subject_words(subject: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in plain_words(subject) {
        if !SUBJECT_STOP.contains(&w.as_str()) && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// How much of a subject a heading says, each word weighted by how rare it is among the
/// document's headings (every heading of a law on AI says "trí tuệ nhân tạo").
pub(crate) fn subject_share(words: &[String], heading: &str, doc: &CatalogDoc) -> f32 {
    let have: HashSet<String> = plain_words(heading).into_iter().collect();
    let weight = |w: &String| doc.vocabulary.heading_weight(w);
    let total: f32 = words.iter().map(weight).sum();
    let found: f32 = words.iter().filter(|w| have.contains(*w)).map(weight).sum();
    if total > 0.0 { found / total } else { 0.0 }
}
