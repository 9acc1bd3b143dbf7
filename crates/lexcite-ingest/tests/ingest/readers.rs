//! The same document read from another format gives the same units.

use std::path::PathBuf;

use lexcite_core::{Document, DocumentMeta, UnitKind, normalize::match_key, parse};
use lexcite_ingest::legacy::{self, TextEncoding};
use lexcite_ingest::read::{Extracted, Format, extract, read_document};

/// A file of `../shared` (the larger originals), or `None` with a note when it is absent.
fn shared_bytes(path: &str) -> Option<Vec<u8>> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(path);
    match std::fs::read(&p) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("skipped: {} not found", p.display());
            None
        }
    }
}

fn shared(path: &str) -> Option<String> {
    shared_bytes(path).map(|b| String::from_utf8(b).expect("UTF-8 page"))
}

/// A fixture of the project's own `tests/fixtures`.
pub(crate) fn fixture(path: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn read(bytes: &[u8]) -> (Document, Extracted) {
    read_document(bytes, &DocumentMeta::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// Comparison form: case, tone placement and all whitespace ignored.
fn key(text: &str) -> String {
    match_key(text).split_whitespace().collect()
}

/// Compares two parses unit by unit (same ids, same texts) and names the first difference.
fn assert_same_units(read: &Document, reference: &Document) {
    let path = |id: &str| {
        id.split_once(':')
            .map(|(_, p)| p.to_string())
            .unwrap_or_default()
    };
    let units: std::collections::HashMap<String, &lexcite_core::Unit> =
        read.walk().map(|u| (path(&u.id), u)).collect();
    for want in reference.walk() {
        let p = path(&want.id);
        let got = units
            .get(&p)
            .unwrap_or_else(|| panic!("{p} ({}) is missing from the page", want.citation));
        assert_eq!(
            key(&got.text),
            key(&want.text),
            "first difference: {}",
            want.citation
        );
        assert_eq!(
            got.heading.as_deref().map(key),
            want.heading.as_deref().map(key),
            "heading of {}",
            want.citation
        );
    }
}

#[test]
fn an_ninh_mang_from_its_web_page_matches_the_text_copy_unit_by_unit() {
    let Some(html) = shared(
        "fixtures/html_thuvienphapluat_Ansvar/Luat-An-ninh-mang-24-2018-QH14_thuvienphapluat.html",
    ) else {
        return;
    };
    let page = parse(
        &lexcite_ingest::html::page_text(&html),
        &DocumentMeta::default(),
    )
    .expect("page parses");
    assert_eq!(page.articles().len(), 43);
    let m = &page.meta;
    assert_eq!(
        m.number.as_ref().map(|n| n.to_string()).as_deref(),
        Some("24/2018/QH14")
    );
    assert_eq!(m.title.as_deref(), Some("An ninh mạng"));
    assert_eq!(m.issued, chrono::NaiveDate::from_ymd_opt(2018, 6, 12));
    assert_eq!(m.signer.as_deref(), Some("Nguyễn Thị Kim Ngân"));
    assert_same_units(
        &page,
        &crate::parse_alone("Luat-An-ninh-mang_24-2018-QH14.txt"),
    );
}

#[test]
fn every_unusable_file_gets_its_own_clear_error() {
    // (fixture, error code, words the message must contain)
    let cases: &[(&str, &str, &[&str])] = &[
        ("empty.txt", "empty_file", &["empty", "0 bytes"]),
        (
            "pdf/truncated.pdf",
            "pdf_truncated",
            &["truncated", "%%EOF"],
        ),
        (
            "pdf/scanned.pdf",
            "pdf_no_text_layer",
            &["no text layer", "page 1 of 1", "OCR"],
        ),
        (
            "pdf/broken-glyph-map.pdf",
            "pdf_garbled_text",
            &["page 2 of 2", "does not read as Vietnamese", "glyph"],
        ),
        (
            "zip/not-a-docx.docx",
            "zip_not_docx",
            &["not a Word document", "readme.txt"],
        ),
        (
            "html/no-legal-text.html",
            "no_legal_text",
            &["no legal text", "HTML page"],
        ),
    ];
    let mut codes = std::collections::HashSet::new();
    for (file, code, words) in cases {
        let err = read_document(&fixture(file), &DocumentMeta::default())
            .err()
            .unwrap_or_else(|| panic!("{file} was accepted"));
        assert_eq!(err.code(), *code, "{file}: {err}");
        let message = err.to_string();
        for w in *words {
            assert!(message.contains(w), "{file}: {message:?} lacks {w:?}");
        }
        codes.insert(err.code());
    }
    assert_eq!(codes.len(), cases.len(), "every case has a distinct kind");
}

#[test]
fn a_text_pdf_reads_in_order_with_paragraphs_joined_and_page_numbers_dropped() {
    let (doc, extracted) = read(&fixture("pdf/decree-two-pages.pdf"));
    assert_eq!(extracted.format, Format::Pdf);
    assert_eq!(extracted.pages, Some(2));
    assert_eq!(
        doc.meta.number.as_ref().map(|n| n.to_string()).as_deref(),
        Some("13/2023/NĐ-CP")
    );
    assert_eq!(
        doc.meta.issued,
        chrono::NaiveDate::from_ymd_opt(2023, 4, 17)
    );
    let articles: Vec<String> = doc
        .articles()
        .iter()
        .map(|a| a.heading.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        articles,
        [
            "Phạm vi điều chỉnh",
            "Giải thích từ ngữ",
            "Áp dụng Nghị định bảo vệ dữ liệu cá nhân"
        ]
    );
    // Clause 2 of Điều 2 runs over the page break; it comes back as one paragraph.
    let clause = doc
        .walk()
        .find(|u| u.id.ends_with(":art2.cl2"))
        .expect("khoản 2 Điều 2");
    assert_eq!(
        clause.text,
        "Thông tin giúp xác định một con người cụ thể là thông tin hình thành từ hoạt động \
         của cá nhân mà khi kết hợp với các dữ liệu, thông tin lưu trữ khác có thể xác định một \
         con người cụ thể."
    );
    assert!(
        !extracted
            .text
            .lines()
            .any(|l| l.trim() == "1" || l.trim() == "2"),
        "page numbers left in:\n{}",
        extracted.text
    );
}

#[test]
fn nd_356_from_word_gives_the_same_42_articles_as_the_text() {
    let (docx, extracted) = read(&fixture("docx/nghi_dinh_356_2025_ND_CP.docx"));
    assert_eq!(extracted.format, Format::Docx);
    let txt = crate::parse_alone("ND-356-2025-ND-CP_huong-dan-Luat-BVDLCN.txt");
    assert_eq!(docx.articles().len(), 42);
    assert_eq!(
        docx.counts().get(&UnitKind::Form),
        txt.counts().get(&UnitKind::Form),
        "appendix forms kept apart"
    );
    let body = |d: &Document| -> Vec<(String, String)> {
        d.articles()
            .iter()
            .map(|a| (a.num.clone().unwrap_or_default(), key(&a.text)))
            .collect()
    };
    for (got, want) in body(&docx).iter().zip(body(&txt).iter()) {
        assert_eq!(got, want, "first different article: Điều {}", want.0);
    }
}

#[test]
fn legacy_encoded_fixtures_decode_to_the_unicode_original_and_back() {
    let original = fixture("legacy/nd13-excerpt.utf8.txt");
    let original = String::from_utf8(original).expect("UTF-8");
    for (file, encoding) in [
        ("legacy/nd13-excerpt.tcvn3.txt", TextEncoding::Tcvn3),
        ("legacy/nd13-excerpt.vni.txt", TextEncoding::Vni),
    ] {
        let bytes = fixture(file);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "{file} is really legacy bytes"
        );
        let decoded = legacy::decode(&bytes);
        assert_eq!(decoded.encoding, encoding, "{file}");
        assert!(decoded.text == original, "{file} decodes to the original");
        let encoded = match encoding {
            TextEncoding::Tcvn3 => legacy::encode_tcvn3(&original),
            _ => legacy::encode_vni(&original),
        };
        assert!(
            encoded.as_deref() == Ok(&bytes[..]),
            "{file} encodes back byte for byte"
        );
        // And the reader parses it like the Unicode text.
        let (doc, extracted) = read(&bytes);
        assert_eq!(extracted.encoding, Some(encoding));
        assert_eq!(doc.articles().len(), 3, "{file}");
    }
}

#[test]
fn precedents_read_from_pdf_keep_their_paragraphs_in_order() {
    for (file, number, adopted, last_paragraph) in [
        ("an_le_so_432021AL.pdf", "43/2021/AL", (2021, 2, 24), 3),
        ("an_le_so_722024AL.pdf", "72/2024/AL", (2024, 2, 23), 8),
    ] {
        let Some(bytes) = shared_bytes(&format!("fixtures/pdf_docx_nbtt2k3/{file}")) else {
            return;
        };
        let (doc, extracted) = read(&bytes);
        assert_eq!(extracted.format, Format::Pdf);
        assert_eq!(
            doc.meta.number.as_ref().map(|n| n.to_string()).as_deref(),
            Some(number)
        );
        assert_eq!(
            doc.meta.issuer.as_deref(),
            Some("Hội đồng Thẩm phán Tòa án nhân dân tối cao")
        );
        let (y, m, d) = adopted;
        assert_eq!(
            doc.meta.issued,
            chrono::NaiveDate::from_ymd_opt(y, m, d),
            "{file}"
        );
        // The numbered paragraphs of the court's reasoning, [1] to [n], each once and in order
        // before the quoted precedent repeats some of them.
        let reasoning = extracted.text.split("NỘI DUNG ÁN LỆ").next().expect("text");
        let starts: Vec<usize> = reasoning
            .lines()
            .filter_map(|l| l.strip_prefix('[')?.split(']').next()?.parse().ok())
            .collect();
        assert_eq!(starts, (1..=last_paragraph).collect::<Vec<_>>(), "{file}");
        for phrase in [
            "Khái quát nội dung",
            "Giải pháp pháp lý",
            "Tòa án nhân dân tối cao",
        ] {
            assert!(extracted.text.contains(phrase), "{file} lacks {phrase:?}");
        }
    }
}

#[test]
fn the_traffic_law_pdf_reads_as_89_articles_on_all_44_pages() {
    let Some(bytes) = shared_bytes("fixtures/pdf_tdminle/83559_l23qh.pdf") else {
        return;
    };
    let (doc, extracted) = read(&bytes);
    assert_eq!(extracted.pages, Some(44));
    assert_eq!(
        doc.meta.number.as_ref().map(|n| n.to_string()).as_deref(),
        Some("23/2008/QH12")
    );
    assert_eq!(doc.articles().len(), 89);
    assert!(
        extracted
            .text
            .contains("Điều 89. Quy định chi tiết và hướng dẫn thi hành")
    );
}

#[test]
fn content_decides_the_format_not_the_file_name() {
    // A PDF named .txt, a web page named .pdf: the bytes say what they are.
    let pdf = fixture("pdf/decree-two-pages.pdf");
    assert_eq!(extract(&pdf).expect("pdf").format, Format::Pdf);
    let page = "<!DOCTYPE html><html><body><p>Điều 1. Phạm vi</p></body></html>".as_bytes();
    assert_eq!(extract(page).expect("html").format, Format::Html);
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let err = extract(png).expect_err("image");
    assert_eq!(err.code(), "unknown_format");
    assert!(err.to_string().contains("PNG image"));
}

#[test]
fn mislabelled_pages_come_out_as_the_decisions_they_really_are() {
    for (file, number, issuer) in [
        (
            "MISLABELED_ND-13-2023__actually_QD-715-QD-UBND-2023_BinhDinh.html",
            "715/QĐ-UBND",
            "Ủy ban nhân dân tỉnh Bình Định",
        ),
        (
            "MISLABELED_competition-law-2018__actually_QD-2083-QD-UBND-2016_BacLieu.html",
            "2083/QĐ-UBND",
            "Ủy ban nhân dân tỉnh Bạc Liêu",
        ),
    ] {
        let Some(bytes) = shared_bytes(&format!("fixtures/html_thuvienphapluat_Ansvar/{file}"))
        else {
            return;
        };
        let (doc, _) = read(&bytes);
        assert_eq!(
            doc.meta.number.as_ref().map(|n| n.to_string()).as_deref(),
            Some(number)
        );
        assert_eq!(doc.meta.issuer.as_deref(), Some(issuer), "{file}");
    }
}
