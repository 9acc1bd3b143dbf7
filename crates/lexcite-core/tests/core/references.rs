//! References in running text: what is found, where, and what is not a reference at all.
//! Then the extractor on arbitrary input: never a panic, offsets that point at the reference.

use lexcite_core::reference::{Reference, extract};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// One line per reference: its text, then the locators and what names the document.
fn summary(r: &Reference) -> String {
    let locs: Vec<String> = r.locators.iter().map(|l| l.label()).collect();
    let mut out = r.text.clone();
    if !locs.is_empty() {
        out.push_str(&format!(" [{}]", locs.join(" | ")));
    }
    if let Some(d) = &r.document {
        let mut parts = Vec::new();
        if let Some(t) = d.doc_type {
            parts.push(t.name().to_string());
        }
        if let Some(n) = &d.name {
            parts.push(format!("name={n}"));
        }
        if let Some(n) = &d.number {
            parts.push(format!("number={n}"));
        }
        if let Some(y) = d.year {
            parts.push(format!("year={y}"));
        }
        if let Some(i) = d.issued {
            parts.push(format!("issued={i}"));
        }
        if let Some(i) = &d.issuer {
            parts.push(format!("issuer={i}"));
        }
        if d.relative {
            parts.push("relative".into());
        }
        out.push_str(&format!(" @ {}", parts.join(" ")));
    }
    if r.relative_unit {
        out.push_str(" (this unit)");
    }
    out
}

fn check(text: &str, expect: &[&str]) {
    let refs = extract(text);
    let got: Vec<String> = refs.iter().map(summary).collect();
    assert_eq!(got, expect, "extracting from {text:?}");
    assert_offsets(text, &refs);
}

fn assert_offsets(text: &str, refs: &[Reference]) {
    let chars: Vec<char> = text.chars().collect();
    let mut last_end = 0;
    for r in refs {
        assert!(r.span.start >= last_end, "references overlap in {text:?}");
        assert!(r.span.end <= chars.len(), "span out of bounds in {text:?}");
        let at: String = chars[r.span.start..r.span.end].iter().collect();
        assert_eq!(at, r.text, "character offsets of {:?}", r.text);
        assert_eq!(&text[r.bytes.start..r.bytes.end], r.text, "byte offsets");
        last_end = r.span.end;
    }
}

#[test]
fn documents_named_in_running_text() {
    check(
        "Căn cứ Luật An ninh mạng năm 2018 và Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ;",
        &[
            "Luật An ninh mạng năm 2018 @ Luật name=An ninh mạng year=2018",
            "Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ @ Nghị định number=13/2023/NĐ-CP issued=2023-04-17 issuer=Chính phủ",
        ],
    );
    check(
        "Bộ luật Dân sự 2015 và Nghị quyết về đột phá phát triển khoa học, công nghệ",
        &[
            "Bộ luật Dân sự 2015 @ Bộ luật name=Dân sự year=2015",
            "Nghị quyết về đột phá phát triển khoa học @ Nghị quyết name=đột phá phát triển khoa học",
        ],
    );
    check(
        "Luật Công nghiệp công nghệ số và Luật số 71/2025/QH15",
        &[
            "Luật Công nghiệp công nghệ số @ Luật name=Công nghiệp công nghệ số",
            "Luật số 71/2025/QH15 @ Luật number=71/2025/QH15",
        ],
    );
    check(
        "Bản sao của 57-NQ/TW được gửi kèm.",
        &["57-NQ/TW @ number=57-NQ/TW"],
    );
}

#[test]
fn unit_paths_with_and_without_a_document() {
    check(
        "Theo điểm a khoản 1 Điều 9 Luật số 134/2025/QH15, hệ thống phải được đánh giá.",
        &[
            "điểm a khoản 1 Điều 9 Luật số 134/2025/QH15 [điểm a khoản 1 Điều 9] @ Luật number=134/2025/QH15",
        ],
    );
    check(
        "Điều 9 quy định các nguyên tắc; khoản 2 Điều này nói rõ hơn.",
        &["Điều 9 [Điều 9]", "khoản 2 Điều này (this unit)"],
    );
    check(
        "Luật An ninh mạng 2018 tại Điều 26 quy định về bảo đảm an ninh thông tin.",
        &[
            "Luật An ninh mạng 2018 @ Luật name=An ninh mạng year=2018",
            "Điều 26 [Điều 26]",
        ],
    );
    check(
        "như tại Mục III- Nghị quyết số 57-NQ/TW",
        &["Mục III- Nghị quyết số 57-NQ/TW [Mục III] @ Nghị quyết number=57-NQ/TW"],
    );
}

#[test]
fn documents_named_by_the_text_itself() {
    check(
        "Luật này có hiệu lực từ ngày 01/3/2026; khoản 2 Điều 5 Luật này bị bãi bỏ. Nghị định nêu trên hết hiệu lực.",
        &[
            "Luật này @ Luật relative",
            "khoản 2 Điều 5 Luật này [khoản 2 Điều 5] @ Luật relative",
            "Nghị định nêu trên @ Nghị định relative",
        ],
    );
}

#[test]
fn ordinary_words_are_not_references() {
    check(
        "Luật pháp bảo đảm điều kiện để một số 5 người đạt mục tiêu; phần lớn khoản chi ngày 22/12/2024 là 2%.",
        &[],
    );
    check("Quyết định của ông ấy là đúng, nghị quyết chung.", &[]);
}

#[test]
fn unit_headings_are_structure_not_references() {
    check(
        "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\n1. Luật này quy định về dữ liệu.\n",
        &["Luật này @ Luật relative"],
    );
}

#[test]
fn decomposed_text_reads_like_composed_text() {
    let nfc = "Theo khoản 2 Điều 38 Luật Bảo vệ dữ liệu cá nhân, và Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.";
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfc, nfd);
    let composed = extract(nfc);
    let decomposed = extract(&nfd);
    assert_eq!(composed.len(), 2);
    assert_eq!(decomposed.len(), composed.len());
    for (c, d) in composed.iter().zip(&decomposed) {
        assert_eq!(d.text.nfc().collect::<String>(), c.text);
        assert_eq!(d.locators, c.locators);
        assert_eq!(
            d.document.as_ref().map(|x| &x.number),
            c.document.as_ref().map(|x| &x.number)
        );
    }
    assert_offsets(&nfd, &decomposed);
}

/// Pieces of legal prose and of references, to build inputs that reach deep into the grammar.
const PIECES: &[&str] = &[
    "Điều ",
    "khoản ",
    "điểm ",
    "Mục ",
    "tiểu mục ",
    "Chương ",
    "Phụ lục ",
    "STT ",
    "gạch đầu dòng thứ ",
    "Luật ",
    "Nghị quyết ",
    "Nghị định số ",
    "số ",
    "này",
    "nêu trên",
    "ban hành kèm theo ",
    "Chương trình ",
    "của Bộ Chính trị",
    "của ",
    "ngày ",
    "năm ",
    "22/12/2024",
    "57-NQ/TW",
    "134/2025/QH15",
    "13/2023/NĐ-CP",
    "1",
    "2",
    "9",
    "II",
    "III-",
    "a",
    "đ",
    "h, i và l ",
    " đến ",
    ", ",
    "; ",
    " và ",
    "2018",
    "tháng ",
    "(",
    ")",
    "\n",
    ".",
    "An ninh mạng ",
    "về ",
    "Đ",
    "\u{301}",
    "\u{300}e",
    "ế",
    "🙂",
    "\u{0}",
    "\t",
    "-",
    "/",
    "1-5",
    "99999999",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn extraction_never_panics_and_offsets_hold(text in pieces()) {
        let refs = extract(&text);
        assert_offsets(&text, &refs);
        let nfd: String = text.nfd().collect();
        assert_offsets(&nfd, &extract(&nfd));
    }

    #[test]
    fn citation_parsing_never_panics(text in pieces()) {
        let _ = lexcite_core::reference::parse_citation(&text);
    }
}
