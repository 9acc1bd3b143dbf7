//! Every document of corpus/ parses into the structure its header line states.

use std::sync::LazyLock;

use lexcite_core::{Document, UnitKind};
use lexcite_ingest::Corpus;

use crate::corpus_dir;

static DOCS: LazyLock<Vec<Document>> = LazyLock::new(|| {
    let corpus = Corpus::open(&corpus_dir()).expect("corpus/ opens");
    corpus
        .documents()
        .expect("every corpus document parses")
        .into_iter()
        .map(|(_, d)| d)
        .collect()
});

fn doc(number: &str) -> &'static Document {
    DOCS.iter()
        .find(|d| {
            d.meta
                .number
                .as_ref()
                .is_some_and(|n| n.to_string() == number)
        })
        .unwrap_or_else(|| panic!("{number} is in the corpus"))
}

fn unit<'d>(doc: &'d Document, path: &str) -> &'d lexcite_core::Unit {
    let id = format!("{}:{path}", doc.id);
    doc.unit(&id).unwrap_or_else(|| panic!("{id} exists"))
}

/// Article numbers of the body, in order, with the chapter each sits in.
fn article_numbers(doc: &Document) -> Vec<u32> {
    doc.articles()
        .iter()
        .map(|a| {
            a.num
                .as_deref()
                .and_then(|n| n.parse().ok())
                .expect("numeric article")
        })
        .collect()
}

#[test]
fn laws_and_decrees_have_the_article_count_their_header_states() {
    for (number, articles) in [
        ("134/2025/QH15", 35),
        ("91/2025/QH15", 39),
        ("71/2025/QH15", 51),
        ("133/2025/QH15", 27),
        ("24/2018/QH14", 43),
        ("13/2023/NĐ-CP", 44),
        ("30/2020/NĐ-CP", 38),
        ("356/2025/NĐ-CP", 42),
    ] {
        let d = doc(number);
        let expect: Vec<u32> = (1..=articles).collect();
        assert_eq!(article_numbers(d), expect, "articles of {number}");
    }
}

#[test]
fn articles_sit_in_their_chapters() {
    for (number, chapters) in [
        ("134/2025/QH15", 8),
        ("91/2025/QH15", 5),
        ("71/2025/QH15", 6),
        ("133/2025/QH15", 6),
        ("24/2018/QH14", 7),
        ("30/2020/NĐ-CP", 7),
        ("356/2025/NĐ-CP", 5),
    ] {
        let d = doc(number);
        let in_chapters: usize = d
            .units
            .iter()
            .filter(|u| u.kind == UnitKind::Chapter)
            .map(|c| c.walk().filter(|u| u.kind == UnitKind::Article).count())
            .sum();
        let n_chapters = d
            .units
            .iter()
            .filter(|u| u.kind == UnitKind::Chapter)
            .count();
        assert_eq!(n_chapters, chapters, "chapters of {number}");
        assert_eq!(
            in_chapters,
            d.articles().len(),
            "every article of {number} is in a chapter"
        );
    }
    let ch4 = unit(doc("71/2025/QH15"), "ch4");
    assert_eq!(
        ch4.heading.as_deref(),
        Some("TRÍ TUỆ NHÂN TẠO"),
        "title glued to 'Chương IV'"
    );
}

#[test]
fn decree_356_keeps_its_appendix_forms_apart_from_the_body() {
    let d = doc("356/2025/NĐ-CP");
    assert_eq!(d.articles().len(), 42);
    let appendix = d
        .units
        .iter()
        .find(|u| u.kind == UnitKind::Appendix)
        .expect("appendix");
    let forms: Vec<&str> = appendix
        .children
        .iter()
        .filter_map(|f| f.num.as_deref())
        .collect();
    assert_eq!(
        forms,
        [
            "01a", "01b", "02a", "02b", "03a", "03b", "04", "05", "06", "07", "08", "09", "10"
        ]
    );
    // The model decisions inside the forms restart at "Điều 1": none of that is an article.
    assert!(appendix.walk().all(|u| u.kind != UnitKind::Article));
    assert!(
        d.full_text(appendix)
            .contains("Điều 1. Thu hồi Giấy chứng nhận")
    );
}

#[test]
fn resolution_57_has_sections_one_to_four_with_their_items() {
    let d = doc("57-NQ/TW");
    let sections: Vec<(String, usize)> = d
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::Section)
        .map(|s| {
            let items = s
                .children
                .iter()
                .filter(|c| c.kind == UnitKind::Item)
                .count();
            (s.num.clone().unwrap_or_default(), items)
        })
        .collect();
    let expect = [("I", 5), ("II", 2), ("III", 7), ("IV", 6)].map(|(n, c)| (n.to_string(), c));
    assert_eq!(sections, expect);
    assert_eq!(
        unit(d, "sec3").heading.as_deref(),
        Some("NHIỆM VỤ, GIẢI PHÁP")
    );
    // The news sentences before the resolution are not part of the corpus copy.
    assert!(!d.body.contains("Trân trọng giới thiệu"));
    assert!(d.body.starts_with("Phát triển khoa học, công nghệ"));
}

#[test]
fn resolution_03_has_its_articles_programme_and_appendices() {
    let d = doc("03/NQ-CP");
    let top: Vec<(UnitKind, Option<&str>)> = d
        .units
        .iter()
        .map(|u| (u.kind, u.num.as_deref()))
        .filter(|(k, _)| !matches!(k, UnitKind::Preamble | UnitKind::Closing))
        .collect();
    assert_eq!(
        top,
        [
            (UnitKind::Article, Some("1")),
            (UnitKind::Article, Some("2")),
            (UnitKind::Article, Some("3")),
            (UnitKind::Attachment, Some("1")),
            (UnitKind::Appendix, Some("I")),
            (UnitKind::Appendix, Some("II")),
        ]
    );
    let programme = unit(d, "att1");
    let sections: Vec<&str> = programme
        .children
        .iter()
        .filter_map(|s| s.num.as_deref())
        .collect();
    assert_eq!(sections, ["I", "II", "III"]);
    let tasks = unit(d, "att1.sec2");
    assert_eq!(
        tasks
            .children
            .iter()
            .filter(|c| c.kind == UnitKind::Item)
            .count(),
        7
    );
    assert_eq!(
        unit(d, "att1.sec2.it1.ptdd").citation,
        "điểm đ tiểu mục 1 Mục II Chương trình ban hành kèm theo Nghị quyết số 03/NQ-CP"
    );
    let rows = unit(d, "app2")
        .children
        .iter()
        .filter(|r| r.kind == UnitKind::Row)
        .count();
    assert!(rows >= 140, "Phụ lục II lists 140 tasks, found {rows} rows");
}

#[test]
fn partial_resolution_71_is_marked_partial_and_keeps_what_it_quotes() {
    let d = doc("71/NQ-CP");
    assert!(!d.meta.completeness.is_complete());
    let item = unit(d, "att1.sec2.it3");
    assert!(
        item.text
            .starts_with("Tăng cường đầu tư, hoàn thiện hạ tầng")
    );
    assert!(
        item.children.len() >= 15,
        "the quoted tasks are bullets of tiểu mục 3"
    );
    assert_eq!(
        unit(d, "app1.row11-1").citation,
        "STT 11.1 Phụ lục I Nghị quyết số 71/NQ-CP"
    );
}

/// Clause and point texts, byte for byte as the law prints them.
#[test]
fn sample_unit_texts_are_exact() {
    let cases = [
        (
            "134/2025/QH15",
            "art9.cl1.ptc",
            "Hệ thống trí tuệ nhân tạo có rủi ro thấp là hệ thống không thuộc trường hợp quy định tại điểm a và điểm b khoản này.",
        ),
        (
            "134/2025/QH15",
            "art9.cl3",
            "Chính phủ quy định chi tiết Điều này.",
        ),
        (
            "91/2025/QH15",
            "art38.cl1",
            "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.",
        ),
        (
            "91/2025/QH15",
            "art9.cl2.ptc",
            "Các quyền, nghĩa vụ của chủ thể dữ liệu cá nhân.",
        ),
        (
            "13/2023/NĐ-CP",
            "art1.cl2.pta",
            "Cơ quan, tổ chức, cá nhân Việt Nam;",
        ),
        (
            "30/2020/NĐ-CP",
            "art2.cl1",
            "Nghị định này áp dụng đối với cơ quan, tổ chức nhà nước và doanh nghiệp nhà nước (sau đây gọi chung là cơ quan, tổ chức).",
        ),
        (
            "24/2018/QH14",
            "art2.cl4",
            "Không gian mạng quốc gia là không gian mạng do Chính phủ xác lập, quản lý và kiểm soát.",
        ),
        (
            "57-NQ/TW",
            "sec2.it1.b3",
            "Kinh phí chi cho nghiên cứu phát triển (R&D) đạt 2% GDP, trong đó kinh phí từ xã hội chiếm hơn 60%; bố trí ít nhất 3% tổng chi ngân sách hằng năm cho phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số quốc gia và tăng dần theo yêu cầu phát triển. Hệ thống tổ chức khoa học, công nghệ, đổi mới sáng tạo được sắp xếp lại bảo đảm hiệu lực, hiệu quả, gắn kết chặt chẽ giữa nghiên cứu - ứng dụng - đào tạo. Nguồn nhân lực nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo đạt 12 người trên một vạn dân; có từ 40 - 50 tổ chức khoa học và công nghệ được xếp hạng khu vực và thế giới; số lượng công bố khoa học quốc tế tăng trung bình 10%/năm; số lượng đơn đăng ký sáng chế, văn bằng bảo hộ sáng chế tăng trung bình 16 - 18%/năm, tỉ lệ khai thác thương mại đạt 8 - 10%.",
        ),
        (
            "03/NQ-CP",
            "art2",
            "Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành.",
        ),
    ];
    for (number, path, text) in cases {
        let u = unit(doc(number), path);
        assert_eq!(u.text, text, "text of {number} {path}");
    }
}

#[test]
fn bo_phap_dien_annotations_are_notes_not_text() {
    let d = doc("24/2018/QH14");
    let art1 = unit(d, "art1");
    assert_eq!(art1.notes, ["Bộ pháp điển: Điều 1.11.LQ.1"]);
    assert!(d.walk().all(|u| !u.text.contains("[Bộ pháp điển")));
}

#[test]
fn metadata_comes_from_the_manifest_and_agrees_with_the_text() {
    for d in DOCS.iter() {
        assert!(
            d.warnings.iter().all(|w| !w.contains("manifest")),
            "{}: {:?}",
            d.id,
            d.warnings
        );
    }
    let d = doc("13/2023/NĐ-CP");
    assert_eq!(d.id, "13-2023-nd-cp_20230417");
    assert_eq!(d.meta.citation_name(), "Nghị định số 13/2023/NĐ-CP");
    assert_eq!(
        doc("91/2025/QH15").meta.citation_name(),
        "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15"
    );
}

/// The relations each corpus document states, as "kind number-or-name: units".
fn relations_of(number: &str) -> Vec<String> {
    lexcite_core::relation::relations(doc(number))
        .into_iter()
        .map(|r| {
            let target = r
                .document
                .number
                .as_ref()
                .map_or_else(|| r.document.to_string(), ToString::to_string);
            format!("{} {target}: {}", r.kind.as_str(), r.units.join(", "))
        })
        .collect()
}

#[test]
fn relations_between_corpus_documents_are_read_with_their_units() {
    // Luật 134/2025 Điều 33 repeals five parts of Luật 71/2025, the chapter among them.
    assert_eq!(
        relations_of("134/2025/QH15"),
        [
            "repeals 71/2025/QH15: khoản 9 Điều 3",
            "repeals 71/2025/QH15: khoản 7 Điều 4",
            "repeals 71/2025/QH15: khoản 6 Điều 12",
            "repeals 71/2025/QH15: điểm đ khoản 2 Điều 34",
            "repeals 71/2025/QH15: Chương IV",
        ]
    );
    // Nghị định 356/2025 ends Nghị định 13/2023 when it enters into force, and amends a
    // clause of Nghị định 165/2025 with a quoted new wording.
    let nd356 = lexcite_core::relation::relations(doc("356/2025/NĐ-CP"));
    let ends: Vec<_> = nd356
        .iter()
        .filter(|r| r.kind == lexcite_core::relation::RelationKind::Ends)
        .collect();
    assert_eq!(ends.len(), 1);
    assert_eq!(
        ends[0]
            .document
            .number
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("13/2023/NĐ-CP")
    );
    assert!(ends[0].unit_citation.starts_with("khoản 2 Điều 42"));
    assert_eq!(
        ends[0].effective,
        lexcite_core::relation::Effective::WithThisDocument
    );
    let amends = nd356
        .iter()
        .find(|r| r.kind == lexcite_core::relation::RelationKind::Amends)
        .expect("an amendment");
    assert_eq!(amends.units, ["khoản 2 Điều 16"]);
    assert!(
        amends
            .wording
            .as_deref()
            .is_some_and(|w| w.starts_with("2. Việc bảo vệ dữ liệu cốt lõi")),
        "{:?}",
        amends.wording
    );
    // Nghị định 30/2020 ends the two decrees it replaces; the "sửa đổi, bổ sung" inside the
    // second one's title is not a relation of its own.
    assert_eq!(
        relations_of("30/2020/NĐ-CP"),
        ["ends 110/2004/NĐ-CP: ", "ends 09/2010/NĐ-CP: "]
    );
    // Both with the decree itself, as the 71/NQ-CP update is with its resolution: the date
    // is the document's own entry into force.
    for number in ["30/2020/NĐ-CP", "71/NQ-CP"] {
        for r in lexcite_core::relation::relations(doc(number)) {
            assert_eq!(
                r.effective,
                lexcite_core::relation::Effective::WithThisDocument,
                "{number}: {r:?}"
            );
        }
    }
    // Luật 133/2025 Điều 25 amends and repeals provisions of seven other laws, named with
    // commas in their names ("Luật Khoa học, công nghệ và đổi mới sáng tạo số 93/2025/QH15"),
    // the units in the points below "… một số điều của Luật … như sau:"; Điều 26 ends the
    // old law.
    let l133 = relations_of("133/2025/QH15");
    for want in [
        "amends 68/2025/QH15: điểm e khoản 1 Điều 12",
        "amends 93/2025/QH15: khoản 1 Điều 67",
        "repeals 93/2025/QH15: khoản 1 Điều 71",
        "amends 22/2023/QH15: điểm g khoản 1 Điều 10",
        "amends 22/2023/QH15: điểm c khoản 4 Điều 10",
        "amends 64/2020/QH14: điểm c khoản 3 Điều 11",
        "amends 64/2020/QH14: khoản 1a Điều 42",
        "amends 54/2014/QH13: khoản 2 Điều 42",
        "amends 107/2016/QH13: điểm c khoản 21 Điều 16",
        "amends 67/2025/QH15: khoản 1a Điều 13",
        "amends 67/2025/QH15: khoản 1a Điều 20",
        // Points inserted after others, "a1", "e1", "e2".
        "amends 22/2023/QH15: điểm a1 khoản 2 Điều 62",
        "amends 67/2025/QH15: điểm e1 khoản 2 Điều 12",
        "amends 67/2025/QH15: điểm e2 khoản 2 Điều 12",
    ] {
        assert!(l133.iter().any(|r| r == want), "{want} not in {l133:?}");
    }
    assert_eq!(
        l133.iter().filter(|r| r.starts_with("amends")).count(),
        26,
        "{l133:?}"
    );
    // Only the old law ends: the laws that amended it before are named, not ended.
    let ended: Vec<&String> = l133.iter().filter(|r| r.starts_with("ends")).collect();
    assert_eq!(ended, ["ends 21/2008/QH12: "], "{l133:?}");
    // Luật 71/2025 Điều 50: three of its articles enter into force before the law.
    assert_eq!(
        relations_of("71/2025/QH15")
            .iter()
            .filter(|r| r.starts_with("enters_into_force"))
            .collect::<Vec<_>>(),
        ["enters_into_force Luật: Điều 11, Điều 28, Điều 29"]
    );
    // 71/NQ-CP updates the programme 03/NQ-CP issued, named by its title, in the sections
    // its copy carries.
    assert_eq!(
        relations_of("71/NQ-CP"),
        [
            "amends Chương trình hành động của Chính phủ thực hiện Nghị quyết số 57-NQ/TW: Mục I, tiểu mục 3 Mục II"
        ]
    );
    // The programme issued with 03/NQ-CP lists laws to amend: tasks, not relations.
    assert_eq!(
        relations_of("03/NQ-CP"),
        ["based_on Luật Tổ chức Chính phủ: ", "based_on 57-NQ/TW: "]
    );
}

#[test]
fn every_entry_into_force_the_texts_state_is_the_manifests() {
    let corpus = Corpus::open(&corpus_dir()).expect("corpus/ opens");
    let mut compared = 0;
    for (entry, _) in corpus.documents().expect("parses") {
        let text =
            lexcite_ingest::corpus::read_text(&corpus_dir().join(&entry.file)).expect("readable");
        // Only the issue date from the manifest: "kể từ ngày ký" needs it where the copy has
        // no dateline (Nghị định 30/2020/NĐ-CP).
        let given = lexcite_core::DocumentMeta {
            issued: entry.issued,
            ..lexcite_core::DocumentMeta::default()
        };
        let own = lexcite_core::parse(&text, &given)
            .expect("parses")
            .meta
            .effective;
        match (own, entry.effective) {
            (Some(read), Some(curated)) => {
                assert_eq!(read, curated, "{}", entry.file);
                compared += 1;
            }
            // The Party resolution and the partial copy of 71/NQ-CP state none; the timeline
            // takes their issue date.
            (None, None) => {}
            (read, curated) => panic!("{}: text {read:?}, manifest {curated:?}", entry.file),
        }
    }
    assert_eq!(compared, 9);
}

#[test]
fn a_manifest_event_of_an_unknown_kind_is_refused_by_name() {
    let path = std::path::Path::new("manifest.toml");
    let good = "[[document]]\nfile = \"a.txt\"\n[[document.events]]\nkind = \"enters_into_force\"\ndate = \"2027-01-01\"\nby = \"Điều 1 Luật số 90/2025/QH15\"\nsource = \"https://example.org\"\n";
    let m = lexcite_ingest::corpus::Manifest::parse(good, path).expect("valid");
    assert_eq!(m.documents[0].meta().events.len(), 1);
    let bad = good.replace("enters_into_force", "postponed");
    let err = lexcite_ingest::corpus::Manifest::parse(&bad, path).expect_err("unknown kind");
    assert!(err.to_string().contains("\"postponed\""), "{err}");
    assert!(err.to_string().contains("enters_into_force"), "{err}");
}
