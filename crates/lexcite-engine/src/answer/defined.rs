//! Questions on what a term means ("Bên kiểm soát dữ liệu cá nhân là gì?", "Luật … hiểu thế
//! nào là tài sản số?"): the term's own definition, a clause of an article on the meaning of
//! words ("Giải thích từ ngữ") that opens with the term, is looked up and put first, since
//! the term's words fill many other provisions too.

use super::Sources;
use crate::access::Access;
use crate::error::EngineError;
use crate::question::Asks;
use crate::search::{named_documents, units_as_hits};
use crate::text::plain_words;
use crate::types::SearchHit;

/// The term a definition question asks about, lower case: "x là gì", "x được hiểu là gì",
/// "thế nào là x", "khái niệm x".
fn term_of(question: &str) -> Option<String> {
    let q = question
        .trim()
        .trim_end_matches(['?', '.', ' '])
        .to_lowercase();
    let after = |cue: &str| q.find(cue).map(|i| q[i + cue.len()..].trim().to_string());
    let before = |cue: &str| {
        q.find(cue).map(|i| {
            // "Theo Luật …, x là gì": what follows the last comma.
            let head = &q[..i];
            head.rsplit(',').next().unwrap_or(head).trim().to_string()
        })
    };
    let term = after("thế nào là ")
        .or_else(|| after("khái niệm "))
        .or_else(|| before(" được hiểu là"))
        .or_else(|| before(" được hiểu như"))
        .or_else(|| before(" được định nghĩa"))
        .or_else(|| before(" là gì"))?;
    let n = plain_words(&term).len();
    (1..=8).contains(&n).then_some(term)
}

/// The clauses that define the term a question asks about, in the documents it names (all
/// when it names none); none for any other question.
pub(super) fn definitions(
    sources: &Sources<'_>,
    question: &str,
    access: Access,
) -> Result<Vec<SearchHit>, EngineError> {
    if Asks::of(question) != Asks::Definition {
        return Ok(Vec::new());
    }
    let Some(term) = term_of(question) else {
        return Ok(Vec::new());
    };
    let term = plain_words(&term);
    let named = named_documents(sources.catalog, question, access);
    let ids: Vec<String> = sources
        .catalog
        .docs
        .iter()
        .filter(|d| named.is_empty() || named.contains(&d.id))
        .flat_map(|d| {
            d.units
                .iter()
                .filter(|u| {
                    u.heading
                        .as_deref()
                        .is_some_and(|h| plain_words(h).join(" ").contains("giải thích từ ngữ"))
                })
                .flat_map(|u| u.children.iter().map(|&c| d.units[c].id.clone()))
        })
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(units_as_hits(sources.index, sources.catalog, &ids, access)?
        .into_iter()
        .filter(|h| {
            // "7. Bên kiểm soát dữ liệu cá nhân là …": the term, then "là", after the number.
            let ws = plain_words(&h.text);
            let from = ws
                .iter()
                .position(|w| !w.chars().all(|c| c.is_ascii_digit()))
                .unwrap_or(0);
            ws.get(from..from + term.len()) == Some(&term[..])
                && ws.get(from + term.len()).is_some_and(|w| w == "là")
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_term_is_read_from_each_way_of_asking() {
        assert_eq!(
            term_of("Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 hiểu thế nào là bên kiểm soát dữ liệu cá nhân?").as_deref(),
            Some("bên kiểm soát dữ liệu cá nhân")
        );
        assert_eq!(
            term_of("Theo Luật Trí tuệ nhân tạo, hệ thống trí tuệ nhân tạo là gì?").as_deref(),
            Some("hệ thống trí tuệ nhân tạo")
        );
        assert_eq!(
            term_of("Tài sản số được hiểu là gì?").as_deref(),
            Some("tài sản số")
        );
        assert_eq!(term_of("Ai chịu trách nhiệm?"), None);
    }
}
