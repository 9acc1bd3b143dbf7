//! The same document read from another format gives the same units.

use std::path::PathBuf;

use lexcite_core::{Document, DocumentMeta, normalize::match_key, parse};

fn shared(path: &str) -> Option<String> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(path);
    match std::fs::read_to_string(&p) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("skipped: {} not found", p.display());
            None
        }
    }
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
