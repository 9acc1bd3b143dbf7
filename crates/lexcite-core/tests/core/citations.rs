//! Citation strings and unit ids, in Vietnamese order, for both families of documents.

use lexcite_core::{DocNumber, DocType, DocumentMeta, parse};

fn meta(number: &str, doc_type: DocType, title: Option<&str>, issued: &str) -> DocumentMeta {
    DocumentMeta {
        number: Some(DocNumber::parse(number).expect("valid number")),
        doc_type: Some(doc_type),
        title: title.map(str::to_string),
        issued: lexcite_core::date::parse_date(issued),
        ..DocumentMeta::default()
    }
}

const LAW: &str = "\
Chương I
QUY ĐỊNH CHUNG

Điều 8. Chính sách của Nhà nước
Nhà nước có chính sách sau đây:

Điều 9. Nguyên tắc
1. Hoạt động phải bảo đảm các nguyên tắc sau:
a) Lấy con người làm trung tâm;
b) Bảo đảm an toàn.
2. Tổ chức, cá nhân chịu trách nhiệm.

Chương II
PHÁT TRIỂN

Mục 1
HẠ TẦNG

Điều 10. Hạ tầng
Nội dung.
";

const RESOLUTION: &str = "\
Lời mở đầu của nghị quyết.

I- QUAN ĐIỂM CHỈ ĐẠO

1. Quan điểm thứ nhất.

II- MỤC TIÊU

1. Đến năm 2030

- Kinh phí chi cho nghiên cứu phát triển đạt 2% GDP.

- Hạ tầng số hiện đại.

2. Tầm nhìn đến năm 2045

Nghị quyết này phổ biến đến chi bộ.
";

/// Looks up a unit by the tail of its id and checks its citation.
fn check(doc: &lexcite_core::Document, id_tail: &str, citation: &str) {
    let id = format!("{}:{id_tail}", doc.id);
    let unit = doc.unit(&id).unwrap_or_else(|| {
        panic!(
            "no unit {id}; have {:?}",
            doc.walk().map(|u| &u.id).collect::<Vec<_>>()
        )
    });
    assert_eq!(unit.citation, citation, "citation of {id}");
}

#[test]
fn statute_citations_read_from_the_smallest_unit_up() {
    let doc = parse(
        LAW,
        &meta(
            "134/2025/QH15",
            DocType::Law,
            Some("Trí tuệ nhân tạo"),
            "10/12/2025",
        ),
    )
    .expect("parses");
    assert_eq!(doc.id, "134-2025-qh15_20251210");
    let name = "Luật Trí tuệ nhân tạo số 134/2025/QH15";
    check(
        &doc,
        "art9.cl1.pta",
        &format!("điểm a khoản 1 Điều 9 {name}"),
    );
    check(&doc, "art9.cl1", &format!("khoản 1 Điều 9 {name}"));
    check(&doc, "art9", &format!("Điều 9 {name}"));
    check(&doc, "art10", &format!("Điều 10 {name}"));
    check(&doc, "ch2", &format!("Chương II {name}"));
    check(&doc, "ch2.sec1", &format!("Mục 1 Chương II {name}"));
}

#[test]
fn decrees_are_cited_by_number() {
    let doc = parse(
        "Điều 1. Phạm vi\n1. Nội dung.\n",
        &meta(
            "13/2023/NĐ-CP",
            DocType::Decree,
            Some("về bảo vệ dữ liệu cá nhân"),
            "17/04/2023",
        ),
    )
    .expect("parses");
    check(
        &doc,
        "art1.cl1",
        "khoản 1 Điều 1 Nghị định số 13/2023/NĐ-CP",
    );
}

#[test]
fn party_resolution_citations_use_sections_items_and_bullets() {
    let doc = parse(
        RESOLUTION,
        &meta("57-NQ/TW", DocType::Resolution, None, "22/12/2024"),
    )
    .expect("parses");
    let name = "Nghị quyết số 57-NQ/TW";
    check(&doc, "sec2", &format!("Mục II {name}"));
    check(&doc, "sec2.it1", &format!("tiểu mục 1 Mục II {name}"));
    check(
        &doc,
        "sec2.it1.b1",
        &format!("gạch đầu dòng thứ 1 tiểu mục 1 Mục II {name}"),
    );
    check(&doc, "preamble", &format!("phần mở đầu {name}"));
    check(&doc, "closing", &format!("phần kết {name}"));
}

const WITH_PROGRAMME: &str = "\
Điều 1. Ban hành kèm theo Nghị quyết này Chương trình hành động của Chính phủ.

Điều 2. Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành.

TM. CHÍNH PHỦ
Nguyễn Văn A

CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ
(Kèm theo Nghị quyết số 03/NQ-CP)

I. MỤC TIÊU

1. Mục tiêu thứ nhất.

II. NHIỆM VỤ CỤ THỂ

1. Nâng cao nhận thức.

a) Xây dựng chương trình tuyên truyền.

PHỤ LỤC I
DANH MỤC CÁC CHỈ TIÊU

| TT | Chỉ tiêu | Đơn vị |
| --- | --- | --- |
| 1 | Quy mô kinh tế số | % GDP |
";

#[test]
fn an_attached_programme_is_cited_through_the_resolution() {
    let doc = parse(
        WITH_PROGRAMME,
        &meta("03/NQ-CP", DocType::Resolution, None, "09/01/2025"),
    )
    .expect("parses");
    let name = "Nghị quyết số 03/NQ-CP";
    check(&doc, "art2", &format!("Điều 2 {name}"));
    check(
        &doc,
        "att1",
        &format!("Chương trình ban hành kèm theo {name}"),
    );
    check(
        &doc,
        "att1.sec2",
        &format!("Mục II Chương trình ban hành kèm theo {name}"),
    );
    check(
        &doc,
        "att1.sec2.it1.pta",
        &format!("điểm a tiểu mục 1 Mục II Chương trình ban hành kèm theo {name}"),
    );
    check(&doc, "app1", &format!("Phụ lục I {name}"));
    check(&doc, "app1.row1", &format!("STT 1 Phụ lục I {name}"));
    assert_eq!(doc.meta.signer.as_deref(), Some("Nguyễn Văn A"));
}
