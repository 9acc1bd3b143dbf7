//! Parser invariants on any input: errors instead of panics, units that tile the body.

use lexcite_core::{Document, DocumentMeta, ParseError, Unit, parse};
use proptest::prelude::*;

/// Every structural invariant a consumer of a parsed document relies on.
fn assert_invariants(doc: &Document) {
    let body = &doc.body;
    let mut owns: Vec<&Unit> = doc.walk().collect();
    for u in &owns {
        for span in [u.bytes, u.own_bytes] {
            assert!(
                span.start <= span.end && span.end <= body.len(),
                "{} out of bounds",
                u.id
            );
            assert!(
                body.is_char_boundary(span.start) && body.is_char_boundary(span.end),
                "{} splits a character",
                u.id
            );
        }
        assert_eq!(
            u.span.start,
            body[..u.bytes.start].chars().count(),
            "{} char start",
            u.id
        );
        assert_eq!(
            u.span.end,
            body[..u.bytes.end].chars().count(),
            "{} char end",
            u.id
        );
        assert!(
            u.bytes.contains(u.own_bytes),
            "{} own segment outside its span",
            u.id
        );
        for c in &u.children {
            assert!(
                u.bytes.contains(c.bytes),
                "{} not inside its parent {}",
                c.id,
                u.id
            );
        }
        for line in u.text.lines() {
            assert!(
                body[u.own_bytes.start..u.own_bytes.end].contains(line),
                "{} text not from its segment",
                u.id
            );
        }
    }
    // Own segments never overlap, and together they hold every non-blank character.
    owns.sort_by_key(|u| u.own_bytes.start);
    for pair in owns.windows(2) {
        assert!(
            pair[0].own_bytes.end <= pair[1].own_bytes.start,
            "{} overlaps {}",
            pair[0].id,
            pair[1].id
        );
    }
    let mut covered = vec![false; body.len()];
    for u in &owns {
        covered[u.own_bytes.start..u.own_bytes.end].fill(true);
    }
    for (i, c) in body.char_indices() {
        assert!(
            c.is_whitespace() || covered[i],
            "character {c:?} at byte {i} is in no unit"
        );
    }
    let mut ids: Vec<&str> = doc.walk().map(|u| u.id.as_str()).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "unit ids are unique");
}

#[test]
fn empty_and_blank_input_is_an_error() {
    assert_eq!(parse("", &DocumentMeta::default()), Err(ParseError::Empty));
    assert_eq!(
        parse(" \n\t\n\u{a0}\n", &DocumentMeta::default()),
        Err(ParseError::Empty)
    );
}

#[test]
fn binary_garbage_is_rejected_as_not_text() {
    let garbage: String = (0u8..=255).cycle().take(4000).map(char::from).collect();
    let err = parse(&garbage, &DocumentMeta::default()).expect_err("garbage is not text");
    assert!(matches!(err, ParseError::NotText { .. }), "{err:?}");
    assert!(err.to_string().contains("not text"));
    let replaced = "Điều 1. \u{fffd}\u{fffd}\u{fffd}\u{fffd} \u{fffd}\u{fffd}";
    assert!(matches!(
        parse(replaced, &DocumentMeta::default()),
        Err(ParseError::NotText { .. })
    ));
}

#[test]
fn text_without_structure_is_one_unit() {
    let doc = parse(
        "Một đoạn văn bản thông thường.\nKhông có điều khoản nào.",
        &DocumentMeta::default(),
    )
    .expect("plain prose parses");
    assert_eq!(doc.units.len(), 1);
    assert_eq!(
        doc.units[0].text,
        "Một đoạn văn bản thông thường.\nKhông có điều khoản nào."
    );
    assert!(doc.warnings.iter().any(|w| w.contains("no structure")));
    assert_invariants(&doc);
}

#[test]
fn a_cross_reference_at_the_start_of_a_line_does_not_open_an_article() {
    let text = "Điều 10. Bồi thường\n1. Việc bồi thường thực hiện theo\nĐiều 11 Bộ luật Dân sự.\n2. Khoản tiếp theo.\nĐiều 11. Hiệu lực\nNội dung.";
    let doc = parse(text, &DocumentMeta::default()).expect("parses");
    assert_eq!(doc.articles().len(), 2);
    let art10 = doc.articles()[0];
    assert_eq!(art10.children.len(), 2);
    assert_eq!(
        art10.children[0].text,
        "Việc bồi thường thực hiện theo\nĐiều 11 Bộ luật Dân sự."
    );
    assert_invariants(&doc);
}

#[test]
fn article_numbers_that_go_backwards_stay_text_and_are_reported() {
    let text = "Điều 1. A\nNội dung.\nĐiều 2. B\nĐiều 1. Trích dẫn lại\nĐiều 3. C";
    let doc = parse(text, &DocumentMeta::default()).expect("parses");
    let nums: Vec<_> = doc
        .articles()
        .iter()
        .map(|a| a.num.clone().unwrap_or_default())
        .collect();
    assert_eq!(nums, ["1", "2", "3"]);
    assert!(
        doc.warnings
            .iter()
            .any(|w| w.contains("article 1 does not follow article 2"))
    );
}

#[test]
fn the_same_text_gives_the_same_ids() {
    let text = "Điều 1. A\n1. x\na) y\nĐiều 2. B";
    let a = parse(text, &DocumentMeta::default()).expect("parses");
    let b = parse(&format!("\u{feff}{text}\r\n"), &DocumentMeta::default()).expect("parses");
    let ids = |d: &Document| d.walk().map(|u| u.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&a), ids(&b));
}

const SOFT_HYPHEN: char = '\u{ad}';

fn legalish_line() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..60).prop_map(|n| format!("Điều {n}. Tiêu đề")),
        (1u32..12).prop_map(|n| format!("{n}. Khoản có nội dung.")),
        prop::sample::select(vec!["a", "b", "c", "d", "đ", "e"])
            .prop_map(|l| format!("{l}) Điểm.")),
        prop::sample::select(vec!["I", "II", "III", "IV"]).prop_map(|r| format!("{r}- MỤC")),
        prop::sample::select(vec!["I", "II", "V"]).prop_map(|r| format!("Chương {r}")),
        Just("- Gạch đầu dòng.".to_string()),
        Just("PHỤ LỤC I".to_string()),
        Just("| 1 | Chỉ tiêu | % |".to_string()),
        Just("TM. CHÍNH PHỦ".to_string()),
        Just("CHƯƠNG TRÌNH HÀNH ĐỘNG".to_string()),
        Just("Ban hành kèm theo".to_string()),
        Just("Mẫu số 01a".to_string()),
        Just("[Bộ pháp điển: Điều 1.1]".to_string()),
        Just(String::new()),
        "[a-zA-Zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễđ ,.;:()0-9\u{a0}\u{ad}-]{0,40}",
    ]
}

proptest! {
    #[test]
    fn any_mix_of_markers_parses_into_a_valid_tree(lines in prop::collection::vec(legalish_line(), 1..60)) {
        let text = lines.join("\n");
        match parse(&text, &DocumentMeta::default()) {
            Ok(doc) => assert_invariants(&doc),
            Err(ParseError::Empty) => {
                let blank = text.chars().all(|c| c.is_whitespace() || c == SOFT_HYPHEN);
                prop_assert!(blank, "only a blank text may be empty");
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        if let Ok(doc) = parse(&text, &DocumentMeta::default()) {
            assert_invariants(&doc);
        }
    }
}

/// The invariants on the real corpus.
#[test]
fn corpus_documents_satisfy_the_invariants() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus/ exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let text = std::fs::read_to_string(&path).expect("UTF-8 text");
            let doc = parse(&text, &DocumentMeta::default()).expect("corpus text parses");
            assert_invariants(&doc);
            n += 1;
        }
    }
    assert!(n >= 11, "found {n} corpus texts");
}
