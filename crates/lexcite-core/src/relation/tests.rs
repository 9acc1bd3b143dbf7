//! The relation reader on phrases: what must be read, and what must not.
use super::*;
use crate::{DocumentMeta, parse};

fn read(text: &str) -> Vec<Relation> {
    let doc = parse(text, &DocumentMeta::default()).expect("parses");
    relations(&doc)
}

fn summary(r: &Relation) -> String {
    let number = r.document.number.as_ref().map(ToString::to_string);
    let name = r.document.name.clone();
    format!(
        "{:?} {} {}",
        r.kind,
        number.or(name).unwrap_or_default(),
        r.units.join(",")
    )
}

#[test]
fn relation_phrases() {
    let law = |body: &str| {
        format!(
            "QUỐC HỘI\nLuật số 1/2026/QH15\nLUẬT\nTHỬ NGHIỆM\n\nĐiều 1. Phạm vi\n\nLuật này quy định việc thử nghiệm.\n\nĐiều 2. Hiệu lực thi hành\n\n{body}\n"
        )
    };
    let cases: &[(&str, &[&str])] = &[
        (
            "Bãi bỏ khoản 9 Điều 3 và Chương IV của Luật Công nghiệp công nghệ số số 71/2025/QH15.",
            &[
                "Repeals 71/2025/QH15 khoản 9 Điều 3",
                "Repeals 71/2025/QH15 Chương IV",
            ],
        ),
        (
            "Nghị định số 13/2023/NĐ-CP ngày 17 tháng 4 năm 2023 của Chính phủ hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.",
            &["Ends 13/2023/NĐ-CP "],
        ),
        (
            "Sửa đổi khoản 2 Điều 16 của Nghị định số 165/2025/NĐ-CP như sau: “2. Việc bảo vệ dữ liệu cốt lõi thực hiện theo Luật này.”",
            &["Amends 165/2025/NĐ-CP khoản 2 Điều 16"],
        ),
        (
            "Bổ sung khoản 17 vào sau khoản 16 Điều 4 của Luật Thuế thu nhập cá nhân số 04/2007/QH12 như sau: “17. Thu nhập từ tiền lương.”",
            &["Amends 04/2007/QH12 khoản 17 Điều 4"],
        ),
        (
            "Bổ sung khoản 17, khoản 18 vào sau khoản 16 Điều 4 của Luật Thuế thu nhập cá nhân số 04/2007/QH12 như sau: “17. A. 18. B.”",
            &[
                "Amends 04/2007/QH12 khoản 17 Điều 4",
                "Amends 04/2007/QH12 khoản 18 Điều 4",
            ],
        ),
        (
            "Sửa đổi cụm từ “cơ quan nhà nước” thành “cơ quan có thẩm quyền” tại Điều 5 của Luật Thuế thu nhập cá nhân số 04/2007/QH12.",
            &["Amends 04/2007/QH12 Điều 5"],
        ),
        // An order on a law that goes on in the points below it: each point's units are
        // the law's; its name, cut by commas, goes on to its number.
        (
            "1. Sửa đổi, bổ sung một số điều của Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15 như sau:\na) Sửa đổi, bổ sung khoản 1 Điều 67 như sau:\n“1. Sản phẩm được ưu tiên.”;\nb) Bãi bỏ khoản 1 Điều 71.\n2. Bãi bỏ Điều 9.",
            &[
                "Amends 93/2025/QH15 ",
                "Amends 93/2025/QH15 khoản 1 Điều 67",
                "Repeals 93/2025/QH15 khoản 1 Điều 71",
            ],
        ),
        (
            "Thay thế Điều 5 của Luật Thuế thu nhập cá nhân số 04/2007/QH12 như sau: “Điều 5. Thu nhập.”",
            &["Replaces 04/2007/QH12 Điều 5"],
        ),
        (
            "Thông tư này hướng dẫn thi hành Nghị định số 13/2023/NĐ-CP.",
            &["Guides 13/2023/NĐ-CP "],
        ),
        // Rules and descriptions, not relations.
        (
            "Văn bản quy phạm pháp luật phải được sửa đổi, thay thế bằng văn bản khác khi không còn phù hợp.",
            &[],
        ),
        ("Việc sửa đổi Luật này do Quốc hội quyết định.", &[]),
        // Units with an entry into force of their own; the document's own date is the
        // manifest's business.
        (
            "Các điều 11, 28 và 29 của Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025.",
            &["EntersIntoForce  Điều 11,Điều 28,Điều 29"],
        ),
        (
            "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026, trừ trường hợp quy định tại khoản 2 Điều này.",
            &[],
        ),
        (
            "Luật này có hiệu lực thi hành kể từ ngày Luật Đất đai số 31/2024/QH15 có hiệu lực thi hành.",
            &["EntersIntoForce  "],
        ),
        // What a document details and what it stands on.
        (
            "Nghị định này quy định chi tiết khoản 2, khoản 3 Điều 2; khoản 5 Điều 4 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15.",
            &[
                "Guides 91/2025/QH15 khoản 2 Điều 2",
                "Guides 91/2025/QH15 khoản 3 Điều 2",
                "Guides 91/2025/QH15 khoản 5 Điều 4",
            ],
        ),
        ("Chính phủ quy định chi tiết Điều này.", &[]),
        (
            "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;",
            &["BasedOn 63/2025/QH15 "],
        ),
        (
            "Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Đấu thầu số 22/2023/QH15;",
            &[],
        ),
        // The laws that amended the ending one do not end with it.
        (
            "Luật Công nghệ cao số 21/2008/QH12 được sửa đổi, bổ sung một số điều theo Luật số 32/2013/QH13 và Luật số 71/2025/QH15 (sau đây gọi là Luật Công nghệ cao số 21/2008/QH12) hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.",
            &["Ends 21/2008/QH12 "],
        ),
        ("Bãi bỏ các quy định trái với Luật này.", &[]),
    ];
    for (body, want) in cases {
        let got: Vec<String> = read(&law(body)).iter().map(summary).collect();
        assert_eq!(&got, want, "{body}");
    }
    let amended = read(&law(cases[2].0));
    assert_eq!(
        amended[0].wording.as_deref(),
        Some("2. Việc bảo vệ dữ liệu cốt lõi thực hiện theo Luật này.")
    );
    let phrase = read(&law(cases[5].0));
    assert_eq!(phrase[0].wording.as_deref(), Some("cơ quan có thẩm quyền"));
    let dated = read(&law(
        "Nghị định số 13/2023/NĐ-CP hết hiệu lực từ ngày 01 tháng 01 năm 2026.",
    ));
    assert_eq!(
        dated[0].effective,
        Effective::On(NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"))
    );
    assert_eq!(amended[0].effective, Effective::WithThisDocument);
    // Offsets found ignoring case stay on the text's own char boundaries.
    assert_eq!(
        find_ignoring_case("İİ HẾT HIỆU LỰC", "hết hiệu lực"),
        Some(5)
    );
    assert_eq!(
        find_ignoring_case("Đã HẾT HIỆU LỰC từ", "hết hiệu lực"),
        Some(5)
    );
}
