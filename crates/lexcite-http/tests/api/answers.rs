//! POST /v1/ask: every sentence carries a citation whose unit contains it; generated answers
//! are checked against their passages.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::{App as ActixApp, HttpResponse, HttpServer, web};
use serde_json::{Value, json};

use lexcite_engine::Engine;
use lexcite_engine::llm::{Llm, LlmConfig};

use crate::common::{App, PUBLIC_KEY, Reply, engine, spawn_app, spawn_app_with};

/// Asks with the public key for the extractive answer (`generate: false`).
fn ask_extractive(app: &App, question: &str) -> Reply {
    app.post(
        "/v1/ask",
        Some(PUBLIC_KEY),
        &json!({"question": question, "generate": false}),
    )
}

/// Each sentence's markers point to citations whose unit text contains the sentence.
fn assert_grounded(app: &crate::common::App, answer: &Value) {
    let citations = answer["citations"].as_array().expect("citations");
    let sentences = answer["sentences"].as_array().expect("sentences");
    assert!(!sentences.is_empty(), "{answer}");
    for s in sentences {
        let text = s["text"].as_str().expect("text");
        let markers = s["citations"].as_array().expect("markers");
        assert!(!markers.is_empty(), "sentence without citation: {text}");
        assert!(
            answer["answer"]
                .as_str()
                .unwrap_or("")
                .contains(&format!("{text} ["))
        );
        for m in markers {
            let n = m.as_u64().expect("number") as usize;
            let c = &citations[n - 1];
            assert_eq!(c["n"], n);
            let unit = app.get(
                &format!("/v1/units/{}", c["unit_id"].as_str().unwrap_or("")),
                Some(PUBLIC_KEY),
            );
            assert_eq!(unit.status, 200);
            let unit_text = unit.body["text"].as_str().unwrap_or("");
            let quote = c["quote"].as_str().unwrap_or("");
            let (start, end) = (
                c["start"].as_u64().unwrap_or(0) as usize,
                c["end"].as_u64().unwrap_or(0) as usize,
            );
            let span: String = unit_text.chars().skip(start).take(end - start).collect();
            assert_eq!(span, quote, "the quote is where the citation says");
            if answer["mode"] == "extractive" {
                assert!(unit_text.contains(text), "{text:?} not in {}", c["unit_id"]);
            }
        }
    }
}

#[test]
fn extractive_answers_quote_the_units_they_cite() {
    let app = spawn_app();
    for question in [
        "Đến năm 2030, kinh phí chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP?",
        "Hệ thống trí tuệ nhân tạo có rủi ro cao là gì?",
    ] {
        let r = app.post("/v1/ask", Some(PUBLIC_KEY), &json!({"question": question}));
        assert_eq!(r.status, 200, "{:?}", r.body);
        assert_eq!(r.body["mode"], "extractive");
        assert_grounded(&app, &r.body);
    }
    let r = app.post(
        "/v1/ask",
        Some(PUBLIC_KEY),
        &json!({"question": "Đến năm 2030, kinh phí chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP?"}),
    );
    assert!(
        r.body["answer"].as_str().unwrap_or("").contains("2% GDP"),
        "{}",
        r.body["answer"]
    );
}

#[test]
fn answers_quote_what_the_question_asks_for() {
    let app = spawn_app();
    // (question, what the answer must quote): a date for "từ ngày nào", the items of a list
    // and not only its lead-in, a definition of the very term asked about with what follows
    // its ";" in the same line.
    let cases: [(&str, &[&str]); 5] = [
        (
            "Luật Trí tuệ nhân tạo có hiệu lực thi hành từ ngày nào?",
            &["01 tháng 3 năm 2026"],
        ),
        // Asked in other words than the law's, on the law alone: its article on entry into
        // force is looked up, not the transitional provisions that share the words.
        (
            "Luật số 134/2025/QH15 bắt đầu được áp dụng kể từ ngày nào?",
            &["Luật này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2026"],
        ),
        (
            "Hệ thống trí tuệ nhân tạo được phân loại theo những mức độ rủi ro nào?",
            &["có rủi ro cao", "có rủi ro trung bình", "có rủi ro thấp"],
        ),
        (
            "Bên triển khai hệ thống trí tuệ nhân tạo là gì?",
            &["Bên triển khai là", "phi thương mại"],
        ),
        // "hiểu thế nào là X": the clause that defines X, though X's words fill many others.
        (
            "Luật Trí tuệ nhân tạo hiểu thế nào là nhà cung cấp?",
            &["Nhà cung cấp là tổ chức, cá nhân đưa hệ thống trí tuệ nhân tạo ra thị trường"],
        ),
    ];
    for (question, wanted) in cases {
        let r = ask_extractive(&app, question);
        assert_eq!(r.status, 200, "{:?}", r.body);
        assert_eq!(
            r.body["mode"], "extractive",
            "{question}: {}",
            r.body["answer"]
        );
        let answer = r.body["answer"].as_str().unwrap_or("");
        for w in wanted {
            assert!(answer.contains(w), "{question}: {w:?} not in {answer}");
        }
        assert_grounded(&app, &r.body);
    }
}

#[test]
fn nothing_relevant_gives_no_answer() {
    let app = spawn_app();
    for question in [
        "Cách nấu phở bò ngon nhất?",
        "Giá vé máy bay đi Đà Nẵng tháng sau",
        // Legal questions on laws the index does not hold: the words "cơ quan", "quản lý nhà
        // nước", "thời hạn" are everywhere in it, the subject is not.
        "Cơ quan nào có trách nhiệm thống nhất quản lý nhà nước về điện ảnh?",
        "Trong trường hợp nào thỏa thuận trọng tài bị vô hiệu?",
    ] {
        let r = app.post("/v1/ask", Some(PUBLIC_KEY), &json!({"question": question}));
        assert_eq!(r.status, 200);
        assert_eq!(
            r.body["mode"], "not_found",
            "{question}: {}",
            r.body["answer"]
        );
        assert!(r.body["citations"].as_array().is_some_and(Vec::is_empty));
        assert!(
            r.body["answer"]
                .as_str()
                .unwrap_or("")
                .contains("Không tìm thấy")
        );
    }
}

#[test]
fn a_neighbouring_provision_does_not_answer_a_figure_it_does_not_state() {
    let app = spawn_app();
    // The corpus has the words and a figure close by, not the figure asked for: 57-NQ/TW
    // sets the research share for 2030 only; the AI law sets no fee in đồng.
    for question in [
        "Theo tầm nhìn đến năm 2045, kinh phí chi cho nghiên cứu phát triển phải đạt bao nhiêu phần trăm GDP?",
        "Lệ phí thẩm định hồ sơ hệ thống trí tuệ nhân tạo có rủi ro cao là bao nhiêu tiền?",
    ] {
        let r = ask_extractive(&app, question);
        assert_eq!(r.status, 200);
        assert_eq!(
            r.body["mode"], "not_found",
            "{question}: {}",
            r.body["answer"]
        );
    }
    // Asked for 2030, the same provision answers.
    let r = ask_extractive(
        &app,
        "Đến năm 2030, kinh phí chi cho nghiên cứu phát triển phải đạt bao nhiêu phần trăm GDP?",
    );
    assert!(
        r.body["answer"].as_str().unwrap_or("").contains("2% GDP"),
        "{}",
        r.body["answer"]
    );
}

#[test]
fn a_question_on_a_document_the_corpus_lacks_is_not_answered_from_others() {
    let app = spawn_app();
    let r = ask_extractive(
        &app,
        "Theo Luật Giao dịch điện tử, hệ thống trí tuệ nhân tạo phải được thông báo cho ai?",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body["mode"], "not_found", "{}", r.body["answer"]);
    let notice = r.body["notice"].as_str().unwrap_or("");
    assert!(
        notice.contains("Luật Giao dịch điện tử"),
        "the notice names the missing law: {notice}"
    );
    // Named beside a held document, it does not stop the answer.
    let r = ask_extractive(
        &app,
        "Luật Trí tuệ nhân tạo và Luật Giao dịch điện tử quy định Quỹ Phát triển trí tuệ nhân tạo quốc gia là gì?",
    );
    assert_eq!(r.body["mode"], "extractive", "{}", r.body["answer"]);
    // A law that a held one changes is spoken of by the corpus: Luật 134/2025/QH15 repeals a
    // clause of Luật 71/2025/QH15, which this index does not hold.
    let r = ask_extractive(
        &app,
        "Khoản 9 Điều 3 Luật Công nghiệp công nghệ số số 71/2025/QH15 bị bãi bỏ từ ngày nào?",
    );
    assert!(
        !r.body["notice"]
            .as_str()
            .unwrap_or("")
            .contains("không có trong kho"),
        "{}",
        r.body
    );
}

#[test]
fn a_documents_opening_is_quoted_only_when_asked_about() {
    let app = spawn_app();
    let kinds = |body: &Value| -> Vec<String> {
        body["citations"]
            .as_array()
            .map(|cs| {
                cs.iter()
                    .filter_map(|c| c["path"].as_array()?.last()?["kind"].as_str())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    // The opening ("LUẬT TRÍ TUỆ NHÂN TẠO … Căn cứ Hiến pháp …") shares the question's words
    // and states no rule: the definition answers.
    let r = ask_extractive(
        &app,
        "Luật Trí tuệ nhân tạo năm 2025 định nghĩa trí tuệ nhân tạo như thế nào?",
    );
    assert_eq!(r.status, 200);
    assert!(
        !kinds(&r.body).iter().any(|k| k == "preamble"),
        "{}",
        r.body["answer"]
    );
    // Asked what the law was issued on, the opening answers.
    let r = ask_extractive(
        &app,
        "Luật Trí tuệ nhân tạo số 134/2025/QH15 được ban hành căn cứ vào văn bản nào?",
    );
    assert!(
        kinds(&r.body).iter().any(|k| k == "preamble"),
        "{}",
        r.body["answer"]
    );
}

/// A stand-in for the agency's language model (the only fake here: no model runs on CI).
fn fake_llm(reply: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("port");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            HttpServer::new(move || {
                ActixApp::new().route(
                    "/v1/chat/completions",
                    web::post().to(move |body: web::Json<Value>| async move {
                        // The passages are numbered in the prompt the model gets.
                        let prompt = body["messages"][1]["content"].as_str().unwrap_or("");
                        assert!(prompt.starts_with("[1] "), "{prompt}");
                        HttpResponse::Ok().json(json!({
                            "choices": [{"message": {"role": "assistant", "content": reply}}]
                        }))
                    }),
                )
            })
            .workers(1)
            .listen(listener)?
            .run()
            .await
        })
    });
    format!("http://{addr}/v1")
}

#[test]
fn generated_answers_keep_only_supported_sentences() {
    let url = fake_llm(
        "Kinh phí chi cho nghiên cứu phát triển (R&D) đạt 2% GDP [1]. \
         Ngân sách nhà nước cấp thêm 50 nghìn tỷ đồng mỗi năm cho các viện nghiên cứu tư nhân [1]. \
         Kinh phí từ xã hội chiếm hơn 60% [7]. \
         Theo Nghị định số 845/2026/NĐ-CP, kinh phí chi cho nghiên cứu phát triển (R&D) đạt 2% GDP [1].",
    );
    let llm = Llm::new(LlmConfig {
        url,
        model: "local".into(),
        api_key: None,
        timeout: Duration::from_secs(10),
    });
    let with_llm = Arc::new(Engine::new(engine().index().clone(), Some(llm)).expect("engine"));
    let app = spawn_app_with(Some(with_llm), lexcite_engine::settings::DEFAULT_MAX_BODY);
    let r = app.post(
        "/v1/ask",
        Some(PUBLIC_KEY),
        &json!({"question": "Theo Nghị quyết 57-NQ/TW, kinh phí chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP?"}),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body["mode"], "generated", "{}", r.body);
    let kept: Vec<&str> = r.body["sentences"]
        .as_array()
        .map(|s| s.iter().filter_map(|x| x["text"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        kept,
        ["Kinh phí chi cho nghiên cứu phát triển (R&D) đạt 2% GDP."]
    );
    let dropped = r.body["dropped"].as_array().cloned().unwrap_or_default();
    assert_eq!(dropped.len(), 3, "{dropped:?}");
    assert!(
        dropped
            .iter()
            .any(|d| d.as_str().unwrap_or("").contains("[7]"))
    );
    // The verifier caught the invented decree, though the figure beside it is right.
    assert!(
        dropped.iter().any(|d| {
            let d = d.as_str().unwrap_or("");
            d.contains("845/2026/NĐ-CP") && d.contains("Không có")
        }),
        "{dropped:?}"
    );
    assert_grounded(&app, &r.body);

    // Asked not to generate: the extractive answer.
    let r = ask_extractive(
        &app,
        "kinh phí chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP",
    );
    assert_eq!(r.body["mode"], "extractive");
}

#[test]
fn an_unreachable_model_falls_back_to_the_extractive_answer() {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let llm = Llm::new(LlmConfig {
        url: format!("http://127.0.0.1:{port}/v1"),
        model: "local".into(),
        api_key: None,
        timeout: Duration::from_secs(5),
    });
    let with_llm = Arc::new(Engine::new(engine().index().clone(), Some(llm)).expect("engine"));
    let app = spawn_app_with(Some(with_llm), lexcite_engine::settings::DEFAULT_MAX_BODY);
    let r = app.post(
        "/v1/ask",
        Some(PUBLIC_KEY),
        &json!({"question": "kinh phí chi cho nghiên cứu phát triển đạt bao nhiêu phần trăm GDP"}),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.body["mode"], "extractive");
    assert!(
        r.body["notice"]
            .as_str()
            .unwrap_or("")
            .contains("language model"),
        "{}",
        r.body
    );
    assert_grounded(&app, &r.body);
}
