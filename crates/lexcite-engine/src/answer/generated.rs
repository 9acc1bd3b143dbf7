//! The generated answer: a language model writes from numbered passages, and every sentence
//! it writes is checked against the passages it cites and by the citation verifier.

use super::{Citations, MIN_SUPPORT, Passage, Sources, compose, invented};
use crate::access::Access;
use crate::llm::{Llm, LlmError};
use crate::text::{Sentence, Terms, words};
use crate::types::*;

const SYSTEM_PROMPT: &str = "Bạn là trợ lý pháp lý. Chỉ trả lời bằng tiếng Việt, chỉ dựa trên các đoạn văn bản được đánh số. Mỗi câu trả lời phải kết thúc bằng số của đoạn làm căn cứ trong ngoặc vuông, ví dụ [1] hoặc [1][2]. Không nêu số liệu, ngày tháng hay văn bản nào không có trong các đoạn. Nếu các đoạn không đủ để trả lời, hãy nói rõ là không đủ căn cứ.";

/// The model's answer, checked; None when no sentence survives the check.
pub(super) fn generated(
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
            .map(|s| (&s.sentence, terms.coverage(&s.sentence.text).0))
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
