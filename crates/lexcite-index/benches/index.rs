//! Index benchmarks, run by hand in release mode (they take minutes, not microseconds):
//!
//!     cargo bench -p lexcite-index --bench index -- embed   # pipeline vs raw fastembed
//!     cargo bench -p lexcite-index --bench index -- search  # hybrid query latency on data/index
//!
//! `embed` embeds every 4th record of corpus/ twice, once through `Embedder` in the batches
//! ingestion uses (prefix, batching, checks) and once by calling fastembed directly on the same
//! prefixed texts, and prints the ratio. `search` runs questions against the embedded store
//! that `lexcite ingest corpus/` made under data/ (LEXCITE_DATA_DIR) and prints p50/p99 of one
//! hybrid query, the question's embedding included.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fastembed::{
    InitOptionsUserDefined, Pooling, TextEmbedding, TokenizerFiles, UserDefinedEmbeddingModel,
};
use lexcite_index::record::prepare;
use lexcite_index::{
    Classification, EdgeStore, Embedder, Filters, Index, Mode, ModelPaths, Role, Store,
};
use lexcite_ingest::Corpus;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn texts() -> Vec<String> {
    let corpus = Corpus::open(&root().join("corpus")).expect("corpus");
    let mut out = Vec::new();
    for (_, doc) in corpus.documents().expect("parse") {
        for p in prepare(&doc, Classification::Public, "bench") {
            out.push(p.dense_text);
        }
    }
    out.into_iter().step_by(4).collect()
}

fn raw_model(paths: &ModelPaths) -> TextEmbedding {
    let dir = &paths.model_dir;
    let read = |f: &str| std::fs::read(dir.join(f)).expect("model file");
    let files = TokenizerFiles {
        tokenizer_file: read("tokenizer.json"),
        config_file: read("config.json"),
        special_tokens_map_file: read("special_tokens_map.json"),
        tokenizer_config_file: read("tokenizer_config.json"),
    };
    let model =
        UserDefinedEmbeddingModel::new(read("model.onnx"), files).with_pooling(Pooling::Mean);
    TextEmbedding::try_new_from_user_defined(model, InitOptionsUserDefined::default())
        .expect("raw model")
}

fn embed_bench(paths: &ModelPaths) {
    let texts = texts();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let embedder = Embedder::load(paths, None).expect("model");
    let mut raw = raw_model(paths);
    let prefixed: Vec<String> = texts.iter().map(|t| format!("passage: {t}")).collect();
    embedder.embed(&texts[..4], Role::Passage).expect("warm");
    raw.embed(&prefixed[..4], None).expect("warm");

    let t = Instant::now();
    for chunk in texts.chunks(lexcite_index::index::WRITE_BATCH) {
        embedder.embed(chunk, Role::Passage).expect("embed");
    }
    let ours = t.elapsed();
    let t = Instant::now();
    raw.embed(&prefixed, Some(lexcite_index::embed::DEFAULT_BATCH))
        .expect("embed");
    let raw_same_batch = t.elapsed();
    let t = Instant::now();
    raw.embed(&prefixed, None).expect("embed");
    let raw_default = t.elapsed();
    let per_s = |d: Duration| texts.len() as f64 / d.as_secs_f64();
    println!("{} texts, {} characters", texts.len(), chars);
    println!(
        "Embedder (ingestion path): {:.1} s, {:.1} texts/s",
        ours.as_secs_f64(),
        per_s(ours)
    );
    println!(
        "raw fastembed, batch {}: {:.1} s, {:.1} texts/s",
        lexcite_index::embed::DEFAULT_BATCH,
        raw_same_batch.as_secs_f64(),
        per_s(raw_same_batch)
    );
    println!(
        "raw fastembed, its default batch: {:.1} s, {:.1} texts/s",
        raw_default.as_secs_f64(),
        per_s(raw_default)
    );
    println!(
        "ratio to the faster raw run: {:.2}x",
        ours.as_secs_f64() / raw_same_batch.min(raw_default).as_secs_f64()
    );
}

const QUESTIONS: &[&str] = &[
    "Nghị quyết 57 đặt mục tiêu chi cho nghiên cứu phát triển bao nhiêu phần trăm GDP?",
    "Dữ liệu cá nhân nhạy cảm gồm những loại nào?",
    "Thời hạn thông báo vi phạm bảo vệ dữ liệu cá nhân là bao lâu?",
    "Hệ thống trí tuệ nhân tạo rủi ro cao phải đáp ứng yêu cầu gì?",
    "Văn bản hành chính được trình bày trên khổ giấy nào?",
    "Các hành vi bị nghiêm cấm trên không gian mạng",
    "Doanh nghiệp công nghệ cao được hưởng ưu đãi gì?",
    "Ai có thẩm quyền ký văn bản của cơ quan?",
    "Quyền của chủ thể dữ liệu",
    "Chính phủ giao Bộ Khoa học và Công nghệ nhiệm vụ gì trong chương trình hành động?",
    "chuyen du lieu ca nhan ra nuoc ngoai",
    "xử phạt vi phạm hành chính về dữ liệu cá nhân",
    "sandbox thử nghiệm có kiểm soát",
    "công nghiệp bán dẫn",
    "hạ tầng dữ liệu quốc gia",
    "con dấu và thiết bị lưu khóa bí mật",
];

fn percentile(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

fn search_bench(paths: &ModelPaths) {
    let data = std::env::var_os("LEXCITE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("data"));
    let embedder = Arc::new(Embedder::load(paths, None).expect("model"));
    let store = EdgeStore::open(&data.join("index"), embedder.dim()).expect("store");
    let records = store.count(&Filters::units()).expect("count");
    assert!(
        records > 0,
        "the store at {} is empty: run `lexcite ingest corpus/` first",
        data.display()
    );
    let index = Index::new(Arc::new(store), embedder);
    for q in QUESTIONS {
        index
            .search(q, Mode::Hybrid, Filters::units(), 10)
            .expect("warm");
    }
    let mut all = Vec::new();
    let mut embed_only = Vec::new();
    for _ in 0..10 {
        for q in QUESTIONS {
            let t = Instant::now();
            index
                .search(q, Mode::Hybrid, Filters::units(), 10)
                .expect("search");
            all.push(t.elapsed());
            let t = Instant::now();
            index.embedder().embed_one(q, Role::Query).expect("embed");
            embed_only.push(t.elapsed());
        }
    }
    println!(
        "{records} unit records, {} queries (limit 10, hybrid)",
        all.len()
    );
    println!(
        "hybrid query: p50 {:.1} ms, p99 {:.1} ms",
        percentile(&mut all, 0.5),
        percentile(&mut all, 0.99)
    );
    println!(
        "of which the question's embedding alone: p50 {:.1} ms, p99 {:.1} ms",
        percentile(&mut embed_only, 0.5),
        percentile(&mut embed_only, 0.99)
    );
}

fn main() {
    let paths = ModelPaths::from_env(&root().join("models"));
    let which: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let run = |name: &str| which.is_empty() || which.iter().any(|w| w == name);
    if run("embed") {
        embed_bench(&paths);
    }
    if run("search") {
        search_bench(&paths);
    }
}
