//! Questions on when a named document takes effect or stops: "Nghị quyết 03/NQ-CP có hiệu
//! lực kể từ khi nào?", "Nghị định 13/2023/NĐ-CP chấm dứt hiệu lực từ ngày nào?". Their
//! words are those of every document's final articles, so a search over all of them finds
//! the wrong one; the provision is looked up instead: the named document's own article on
//! entry into force, or the provision of another document that ended it.

use super::Sources;
use crate::access::Access;
use crate::error::EngineError;
use crate::question::Asks;
use crate::search::{in_document, named_documents, units_as_hits};
use crate::text::{Terms, plain_words, says};
use crate::types::SearchHit;

/// The words of a document's entry into force, as its final article says them.
const IN_FORCE: &str = "có hiệu lực thi hành kể từ ngày";

/// Puts the provisions on when a named document takes effect or ends before the search's
/// `hits`, or in their place when the question asks only that. Returns (whether they
/// replaced the hits, whether there were any).
pub(super) fn lead_with(
    sources: &Sources<'_>,
    question: &str,
    hits: &mut Vec<SearchHit>,
    limit: usize,
    access: Access,
) -> Result<(bool, bool), EngineError> {
    let (effect, only) = effect_provisions(sources, question, access)?;
    if effect.is_empty() {
        // A term's own definition goes first.
        let defined = super::defined::definitions(sources, question, access)?;
        if !defined.is_empty() {
            hits.retain(|h| defined.iter().all(|e| e.unit_id != h.unit_id));
            hits.splice(0..0, defined);
            hits.truncate(limit);
        }
        return Ok((false, false));
    }
    if only {
        *hits = effect;
    } else {
        hits.retain(|h| effect.iter().all(|e| e.unit_id != h.unit_id));
        hits.splice(0..0, effect);
        hits.truncate(limit);
    }
    Ok((only, true))
}

/// The words, folded, of asking when a text takes effect or ends.
const EFFECT_WORDS: &[&str] = &[
    "hieu", "luc", "thi", "hanh", "ap", "dung", "bat", "dau", "cham", "dut", "het", "ke", "tu",
    "ngay", "nao", "khi", "thoi", "diem", "duoc", "co", "bai", "bo", "thay", "the", "khong", "con",
    "so", "nam", "chinh", "phu", "quoc", "hoi", "moi",
];

/// The provisions on when a document the question names takes effect or ends, and whether
/// the question asks only that (the document is all it speaks of: "Nghị định 13/2023/NĐ-CP
/// bắt đầu được áp dụng kể từ ngày nào?"); none for any other question.
fn effect_provisions(
    sources: &Sources<'_>,
    question: &str,
    access: Access,
) -> Result<(Vec<SearchHit>, bool), EngineError> {
    let ws = plain_words(question);
    let asks = |phrases: &[&str]| phrases.iter().any(|p| says(&ws, p));
    if Asks::of(question) != Asks::When || !asks(&["hiệu lực", "áp dụng", "chấm dứt"]) {
        return Ok((Vec::new(), false));
    }
    let ends = asks(&[
        "chấm dứt",
        "hết hiệu lực",
        "bãi bỏ",
        "thay thế",
        "không còn hiệu lực",
    ]);
    let named = named_documents(sources.catalog, question, access);
    // What the question says beyond the documents' names and titles and the asking.
    let mut rest = Terms::of(question).words;
    for doc in named.iter().filter_map(|id| sources.catalog.doc(id)) {
        let number = doc.meta.number.as_ref().map(ToString::to_string);
        let own = Terms::of(&format!(
            "{} {} {}",
            doc.name,
            doc.meta.title.as_deref().unwrap_or(""),
            number.as_deref().unwrap_or("")
        ));
        rest.retain(|w| !own.words.contains(w));
    }
    rest.retain(|w| !EFFECT_WORDS.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit()));
    let only = rest.len() <= 2;
    let mut out: Vec<SearchHit> = Vec::new();
    for doc in named.iter().take(2) {
        if ends {
            let acts: Vec<_> = sources
                .timeline
                .changes_to(doc, access)
                .into_iter()
                .filter(|(act, _)| matches!(act.kind.as_str(), "repeals" | "replaces" | "ends"))
                .map(|(act, _)| act)
                .collect();
            let ids: Vec<String> = acts.iter().map(|a| a.unit_id.clone()).collect();
            out.extend(units_as_hits(sources.index, sources.catalog, &ids, access)?);
            // "… hết hiệu lực kể từ ngày Nghị định này có hiệu lực thi hành": and that day.
            for act in acts.iter().take(1) {
                out.extend(in_force(sources, &act.document_id, &ids, access)?);
            }
        } else {
            out.extend(in_force(sources, doc, &[], access)?);
        }
    }
    Ok((out, only))
}

/// The provision of a document on its own entry into force, other than `besides`: of the
/// units that best match its words, the first where the document speaks of itself and gives
/// a date.
fn in_force(
    sources: &Sources<'_>,
    doc: &str,
    besides: &[String],
    access: Access,
) -> Result<Vec<SearchHit>, EngineError> {
    // The units that best match the words, and those under a heading on entry into force
    // ("Điều 43. Hiệu lực thi hành").
    let mut hits = in_document(sources.index, sources.catalog, doc, IN_FORCE, 20, access)?;
    if let Some(d) = sources.catalog.doc(doc) {
        let headed: Vec<String> = d
            .units
            .iter()
            .filter(|u| {
                u.heading
                    .as_deref()
                    .is_some_and(|h| says(&plain_words(h), "hiệu lực"))
            })
            .flat_map(|u| {
                std::iter::once(u.id.clone())
                    .chain(u.children.iter().map(|&c| d.units[c].id.clone()))
            })
            .filter(|id| hits.iter().all(|h| &h.unit_id != id))
            .collect();
        hits.extend(units_as_hits(
            sources.index,
            sources.catalog,
            &headed,
            access,
        )?);
    }
    hits.retain(|h| says(&plain_words(&h.text), "hiệu lực") && !besides.contains(&h.unit_id));
    // The document speaking of itself ("Nghị định này có hiệu lực …"), with a date first.
    let score = |h: &SearchHit| {
        let ws = plain_words(&h.text);
        let own = says(&ws, "này có hiệu lực");
        // "1. Luật này có hiệu lực …": what the unit opens with.
        let opens = says(&ws[..ws.len().min(8)], "này có hiệu lực");
        let dated = !lexcite_core::date::find_dates(&h.text).is_empty();
        u8::from(opens) * 4 + u8::from(own) * 2 + u8::from(dated)
    };
    // Ties go to the smallest unit: the article, not the chapter holding it.
    let dated = (0..hits.len())
        .max_by_key(|&i| (score(&hits[i]), std::cmp::Reverse(hits[i].text.len())))
        .unwrap_or(0);
    Ok(hits.into_iter().nth(dated).into_iter().collect())
}
