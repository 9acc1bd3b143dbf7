//! Answers with citations. The default answer is extractive: the sentences of the retrieved
//! units that best cover the question, quoted verbatim, each followed by the marker of its
//! unit. With a language model configured, the model writes the answer from numbered
//! passages and every sentence it writes is checked: a marker must point to a given passage,
//! and the passages it cites must contain the sentence's words and every number it states.
//! What fails the check is dropped; if nothing is left the extractive answer is given.

use std::collections::HashMap;

use lexcite_core::model::UnitKind;
use lexcite_core::reference::DocRef;
use lexcite_index::Index;

use crate::access::Access;
use crate::catalog::Catalog;
use crate::dated;
use crate::error::{EngineError, invalid};
use crate::llm::Llm;
use crate::needs::{Needs, figure_words};
use crate::registry::Registry;
use crate::search::search_near;
use crate::text::{Sentence, Terms, plain_words, says, sentences, words};
use crate::types::*;
use crate::validity::{Timeline, today};
use crate::verify::{self, Status};

mod defined;
mod effect;
mod extractive;
mod generated;

use extractive::{extractive, lines_of, scope_of, with_list};
use generated::generated;

/// What an answer draws on: the index to search, the catalog and registry the verifier
/// resolves references with, and the language model when one is configured.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    pub index: &'a Index,
    pub catalog: &'a Catalog,
    /// What is in force when: passages no longer law are left out when others answer.
    pub timeline: &'a Timeline,
    pub registry: Option<&'a Registry>,
    pub llm: Option<&'a Llm>,
}

/// Least coverage of the question (see [`Terms::coverage`]) by the best sentence read with
/// its context (document name, headings); below it the answer is "nothing found". This and
/// the constants below were chosen on the tuning half of the corpus questions
/// (`tests/questions/corpus-tune.json`, BENCHMARKS.md).
pub const MIN_COVERAGE: f32 = 0.7;

/// Least cosine similarity, in the model's terms, between the question and the nearest unit:
/// below it the corpus is about something else ("thời hạn … cư trú" against laws on data and
/// technology). Specific to the model (multilingual-e5-small, 4-bit).
pub const MIN_SIMILARITY: f32 = 0.875;

/// Least rarity-weighted coverage of the question for an answer: the question's rare words
/// must be there, not only its common ones.
pub const MIN_WEIGHTED_COVERAGE: f32 = 0.4;

/// Share of a generated sentence's content words that its cited passages must contain.
pub const MIN_SUPPORT: f32 = 0.6;

/// What the answer says when the corpus has nothing on the question.
pub const NOT_FOUND: &str = "Không tìm thấy quy định liên quan đến câu hỏi trong các văn bản hiện có; lexcite không trả lời khi không có căn cứ.";

/// A retrieved unit with its sentences scored against the question.
struct Passage {
    hit: SearchHit,
    sentences: Vec<Scored>,
    /// A document's opening (its heading, "Căn cứ …", place and date) or closing (the
    /// signature), for a question not on what the document was issued on or who signed it:
    /// it states no rule, so it is never quoted, though its words count towards whether the
    /// corpus speaks of the question at all.
    aside: bool,
}

/// A sentence of a passage, read with its context and scored against the question.
struct Scored {
    sentence: Sentence,
    /// [`Terms::coverage`] of the question.
    coverage: f32,
    /// The share of the question's rarity it holds ([`weighted_coverage`]).
    weighted: f32,
    /// Whether it can answer the question at all ([`answers`]).
    answers: bool,
    /// Whether its quote holds the numbers and the kind of figure the question asks for
    /// ([`Needs`]). Without one such sentence there is no answer; those that do are quoted
    /// first.
    meets: bool,
}

pub fn ask(sources: &Sources<'_>, req: &AskRequest, access: Access) -> Result<Answer, EngineError> {
    ask_observed(sources, req, access, &mut |_| {})
}

/// [`ask`], telling `retrieved` the passages found before the answer is written from them
/// (for a caller that streams them).
pub fn ask_observed(
    sources: &Sources<'_>,
    req: &AskRequest,
    access: Access,
    retrieved: &mut dyn FnMut(&[SearchHit]),
) -> Result<Answer, EngineError> {
    let question = req.question.trim();
    if question.is_empty() {
        return Err(invalid("question", "must not be empty"));
    }
    if question.chars().count() > 2_000 {
        return Err(invalid("question", "must be at most 2000 characters"));
    }
    if req.passages == 0 || req.passages > 20 {
        return Err(invalid("passages", "must be between 1 and 20"));
    }
    let (mut hits, nearest) = search_near(
        sources.index,
        sources.catalog,
        &SearchRequest {
            query: question.to_string(),
            limit: req.passages,
            mode: SearchMode::Hybrid,
            filters: req.filters.clone(),
            as_of: req.as_of,
        },
        access,
    )?;
    // Provisions no longer law are not quoted as the answer while those in force answer;
    // when only they answer, they are, and the notice says so.
    let as_of = req.as_of.unwrap_or_else(today);
    dated::order(
        (sources.catalog, sources.timeline),
        &mut hits,
        as_of,
        access,
    );
    // The provision on when a named document takes effect or ends goes first.
    // A question on when a named document takes effect or ends reads the provision first.
    let (looked_up, effect) =
        effect::lead_with(sources, question, &mut hits, req.passages, access)?;
    retrieved(&hits);
    let missing = only_missing_documents(sources, question, access);
    if !missing.is_empty() {
        return Ok(Answer {
            notice: Some(format!(
                "Câu hỏi nêu văn bản không có trong kho văn bản: {}.",
                missing.join("; ")
            )),
            ..not_found()
        });
    }
    // A question on when a document ends is answered from what ended it.
    if !effect && hits.iter().any(ended) && hits.iter().any(|h| !ended(h)) {
        let current: Vec<SearchHit> = hits.iter().filter(|h| !ended(h)).cloned().collect();
        let answer = answer_from(sources, req, question, current, (nearest, false), access)?;
        if answer.mode != AnswerMode::NotFound {
            return Ok(answer);
        }
    }
    answer_from(sources, req, question, hits, (nearest, looked_up), access)
}

/// The documents a question names that the corpus neither holds nor changes, when it names
/// no other: "Theo Luật Giao dịch điện tử, …" is not answered from the laws that are held,
/// while a question on a law that a held one replaces ("Luật Công nghệ cao số 21/2008/QH12")
/// is answered from the held one's transitional provisions.
fn only_missing_documents(sources: &Sources<'_>, question: &str, access: Access) -> Vec<String> {
    let named: Vec<verify::Resolved> =
        verify::resolve_all(sources.catalog, sources.registry, question, access, None)
            .into_iter()
            .filter(|r| r.reference.document.is_some())
            .collect();
    let spoken_of = |r: &verify::Resolved| {
        let Some(asked) = &r.reference.document else {
            return false;
        };
        sources
            .catalog
            .docs
            .iter()
            .filter(|d| access.can_see(d.classification))
            .flat_map(|d| &d.relations)
            .any(|rel| same_document(&rel.document, asked))
    };
    if named
        .iter()
        .any(|r| r.checked.status != Status::DocumentNotFound || spoken_of(r))
    {
        return Vec::new();
    }
    named.into_iter().map(|r| r.checked.text).collect()
}

/// Whether a question uses one of the phrases (as words).
fn asks_any(question: &str, phrases: &[&str]) -> bool {
    let ws = plain_words(question);
    phrases.iter().any(|p| says(&ws, p))
}

/// Whether two references name one document: by number when the question gives one, else by
/// type and name.
fn same_document(written: &DocRef, asked: &DocRef) -> bool {
    match (&asked.number, &written.number) {
        (Some(a), Some(w)) => a == w,
        (Some(_), None) => false,
        (None, _) => {
            asked.doc_type.is_some()
                && asked.doc_type == written.doc_type
                && asked.name.as_deref().map(str::to_lowercase)
                    == written.name.as_deref().map(str::to_lowercase)
                && asked.name.is_some()
        }
    }
}

/// The answer from retrieved passages (see [`ask`]).
fn answer_from(
    sources: &Sources<'_>,
    req: &AskRequest,
    question: &str,
    hits: Vec<SearchHit>,
    (nearest, looked_up): (Option<f32>, bool),
    access: Access,
) -> Result<Answer, EngineError> {
    let terms = Terms::of(&same_sense(question));
    let weights: HashMap<String, f32> = terms
        .words
        .iter()
        .map(|w| (w.clone(), sources.catalog.weight(w)))
        .collect();
    let needs = Needs::of(question);
    let lead_ins = lead_ins(sources.index, &hits, &needs)?;
    let mut rarity: HashMap<String, f32> = HashMap::new();
    let mut weight = |w: &str| {
        *rarity
            .entry(w.to_string())
            .or_insert_with(|| sources.catalog.weight(w))
    };
    let passages: Vec<Passage> = hits
        .into_iter()
        .map(|hit| {
            // A sentence is read with where it stands: the document's name and the headings
            // above it answer the words of the question that name them.
            let context = context_of(&hit);
            let about = format!("{context}\n{}", identity_of(&hit));
            let chars: Vec<char> = hit.text.chars().collect();
            // Where the question's numbers are looked for, read once per unit: what stands
            // around it (document, headings, the first lines of the units above), its lines
            // and all its words.
            let numbers = needs.states_numbers().then(|| {
                let above: Vec<&str> = hit.path[..hit.path.len().saturating_sub(1)]
                    .iter()
                    .filter_map(|step| lead_ins.get(&step.id).map(String::as_str))
                    .collect();
                let around = format!("{context}\n{}\n{}", identity_of(&hit), above.join("\n"));
                let unit = figure_words(&format!("{around}\n{}", hit.text));
                (around, lines_of(&chars), unit)
            });
            let sentences = sentences(&hit.text)
                .into_iter()
                .map(|sentence| {
                    let read = same_sense(&format!("{context}\n{}", sentence.text));
                    let (coverage, matched) = terms.coverage(&read);
                    let quote = with_list(&chars, &sentence).text;
                    let meets = needs.figure_in(&quote)
                        && needs.said_of(&quote, &about, &mut weight)
                        && numbers.as_ref().is_none_or(|(around, lines, unit)| {
                            let scope = scope_of(&chars, lines, &sentence);
                            needs.numbers_in(&format!("{around}\n{scope}\n{quote}"), unit)
                        });
                    Scored {
                        coverage,
                        weighted: weighted_coverage(&terms, &weights, &read),
                        answers: answers(&terms, &read, matched),
                        meets,
                        sentence,
                    }
                })
                .collect();
            let aside = match hit.path.last().map(|step| step.kind) {
                Some(UnitKind::Preamble) => !asks_any(question, &["căn cứ", "đề nghị"]),
                Some(UnitKind::Closing) => !asks_any(question, &["ký", "nơi nhận"]),
                _ => false,
            };
            Passage {
                hit,
                sentences,
                aside,
            }
        })
        .collect();
    let (best, best_weighted) = passages
        .iter()
        .flat_map(|p| &p.sentences)
        .filter(|s| s.answers)
        .fold((0.0_f32, 0.0_f32), |(b, w), s| {
            (b.max(s.coverage), w.max(s.weighted))
        });
    // What the answer can quote must hold the numbers and the figure asked for.
    let quotable = passages
        .iter()
        .filter(|p| !p.aside)
        .flat_map(|p| &p.sentences)
        .any(|s| s.meets && s.answers && s.coverage >= extractive::floor(best));
    // The provision looked up for the question (when a named document takes effect) answers
    // it whatever words the question used.
    let weak = terms.is_empty()
        || !quotable
        || best < MIN_COVERAGE
        || best_weighted < MIN_WEIGHTED_COVERAGE
        || nearest.is_some_and(|n| n < MIN_SIMILARITY);
    if weak && !looked_up || passages.iter().all(|p| p.sentences.is_empty()) {
        return Ok(not_found());
    }
    // Every looked-up provision may be quoted, not only those as close as the best.
    let extractive = extractive(&passages, if looked_up { 0.0 } else { best }, question);
    let wants_model = req.generate.unwrap_or(true);
    let Some(llm) = sources.llm.filter(|_| wants_model) else {
        return Ok(with_references(sources, extractive, access));
    };
    let answer = match generated(sources, llm, question, &passages, access) {
        Ok(Some(answer)) => answer,
        Ok(None) => Answer {
            notice: Some(
                "no sentence of the model's answer was supported by the passages; the extractive answer is given instead".into(),
            ),
            ..extractive
        },
        Err(e) => {
            tracing::warn!(error = %e, "language model failed, answering extractively");
            Answer {
                notice: Some(format!(
                    "the language model could not be used ({e}); the extractive answer is given instead"
                )),
                ..extractive
            }
        }
    };
    Ok(with_references(sources, answer, access))
}

/// The citation verifier over each sentence of an answer, with the document the sentence
/// cites as the document it is about; offsets into the composed answer.
fn with_references(sources: &Sources<'_>, mut answer: Answer, access: Access) -> Answer {
    // Passages no longer law are quoted only when nothing else answers: say so.
    let ended: Vec<String> = answer
        .citations
        .iter()
        .filter_map(|c| {
            let v = c.validity.as_ref().filter(|v| v.status.ended())?;
            Some(format!(
                "{} ({} ngày {})",
                c.citation,
                v.status.vietnamese(),
                v.as_of.format("%d/%m/%Y")
            ))
        })
        .collect();
    if !ended.is_empty() {
        let note = format!(
            "Lưu ý: trích từ quy định không còn hiệu lực: {}.",
            ended.join("; ")
        );
        answer.notice = Some(match answer.notice.take() {
            Some(n) => format!("{n} {note}"),
            None => note,
        });
    }
    let catalog = sources.catalog;
    let mut offset = 0;
    for s in &answer.sentences {
        let about = s
            .citations
            .first()
            .and_then(|n| answer.citations.get(n.saturating_sub(1)))
            .and_then(|c| catalog.index_of(&c.document.id));
        for r in verify::resolve_all(catalog, sources.registry, &s.text, access, about) {
            let mut c = r.checked;
            c.start += offset;
            c.end += offset;
            answer.references.push(c);
        }
        // As compose() writes it: "text [1][2]" and one space before the next sentence.
        offset += composed(s).chars().count() + 1;
    }
    answer
}

/// Why a generated sentence may not stand: a reference the verifier does not find verified
/// (no such document, unit, date or issuer, or a claim the cited text contradicts or does
/// not make).
fn invented(
    sources: &Sources<'_>,
    text: &str,
    about: Option<usize>,
    access: Access,
) -> Option<String> {
    let checked = verify::check_all(
        sources.index,
        sources.catalog,
        sources.registry,
        text,
        access,
        about,
    );
    match checked {
        Err(e) => Some(format!("its references could not be checked: {e}")),
        Ok(refs) => refs
            .into_iter()
            .find(|r| {
                matches!(
                    r.status,
                    Status::DocumentNotFound
                        | Status::UnitNotFound
                        | Status::MetadataMismatch
                        | Status::ContentMismatch
                        | Status::Unsupported
                )
            })
            .map(|r| r.explanation),
    }
}

/// Phrases of one sense written one way, for matching a question to a provision only (quotes
/// stay verbatim): a question asks "ít nhất mấy nhân sự", the law says "tối thiểu 03 nhân
/// sự".
const SAME_SENSE: [(&str, &str); 5] = [
    ("ít nhất", "tối thiểu"),
    ("nhiều nhất", "tối đa"),
    ("không quá", "tối đa"),
    ("muộn nhất", "chậm nhất"),
    ("trễ nhất", "chậm nhất"),
];

fn same_sense(text: &str) -> String {
    let mut out = text.to_lowercase();
    for (said, as_law_says) in SAME_SENSE {
        if out.contains(said) {
            out = out.replace(said, as_law_says);
        }
    }
    out
}

/// The document's name, the unit's citation and the headings above it.
fn context_of(hit: &SearchHit) -> String {
    let mut out = hit.citation.clone();
    for step in &hit.path {
        if let Some(h) = &step.heading {
            out.push_str(". ");
            out.push_str(h);
        }
    }
    out
}

/// The first line of every unit above the hits, by id, when the question states numbers: a
/// point's clause says what it is about ("4. Doanh nghiệp công nghệ cao nhóm 1 là …:").
fn lead_ins(
    index: &Index,
    hits: &[SearchHit],
    needs: &Needs,
) -> Result<HashMap<String, String>, EngineError> {
    if !needs.states_numbers() {
        return Ok(HashMap::new());
    }
    let mut ids: Vec<String> = hits
        .iter()
        .flat_map(|h| &h.path[..h.path.len().saturating_sub(1)])
        .map(|step| step.id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    Ok(index
        .store()
        .get(&ids)?
        .into_iter()
        .map(|r| {
            let first = r.text.lines().next().unwrap_or_default().to_string();
            (r.id, first)
        })
        .collect())
}

/// The document's title and issue date, where a question's "năm 2018" or "ngày 22/12/2024"
/// naming the document is found.
fn identity_of(hit: &SearchHit) -> String {
    let d = &hit.document;
    let mut out = d.title.clone().unwrap_or_default();
    if let Some(issued) = d.issued {
        out.push_str(&issued.format(" ngày %d/%m/%Y").to_string());
    }
    out
}

/// The share of the question's rarity that a text holds, 0–1.
fn weighted_coverage(terms: &Terms, weights: &HashMap<String, f32>, text: &str) -> f32 {
    let present: std::collections::HashSet<String> =
        words(text).into_iter().map(|w| w.folded).collect();
    let total: f32 = terms
        .words
        .iter()
        .map(|w| weights.get(w).copied().unwrap_or(0.0))
        .sum();
    if total <= 0.0 {
        return 0.0;
    }
    let held: f32 = terms
        .words
        .iter()
        .filter(|w| present.contains(*w))
        .map(|w| weights.get(w).copied().unwrap_or(0.0))
        .sum();
    held / total
}

/// Whether a sentence can answer the question at all: it holds at least half the question's
/// content words and, for a question of several words, one of its word pairs ("phở bò" is
/// not answered by "đồng bộ" and "nhất quán").
fn answers(terms: &Terms, text: &str, matched: usize) -> bool {
    let n = terms.words.len();
    if n == 0 || matched * 2 < n {
        return false;
    }
    n == 1 || terms.pairs.is_empty() || terms.pair_hits(text) > 0
}

fn not_found() -> Answer {
    Answer {
        answer: NOT_FOUND.to_string(),
        mode: AnswerMode::NotFound,
        sentences: Vec::new(),
        citations: Vec::new(),
        dropped: Vec::new(),
        notice: None,
        references: Vec::new(),
    }
}

/// Whether a hit is no longer law on the date asked for.
fn ended(h: &SearchHit) -> bool {
    h.validity.as_ref().is_some_and(|v| v.status.ended())
}

/// Numbers citations in order of first use.
#[derive(Default)]
struct Citations {
    list: Vec<Citation>,
    by_key: HashMap<(String, usize), usize>,
}

impl Citations {
    fn cite(&mut self, hit: &SearchHit, s: &Sentence) -> usize {
        let key = (hit.unit_id.clone(), s.start);
        if let Some(&n) = self.by_key.get(&key) {
            return n;
        }
        let n = self.list.len() + 1;
        self.list.push(Citation {
            n,
            unit_id: hit.unit_id.clone(),
            document: hit.document.clone(),
            path: hit.path.clone(),
            citation: hit.citation.clone(),
            quote: s.text.clone(),
            start: s.start,
            end: s.end,
            validity: hit.validity.clone(),
        });
        self.by_key.insert(key, n);
        n
    }
}

fn compose(sentences: Vec<AnswerSentence>) -> String {
    sentences.iter().map(composed).collect::<Vec<_>>().join(" ")
}

/// One sentence with its markers: "… [1][2]".
fn composed(s: &AnswerSentence) -> String {
    let marks: String = s.citations.iter().map(|n| format!("[{n}]")).collect();
    format!("{} {marks}", s.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_in_other_words_of_the_same_sense_matches_the_provision() {
        let question = Terms::of(&same_sense("Cần có ít nhất mấy nhân sự?"));
        let law = same_sense("Có tối thiểu 03 nhân sự đáp ứng điều kiện năng lực.");
        let other = same_sense("Có ít nhất 02 năm kinh nghiệm công tác.");
        assert!(question.coverage(&law).0 > question.coverage(&other).0);
        assert_eq!(same_sense("Không quá 05 năm"), "tối đa 05 năm");
    }
}
