//! Unit tests of the reference grammar: citation strings read into paths and documents.

use super::*;
use crate::model::UnitKind;

fn steps(l: &Locator) -> String {
    l.steps
        .iter()
        .map(|s| format!("{}{}", s.kind.code(), s.key()))
        .collect::<Vec<_>>()
        .join(".")
}

/// `expect`: locators joined by " | ", then " @ " and the document's fields.
fn check(input: &str, expect: &str) {
    let r = parse_citation(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
    let locs: Vec<String> = r.locators.iter().map(steps).collect();
    let d = r.document.clone().unwrap_or_default();
    let mut doc = Vec::new();
    if let Some(t) = d.doc_type {
        doc.push(format!("type={}", t.name()));
    }
    if let Some(n) = &d.name {
        doc.push(format!("name={n}"));
    }
    if let Some(n) = &d.number {
        doc.push(format!("number={n}"));
    }
    if let Some(s) = &d.serial {
        doc.push(format!("serial={s}"));
    }
    if let Some(y) = d.year {
        doc.push(format!("year={y}"));
    }
    if let Some(date) = d.issued {
        doc.push(format!("issued={date}"));
    }
    if let Some(i) = &d.issuer {
        doc.push(format!("issuer={i}"));
    }
    if d.attachment {
        doc.push("attachment".to_string());
    }
    let got = format!("{} @ {}", locs.join(" | "), doc.join(" "));
    assert_eq!(got, expect, "parsing {input:?}");
    assert_eq!(r.span.end, input.trim_end_matches('.').chars().count());
}

#[test]
fn citations_of_laws() {
    check(
        "điểm a khoản 1 Điều 9 Luật số 134/2025/QH15",
        "art9.cl1.pta @ type=Luật number=134/2025/QH15",
    );
    check(
        "khoản 2 Điều 38 Luật Bảo vệ dữ liệu cá nhân",
        "art38.cl2 @ type=Luật name=Bảo vệ dữ liệu cá nhân",
    );
    check(
        "Điều 5 Luật An ninh mạng 2018",
        "art5 @ type=Luật name=An ninh mạng year=2018",
    );
    check(
        "điểm a khoản 1 Điều 9 Luật Trí tuệ nhân tạo số 134/2025/QH15",
        "art9.cl1.pta @ type=Luật name=Trí tuệ nhân tạo number=134/2025/QH15",
    );
    check(
        "Điều 5 Nghị định 13/2023/NĐ-CP",
        "art5 @ type=Nghị định number=13/2023/NĐ-CP",
    );
    check("Điều 9 134/2025/QH15", "art9 @ number=134/2025/QH15");
    check(
        "Mục 1 Chương II Luật số 71/2025/QH15",
        "ch2.sec1 @ type=Luật number=71/2025/QH15",
    );
}

#[test]
fn citations_of_resolutions_and_programmes() {
    check(
        "Mục III Nghị quyết 57-NQ/TW",
        "sec3 @ type=Nghị quyết number=57-NQ/TW",
    );
    check(
        "tiểu mục 3 Mục II Chương trình ban hành kèm theo Nghị quyết số 71/NQ-CP",
        "sec2.it3 @ type=Nghị quyết number=71/NQ-CP attachment",
    );
    check(
        "điểm g tiểu mục 1 Mục II Chương trình ban hành kèm theo của Nghị quyết số 03/NQ-CP",
        "sec2.it1.ptg @ type=Nghị quyết number=03/NQ-CP attachment",
    );
    check(
        "gạch đầu dòng thứ 2 tiểu mục 1 Mục II Nghị quyết số 57-NQ/TW",
        "sec2.it1.b2 @ type=Nghị quyết number=57-NQ/TW",
    );
    check(
        "STT 11.1 Phụ lục I Nghị quyết 71/NQ-CP",
        "app1.row11.1 @ type=Nghị quyết number=71/NQ-CP",
    );
    check(
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
        " @ type=Nghị quyết number=57-NQ/TW issued=2024-12-22 issuer=Bộ Chính trị",
    );
    // A ministry, or its minister, is the issuer named.
    check(
        "Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Bộ Công an",
        " @ type=Nghị định number=13/2023/NĐ-CP issued=2023-04-17 issuer=Bộ Công an",
    );
    check(
        "Thông tư số 01/2011/TT-BNV ngày 19/01/2011 của Bộ trưởng Bộ Nội vụ",
        " @ type=Thông tư number=01/2011/TT-BNV issued=2011-01-19 issuer=Bộ Nội vụ",
    );
    check(
        "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ",
        " @ type=Quyết định number=749/QĐ-TTg issued=2020-06-03 issuer=Thủ tướng Chính phủ",
    );
    check(
        "Nghị quyết 57-NQ/TW ngày 22 tháng 12 năm 2024",
        " @ type=Nghị quyết number=57-NQ/TW issued=2024-12-22",
    );
    check("Mục II Nghị quyết 57", "sec2 @ type=Nghị quyết serial=57");
}

#[test]
fn lists_and_ranges_expand() {
    check(
        "điểm h, i và l khoản 1 Điều 5 Luật số 24/2018/QH14",
        "art5.cl1.pth | art5.cl1.pti | art5.cl1.ptl @ type=Luật number=24/2018/QH14",
    );
    check(
        "khoản 2, khoản 3 Điều 2; khoản 5 Điều 4 Nghị định 13/2023/NĐ-CP",
        "art2.cl2 | art2.cl3 | art4.cl5 @ type=Nghị định number=13/2023/NĐ-CP",
    );
    check(
        "Điều 21, Điều 22 và khoản 2 Điều 33 Luật số 91/2025/QH15",
        "art21 | art22 | art33.cl2 @ type=Luật number=91/2025/QH15",
    );
    check(
        "Điều 1 đến Điều 3 Luật số 91/2025/QH15",
        "art1 | art2 | art3 @ type=Luật number=91/2025/QH15",
    );
    check(
        "điểm a đến điểm đ khoản 1 Điều 5 Luật số 71/2025/QH15",
        "art5.cl1.pta | art5.cl1.ptb | art5.cl1.ptc | art5.cl1.ptd | art5.cl1.ptđ @ type=Luật number=71/2025/QH15",
    );
}

#[test]
fn bad_citations_say_why() {
    assert_eq!(parse_citation("  "), Err(CitationError::Empty));
    assert_eq!(parse_citation("Điều 5"), Err(CitationError::NoDocument));
    assert!(matches!(
        parse_citation("khoản 2 Điều này"),
        Err(CitationError::Relative(_))
    ));
    assert!(matches!(
        parse_citation("Điều 5 Luật này"),
        Err(CitationError::Relative(_))
    ));
    assert!(matches!(
        parse_citation("xin chào"),
        Err(CitationError::NotAReference(_))
    ));
    assert_eq!(
        parse_citation("Điều 5 Nghị định 13/2023/NĐ-CP !!"),
        Err(CitationError::Trailing {
            at: 31,
            rest: "!!".into()
        })
    );
}

#[test]
fn documents_render_in_the_references_own_words() {
    let words = |input: &str| {
        parse_citation(input)
            .unwrap_or_else(|e| panic!("{input:?}: {e}"))
            .document
            .unwrap_or_else(|| panic!("{input:?} names no document"))
            .to_string()
    };
    for (input, expect) in [
        ("Điều 5 Luật An ninh mạng 2018", "Luật An ninh mạng 2018"),
        (
            "điểm a khoản 1 Điều 9 Luật Trí tuệ nhân tạo số 134/2025/QH15",
            "Luật Trí tuệ nhân tạo số 134/2025/QH15",
        ),
        ("Mục II Nghị quyết 57", "Nghị quyết số 57"),
        ("Điều 9 134/2025/QH15", "số 134/2025/QH15"),
        // The date, the issuer and "ban hành kèm theo" are not part of the words.
        (
            "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
            "Nghị quyết số 57-NQ/TW",
        ),
        (
            "tiểu mục 3 Mục II Chương trình ban hành kèm theo Nghị quyết số 71/NQ-CP",
            "Nghị quyết số 71/NQ-CP",
        ),
    ] {
        assert_eq!(words(input), expect, "rendering {input:?}");
    }
    assert_eq!(DocRef::default().to_string(), "");
}

#[test]
fn a_name_cut_by_a_comma_or_a_stop_word_goes_on_to_its_number() {
    let named = |text: &str| -> Vec<String> {
        extract(text)
            .into_iter()
            .filter_map(|r| r.document.map(|d| d.to_string()))
            .collect()
    };
    assert_eq!(
        named(
            "Sửa đổi một số điều của Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15 như sau:"
        ),
        ["Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15"]
    );
    assert_eq!(
        named(
            "Sửa đổi điểm e khoản 1 Điều 12 của Luật Quản lý và đầu tư vốn nhà nước tại doanh nghiệp số 68/2025/QH15."
        ),
        ["Luật Quản lý và đầu tư vốn nhà nước tại doanh nghiệp số 68/2025/QH15"]
    );
    // Another document, a number of another type or a clause that goes on end the name.
    assert_eq!(
        named("Theo Luật An ninh mạng và Nghị định số 13/2023/NĐ-CP."),
        ["Luật An ninh mạng", "Nghị định số 13/2023/NĐ-CP"]
    );
    assert_eq!(
        named("Theo Luật An ninh mạng và văn bản số 13/2023/NĐ-CP."),
        ["Luật An ninh mạng", "số 13/2023/NĐ-CP"]
    );
    assert_eq!(
        named("Luật An ninh mạng, được hướng dẫn tại số 53/2022/QH15."),
        ["Luật An ninh mạng", "số 53/2022/QH15"]
    );
}

#[test]
fn a_point_inserted_after_another_is_read_with_its_digit() {
    let paths = |text: &str| -> Vec<String> {
        extract(text)
            .into_iter()
            .flat_map(|r| r.locators.into_iter().map(|l| l.label()))
            .collect()
    };
    assert_eq!(
        paths("Theo điểm a1 khoản 2 Điều 62 và điểm đ2 khoản 1 Điều 5 Luật số 22/2023/QH15."),
        ["điểm a1 khoản 2 Điều 62", "điểm đ2 khoản 1 Điều 5"]
    );
    // Not a point: a letter run or a number too long to be one.
    assert_eq!(
        paths("Theo điểm a123 khoản 2 Điều 62 Luật số 22/2023/QH15."),
        ["khoản 2 Điều 62"]
    );
}

#[test]
fn numbers_compare_by_value() {
    assert_eq!(num_key(UnitKind::Section, "III"), "3");
    assert_eq!(num_key(UnitKind::Section, "3"), "3");
    assert_eq!(num_key(UnitKind::Appendix, "01"), "1");
    assert_eq!(num_key(UnitKind::Point, "i"), "i");
    assert_eq!(num_key(UnitKind::Row, "11.01"), "11.1");
}

#[test]
fn references_in_running_text_have_character_offsets() {
    let text = "Theo khoản 2 Điều 38 Luật Bảo vệ dữ liệu cá nhân, và Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị; xem thêm khoản 3 Điều này.";
    let refs = extract(text);
    let got: Vec<(&str, usize)> = refs
        .iter()
        .map(|r| (r.text.as_str(), r.span.start))
        .collect();
    assert_eq!(
        got,
        vec![
            ("khoản 2 Điều 38 Luật Bảo vệ dữ liệu cá nhân", 5),
            (
                "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
                53
            ),
            ("khoản 3 Điều này", 119),
        ]
    );
    for r in &refs {
        let chars: String = text.chars().skip(r.span.start).take(r.span.len()).collect();
        assert_eq!(chars, r.text);
    }
}

#[test]
fn coordinated_serials_are_references_of_their_own() {
    let text = "Chính phủ triển khai hai Nghị quyết số 57 và 71 trong năm 2025.";
    let refs = extract(text);
    let got: Vec<(String, Option<String>)> = refs
        .iter()
        .map(|r| {
            let d = r.document.clone().unwrap_or_default();
            (r.text.clone(), d.serial)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Nghị quyết số 57".to_string(), Some("57".to_string())),
            ("71".to_string(), Some("71".to_string()))
        ]
    );
    let second = &refs[1];
    let chars: Vec<char> = text.chars().collect();
    let shown: String = chars[second.span.start..second.span.end].iter().collect();
    assert_eq!(shown, "71");
    assert_eq!(
        second.document.as_ref().and_then(|d| d.doc_type),
        refs[0].document.as_ref().and_then(|d| d.doc_type)
    );
    // Full numbers are read by the grammar itself, not taken for serials.
    let refs = extract("Các Nghị quyết số 57-NQ/TW và 71/NQ-CP được thực hiện.");
    assert_eq!(refs.len(), 2);
    assert_eq!(refs[1].text, "71/NQ-CP");
}
