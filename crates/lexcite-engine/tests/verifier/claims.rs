//! Claims checked by kind and position, claims about a whole document, the subject after
//! "về", suggestions and invisible characters: one table, one `check` helper.

use lexcite_engine::Access;
use lexcite_engine::verify::{CheckedReference, Status, Verdict, VerifyRequest};

use crate::{engine, verify};

/// One case: a text, its reference, the status it must get, and what else must hold.
struct Case {
    text: &'static str,
    reference: &'static str,
    status: Status,
    /// A word the explanation or the evidence must contain (a suggestion's citation, the
    /// figure the text has instead).
    mentions: Option<&'static str>,
}

const fn case(text: &'static str, reference: &'static str, status: Status) -> Case {
    Case {
        text,
        reference,
        status,
        mentions: None,
    }
}

const fn case_with(
    text: &'static str,
    reference: &'static str,
    status: Status,
    mentions: &'static str,
) -> Case {
    Case {
        text,
        reference,
        status,
        mentions: Some(mentions),
    }
}

fn check(c: &Case) -> CheckedReference {
    let report = verify(c.text);
    let found = report
        .references
        .iter()
        .find(|r| r.text == c.reference)
        .unwrap_or_else(|| {
            panic!(
                "«{}» not found in «{}»: {:?}",
                c.reference, c.text, report.references
            )
        });
    assert_eq!(
        found.status,
        c.status,
        "«{}»: {} — {}",
        c.text,
        found.status.as_str(),
        found.explanation
    );
    if let Some(m) = c.mentions {
        let evidence = serde_json::to_string(&found.evidence).unwrap_or_default();
        assert!(
            found.explanation.contains(m) || evidence.contains(m),
            "«{}» should mention {m:?}: {} {evidence}",
            c.text,
            found.explanation
        );
    }
    found.clone()
}

const FUND: &str = "khoản 1 Điều 22 Luật số 134/2025/QH15";

#[test]
fn each_kind_of_claim_is_checked_the_way_it_must_be() {
    let cases = [
        // A statement quoted or summarised.
        case(
            "Theo khoản 1 Điều 22 Luật số 134/2025/QH15, Quỹ Phát triển trí tuệ nhân tạo quốc gia là quỹ tài chính nhà nước ngoài ngân sách, do Chính phủ thành lập.",
            FUND,
            Status::Verified,
        ),
        // Typed without marks, the same claim is read folded and still found.
        case(
            "Theo khoản 1 Điều 22 Luật số 134/2025/QH15, Quy Phat trien tri tue nhan tao quoc gia la quy tai chinh nha nuoc ngoai ngan sach, do Chinh phu thanh lap.",
            FUND,
            Status::Verified,
        ),
        // Written with marks, words are read with them: "Danh" (mục) is not the "dành" (cho)
        // of Điều 4, whose other words ("công nghệ chiến lược", "tạo") this fragment of
        // another article shares.
        case(
            "Theo Điều 4 Luật số 133/2025/QH15, được tạo ra từ một hoặc nhiều công nghệ thuộc Danh mục công nghệ chiến lược.",
            "Điều 4 Luật số 133/2025/QH15",
            Status::Unsupported,
        ),
        // Figures with their units.
        case(
            "Theo khoản 1 Điều 23 Luật số 91/2025/QH15, bên kiểm soát dữ liệu cá nhân phải thông báo cho cơ quan chuyên trách bảo vệ dữ liệu cá nhân chậm nhất là 72 giờ kể từ khi phát hiện hành vi vi phạm.",
            "khoản 1 Điều 23 Luật số 91/2025/QH15",
            Status::Verified,
        ),
        case_with(
            "Theo khoản 1 Điều 23 Luật số 91/2025/QH15, bên kiểm soát dữ liệu cá nhân phải thông báo cho cơ quan chuyên trách bảo vệ dữ liệu cá nhân chậm nhất là 48 giờ kể từ khi phát hiện hành vi vi phạm.",
            "khoản 1 Điều 23 Luật số 91/2025/QH15",
            Status::ContentMismatch,
            "72 giờ",
        ),
        // Dates and the event they date.
        case(
            "Luật số 134/2025/QH15 có hiệu lực thi hành từ ngày 01/3/2026.",
            "Luật số 134/2025/QH15",
            Status::Verified,
        ),
        case_with(
            "Luật số 134/2025/QH15 có hiệu lực thi hành từ ngày 01/01/2026.",
            "Luật số 134/2025/QH15",
            Status::ContentMismatch,
            "01/03/2026",
        ),
        // An issue date and an entry into force in one sentence, each against its own.
        case(
            "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 được Quốc hội thông qua ngày 26 tháng 6 năm 2025 và có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.",
            "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
            Status::Verified,
        ),
        case_with(
            "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 được Quốc hội thông qua ngày 01 tháng 01 năm 2026 và có hiệu lực thi hành từ ngày 26 tháng 6 năm 2025.",
            "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
            Status::ContentMismatch,
            "26/06/2025",
        ),
        // A wrong issue date before the reference, the subject after "về" right.
        case_with(
            "Ngày 15 tháng 3 năm 2024, Bộ Chính trị ban hành Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.",
            "Nghị quyết 57-NQ/TW",
            Status::ContentMismatch,
            "22/12/2024",
        ),
        case(
            "Ngày 22 tháng 12 năm 2024, Bộ Chính trị ban hành Nghị quyết 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia.",
            "Nghị quyết 57-NQ/TW",
            Status::Verified,
        ),
        // The acting body.
        case_with(
            "Theo khoản 1 Điều 22 Luật số 134/2025/QH15, Quỹ Phát triển trí tuệ nhân tạo quốc gia là quỹ tài chính nhà nước ngoài ngân sách, do Bộ Tài chính thành lập.",
            FUND,
            Status::ContentMismatch,
            "Chính phủ",
        ),
        // Negation and modality.
        case(
            "Theo khoản 1 Điều 22 Luật số 134/2025/QH15, Quỹ Phát triển trí tuệ nhân tạo quốc gia hoạt động vì lợi nhuận.",
            FUND,
            Status::ContentMismatch,
        ),
        case(
            "Theo khoản 1 Điều 13 Luật số 134/2025/QH15, hệ thống trí tuệ nhân tạo có rủi ro cao không bắt buộc đánh giá sự phù hợp trước khi đưa vào sử dụng.",
            "khoản 1 Điều 13 Luật số 134/2025/QH15",
            Status::ContentMismatch,
        ),
        // Denied by a sentence of the clause other than the one closest to the claim; the
        // evidence is that sentence.
        case_with(
            "Theo khoản 3 Điều 13 Nghị định 30/2020/NĐ-CP, người được ký thừa ủy quyền có thể ủy quyền lại cho cấp phó ký nếu được người đứng đầu cơ quan đồng ý bằng văn bản.",
            "khoản 3 Điều 13 Nghị định 30/2020/NĐ-CP",
            Status::ContentMismatch,
            "không được ủy quyền lại",
        ),
        // A negation about another case of the same words is no denial.
        case(
            "Theo khoản 4 Điều 8 Luật Bảo vệ dữ liệu cá nhân, mức phạt tiền tối đa đối với tổ chức vi phạm quy định chuyển dữ liệu cá nhân xuyên biên giới là 5% doanh thu của năm trước liền kề.",
            "khoản 4 Điều 8 Luật Bảo vệ dữ liệu cá nhân",
            Status::Verified,
        ),
        // The members of a list, each in a point of its own, and one the article lacks.
        case(
            "Theo khoản 1 Điều 33 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, lực lượng bảo vệ dữ liệu cá nhân gồm cơ quan chuyên trách thuộc Bộ Công an, bộ phận và nhân sự bảo vệ dữ liệu cá nhân trong cơ quan, tổ chức, tổ chức và cá nhân cung cấp dịch vụ bảo vệ dữ liệu cá nhân, cùng tổ chức, cá nhân được huy động tham gia.",
            "khoản 1 Điều 33 Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
            Status::Verified,
        ),
        case(
            "Theo Điều 7 Luật số 91/2025/QH15, nghiêm cấm các hành vi như mua, bán dữ liệu cá nhân, cản trở hoạt động bảo vệ dữ liệu cá nhân và chiếm đoạt, cố ý làm lộ dữ liệu cá nhân.",
            "Điều 7 Luật số 91/2025/QH15",
            Status::Verified,
        ),
        case_with(
            "Theo Điều 7 Luật số 91/2025/QH15, nghiêm cấm các hành vi như mua, bán dữ liệu cá nhân, cản trở hoạt động bảo vệ dữ liệu cá nhân và quay phim nơi công cộng để huấn luyện trí tuệ nhân tạo.",
            "Điều 7 Luật số 91/2025/QH15",
            Status::Unsupported,
            "quay phim",
        ),
        // A point under "Hành vi bị nghiêm cấm" is a banned act: called banned, it is
        // supported; called allowed, contradicted.
        case(
            "Mua, bán dữ liệu cá nhân là hành vi bị nghiêm cấm, trừ trường hợp luật có quy định khác (khoản 6 Điều 7 Luật Bảo vệ dữ liệu cá nhân).",
            "khoản 6 Điều 7 Luật Bảo vệ dữ liệu cá nhân",
            Status::Verified,
        ),
        case(
            "Theo khoản 6 Điều 7 Luật Bảo vệ dữ liệu cá nhân, tổ chức được phép mua, bán dữ liệu cá nhân.",
            "khoản 6 Điều 7 Luật Bảo vệ dữ liệu cá nhân",
            Status::ContentMismatch,
        ),
        // The subject of "quy định về X" against the unit's heading.
        case(
            "Điều 22 Luật số 134/2025/QH15 quy định về Quỹ Phát triển trí tuệ nhân tạo quốc gia.",
            "Điều 22 Luật số 134/2025/QH15",
            Status::Verified,
        ),
        case_with(
            "Điều 26 Luật số 134/2025/QH15 quy định về Quỹ Phát triển trí tuệ nhân tạo quốc gia.",
            "Điều 26 Luật số 134/2025/QH15",
            Status::Unsupported,
            "Điều 22",
        ),
        // A claim the cited unit does not make at all.
        case(
            "Theo khoản 1 Điều 13 Luật số 134/2025/QH15, Quỹ Phát triển trí tuệ nhân tạo quốc gia được miễn thuế thu nhập doanh nghiệp.",
            "khoản 1 Điều 13 Luật số 134/2025/QH15",
            Status::Unsupported,
        ),
        // A basis claims nothing.
        case(
            "Căn cứ Luật số 134/2025/QH15;",
            "Luật số 134/2025/QH15",
            Status::Verified,
        ),
    ];
    for c in &cases {
        check(c);
    }
}

#[test]
fn a_claim_is_found_wherever_it_stands_in_the_sentence() {
    let cases = [
        // After the reference.
        case(
            "Khoản 1 Điều 22 Luật số 134/2025/QH15 quy định Quỹ Phát triển trí tuệ nhân tạo quốc gia do Chính phủ thành lập.",
            "Khoản 1 Điều 22 Luật số 134/2025/QH15",
            Status::Verified,
        ),
        // Before it.
        case(
            "Quỹ Phát triển trí tuệ nhân tạo quốc gia do Quốc hội thành lập, theo khoản 1 Điều 22 Luật số 134/2025/QH15.",
            FUND,
            Status::ContentMismatch,
        ),
        // A source in parentheses at the end owns the sentence's claim, though a unit is
        // mentioned before it: this sentence is khoản 1 Điều 18's, not khoản 1 Điều 16's.
        case(
            "Cơ quan, tổ chức, cá nhân có hoạt động chuyển dữ liệu cá nhân xuyên biên giới theo quy định tại khoản 1 Điều 20 Luật Bảo vệ dữ liệu cá nhân phải lập hồ sơ đánh giá tác động chuyển dữ liệu cá nhân xuyên biên giới theo quy định tại Điều này (theo khoản 1 Điều 16 Nghị định số 356/2025/NĐ-CP).",
            "khoản 1 Điều 16 Nghị định số 356/2025/NĐ-CP",
            Status::Unsupported,
        ),
        // A wrong date before the reference.
        case(
            "Từ ngày 01/01/2027, Luật số 134/2025/QH15 có hiệu lực thi hành.",
            "Luật số 134/2025/QH15",
            Status::ContentMismatch,
        ),
    ];
    for c in &cases {
        check(c);
    }
    // Two references, two claims: the first true, the second not.
    let text = "Theo khoản 1 Điều 22 Luật số 134/2025/QH15, Quỹ Phát triển trí tuệ nhân tạo quốc gia do Chính phủ thành lập, còn theo khoản 1 Điều 23 Luật số 91/2025/QH15, bên kiểm soát dữ liệu cá nhân phải thông báo vi phạm chậm nhất là 24 giờ.";
    check(&case(text, FUND, Status::Verified));
    check(&case(
        text,
        "khoản 1 Điều 23 Luật số 91/2025/QH15",
        Status::ContentMismatch,
    ));
}

#[test]
fn claims_about_a_whole_document_are_found_in_it() {
    let r = check(&case(
        "Luật số 134/2025/QH15 quy định Quỹ Phát triển trí tuệ nhân tạo quốc gia là quỹ tài chính nhà nước ngoài ngân sách, hoạt động không vì lợi nhuận.",
        "Luật số 134/2025/QH15",
        Status::Verified,
    ));
    let e = r.evidence.expect("evidence");
    assert_eq!(e.verdict, Verdict::Supported);
    assert!(e.citation.contains("Điều 22"), "found at {}", e.citation);
    // The subject after "về" is another document's.
    let r = verify(
        "Luật số 134/2025/QH15 về bảo vệ dữ liệu cá nhân quy định các hành vi bị nghiêm cấm.",
    );
    let first = r.references.first().expect("a reference");
    assert_ne!(first.status, Status::Verified, "{}", first.explanation);
    // A claim the document does not make anywhere.
    let r = verify(
        "Luật số 134/2025/QH15 quy định mức phạt tiền tối đa 500 triệu đồng đối với hành vi tiết lộ bí mật nhà nước.",
    );
    let first = r.references.first().expect("a reference");
    assert!(
        matches!(first.status, Status::Unsupported | Status::ContentMismatch),
        "{} {}",
        first.status.as_str(),
        first.explanation
    );
    // A figure said of a whole document is its content, whatever the verb ("đặt mục tiêu",
    // "thành lập"): checked, never passed as a mere mention.
    for text in [
        "Luật Trí tuệ nhân tạo số 134/2025/QH15 đặt mục tiêu đến năm 2030 đào tạo được 50.000 kỹ sư trí tuệ nhân tạo.",
        "Nghị quyết 57-NQ/TW thành lập Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số do Thủ tướng Chính phủ làm Trưởng Ban.",
    ] {
        let r = verify(text);
        let first = r.references.first().expect("a reference");
        assert_ne!(
            first.status,
            Status::Verified,
            "{text}: {}",
            first.explanation
        );
    }
    // Figures the document states in two places are not contradicted by either alone.
    let r = verify(
        "Nghị quyết số 57-NQ/TW đặt mục tiêu kinh phí chi cho nghiên cứu phát triển đạt 2% GDP và quy mô kinh tế số đạt tối thiểu 30% GDP.",
    );
    let first = r.references.first().expect("a reference");
    assert_ne!(
        first.status,
        Status::ContentMismatch,
        "{}",
        first.explanation
    );
}

#[test]
fn each_figure_of_a_clause_is_found_in_the_point_that_says_it() {
    let text = |span: &str| {
        format!(
            "Theo khoản 2 Điều 30 Nghị định số 30/2020/NĐ-CP, hồ sơ, tài liệu xây dựng cơ bản phải nộp lưu vào Lưu trữ cơ quan trong thời hạn 03 tháng kể từ ngày công trình được quyết toán, còn các hồ sơ, tài liệu khác trong thời hạn {span} kể từ ngày công việc kết thúc."
        )
    };
    for (span, verified) in [("01 năm", true), ("02 năm", false)] {
        let r = verify(&text(span));
        let first = r.references.first().expect("a reference");
        assert_eq!(
            first.status == Status::Verified,
            verified,
            "{span}: {} {}",
            first.status.as_str(),
            first.explanation
        );
    }
}

#[test]
fn an_issuer_named_after_the_date_is_checked() {
    for (text, status) in [
        (
            "Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Bộ Công an quy định về bảo vệ dữ liệu cá nhân.",
            Status::MetadataMismatch,
        ),
        (
            "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Bộ trưởng Bộ Nội vụ quy định về công tác văn thư.",
            Status::MetadataMismatch,
        ),
        (
            "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ quy định về công tác văn thư.",
            Status::Verified,
        ),
    ] {
        let r = verify(text);
        let first = r.references.first().expect("a reference");
        assert_eq!(first.status, status, "{text}: {}", first.explanation);
    }
}

#[test]
fn suggestions_name_the_unit_that_says_it_and_change_no_status() {
    check(&case_with(
        "Theo Điều 26 Luật số 134/2025/QH15, Quỹ Phát triển trí tuệ nhân tạo quốc gia là quỹ tài chính nhà nước ngoài ngân sách, hoạt động không vì lợi nhuận.",
        "Điều 26 Luật số 134/2025/QH15",
        Status::Unsupported,
        "Điều 22",
    ));
    check(&case_with(
        "Theo Điều 40 Luật số 134/2025/QH15, Quỹ Phát triển trí tuệ nhân tạo quốc gia là quỹ tài chính nhà nước ngoài ngân sách, hoạt động không vì lợi nhuận.",
        "Điều 40 Luật số 134/2025/QH15",
        Status::UnitNotFound,
        "Điều 22",
    ));
}

#[test]
fn invisible_characters_and_line_breaks_never_split_a_reference() {
    for c in [
        '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}',
        '\u{202C}', '\u{202D}', '\u{202E}', '\u{2060}', '\u{FEFF}', '\u{AD}', '\u{0}', '\n',
    ] {
        let text = format!("Theo Điều 99{c} Luật số 91/2025/QH15, dữ liệu phải được mã hóa.");
        let report = verify(&text);
        assert_eq!(report.references.len(), 1, "{c:?}: {:?}", report.references);
        let r = &report.references[0];
        assert_eq!(r.status, Status::UnitNotFound, "{c:?}: {}", r.explanation);
        let chars: Vec<char> = text.chars().collect();
        let shown: String = chars[r.start..r.end].iter().collect();
        assert_eq!(shown, r.text, "{c:?}");
        assert!(
            r.text.starts_with("Điều 99") && r.text.ends_with("91/2025/QH15"),
            "{c:?}: {}",
            r.text
        );
    }
}

#[test]
fn a_long_text_is_judged_window_by_window_with_what_came_before() {
    // Over 64 KB: the last references name no document and take the one named at the top;
    // the invisible characters in between shift every offset after them.
    let mut text = String::from(
        "Căn cứ Luật Trí tuệ nhân tạo số 134/2025/QH15, đơn vị rà soát các hệ thống.\n",
    );
    for _ in 0..1_500 {
        text.push_str("Đơn vị tổ chức rà soát\u{200B} định kỳ các hệ thống thông tin.\n");
    }
    assert!(text.len() > 100_000);
    text.push_str("Điều 26 của Luật này quy định về khung đạo đức trí tuệ nhân tạo quốc gia. ");
    text.push_str("Điều 99 của Luật này quy định về thuế.\n");
    let report = verify(&text);
    let statuses: Vec<Status> = report.references.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [Status::Verified, Status::Verified, Status::UnitNotFound],
        "{:?}",
        report.references
    );
    let chars: Vec<char> = text.chars().collect();
    for r in &report.references[1..] {
        assert!(r.document_from_context, "{}", r.explanation);
        let shown: String = chars[r.start..r.end].iter().collect();
        assert_eq!(shown, r.text);
    }
    assert_eq!(report.summary.total, 3);
    // Handed on one by one, the same references; the caller may stop after the first.
    let req = VerifyRequest {
        text: text.clone(),
        check_content: true,
        as_of: None,
    };
    let mut seen = Vec::new();
    let summary = engine()
        .verify_each(&req, Access::ALL, &mut |r| {
            seen.push(r);
            std::ops::ControlFlow::Continue(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((seen, summary), (report.references, report.summary));
    let mut first = 0;
    let summary = engine()
        .verify_each(&req, Access::ALL, &mut |_| {
            first += 1;
            std::ops::ControlFlow::Break(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((first, summary.total), (1, 1));
}
