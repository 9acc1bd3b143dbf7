//! Document numbers as people write them → one canonical form.

use lexcite_core::{DocNumber, DocType, NumberError};

/// `input` parses to `canonical`, with that type (if the symbol names one) and issuer codes.
fn check(input: &str, canonical: &str, doc_type: Option<DocType>, issuer: &[&str]) {
    let n = DocNumber::parse(input).unwrap_or_else(|e| panic!("{input:?} should parse: {e}"));
    assert_eq!(n.to_string(), canonical, "canonical form of {input:?}");
    assert_eq!(n.doc_type(), doc_type, "type of {input:?}");
    assert_eq!(n.issuer_codes(), issuer, "issuer of {input:?}");
    let again = DocNumber::parse(canonical).expect("canonical form parses");
    assert_eq!(again, n, "{canonical:?} round-trips");
}

#[test]
fn real_forms_parse_to_the_canonical_number() {
    use DocType::*;
    let table: &[(&str, &str, Option<DocType>, &[&str])] = &[
        ("57-NQ/TW", "57-NQ/TW", Some(Resolution), &["TW"]),
        ("57/NQ-TW", "57-NQ/TW", Some(Resolution), &["TW"]),
        ("57 - NQ/TW", "57-NQ/TW", Some(Resolution), &["TW"]),
        ("57–NQ/TW", "57-NQ/TW", Some(Resolution), &["TW"]),
        ("57-nq/tw", "57-NQ/TW", Some(Resolution), &["TW"]),
        ("Số 57-NQ/TW", "57-NQ/TW", Some(Resolution), &["TW"]),
        ("69-KL/TW", "69-KL/TW", Some(Conclusion), &["TW"]),
        ("36-CT/TW", "36-CT/TW", Some(Directive), &["TW"]),
        ("20-NQ/TU", "20-NQ/TU", Some(Resolution), &["TU"]),
        ("71/NQ-CP", "71/NQ-CP", Some(Resolution), &["CP"]),
        ("71-NQ-CP", "71/NQ-CP", Some(Resolution), &["CP"]),
        ("03/NQ-CP", "03/NQ-CP", Some(Resolution), &["CP"]),
        ("Số: 03/NQ-CP", "03/NQ-CP", Some(Resolution), &["CP"]),
        ("13/2023/NĐ-CP", "13/2023/NĐ-CP", Some(Decree), &["CP"]),
        ("13/2023/nđ-cp", "13/2023/NĐ-CP", Some(Decree), &["CP"]),
        ("13/2023/ND-CP", "13/2023/NĐ-CP", Some(Decree), &["CP"]),
        (
            "13 / 2023 / NĐ – CP",
            "13/2023/NĐ-CP",
            Some(Decree),
            &["CP"],
        ),
        ("13-2023-NĐ-CP", "13/2023/NĐ-CP", Some(Decree), &["CP"]),
        ("13/2023/N\u{d0}-CP", "13/2023/NĐ-CP", Some(Decree), &["CP"]),
        ("356/2025/NĐ-CP", "356/2025/NĐ-CP", Some(Decree), &["CP"]),
        ("91/2025/QH15", "91/2025/QH15", None, &["QH15"]),
        ("91/2025/qh15", "91/2025/QH15", None, &["QH15"]),
        ("24/2018/QH14", "24/2018/QH14", None, &["QH14"]),
        ("Luật số: 134/2025/QH15", "134/2025/QH15", None, &["QH15"]),
        (
            "18/2012/TTLT-BTC-BTTTT",
            "18/2012/TTLT-BTC-BTTTT",
            Some(JointCircular),
            &["BTC", "BTTTT"],
        ),
        ("749/QĐ-TTg", "749/QĐ-TTg", Some(Decision), &["TTg"]),
        ("749/QD-TTG", "749/QĐ-TTg", Some(Decision), &["TTg"]),
        ("02/CT-TTg", "02/CT-TTg", Some(Directive), &["TTg"]),
        (
            "01/2019/NQ-HĐTP",
            "01/2019/NQ-HĐTP",
            Some(Resolution),
            &["HĐTP"],
        ),
        (
            "08/2017/TT-BGDĐT",
            "08/2017/TT-BGDĐT",
            Some(Circular),
            &["BGDĐT"],
        ),
        (
            "08/2017/TT-BGDDT",
            "08/2017/TT-BGDĐT",
            Some(Circular),
            &["BGDĐT"],
        ),
        ("94/2025/L-CTN", "94/2025/L-CTN", Some(Order), &["CTN"]),
        (
            "333/2017/UBTVQH14",
            "333/2017/UBTVQH14",
            None,
            &["UBTVQH14"],
        ),
        (
            "1912/NQ-UBTVQH15",
            "1912/NQ-UBTVQH15",
            Some(Resolution),
            &["UBTVQH15"],
        ),
        (
            "05/VBHN-VPQH",
            "05/VBHN-VPQH",
            Some(ConsolidatedText),
            &["VPQH"],
        ),
        ("1456/QĐ-UBND", "1456/QĐ-UBND", Some(Decision), &["UBND"]),
        (
            "20574/QĐ-CT-THNVDT",
            "20574/QĐ-CT-THNVDT",
            Some(Decision),
            &["CT", "THNVDT"],
        ),
        (
            "66.20/2026/NQ-CP",
            "66.20/2026/NQ-CP",
            Some(Resolution),
            &["CP"],
        ),
        (
            "08a/2024/TT-BTC",
            "08a/2024/TT-BTC",
            Some(Circular),
            &["BTC"],
        ),
    ];
    for &(input, canonical, doc_type, issuer) in table {
        check(input, canonical, doc_type, issuer);
    }
    assert!(table.len() > 30);
}

#[test]
fn a_proposal_number_keeps_its_mixed_case_code() {
    let n = DocNumber::parse("04/ttr-bkhcn-btttt").expect("parses");
    assert_eq!(n.to_string(), "04/TTr-BKHCN-BTTTT");
}

#[test]
fn equal_numbers_ignore_leading_zeros_and_spelling() {
    let a = DocNumber::parse("03/NQ-CP").expect("parses");
    let b = DocNumber::parse("3/nq-cp").expect("parses");
    assert_eq!(a, b);
    assert_eq!(a.key(), "3/NQ-CP");
    let c = DocNumber::parse("13/2023/NĐ-CP").expect("parses");
    let d = DocNumber::parse("13/2023/ND-CP").expect("parses");
    assert_eq!(c.key(), d.key());
    assert_eq!(c.slug(), "13-2023-nd-cp");
    assert_ne!(
        DocNumber::parse("71/NQ-CP").expect("parses"),
        DocNumber::parse("71/2025/QH15").expect("parses")
    );
}

#[test]
fn malformed_numbers_are_rejected_with_the_reason() {
    let cases: &[(&str, NumberError)] = &[
        ("", NumberError::Empty),
        ("   ", NumberError::Empty),
        ("NQ/TW", NumberError::NoSerial("NQ/TW".into())),
        ("57", NumberError::NoSymbol("57".into())),
        ("57/2024", NumberError::NoSymbol("57/2024".into())),
        (
            "13/1800/NĐ-CP",
            NumberError::BadYear("13/1800/NĐ-CP".into(), 1800),
        ),
        (
            "13/2023/NĐ#CP",
            NumberError::BadChar("13/2023/NĐ#CP".into(), '#'),
        ),
    ];
    for (input, expect) in cases {
        assert_eq!(DocNumber::parse(input).as_ref(), Err(expect), "{input:?}");
    }
}

#[test]
fn numbers_serialise_as_their_canonical_string() {
    let n: DocNumber = serde_json::from_str("\"13/2023/nd-cp\"").expect("deserialises");
    assert_eq!(
        serde_json::to_string(&n).expect("serialises"),
        "\"13/2023/NĐ-CP\""
    );
    assert!(serde_json::from_str::<DocNumber>("\"not a number\"").is_err());
}

/// Every number of the Công báo registry in ../shared parses and keeps its identity when
/// printed and parsed again (extra: skipped where ../shared is not beside the checkout).
#[test]
fn every_number_of_the_cong_bao_registry_round_trips() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/datasets/congbao-registry.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let records: Vec<serde_json::Value> = serde_json::from_str(&text).expect("registry is JSON");
    assert!(records.len() > 3000);
    for r in &records {
        let written = r["number"].as_str().expect("number is a string");
        let n = DocNumber::parse(written).unwrap_or_else(|e| panic!("{written:?}: {e}"));
        let again = DocNumber::parse(&n.to_string()).expect("canonical form parses");
        assert_eq!(n.key(), again.key(), "{written:?} → {n}");
        if let (Some(year), Some(issued)) = (n.year(), r["issued"].as_str()) {
            // A number's year is the year of issue, give or take a year-end signature.
            let issued_year: u16 = issued[6..].parse().expect("dd/mm/yyyy");
            assert!(
                issued_year.abs_diff(year) <= 1,
                "{written:?} issued {issued}"
            );
        }
    }
}
