//! The ingestion pipeline on real corpus documents, on every backend: idempotent writes,
//! changed documents replaced unit by unit, the manifest, and search over the result.

use std::sync::Arc;

use lexcite_core::Document;
use lexcite_index::{Classification, Filters, Index, Mode, RecordKind};
use lexcite_ingest::read_document;

use crate::common::{backends, corpus, embedder, repo_root};

const PARTIAL_71: &str = "71-NQ-CP_2025-04-01_ChinhPhu_PARTIAL-quotes.txt";

fn corpus_text(file: &str) -> (String, lexcite_core::DocumentMeta) {
    let entry = corpus()
        .iter()
        .find(|(e, _)| e.file == file)
        .map(|(e, _)| e.clone())
        .expect("in the manifest");
    let text = std::fs::read_to_string(repo_root().join("corpus").join(file)).expect("read");
    (text, entry.meta())
}

fn parse(text: &str, meta: &lexcite_core::DocumentMeta) -> Document {
    read_document(text.as_bytes(), meta).expect("parses").0
}

#[test]
fn reingesting_writes_nothing_and_a_changed_document_is_replaced_unit_by_unit() {
    let (text, meta) = corpus_text(PARTIAL_71);
    let doc = parse(&text, &meta);
    for b in backends("pipeline", 384) {
        let index = Index::new(Arc::clone(&b.store), embedder());
        let mut seen = 0;
        let first = index
            .write_document(&doc, Classification::Public, &mut |n| seen += n)
            .expect("first write");
        let total = Index::record_count(&doc);
        assert_eq!(seen, total, "{}: progress covers every record", b.name);
        assert_eq!(
            first.added, total,
            "{}: every record added: {first:?}",
            b.name
        );
        assert_eq!(first.deleted + first.updated, 0, "{}", b.name);

        let second = index
            .write_document(&doc, Classification::Public, &mut |_| {})
            .expect("second write");
        assert_eq!(
            second.changes(),
            0,
            "{}: unchanged document rewrote {second:?}",
            b.name
        );
        assert_eq!(second.unchanged, total, "{}", b.name);

        // A run cut short: the last batch and the document record never got written.
        let lost: Vec<String> = doc.walk().map(|u| u.id.clone()).skip(10).take(5).collect();
        b.store
            .delete(&[lost.clone(), vec![doc.id.clone()]].concat())
            .expect("delete");
        let resumed = index
            .write_document(&doc, Classification::Public, &mut |_| {})
            .expect("resumed write");
        assert_eq!(
            (resumed.added, resumed.updated, resumed.deleted),
            (lost.len() + 1, 0, 0),
            "{}: {resumed:?}",
            b.name
        );
        assert_eq!(
            b.store.get(&lost).expect("get").len(),
            lost.len(),
            "{}",
            b.name
        );

        // Row 16 of the appendix disappears and row 15 changes its figure.
        let cut = text.find("16 | Tỷ trọng kinh phí").expect("row 16");
        let end = cut + text[cut..].find('\n').expect("end of row");
        let edited = format!("{}{}", &text[..cut], &text[end + 1..])
            .replace("(R&D) | % GDP | 2 |", "(R&D) | % GDP | 3 |");
        let changed = parse(&edited, &meta);
        let units_before: Vec<String> = doc.walk().map(|u| u.id.clone()).collect();
        let units_after: Vec<String> = changed.walk().map(|u| u.id.clone()).collect();
        let gone: Vec<&String> = units_before
            .iter()
            .filter(|id| !units_after.contains(id))
            .collect();
        assert!(!gone.is_empty(), "the edit removes a unit");

        let third = index
            .write_document(&changed, Classification::Public, &mut |_| {})
            .expect("third write");
        assert_eq!(third.deleted, gone.len(), "{}: {third:?}", b.name);
        assert!(
            third.updated >= 1 && third.updated < total / 2,
            "{}: only the changed units: {third:?}",
            b.name
        );
        let store = index.store();
        assert!(
            store
                .get(&gone.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .expect("get")
                .is_empty()
        );
        assert_eq!(
            store
                .count(&Filters {
                    document_ids: vec![doc.id.clone()],
                    ..Filters::units()
                })
                .expect("count"),
            Index::record_count(&changed) - 1,
            "{}",
            b.name
        );
        let hits = index
            .search(
                "kinh phí chi cho nghiên cứu phát triển R&D % GDP",
                Mode::Sparse,
                Filters::units(),
                3,
            )
            .expect("search");
        let top = &hits.first().expect("a hit").record;
        assert!(
            top.text.contains("| % GDP | 3 |"),
            "{}: the new text is searched: {}",
            b.name,
            top.text
        );

        // The manifest: one document record with the unit count.
        let docs = index.documents().expect("documents");
        assert_eq!(docs.len(), 1, "{}", b.name);
        assert_eq!(docs[0].record, RecordKind::Document);
        assert_eq!(docs[0].units, Some(Index::record_count(&changed) - 1));
        assert_eq!(docs[0].number.as_deref(), Some("71/NQ-CP"));

        assert_eq!(
            index.remove_document(&doc.id).expect("remove"),
            Index::record_count(&changed)
        );
        assert_eq!(
            store.count(&Filters::default()).expect("count"),
            0,
            "{}",
            b.name
        );
    }
}

#[test]
fn hybrid_search_finds_the_section_a_question_is_about() {
    let doc = crate::common::corpus_doc("57-nq-tw");
    for b in backends("search57", 384) {
        let index = Index::new(Arc::clone(&b.store), embedder());
        index
            .write_document(&doc, Classification::Public, &mut |_| {})
            .expect("write");
        let hits = index
            .search(
                "Nghị quyết 57 đặt mục tiêu chi cho nghiên cứu phát triển bao nhiêu phần trăm GDP?",
                Mode::Hybrid,
                Filters::units(),
                5,
            )
            .expect("search");
        let top = &hits.first().expect("a hit").record;
        assert!(
            top.text.contains("2% GDP") && top.id.contains(":sec2"),
            "{}: top hit {} — {}",
            b.name,
            top.citation,
            top.text.chars().take(200).collect::<String>()
        );
    }
}
