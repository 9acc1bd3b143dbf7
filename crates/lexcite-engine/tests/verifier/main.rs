//! The citation verifier over the whole corpus, ingested with the real model into a real
//! embedded store (71/NQ-CP filed restricted): the labelled development set, the negative
//! example page, explanations, and what a public caller is told; and the answers that read a
//! provision looked up rather than searched for.

mod answers;
mod claims;
mod time;

use std::sync::{Arc, OnceLock};

use lexcite_engine::devset::{DevSet, Kind};
use lexcite_engine::registry::Registry;
use lexcite_engine::testing::{corpus, engine_with, repo_root};
use lexcite_engine::verify::{Status, VerifyRequest};
use lexcite_engine::{Access, Engine};
use lexcite_index::Classification;

/// The Công báo registry beside the repository (`../shared`), as CI has it.
fn registry() -> Registry {
    let path = repo_root().join("../shared/datasets/congbao-registry.json");
    Registry::load(&path).unwrap_or_else(|e| panic!("{e}"))
}

pub(crate) fn engine() -> Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            let docs: Vec<_> = corpus()
                .into_iter()
                .map(|(entry, doc)| {
                    // Filed restricted here, to check what a public caller is told.
                    let restricted = entry.number.as_ref().map(ToString::to_string)
                        == Some("71/NQ-CP".to_string());
                    let class = if restricted {
                        Classification::Restricted
                    } else {
                        entry.classification
                    };
                    (doc, class)
                })
                .collect();
            Arc::new(engine_with(&docs).with_registry(registry()))
        })
        .clone()
}

pub(crate) fn verify(text: &str) -> lexcite_engine::verify::VerifyReport {
    engine()
        .verify(
            &VerifyRequest {
                text: text.to_string(),
                check_content: true,
                as_of: None,
            },
            Access::ALL,
        )
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn development_set_real_references_verify_and_invented_ones_never_do() {
    let set = DevSet::load(&repo_root().join("tests/verifier/devset.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let scores = set.score(&engine()).unwrap_or_else(|e| panic!("{e}"));
    let report = scores.report();
    let (real_ok, real) = scores.count(Kind::Real, |g| g == Some(Status::Verified));
    let (fake_ok, fake) = scores.count(Kind::Invented, |g| g == Some(Status::Verified));
    assert!(real >= 50 && fake >= 30, "the set is too small:\n{report}");
    assert_eq!(fake_ok, 0, "an invented reference was verified:\n{report}");
    assert!(
        real_ok * 100 >= real * 95,
        "fewer than 95% of real references verified:\n{report}"
    );
    // Every status the set labels is produced where the set expects it (legal time, which
    // the set's date leaves out, is tested in `time`).
    for status in Status::ALL {
        let mut expected = scores
            .table
            .iter()
            .filter(|((_, want), _)| *want == status)
            .peekable();
        if expected.peek().is_none() {
            assert_eq!(
                status,
                Status::Outdated,
                "the set labels no {}",
                status.as_str()
            );
            continue;
        }
        let produced = expected.any(|(_, row)| row.get(&Some(status)).is_some_and(|n| *n > 0));
        assert!(produced, "{} never produced:\n{report}", status.as_str());
    }
}

#[test]
fn the_fabricated_page_is_caught() {
    // A page that claims to be a law by copying Luật 91/2025/QH15 under another number.
    let page = std::fs::read_to_string(repo_root().join(
        "../shared/fixtures/negative_examples/diepxuan_du-lieu.md__FABRICATED_Luat-91-2025-QH15.md",
    ))
    .expect("negative example");
    let report = verify(&page);
    let cites = |text: &str| {
        report
            .references
            .iter()
            .find(|r| r.text.contains(text))
            .unwrap_or_else(|| panic!("no reference {text:?} in {:#?}", report.references))
    };
    // The number the page claims for itself is no document of the corpus or the registry.
    let own = cites("60/2024/QH15");
    assert_eq!(own.status, Status::DocumentNotFound, "{own:#?}");
    // The law it quotes (with title, date, issuer and effective date) is real.
    let quoted = cites("Điều 1 Luật số 91/2025/QH15");
    assert_eq!(quoted.status, Status::Verified, "{quoted:#?}");
    assert!(quoted.text.ends_with("của Quốc hội"), "{}", quoted.text);
    // The article headings of the page itself are not references.
    assert!(
        report.references.iter().all(|r| r.text != "Điều 1"),
        "a heading was taken for a reference"
    );
    // Offsets point at the reference in the input.
    let chars: Vec<char> = page.chars().collect();
    for r in &report.references {
        assert_eq!(chars[r.start..r.end].iter().collect::<String>(), r.text);
    }
}

#[test]
fn explanations_say_what_the_corpus_has() {
    let report = verify(
        "Điều 99 Luật số 134/2025/QH15 quy định xử phạt. Nghị quyết số 57-NQ/TW ngày 12/12/2024 của Bộ Chính trị. Theo Nghị quyết 71/NQ-CP, các Bộ triển khai. Nghị định số 845/2026/NĐ-CP hướng dẫn chi tiết.",
    );
    let statuses: Vec<Status> = report.references.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            Status::UnitNotFound,
            Status::MetadataMismatch,
            Status::Ambiguous,
            Status::DocumentNotFound
        ]
    );
    let r = &report.references;
    assert!(
        r[0].explanation.contains("Điều 1–35"),
        "{}",
        r[0].explanation
    );
    assert!(
        r[1].explanation.contains("22/12/2024"),
        "{}",
        r[1].explanation
    );
    assert!(
        r[2].candidates.iter().any(|c| c.contains("2010")),
        "{:?}",
        r[2].candidates
    );
    let number = r[3].number.as_ref().expect("a number check");
    assert!(number.valid_form);
    assert_eq!(number.in_registry, Some(false));
    assert_eq!(report.summary.total, 4);
    assert_eq!(report.summary.verified, 0);
}

#[test]
fn a_hidden_document_is_not_found_for_a_public_caller() {
    let text = "Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ.";
    let all = verify(text);
    assert_eq!(all.references[0].status, Status::Verified);
    let public = engine()
        .verify(
            &VerifyRequest {
                text: text.to_string(),
                check_content: true,
                as_of: None,
            },
            Access::PUBLIC,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(public.references[0].status, Status::DocumentNotFound);
    assert!(public.references[0].document.is_none());
}

#[test]
fn the_catalog_weighs_words_without_holding_unit_texts() {
    use lexcite_engine::catalog::Catalog;
    use lexcite_index::Filters;
    let engine = engine();
    let store = engine.index().store();
    for doc in &engine.catalog().docs {
        let units = store
            .scan(&Filters {
                document_ids: vec![doc.id.clone()],
                ..Filters::units()
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(doc.vocabulary.units > 0, "{}", doc.id);
        assert_eq!(
            doc.vocabulary,
            lexcite_index::record::vocabulary_of(&units),
            "{}: the vocabulary kept on the record is the units' own",
            doc.id
        );
    }
    // A store written before records kept a vocabulary: counted from the texts instead.
    let mut records = store
        .scan(&Filters::default())
        .unwrap_or_else(|e| panic!("{e}"));
    for r in &mut records {
        r.vocabulary = None;
    }
    let recounted = Catalog::from_records(records);
    assert_eq!(recounted.docs.len(), engine.catalog().docs.len());
    for (a, b) in recounted.docs.iter().zip(&engine.catalog().docs) {
        assert_eq!(a.vocabulary, b.vocabulary, "{}", a.id);
    }
}
