//! What a quote must hold for a question: the numbers it states, the kind of figure it asks
//! for, and that figure said of the subject asked about.

use super::*;

#[test]
fn a_figure_must_be_said_of_what_the_question_asks_about() {
    let mut even = |_: &str| 1.0;
    let q = Needs::of("Sổ đăng ký văn bản đến phải được lưu giữ trong thời hạn bao nhiêu năm?");
    // The right kind of figure, said of other records.
    assert!(!q.said_of(
        "Thời hạn giữ lại hồ sơ, tài liệu của đơn vị, cá nhân không quá 02 năm kể từ ngày đến hạn nộp lưu.",
        "",
        &mut even
    ));
    assert!(q.said_of(
        "Sổ đăng ký văn bản đến được lưu giữ trong thời hạn 05 năm.",
        "",
        &mut even
    ));
    // The subject may stand in the headings above the quote.
    assert!(q.said_of(
        "Được lưu giữ trong thời hạn 05 năm kể từ ngày đóng sổ.",
        "Điều 9. Sổ đăng ký văn bản đến",
        &mut even
    ));
    // Each clause on its own: the figure of the second is not said of the first's subject.
    assert!(!q.said_of(
        "Sổ đăng ký văn bản đến được đóng sổ hằng năm; hồ sơ, tài liệu của đơn vị, cá nhân được giữ lại không quá 02 năm.",
        "",
        &mut even
    ));
    // A lead-in says of what in its list.
    let q =
        Needs::of("Khi công ty bị giải thể thì phải cập nhật hồ sơ đã nộp trong bao nhiêu ngày?");
    assert!(q.said_of(
        "Các trường hợp thay đổi cần cập nhật ngay trong thời hạn 10 ngày bao gồm:\na) Khi công ty bị giải thể, phá sản;\nb) Khi thay đổi người đại diện.",
        "",
        &mut even
    ));
    // A question that asks for no figure asks nothing of the sort.
    let q = Needs::of("Cơ quan nào quản lý nhà nước về văn thư?");
    assert!(q.said_of("Bộ Nội vụ quản lý nhà nước về văn thư.", "", &mut even));
}

#[test]
fn an_answer_must_hold_the_numbers_and_the_kind_of_figure_asked_for() {
    let none = "";
    // The 2030 target does not answer a question on 2045.
    let q = Needs::of("Đến năm 2045, chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP?");
    assert!(!q.met_by(
        none,
        "Đến năm 2030, chi cho nghiên cứu phát triển đạt 2% GDP."
    ));
    assert!(q.met_by(
        none,
        "Đến năm 2045, chi cho nghiên cứu phát triển đạt 3% GDP."
    ));
    assert!(!q.met_by(none, "Đến năm 2045, nghiên cứu phát triển được chú trọng."));
    // A fee asks for money, not the appraisal's time limit.
    let q = Needs::of("Lệ phí thẩm định hồ sơ cấp giấy chứng nhận là bao nhiêu?");
    assert!(!q.met_by(none, "Thời hạn thẩm định hồ sơ là 15 ngày làm việc."));
    assert!(q.met_by(none, "Lệ phí thẩm định hồ sơ là 1.500.000 đồng."));
    let q = Needs::of("Bị xử phạt tiền ở mức nào?");
    assert!(!q.met_by(none, "Bị xử phạt theo quy định của pháp luật."));
    // A length of time, in digits or in words.
    let q = Needs::of("Thời hạn thông báo cho cơ quan công an là bao lâu?");
    assert!(q.met_by(none, "Thông báo trong thời hạn không quá 72 giờ."));
    assert!(q.met_by(none, "Thông báo trong vòng hai ngày."));
    assert!(!q.met_by(none, "Phải thông báo ngay cho cơ quan công an."));
    // A count of what the question counts.
    let q = Needs::of("Hội đồng gồm bao nhiêu thành viên?");
    assert!(q.met_by(none, "Hội đồng gồm 07 thành viên."));
    assert!(!q.met_by(none, "Hội đồng gồm đại diện các bộ, ngành."));
    // A small number counts with the word beside it: "khoản 2" is not "nhóm 2".
    let q = Needs::of("Doanh nghiệp nhóm 2 được hưởng ưu đãi gì?");
    assert!(!q.met_by("khoản 2 Điều 15", "Doanh nghiệp được hưởng ưu đãi đầu tư."));
    assert!(q.met_by(none, "Doanh nghiệp nhóm 2 được hưởng ưu đãi đầu tư."));
    // "05 ngày" is "5 ngày".
    let q = Needs::of("Trong 5 ngày phải làm gì?");
    assert!(q.met_by(
        none,
        "Trong thời hạn 05 ngày, bên kiểm soát phải thông báo."
    ));
    // Read in its unit: a target under "Đến năm 2030" is not one for 2045, even in a
    // unit that holds both; a date's year competes with nothing.
    let q = Needs::of("Đến năm 2045, kinh tế số chiếm bao nhiêu phần trăm GDP?");
    let unit = "1. Đến năm 2030\n- Kinh tế số đạt 30% GDP.\n2. Tầm nhìn đến năm 2045\n- Kinh tế số đạt 50% GDP.";
    assert!(!q.numbers_in(
        "1. Đến năm 2030\n- Kinh tế số đạt 30% GDP.",
        &figure_words(unit)
    ));
    assert!(q.numbers_in(
        "2. Tầm nhìn đến năm 2045\n- Kinh tế số đạt 50% GDP.",
        &figure_words(unit)
    ));
    let q = Needs::of("Luật thay thế luật năm 2008 có hiệu lực từ khi nào?");
    let unit = "1. Luật này có hiệu lực từ ngày 01 tháng 7 năm 2026.\n2. Luật số 21/2008/QH12 hết hiệu lực.";
    assert!(q.numbers_in(
        "1. Luật này có hiệu lực từ ngày 01 tháng 7 năm 2026.",
        &figure_words(unit)
    ));
    let q = Needs::of("Doanh nghiệp nhóm 1 được ưu đãi gì?");
    let unit = "Doanh nghiệp nhóm 1 và nhóm 2 được ưu đãi.\nb) Doanh nghiệp nhóm 2 được miễn thuế.";
    assert!(!q.numbers_in(
        "b) Doanh nghiệp nhóm 2 được miễn thuế.",
        &figure_words(unit)
    ));
    // "bao nhiêu năm" asks for years or months, "bao nhiêu ngày" for days or hours.
    let q = Needs::of("Bằng chứng về sự đồng ý phải được lưu giữ trong bao nhiêu năm?");
    assert!(!q.met_by(
        none,
        "Bên kiểm soát phải phản hồi trong thời hạn 02 ngày làm việc."
    ));
    assert!(q.met_by(none, "Bằng chứng được lưu giữ trong 36 tháng."));
    let q = Needs::of("Phải thông báo trong bao nhiêu giờ?");
    assert!(!q.met_by(none, "Phải thông báo trong thời hạn 01 năm."));
    assert!(q.met_by(none, "Phải thông báo trong vòng 72 giờ."));
    // The number of a document is not a figure.
    let q = Needs::of("Phần nội dung văn bản dùng cỡ chữ bao nhiêu?");
    assert!(!q.met_by(none, "Phụ lục kèm theo Nghị định số 30/2020/NĐ-CP."));
    assert!(!q.met_by(none, "Trình bày theo khoản 3 Điều 8 của Nghị định."));
    assert!(q.met_by(none, "Phần nội dung dùng cỡ chữ từ 13 đến 14."));
    // A count is answered by the list of what is counted, a form's number by "Mẫu số 04".
    let q = Needs::of("Quy trình quản lý văn bản đi gồm bao nhiêu bước?");
    assert!(q.met_by(
        none,
        "Quy trình gồm các bước sau:\n1. Kiểm tra thể thức.\n2. Cấp số.\n3. Phát hành."
    ));
    assert!(!q.met_by(none, "Văn bản đi được quản lý theo quy trình thống nhất."));
    let q = Needs::of("Đơn đề nghị được lập theo mẫu số mấy?");
    assert!(q.met_by(none, "Đơn đề nghị theo Mẫu số 04 tại Phụ lục."));
    assert!(!q.met_by(none, "Đơn đề nghị gửi trong thời hạn 05 ngày."));
    let q = Needs::of("Mẫu dấu ĐẾN được quy định tại phụ lục số mấy?");
    assert!(q.met_by(none, "Mẫu dấu ĐẾN được quy định tại Phụ lục IV."));
    assert!(!q.met_by(none, "Dấu ĐẾN được đóng rõ ràng, ngay ngắn."));
    // "bộ nào" asks for a ministry.
    let q = Needs::of("Bộ nào trực tiếp quản lý Quỹ Phát triển trí tuệ nhân tạo?");
    assert!(!q.met_by(
        none,
        "Quỹ Phát triển trí tuệ nhân tạo do Chính phủ thành lập."
    ));
    assert!(q.met_by(
        none,
        "Bộ Tài chính quản lý Quỹ Phát triển trí tuệ nhân tạo."
    ));
    // Citations, document numbers and a document's date ask for nothing.
    let q = Needs::of("Điều 5 Luật số 91/2025/QH15 quy định những gì?");
    assert!(q.numbers.is_empty() && q.figure.is_none());
    let q = Needs::of("Theo Nghị quyết 57-NQ/TW ngày 22/12/2024, mục tiêu là gì?");
    assert!(q.met_by(
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024",
        "Mục tiêu đến năm 2030."
    ));
    assert!(!q.met_by(
        "Nghị quyết số 71/NQ-CP ngày 01/04/2025",
        "Mục tiêu đến năm 2030."
    ));
}
