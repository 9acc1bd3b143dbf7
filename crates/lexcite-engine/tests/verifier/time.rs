//! Legal time over the corpus: what ends, repeals and amends what, and from when; the
//! verifier's `outdated`; search, lookup and the relations of a document on a date.

use chrono::NaiveDate;

use lexcite_core::{DocumentMeta, parse};
use lexcite_engine::testing::engine_with;
use lexcite_engine::types::{AskRequest, SearchFilters, SearchMode, SearchRequest};
use lexcite_engine::validity::InForce;
use lexcite_engine::verify::{Status, VerifyRequest};
use lexcite_engine::{Access, Engine};
use lexcite_index::Classification;

use crate::{engine, verify};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// The curated metadata of a made-up law of the National Assembly.
fn law(number: &str, title: &str, issued: NaiveDate, effective: Option<NaiveDate>) -> DocumentMeta {
    DocumentMeta {
        number: Some(number.parse().expect("number")),
        doc_type: Some(lexcite_core::DocType::Law),
        issuer: Some("Quốc hội".to_string()),
        issued: Some(issued),
        title: Some(title.to_string()),
        effective,
        ..DocumentMeta::default()
    }
}

#[test]
fn a_reference_to_an_expired_decree_is_outdated_from_the_day_it_ended() {
    let claim = "Theo Điều 25 Nghị định 13/2023/NĐ-CP, việc chuyển dữ liệu cá nhân ra nước ngoài phải lập hồ sơ đánh giá tác động.";
    let after = verify(&format!("Hà Nội, ngày 01 tháng 6 năm 2026\n\n{claim}"));
    let r = &after.references[0];
    assert_eq!(r.status, Status::Outdated, "{r:#?}");
    assert!(
        r.explanation.contains("356/2025/NĐ-CP"),
        "{}",
        r.explanation
    );
    assert!(r.explanation.contains("01/01/2026"), "{}", r.explanation);
    let v = r.validity.as_ref().expect("validity");
    assert_eq!(
        (v.status, v.since),
        (InForce::Expired, Some(day(2026, 1, 1)))
    );
    assert_eq!(after.summary.outdated, 1);
    assert_eq!(after.summary.document_not_found, 0);

    let before = verify(&format!("Hà Nội, ngày 01 tháng 6 năm 2025\n\n{claim}"));
    let r = &before.references[0];
    assert_eq!(r.status, Status::Verified, "{r:#?}");
    assert_eq!(
        r.validity.as_ref().map(|v| v.status),
        Some(InForce::InForce)
    );
}

#[test]
fn a_repealed_chapter_and_the_articles_in_it_are_outdated() {
    let text = "Hà Nội, ngày 15 tháng 11 năm 2026\n\nChương IV Luật Công nghiệp công nghệ số số 71/2025/QH15 quy định về trí tuệ nhân tạo. Điều 41 Luật Công nghiệp công nghệ số số 71/2025/QH15 quy định nguyên tắc phát triển trí tuệ nhân tạo. Điều 3 Luật Công nghiệp công nghệ số số 71/2025/QH15 giải thích từ ngữ.";
    let report = verify(text);
    let statuses: Vec<Status> = report.references.iter().map(|r| r.status).collect();
    assert_eq!(
        &statuses[..2],
        &[Status::Outdated, Status::Outdated],
        "{:#?}",
        report.references
    );
    for r in &report.references[..2] {
        assert!(r.explanation.contains("134/2025/QH15"), "{}", r.explanation);
        assert!(r.explanation.contains("01/03/2026"), "{}", r.explanation);
    }
    // Điều 3 stays: only its khoản 9 was repealed.
    assert_ne!(statuses[2], Status::Outdated, "{:#?}", report.references[2]);
    // Before the repeal took effect, the chapter is law.
    let earlier = verify(&text.replace("năm 2026", "năm 2025"));
    assert_ne!(earlier.references[0].status, Status::Outdated);
}

#[test]
fn relations_are_read_both_ways_with_their_units_and_dates() {
    let e = engine();
    let law = e
        .relations(
            "71-2025-qh15_20250614",
            Access::ALL,
            Some(day(2026, 11, 30)),
        )
        .expect("relations");
    let by_134: Vec<&str> = law
        .changed_by
        .iter()
        .filter(|c| c.act.document_id == "134-2025-qh15_20251210")
        .flat_map(|c| c.unit_ids.iter().map(String::as_str))
        .collect();
    assert_eq!(
        by_134,
        vec![
            "71-2025-qh15_20250614:art3.cl9",
            "71-2025-qh15_20250614:art4.cl7",
            "71-2025-qh15_20250614:art12.cl6",
            "71-2025-qh15_20250614:art34.cl2.ptdd",
            "71-2025-qh15_20250614:ch4",
        ]
    );
    assert!(law.changed_by.iter().all(|c| c.act.date == day(2026, 3, 1)));
    // Provisions repealed: the law stays in force, changed.
    assert_eq!(law.validity.status, InForce::Amended);

    let decree = e
        .relations("356-2025-nd-cp_20251231", Access::ALL, None)
        .expect("relations");
    let ends: Vec<_> = decree.states.iter().filter(|s| s.kind == "ends").collect();
    assert_eq!(ends.len(), 1);
    assert_eq!(
        ends[0].target_document_id.as_deref(),
        Some("13-2023-nd-cp_20230417")
    );
    assert_eq!(ends[0].date, Some(day(2026, 1, 1)));
    // Outside the corpus, a target named by number is looked up in the registry (a partial
    // list of Công báo numbers): Nghị định 165/2025/NĐ-CP is not in it.
    let outside = decree
        .states
        .iter()
        .find(|s| s.kind == "amends" && s.target.contains("165/2025"))
        .expect("the amendment of 165/2025");
    assert_eq!(outside.target_document_id, None);
    assert_eq!(outside.in_registry, Some(false), "{outside:#?}");
    let old = e
        .relations(
            "13-2023-nd-cp_20230417",
            Access::ALL,
            Some(day(2025, 12, 31)),
        )
        .expect("relations");
    assert_eq!(old.validity.status, InForce::InForce);
    let old = e
        .relations("13-2023-nd-cp_20230417", Access::ALL, Some(day(2026, 1, 1)))
        .expect("relations");
    assert_eq!(old.validity.status, InForce::Expired);
    // Nghị định 356/2025 details clauses of Luật 91/2025 and stands on it; neither changes it.
    let pdp = e
        .relations("91-2025-qh15_20250626", Access::ALL, Some(day(2026, 6, 1)))
        .expect("relations");
    assert_eq!(pdp.validity.status, InForce::InForce);
    assert!(pdp.changed_by.is_empty(), "{:#?}", pdp.changed_by);
    let detailed: Vec<&str> = pdp
        .referenced_by
        .iter()
        .filter(|c| c.act.kind == "guides" && c.act.document_id == "356-2025-nd-cp_20251231")
        .flat_map(|c| c.unit_ids.iter().map(String::as_str))
        .collect();
    assert!(
        detailed.contains(&"91-2025-qh15_20250626:art2.cl2"),
        "{detailed:?}"
    );
    assert!(
        detailed.contains(&"91-2025-qh15_20250626:art38.cl4"),
        "{detailed:?}"
    );
    assert!(
        pdp.referenced_by
            .iter()
            .any(|c| c.act.kind == "based_on" && c.act.document_id == "356-2025-nd-cp_20251231")
    );
    // Nghị quyết 71/NQ-CP issues an updated version of the programme 03/NQ-CP issued, named
    // by its title: the sections its copy carries are the ones changed. A caller who may not
    // see 71/NQ-CP (filed restricted here) is not told of it.
    let programme = e
        .relations("03-nq-cp_20250109", Access::ALL, Some(day(2025, 6, 1)))
        .expect("relations");
    let by_71: Vec<&str> = programme
        .changed_by
        .iter()
        .filter(|c| c.act.document_id == "71-nq-cp_20250401")
        .flat_map(|c| c.unit_ids.iter().map(String::as_str))
        .collect();
    assert_eq!(
        by_71,
        [
            "03-nq-cp_20250109:att1.sec1",
            "03-nq-cp_20250109:att1.sec2.it3"
        ]
    );
    assert_eq!(programme.validity.status, InForce::Amended);
    let public = e
        .relations("03-nq-cp_20250109", Access::PUBLIC, Some(day(2025, 6, 1)))
        .expect("relations");
    assert!(public.changed_by.is_empty(), "{:#?}", public.changed_by);
    assert_eq!(public.validity.status, InForce::InForce);
    // The law on high technology ends Luật 21/2008/QH12, not the laws that amended it.
    let high_tech = e
        .relations("133-2025-qh15_20251210", Access::ALL, None)
        .expect("relations");
    let ended: Vec<&str> = high_tech
        .states
        .iter()
        .filter(|s| s.kind == "ends")
        .map(|s| s.target.as_str())
        .collect();
    assert_eq!(ended.len(), 1, "{ended:?}");
    // Luật Hải quan 54/2014/QH13, which it amends, is a number the registry lists.
    let customs = high_tech
        .states
        .iter()
        .find(|s| s.target.contains("54/2014/QH13"))
        .expect("the amendment of the customs law");
    assert_eq!(customs.in_registry, Some(true), "{customs:#?}");
    assert!(ended[0].contains("21/2008/QH12"), "{ended:?}");
}

#[test]
fn articles_with_their_own_entry_into_force_are_in_force_before_their_law() {
    let e = engine();
    let unit = |citation: &str, as_of: NaiveDate| {
        let found = e
            .lookup(citation, Access::ALL, Some(as_of))
            .unwrap_or_else(|err| panic!("{citation}: {err}"));
        let v = found.units[0].validity.clone().expect("validity");
        (v.status, v.effective, found.validity.map(|d| d.status))
    };
    // Luật 71/2025/QH15 Điều 50: in force from 01/01/2026, its Điều 11, 28 and 29 from
    // 01/07/2025.
    let summer = day(2025, 8, 1);
    assert_eq!(
        unit("Điều 11 Luật số 71/2025/QH15", summer),
        (
            InForce::InForce,
            Some(day(2025, 7, 1)),
            Some(InForce::NotYetInForce)
        )
    );
    assert_eq!(
        unit("khoản 1 Điều 28 Luật số 71/2025/QH15", summer).0,
        InForce::InForce
    );
    assert_eq!(
        unit("Điều 12 Luật số 71/2025/QH15", summer).0,
        InForce::NotYetInForce
    );
    assert_eq!(
        unit("Điều 11 Luật số 71/2025/QH15", day(2025, 6, 30)).0,
        InForce::NotYetInForce
    );
}

fn search(e: &Engine, query: &str, as_of: NaiveDate) -> Vec<(String, bool)> {
    e.search(
        &SearchRequest {
            query: query.to_string(),
            limit: 10,
            mode: SearchMode::Hybrid,
            filters: SearchFilters::default(),
            as_of: Some(as_of),
        },
        Access::ALL,
    )
    .expect("search")
    .into_iter()
    .map(|h| {
        let ended = h.validity.as_ref().is_some_and(|v| v.status.ended());
        (h.document.id, ended)
    })
    .collect()
}

#[test]
fn search_ranks_what_is_no_longer_law_below_what_is() {
    let e = engine();
    let query = "hồ sơ đánh giá tác động chuyển dữ liệu cá nhân ra nước ngoài";
    let before = search(&e, query, day(2025, 6, 1));
    assert!(before.iter().all(|(_, ended)| !ended), "{before:?}");
    assert!(
        before.iter().any(|(d, _)| d == "13-2023-nd-cp_20230417"),
        "{before:?}"
    );
    let after = search(&e, query, day(2026, 6, 1));
    let first_ended = after.iter().position(|(_, ended)| *ended);
    let last_current = after.iter().rposition(|(_, ended)| !ended);
    assert!(first_ended.is_some(), "{after:?}");
    assert!(
        last_current < first_ended,
        "a unit no longer in force ranks above one in force: {after:?}"
    );
    assert!(
        after
            .iter()
            .filter(|(_, ended)| *ended)
            .all(|(d, _)| d == "13-2023-nd-cp_20230417"),
        "{after:?}"
    );
}

/// A law and a later law amending one of its clauses with a new wording.
fn amended_pair() -> Engine {
    let base = "QUỐC HỘI\nLuật số 5/2030/QH15\nLUẬT\nTHỬ NGHIỆM\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định việc thử nghiệm.\n\nĐiều 2. Mức phạt\n\n1. Mức phạt tối đa là 10 triệu đồng.\n2. Chính phủ quy định chi tiết Điều này.\n";
    let amending = "QUỐC HỘI\nLuật số 6/2031/QH15\nLUẬT\nSỬA ĐỔI LUẬT THỬ NGHIỆM\n\nĐiều 1. Sửa đổi Luật Thử nghiệm\n\nSửa đổi khoản 1 Điều 2 của Luật Thử nghiệm số 5/2030/QH15 như sau: “1. Mức phạt tối đa là 20 triệu đồng.”\n\nĐiều 2. Hiệu lực thi hành\n\nLuật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2031.\n";
    let meta = |number: &str, title: &str, issued: NaiveDate, effective: NaiveDate| {
        law(number, title, issued, Some(effective))
    };
    let docs = vec![
        (
            parse(
                base,
                &meta(
                    "5/2030/QH15",
                    "Thử nghiệm",
                    day(2030, 1, 10),
                    day(2030, 7, 1),
                ),
            )
            .expect("base parses"),
            Classification::Public,
        ),
        (
            parse(
                amending,
                &meta(
                    "6/2031/QH15",
                    "Sửa đổi Luật Thử nghiệm",
                    day(2031, 1, 10),
                    day(2031, 7, 1),
                ),
            )
            .expect("amending law parses"),
            Classification::Public,
        ),
    ];
    engine_with(&docs)
}

/// A law and the law that replaces it whole ("Thay thế Luật … số 5/2030/QH15.") from its own
/// entry into force.
#[test]
fn a_replaced_law_is_replaced_from_the_day_the_new_one_enters_into_force() {
    let base = "QUỐC HỘI\nLuật số 5/2030/QH15\nLUẬT\nTHỬ NGHIỆM\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định việc thử nghiệm.\n\nĐiều 2. Mức phạt\n\n1. Mức phạt tối đa là 10 triệu đồng.\n";
    let new = "QUỐC HỘI\nLuật số 7/2032/QH15\nLUẬT\nTHỬ NGHIỆM\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định việc thử nghiệm mới.\n\nĐiều 2. Hiệu lực thi hành\n\n1. Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2032.\n2. Thay thế Luật Thử nghiệm số 5/2030/QH15.\n";
    // Both titled "Thử nghiệm", issued on 10 January and in force on 1 July of their year.
    let public = |text: &str, number: &str, year: i32| {
        let meta = law(
            number,
            "Thử nghiệm",
            day(year, 1, 10),
            Some(day(year, 7, 1)),
        );
        (
            parse(text, &meta).expect("law parses"),
            Classification::Public,
        )
    };
    let e = engine_with(&[
        public(base, "5/2030/QH15", 2030),
        public(new, "7/2032/QH15", 2032),
    ]);
    let citation = "khoản 1 Điều 2 Luật số 5/2030/QH15";
    let status = |on: NaiveDate| {
        e.lookup(citation, Access::ALL, Some(on))
            .expect("lookup")
            .units[0]
            .validity
            .as_ref()
            .map(|v| (v.status, v.since))
    };
    assert_eq!(
        status(day(2032, 6, 30)).map(|s| s.0),
        Some(InForce::InForce)
    );
    assert_eq!(
        status(day(2032, 7, 1)),
        Some((InForce::Replaced, Some(day(2032, 7, 1))))
    );
    let check = |dateline: &str| {
        e.verify(
            &VerifyRequest {
                text: format!("Hà Nội, {dateline}\n\nTheo khoản 1 Điều 2 Luật số 5/2030/QH15, mức phạt tối đa là 10 triệu đồng."),
                check_content: true,
                as_of: None,
            },
            Access::ALL,
        )
        .expect("verify")
        .references
        .remove(0)
    };
    let replaced = check("ngày 01 tháng 8 năm 2032");
    assert_eq!(replaced.status, Status::Outdated, "{replaced:#?}");
    assert!(
        replaced.explanation.contains("7/2032/QH15"),
        "{}",
        replaced.explanation
    );
    assert_eq!(check("ngày 01 tháng 8 năm 2031").status, Status::Verified);
    // Cited before it enters into force, the law is there but not yet law: the explanation
    // says so.
    let early = check("ngày 01 tháng 3 năm 2030");
    assert!(early.explanation.contains("chưa có hiệu lực"), "{early:#?}");
}

#[test]
fn lookup_gives_the_wording_in_force_before_and_after_an_amendment() {
    let e = amended_pair();
    let citation = "khoản 1 Điều 2 Luật số 5/2030/QH15";
    let before = e
        .lookup(citation, Access::ALL, Some(day(2031, 6, 30)))
        .expect("lookup");
    let unit = &before.units[0];
    assert!(unit.text.contains("10 triệu đồng"), "{}", unit.text);
    let v = unit.validity.as_ref().expect("validity");
    assert_eq!(v.status, InForce::InForce);
    assert_eq!(v.consolidated, None);

    let after = e
        .lookup(citation, Access::ALL, Some(day(2031, 7, 1)))
        .expect("lookup");
    let unit = &after.units[0];
    // The original stays the unit's text; the amendment and the wording it gives are there.
    assert!(unit.text.contains("10 triệu đồng"), "{}", unit.text);
    let v = unit.validity.as_ref().expect("validity");
    assert_eq!(v.status, InForce::Amended);
    assert_eq!(v.since, Some(day(2031, 7, 1)));
    assert_eq!(v.amendments.len(), 1);
    assert!(v.amendments[0].citation.contains("6/2031/QH15"), "{v:#?}");
    assert_eq!(
        v.consolidated.as_deref(),
        Some("1. Mức phạt tối đa là 20 triệu đồng.")
    );
    // The clause beside it is untouched; the law as a whole is amended.
    let other = e
        .lookup(
            "khoản 2 Điều 2 Luật số 5/2030/QH15",
            Access::ALL,
            Some(day(2031, 7, 1)),
        )
        .expect("lookup");
    assert_eq!(
        other.units[0].validity.as_ref().map(|v| v.status),
        Some(InForce::InForce)
    );
    assert_eq!(
        other.validity.as_ref().map(|v| v.status),
        Some(InForce::Amended)
    );
    // Before the base law's own entry into force, it is not yet in force.
    let early = e
        .lookup(citation, Access::ALL, Some(day(2030, 3, 1)))
        .expect("lookup");
    assert_eq!(
        early.units[0].validity.as_ref().map(|v| v.status),
        Some(InForce::NotYetInForce)
    );
}

#[test]
fn changes_curated_in_the_manifest_count_with_their_source() {
    let text = "QUỐC HỘI\nLuật số 9/2030/QH15\nLUẬT\nTHỬ NGHIỆM HAI\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định việc thử nghiệm.\n";
    let curated = |kind: &str, date: NaiveDate, by: &str| lexcite_core::CuratedEvent {
        kind: kind.to_string(),
        date,
        by: by.to_string(),
        source: "https://congbao.example/2031/1".to_string(),
    };
    let meta = DocumentMeta {
        events: vec![
            // A later law postponed it a year, then another ended it.
            curated(
                "enters_into_force",
                day(2032, 1, 1),
                "Điều 1 Luật số 1/2030/QH15",
            ),
            curated("ends", day(2035, 1, 1), "Điều 9 Luật số 2/2034/QH15"),
        ],
        ..law(
            "9/2030/QH15",
            "Thử nghiệm hai",
            day(2030, 1, 10),
            Some(day(2031, 1, 1)),
        )
    };
    let e = engine_with(&[(parse(text, &meta).expect("parses"), Classification::Public)]);
    let at = |as_of: NaiveDate| {
        e.document("9-2030-qh15_20300110", Access::ALL, Some(as_of))
            .expect("document")
            .validity
            .expect("validity")
    };
    let postponed = at(day(2031, 6, 1));
    assert_eq!(postponed.status, InForce::NotYetInForce);
    assert_eq!(postponed.effective, Some(day(2032, 1, 1)));
    assert_eq!(at(day(2033, 1, 1)).status, InForce::InForce);
    let ended = at(day(2035, 1, 1));
    assert_eq!(ended.status, InForce::Expired);
    let by = ended.by.expect("what ended it");
    assert_eq!(by.citation, "Điều 9 Luật số 2/2034/QH15");
    assert_eq!(by.source.as_deref(), Some("https://congbao.example/2031/1"));
}

#[test]
fn a_law_in_force_with_another_takes_its_date() {
    let land = "QUỐC HỘI\nLuật số 10/2030/QH15\nLUẬT\nĐẤT ĐAI\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định về đất đai.\n";
    let related = "QUỐC HỘI\nLuật số 11/2030/QH15\nLUẬT\nKINH DOANH BẤT ĐỘNG SẢN\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định về kinh doanh bất động sản.\n\nĐiều 2. Hiệu lực thi hành\n\nLuật này có hiệu lực thi hành kể từ ngày Luật Đất đai số 10/2030/QH15 có hiệu lực thi hành.\n";
    let meta = |number: &str, title: &str, effective: Option<NaiveDate>| {
        law(number, title, day(2030, 1, 10), effective)
    };
    let e = engine_with(&[
        (
            parse(
                land,
                &meta("10/2030/QH15", "Đất đai", Some(day(2031, 7, 1))),
            )
            .expect("parses"),
            Classification::Public,
        ),
        (
            parse(
                related,
                &meta("11/2030/QH15", "Kinh doanh bất động sản", None),
            )
            .expect("parses"),
            Classification::Public,
        ),
    ]);
    let at = |as_of: NaiveDate| {
        e.document("11-2030-qh15_20300110", Access::ALL, Some(as_of))
            .expect("document")
            .validity
            .expect("validity")
    };
    let early = at(day(2031, 6, 30));
    assert_eq!(early.status, InForce::NotYetInForce);
    assert_eq!(early.effective, Some(day(2031, 7, 1)));
    assert_eq!(at(day(2031, 7, 1)).status, InForce::InForce);
}

#[test]
fn an_answer_only_a_law_no_longer_in_force_gives_says_so() {
    let old = "QUỐC HỘI\nLuật số 7/2030/QH15\nLUẬT\nVỆ SINH ĐÔ THỊ\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định về vệ sinh đô thị.\n\nĐiều 2. Xử phạt hành vi xả rác\n\nMức phạt tối đa đối với hành vi xả rác nơi công cộng là 10 triệu đồng.\n";
    let new = "QUỐC HỘI\nLuật số 8/2032/QH15\nLUẬT\nKIẾN TRÚC\n\nĐiều 1. Phạm vi điều chỉnh\n\nLuật này quy định về quản lý kiến trúc công trình.\n\nĐiều 2. Hiệu lực thi hành\n\nLuật Vệ sinh đô thị số 7/2030/QH15 hết hiệu lực kể từ ngày 01 tháng 01 năm 2033.\n";
    let meta =
        |number: &str, title: &str, issued: NaiveDate| law(number, title, issued, Some(issued));
    let e = engine_with(&[
        (
            parse(old, &meta("7/2030/QH15", "Vệ sinh đô thị", day(2030, 1, 1))).expect("parses"),
            Classification::Public,
        ),
        (
            parse(new, &meta("8/2032/QH15", "Kiến trúc", day(2032, 1, 1))).expect("parses"),
            Classification::Public,
        ),
    ]);
    let ask = |as_of: NaiveDate| {
        e.ask(
            &AskRequest {
                question: "Mức phạt tối đa đối với hành vi xả rác nơi công cộng là bao nhiêu?"
                    .into(),
                passages: 6,
                filters: SearchFilters::default(),
                generate: Some(false),
                as_of: Some(as_of),
            },
            Access::ALL,
        )
        .expect("answer")
    };
    let before = ask(day(2031, 1, 1));
    assert!(before.answer.contains("10 triệu đồng"), "{before:#?}");
    assert_eq!(before.notice, None);
    // Ended, and nothing in force answers: quoted, and said.
    let after = ask(day(2033, 6, 1));
    assert!(after.answer.contains("10 triệu đồng"), "{after:#?}");
    let notice = after.notice.as_deref().unwrap_or("");
    assert!(notice.contains("không còn hiệu lực"), "{notice}");
    assert!(notice.contains("Vệ sinh đô thị"), "{notice}");
    assert_eq!(
        after.citations[0].validity.as_ref().map(|v| v.status),
        Some(InForce::Expired)
    );
}
