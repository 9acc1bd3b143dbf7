//! Identity read from a document's own header and closing, with no manifest to help.

use chrono::NaiveDate;
use lexcite_core::{DocType, DocumentMeta};

fn identity(file: &str) -> DocumentMeta {
    crate::parse_alone(file).meta
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn a_decree_header_gives_number_issuer_place_date_title_signer() {
    let m = identity("ND-356-2025-ND-CP_huong-dan-Luat-BVDLCN.txt");
    assert_eq!(
        m.number.map(|n| n.to_string()).as_deref(),
        Some("356/2025/NĐ-CP")
    );
    assert_eq!(m.doc_type, Some(DocType::Decree));
    assert_eq!(m.issuer.as_deref(), Some("Chính phủ"));
    assert_eq!(m.place.as_deref(), Some("Hà Nội"));
    assert_eq!(m.issued, date(2025, 12, 31));
    assert_eq!(
        m.title.as_deref(),
        Some("Quy định chi tiết một số điều và biện pháp thi hành Luật Bảo vệ dữ liệu cá nhân")
    );
    assert_eq!(m.signer.as_deref(), Some("Nguyễn Hòa Bình"));
    assert_eq!(m.effective, date(2026, 1, 1));
}

#[test]
fn a_glued_law_header_still_gives_its_number_and_the_passing_date() {
    let m = identity("Luat-Bao-ve-du-lieu-ca-nhan_91-2025-QH15.txt");
    assert_eq!(
        m.number.map(|n| n.to_string()).as_deref(),
        Some("91/2025/QH15")
    );
    assert_eq!(m.doc_type, Some(DocType::Law));
    assert_eq!(m.title.as_deref(), Some("Bảo vệ dữ liệu cá nhân"));
    assert_eq!(m.issuer.as_deref(), Some("Quốc hội"));
    assert_eq!(
        m.issued,
        date(2025, 6, 26),
        "from 'thông qua ngày 26 tháng 6 năm 2025'"
    );
    assert_eq!(m.signer.as_deref(), Some("Trần Thanh Mẫn"));
    assert_eq!(m.effective, date(2026, 1, 1));
}

#[test]
fn a_resolution_that_takes_effect_on_signing_gets_its_issue_date() {
    let m = identity("03-NQ-CP_2025-01-09_ChinhPhu_CTHD-NQ57.txt");
    assert_eq!(m.number.map(|n| n.to_string()).as_deref(), Some("03/NQ-CP"));
    assert_eq!(m.doc_type, Some(DocType::Resolution));
    assert_eq!(m.issued, date(2025, 1, 9));
    assert_eq!(m.effective, m.issued);
    assert!(
        m.title
            .is_some_and(|t| t.starts_with("Ban hành Chương trình hành động"))
    );
}

#[test]
fn a_copy_without_header_claims_no_identity() {
    let m = identity("57-NQ-TW_2024-12-22_BoChinhTri.txt");
    assert_eq!(m.number, None);
    assert_eq!(m.issued, None);
}
