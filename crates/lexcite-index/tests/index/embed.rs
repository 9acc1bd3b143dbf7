//! The embedding model: it must understand Vietnamese, and say clearly what is missing.

use lexcite_index::embed::{EmbedError, cosine};
use lexcite_index::{Embedder, ModelPaths, Role};

use crate::common::{embedder, repo_root};

#[test]
fn a_vietnamese_paraphrase_scores_above_an_unrelated_sentence() {
    let e = embedder();
    assert_eq!(e.dim(), 384);
    let query = e
        .embed_one(
            "Doanh nghiệp phải báo cáo vi phạm dữ liệu cá nhân trong bao lâu?",
            Role::Query,
        )
        .expect("embeds");
    let passages = e
        .embed(
            &[
                "Bên Kiểm soát dữ liệu phải thông báo cho Bộ Công an chậm nhất 72 giờ sau khi xảy ra hành vi vi phạm bảo vệ dữ liệu cá nhân.",
                "Văn bản hành chính được trình bày trên khổ giấy A4, theo chiều dài của trang giấy.",
                "Nhà nước khuyến khích phát triển cây trồng có giá trị kinh tế cao.",
            ],
            Role::Passage,
        )
        .expect("embeds");
    let scores: Vec<f32> = passages.iter().map(|p| cosine(&query, p)).collect();
    assert!(
        scores[0] > scores[1] + 0.03 && scores[0] > scores[2] + 0.03,
        "{scores:?}"
    );
    let norm: f32 = query.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!(
        (norm - 1.0).abs() < 1e-3,
        "vectors are normalised, got norm {norm}"
    );
}

#[test]
fn the_role_prefix_changes_the_vector_and_batches_match_single_calls() {
    let e = embedder();
    let text = "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.";
    let as_query = e.embed_one(text, Role::Query).expect("embeds");
    let as_passage = e.embed_one(text, Role::Passage).expect("embeds");
    assert!(
        cosine(&as_query, &as_passage) < 0.999,
        "query: and passage: must differ"
    );
    let batch = e
        .embed(
            &[
                text,
                "Nghiêm cấm tuyên truyền chống Nhà nước trên không gian mạng.",
            ],
            Role::Passage,
        )
        .expect("embeds");
    assert!(
        cosine(&batch[0], &as_passage) > 0.9999,
        "padding in a batch must not change a vector"
    );
}

fn load_error(paths: &ModelPaths) -> String {
    match Embedder::load(paths, Some(1)) {
        Ok(_) => panic!("loaded from {paths:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn missing_runtime_or_model_is_named_with_the_way_to_set_it_up() {
    let good = ModelPaths::from_env(&repo_root().join("models"));
    let dir = tempfile::tempdir().expect("temporary folder");
    let no_runtime = ModelPaths {
        runtime: dir.path().join("libonnxruntime.so"),
        ..good.clone()
    };
    let message = load_error(&no_runtime);
    assert!(
        message.contains("libonnxruntime.so") && message.contains("setup_model.py"),
        "{message}"
    );

    // The runtime must be loaded for the model check to be reached.
    drop(embedder());
    let no_model = ModelPaths {
        model_dir: dir.path().to_path_buf(),
        ..good.clone()
    };
    let message = load_error(&no_model);
    assert!(
        message.contains("model.onnx") && message.contains(&dir.path().display().to_string()),
        "{message}"
    );
    assert!(matches!(
        Embedder::load(&no_model, Some(1)),
        Err(EmbedError::ModelMissing { .. })
    ));

    std::fs::write(dir.path().join("model.onnx"), b"not a model").expect("write");
    for f in [
        "tokenizer.json",
        "config.json",
        "special_tokens_map.json",
        "tokenizer_config.json",
    ] {
        std::fs::copy(good.model_dir.join(f), dir.path().join(f)).expect("copy");
    }
    let message = load_error(&no_model);
    assert!(message.contains("cannot be loaded"), "{message}");
}

#[test]
fn queries_asked_at_once_get_the_vectors_they_would_get_alone() {
    let e = embedder();
    let questions: Vec<String> = (0..24)
        .map(|i| format!("Doanh nghiệp phải lưu trữ hồ sơ trong {i} năm theo quy định nào?"))
        .collect();
    let alone: Vec<Vec<f32>> = questions
        .iter()
        .map(|q| e.embed_one(q, Role::Query).expect("embeds"))
        .collect();
    // Many threads asking at once: their queries are embedded in shared batches.
    let together: Vec<Vec<f32>> = std::thread::scope(|s| {
        let handles: Vec<_> = questions
            .iter()
            .map(|q| {
                let e = e.clone();
                s.spawn(move || e.embed_query(q).expect("embeds"))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    for (i, (a, b)) in alone.iter().zip(&together).enumerate() {
        assert!(cosine(a, b) > 0.9999, "question {i}: {}", cosine(a, b));
    }
    // Asked again: the same vector (from the cache).
    assert_eq!(e.embed_query(&questions[3]).expect("embeds"), together[3]);
}

#[test]
fn asked_for_cuda_without_it_the_model_runs_on_the_cpu_and_says_so() {
    use lexcite_index::Device;
    let paths = ModelPaths::from_env(&repo_root().join("models"));
    // The runtime set up here is the CPU-only wheel: no CUDA execution provider.
    let e = Embedder::load_on(&paths, Some(1), Device::Cuda).expect("falls back to the CPU");
    assert_eq!(e.device(), Device::Cpu);
    let text = "Dữ liệu cá nhân nhạy cảm";
    let on_cpu = embedder().embed_one(text, Role::Query).expect("embeds");
    let fallen_back = e.embed_one(text, Role::Query).expect("embeds");
    assert!(cosine(&on_cpu, &fallen_back) > 0.9999);
    assert_eq!("cuda".parse::<Device>(), Ok(Device::Cuda));
    assert!("tpu".parse::<Device>().is_err());
}
