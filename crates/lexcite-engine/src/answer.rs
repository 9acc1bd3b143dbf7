//! Answers with citations. The default answer is extractive: the sentences of the retrieved
//! units that best cover the question, quoted verbatim, each followed by the marker of its
//! unit. With a language model configured, the model writes the answer from numbered
//! passages and every sentence it writes is checked: a marker must point to a given passage,
//! and the passages it cites must contain the sentence's words and every number it states.
//! What fails the check is dropped; if nothing is left the extractive answer is given.

use std::collections::HashMap;

use lexcite_index::Index;

use crate::access::Access;
use crate::catalog::Catalog;
use crate::error::{EngineError, invalid};
use crate::llm::{Llm, LlmError};
use crate::registry::Registry;
use crate::search::search;
use crate::text::{Sentence, Terms, sentences, words};
use crate::types::*;
use crate::verify::{self, Status};

/// What an answer draws on: the index to search, the catalog and registry the verifier
/// resolves references with, and the language model when one is configured.
#[derive(Clone, Copy, Debug)]
pub struct Sources<'a> {
    pub index: &'a Index,
    pub catalog: &'a Catalog,
    pub registry: Option<&'a Registry>,
    pub llm: Option<&'a Llm>,
}

/// Least coverage of the question (see [`Terms::coverage`]) for a sentence to count as an
/// answer; below it the answer is "nothing found".
pub const MIN_COVERAGE: f32 = 0.5;

/// Sentences in an extractive answer.
pub const MAX_SENTENCES: usize = 3;

/// Share of a generated sentence's content words that its cited passages must contain.
pub const MIN_SUPPORT: f32 = 0.6;

/// What the answer says when the corpus has nothing on the question.
pub const NOT_FOUND: &str = "Không tìm thấy quy định liên quan đến câu hỏi trong các văn bản hiện có; lexcite không trả lời khi không có căn cứ.";

/// A retrieved unit with its sentences scored against the question.
struct Passage {
    hit: SearchHit,
    sentences: Vec<(Sentence, f32, usize)>,
}

pub fn ask(sources: &Sources<'_>, req: &AskRequest, access: Access) -> Result<Answer, EngineError> {
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
    let hits = search(
        sources.index,
        sources.catalog,
        &SearchRequest {
            query: question.to_string(),
            limit: req.passages,
            mode: SearchMode::Hybrid,
            filters: req.filters.clone(),
        },
        access,
    )?;
    let terms = Terms::of(question);
    let passages: Vec<Passage> = hits
        .into_iter()
        .map(|hit| {
            let sentences = sentences(&hit.text)
                .into_iter()
                .map(|s| {
                    let (score, matched) = terms.coverage(&s.text);
                    (s, score, matched)
                })
                .collect();
            Passage { hit, sentences }
        })
        .collect();
    let best = passages
        .iter()
        .flat_map(|p| p.sentences.iter())
        .filter(|(s, _, matched)| answers(&terms, &s.text, *matched))
        .map(|(_, score, _)| *score)
        .fold(0.0_f32, f32::max);
    if terms.is_empty() || best < MIN_COVERAGE {
        return Ok(not_found());
    }
    let extractive = extractive(&passages, best);
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

fn same_words(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.folded).collect()
}

fn extractive(passages: &[Passage], best: f32) -> Answer {
    let floor = MIN_COVERAGE.max(0.6 * best);
    let mut ranked: Vec<(usize, &Sentence, f32)> = Vec::new();
    for (rank, p) in passages.iter().enumerate() {
        for (s, score, _) in &p.sentences {
            // Earlier passages win ties: retrieval already weighed the whole unit. Prose reads
            // better than a table row saying the same.
            let table = if s.text.contains('|') { 0.1 } else { 0.0 };
            let score = score + 0.02 / (rank as f32 + 1.0) - table;
            if score >= floor {
                ranked.push((rank, s, score));
            }
        }
    }
    ranked.sort_by(|a, b| b.2.total_cmp(&a.2));
    let mut chosen: Vec<(usize, &Sentence)> = Vec::new();
    let mut per_unit: HashMap<usize, usize> = HashMap::new();
    for (rank, s, _) in ranked {
        if chosen.len() == MAX_SENTENCES {
            break;
        }
        // Units overlap (a clause is inside its article) and documents repeat each other:
        // never the same words twice.
        let key = same_words(&s.text);
        if chosen.iter().any(|(_, c)| same_words(&c.text) == key) {
            continue;
        }
        let used = per_unit.entry(rank).or_default();
        if *used == 2 {
            continue;
        }
        *used += 1;
        chosen.push((rank, s));
    }
    let mut citations = Citations::default();
    let sentences: Vec<AnswerSentence> = chosen
        .into_iter()
        .map(|(rank, s)| AnswerSentence {
            text: s.text.clone(),
            citations: vec![citations.cite(&passages[rank].hit, s)],
        })
        .collect();
    Answer {
        answer: compose(sentences.clone()),
        mode: AnswerMode::Extractive,
        sentences,
        citations: citations.list,
        dropped: Vec::new(),
        notice: None,
        references: Vec::new(),
    }
}

const SYSTEM_PROMPT: &str = "Bạn là trợ lý pháp lý. Chỉ trả lời bằng tiếng Việt, chỉ dựa trên các đoạn văn bản được đánh số. Mỗi câu trả lời phải kết thúc bằng số của đoạn làm căn cứ trong ngoặc vuông, ví dụ [1] hoặc [1][2]. Không nêu số liệu, ngày tháng hay văn bản nào không có trong các đoạn. Nếu các đoạn không đủ để trả lời, hãy nói rõ là không đủ căn cứ.";

/// The model's answer, checked; None when no sentence survives the check.
fn generated(
    sources: &Sources<'_>,
    llm: &Llm,
    question: &str,
    passages: &[Passage],
    access: Access,
) -> Result<Option<Answer>, LlmError> {
    let mut prompt = String::new();
    for (i, p) in passages.iter().enumerate() {
        let text: String = p.hit.text.chars().take(1_500).collect();
        prompt.push_str(&format!("[{}] {}\n{}\n\n", i + 1, p.hit.citation, text));
    }
    prompt.push_str(&format!("Câu hỏi: {question}"));
    let reply = llm.complete(SYSTEM_PROMPT, &prompt)?;
    let mut citations = Citations::default();
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for (sentence, markers) in split_generated(&reply) {
        let about = markers
            .first()
            .and_then(|m| passages.get(m.saturating_sub(1)))
            .and_then(|p| sources.catalog.index_of(&p.hit.document.id));
        if let Some(why) = invented(sources, &sentence, about, access) {
            dropped.push(format!("{sentence} ({why})"));
            continue;
        }
        match check_sentence(&sentence, &markers, passages) {
            Ok(support) => {
                let ns = support
                    .into_iter()
                    .map(|(rank, s)| citations.cite(&passages[rank].hit, s))
                    .collect();
                kept.push(AnswerSentence {
                    text: sentence,
                    citations: ns,
                });
            }
            Err(why) => dropped.push(format!("{sentence} ({why})")),
        }
    }
    if kept.is_empty() {
        return Ok(None);
    }
    Ok(Some(Answer {
        answer: compose(kept.clone()),
        mode: AnswerMode::Generated,
        sentences: kept,
        citations: citations.list,
        dropped,
        notice: None,
        references: Vec::new(),
    }))
}

/// The numbers of a marker such as "[1]" or "[1, 2]" starting at `i`, and where it ends.
fn marker_at(chars: &[char], i: usize) -> Option<(Vec<usize>, usize)> {
    if chars.get(i) != Some(&'[') {
        return None;
    }
    let close = i + chars[i..].iter().position(|&c| c == ']')?;
    let inner: String = chars[i + 1..close].iter().collect();
    let nums: Vec<usize> = inner
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    (!nums.is_empty()).then_some((nums, close + 1))
}

/// Sentences of a generated answer with the markers written after them.
fn split_generated(reply: &str) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    let mut text = String::new();
    let mut markers = Vec::new();
    let chars: Vec<char> = reply.chars().collect();
    let mut flush = |text: &mut String, markers: &mut Vec<usize>| {
        let t = text
            .trim()
            .trim_start_matches(['-', '*', '•'])
            .trim()
            .to_string();
        if t.chars().any(char::is_alphanumeric) {
            out.push((t, std::mem::take(markers)));
        } else if let Some(last) = out.last_mut() {
            // Markers on a line of their own belong to the sentence before.
            last.1.append(markers);
        }
        text.clear();
        markers.clear();
    };
    let mut i = 0;
    while i < chars.len() {
        if let Some((nums, next)) = marker_at(&chars, i) {
            markers.extend(nums);
            i = next;
            continue;
        }
        let c = chars[i];
        i += 1;
        if c == '\n' {
            flush(&mut text, &mut markers);
        } else if matches!(c, '.' | '!' | '?')
            && chars.get(i).is_none_or(|n| n.is_whitespace() || *n == '[')
        {
            // "GDP [1]." reads as "GDP." with marker 1; markers right after the stop belong
            // to this sentence too.
            text.truncate(text.trim_end().len());
            text.push(c);
            loop {
                while chars.get(i) == Some(&' ') {
                    i += 1;
                }
                match marker_at(&chars, i) {
                    Some((nums, next)) => {
                        markers.extend(nums);
                        i = next;
                    }
                    None => break,
                }
            }
            flush(&mut text, &mut markers);
        } else {
            text.push(c);
        }
    }
    flush(&mut text, &mut markers);
    out
}

/// Whether the cited passages back a generated sentence; the sentences that do, per marker.
fn check_sentence<'p>(
    sentence: &str,
    markers: &[usize],
    passages: &'p [Passage],
) -> Result<Vec<(usize, &'p Sentence)>, String> {
    if markers.is_empty() {
        return Err("no citation marker".into());
    }
    if let Some(bad) = markers.iter().find(|&&m| m == 0 || m > passages.len()) {
        return Err(format!("marker [{bad}] points to no passage"));
    }
    let cited: String = markers
        .iter()
        .map(|&m| passages[m - 1].hit.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let terms = Terms::of(sentence);
    let (_, hits) = terms.coverage(&cited);
    let share = if terms.words.is_empty() {
        0.0
    } else {
        hits as f32 / terms.words.len() as f32
    };
    if share < MIN_SUPPORT {
        return Err(format!(
            "only {:.0}% of its words are in the cited passages",
            share * 100.0
        ));
    }
    let cited_words: std::collections::HashSet<String> =
        words(&cited).into_iter().map(|w| w.folded).collect();
    if let Some(n) = words(sentence)
        .into_iter()
        .find(|w| w.folded.chars().any(|c| c.is_ascii_digit()) && !cited_words.contains(&w.folded))
    {
        return Err(format!(
            "the number {} is not in the cited passages",
            n.folded
        ));
    }
    let mut support = Vec::new();
    for &m in markers {
        let p = &passages[m - 1];
        let best = p
            .sentences
            .iter()
            .map(|(s, _, _)| (s, terms.coverage(&s.text).0))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((s, _)) = best {
            support.push((m - 1, s));
        }
    }
    if support.is_empty() {
        return Err("the cited passages have no quotable sentence".into());
    }
    Ok(support)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_sentences_keep_their_markers() {
        let got = split_generated(
            "Chi cho nghiên cứu phát triển đạt 2% GDP [1]. Tỷ lệ này do ngân sách bảo đảm [2][3].\nKhông rõ",
        );
        assert_eq!(
            got,
            vec![
                (
                    "Chi cho nghiên cứu phát triển đạt 2% GDP.".to_string(),
                    vec![1]
                ),
                ("Tỷ lệ này do ngân sách bảo đảm.".to_string(), vec![2, 3]),
                ("Không rõ".to_string(), vec![]),
            ]
        );
    }
}
