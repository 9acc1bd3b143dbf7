//! Answers over the whole corpus that need the provision looked up rather than searched:
//! when a named document takes effect or ends, and what a term means.

use lexcite_engine::Access;
use lexcite_engine::types::{AnswerMode, AskRequest, SearchFilters};

use crate::engine;

fn answer(question: &str) -> String {
    let a = engine()
        .ask(
            &AskRequest {
                question: question.to_string(),
                passages: lexcite_engine::types::default_passages(),
                filters: SearchFilters::default(),
                generate: Some(false),
                as_of: None,
            },
            Access::ALL,
        )
        .unwrap_or_else(|e| panic!("{question}: {e}"));
    assert_eq!(a.mode, AnswerMode::Extractive, "{question}: {}", a.answer);
    a.answer
}

#[test]
fn when_a_named_document_takes_effect_or_ends_is_read_from_the_provision() {
    for (question, wanted) in [
        // Ended by another decree, from that decree's own date.
        (
            "Nghị định 13/2023/NĐ-CP chấm dứt hiệu lực từ ngày nào?",
            "01 tháng 01 năm 2026",
        ),
        // In force from signature: no date to find, and the words of every final article.
        (
            "Nghị quyết 03/NQ-CP có hiệu lực kể từ khi nào?",
            "kể từ ngày ký ban hành",
        ),
    ] {
        let got = answer(question);
        assert!(got.contains(wanted), "{question}: {wanted:?} not in {got}");
    }
}

#[test]
fn a_term_is_answered_by_its_definition() {
    // The term's words fill the obligations of the party it names, which the search finds
    // first; its definition is in Điều 2.
    let question = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 hiểu thế nào là bên kiểm soát dữ liệu cá nhân?";
    let got = answer(question);
    assert!(
        got.contains("Bên kiểm soát dữ liệu cá nhân là"),
        "{question}: {got}"
    );
}
