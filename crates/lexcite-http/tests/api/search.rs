//! POST /v1/search: the right unit for questions about the corpus, filters, highlights.

use serde_json::json;

use crate::common::{PUBLIC_KEY, spawn_app};

#[test]
fn questions_find_the_unit_that_answers_them() {
    let app = spawn_app();
    let cases = [
        // The R&D spending target of 57-NQ/TW is in its Mục II (goals).
        (
            "Theo Nghị quyết 57-NQ/TW, kinh phí chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP?",
            "57-nq-tw_20241222:sec2",
        ),
        (
            "kinh phí chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP",
            "57-nq-tw_20241222:sec2",
        ),
        (
            "hệ thống trí tuệ nhân tạo có rủi ro cao là gì",
            "134-2025-qh15_20251210:art9",
        ),
        (
            "Luật Trí tuệ nhân tạo có hiệu lực thi hành từ ngày nào",
            "134-2025-qh15_20251210:art34",
        ),
    ];
    for (question, expected) in cases {
        let r = app.post(
            "/v1/search",
            Some(PUBLIC_KEY),
            &json!({"query": question, "limit": 5}),
        );
        assert_eq!(r.status, 200, "{question}: {:?}", r.body);
        let top = r.body["results"][0]["unit_id"].as_str().unwrap_or("");
        assert!(
            top.starts_with(expected),
            "{question}: top hit {top}, wanted {expected}"
        );
        let hit = &r.body["results"][0];
        assert_eq!(
            hit["document"]["id"],
            expected.split(':').next().unwrap_or("")
        );
        assert!(hit["citation"].as_str().is_some_and(|c| !c.is_empty()));
        assert_eq!(
            hit["path"]
                .as_array()
                .and_then(|p| p.last())
                .map(|s| s["id"].clone()),
            Some(hit["unit_id"].clone()),
            "the path ends at the unit"
        );
    }
}

#[test]
fn a_document_named_in_passing_does_not_confine_the_search() {
    let app = spawn_app();
    // The question names 57-NQ/TW, but what it asks is defined in Luật 134/2025/QH15.
    let r = app.post(
        "/v1/search",
        Some(PUBLIC_KEY),
        &json!({"query": "Theo Nghị quyết 57-NQ/TW, hệ thống trí tuệ nhân tạo có rủi ro cao là gì?", "limit": 5}),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    let documents: Vec<&str> = r.body["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|h| h["document"]["id"].as_str().unwrap_or(""))
        .collect();
    assert!(
        documents.iter().any(|d| d.starts_with("134-2025-qh15")),
        "{documents:?}"
    );
    // A filter still confines.
    let r = app.post(
        "/v1/search",
        Some(PUBLIC_KEY),
        &json!({
            "query": "Theo Nghị quyết 57-NQ/TW, hệ thống trí tuệ nhân tạo có rủi ro cao là gì?",
            "limit": 5,
            "filters": {"number": "57-NQ/TW"}
        }),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    let results = r.body["results"].as_array().expect("results");
    assert!(!results.is_empty());
    assert!(
        results.iter().all(|h| h["document"]["id"]
            .as_str()
            .unwrap_or("")
            .starts_with("57-nq-tw")),
        "{results:?}"
    );
}

#[test]
fn no_result_is_inside_another_provision() {
    let app = spawn_app();
    for query in [
        "hệ thống trí tuệ nhân tạo có rủi ro cao",
        "Quỹ Phát triển trí tuệ nhân tạo quốc gia",
        "nhiệm vụ và giải pháp phát triển khoa học công nghệ",
    ] {
        let r = app.post(
            "/v1/search",
            Some(PUBLIC_KEY),
            &json!({"query": query, "limit": 10}),
        );
        assert_eq!(r.status, 200, "{:?}", r.body);
        let results = r.body["results"].as_array().expect("results");
        assert_eq!(results.len(), 10, "{query}: still as many results as asked");
        let ids: Vec<&str> = results
            .iter()
            .map(|h| h["unit_id"].as_str().unwrap_or(""))
            .collect();
        for h in results {
            let me = h["unit_id"].as_str().unwrap_or("");
            // A clause and its article are one provision; a chapter holding an article is
            // not (it may come back beside it).
            let above: Vec<&str> = h["path"]
                .as_array()
                .expect("path")
                .iter()
                .filter(|s| {
                    ["article", "clause", "point", "item", "bullet", "row"]
                        .contains(&s["kind"].as_str().unwrap_or(""))
                })
                .map(|s| s["id"].as_str().unwrap_or(""))
                .filter(|id| *id != me)
                .collect();
            assert!(
                !above.iter().any(|a| ids.contains(a)),
                "{query}: {me} is inside another result ({above:?} among {ids:?})"
            );
        }
    }
}

#[test]
fn highlights_point_at_the_query_words_in_the_text() {
    let app = spawn_app();
    let r = app.post(
        "/v1/search",
        Some(PUBLIC_KEY),
        &json!({"query": "nghiên cứu phát triển GDP", "limit": 3}),
    );
    assert_eq!(r.status, 200);
    let results = r.body["results"].as_array().expect("results");
    assert!(!results.is_empty());
    for hit in results {
        let text: Vec<char> = hit["text"].as_str().unwrap_or("").chars().collect();
        let highlights = hit["highlights"].as_array().expect("highlights");
        assert!(!highlights.is_empty(), "{hit}");
        for h in highlights {
            let (s, e) = (
                h["start"].as_u64().unwrap_or(0) as usize,
                h["end"].as_u64().unwrap_or(0) as usize,
            );
            let slice: String = text[s..e].iter().collect();
            assert_eq!(slice, h["text"].as_str().unwrap_or(""));
        }
    }
}

#[test]
fn filters_restrict_what_comes_back() {
    let app = spawn_app();
    let query = "phát triển khoa học công nghệ";
    let search = |filters: serde_json::Value| {
        let r = app.post(
            "/v1/search",
            Some(PUBLIC_KEY),
            &json!({"query": query, "limit": 10, "filters": filters}),
        );
        assert_eq!(r.status, 200, "{:?}", r.body);
        r.body["results"].as_array().cloned().unwrap_or_default()
    };
    let laws = search(json!({"type": "law"}));
    assert!(!laws.is_empty());
    assert!(laws.iter().all(|h| h["document"]["type"] == "law"));
    let articles = search(json!({"kinds": ["article"]}));
    assert!(!articles.is_empty());
    assert!(articles.iter().all(|h| {
        h["path"]
            .as_array()
            .and_then(|p| p.last())
            .is_some_and(|s| s["kind"] == "article")
    }));
    let recent = search(json!({"issued_from": "2025-01-01"}));
    assert!(!recent.is_empty());
    assert!(
        recent
            .iter()
            .all(|h| h["document"]["issued"].as_str().unwrap_or("") >= "2025-01-01")
    );
    let party = search(json!({"number": "57/NQ-TW", "issuer": "Bộ Chính trị"}));
    assert!(!party.is_empty());
    assert!(party.iter().all(|h| h["document"]["number"] == "57-NQ/TW"));
    let none = search(json!({"issued_to": "2000-01-01"}));
    assert!(none.is_empty());
    let inverted = search(json!({"issued_from": "2025-01-01", "issued_to": "2024-01-01"}));
    assert!(inverted.is_empty());
}
