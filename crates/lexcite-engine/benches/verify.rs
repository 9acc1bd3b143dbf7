//! Citation verification throughput, end to end (extraction, resolution on the catalog,
//! claims judged against the cited units), on the 5 MB mixed text of the extraction benchmark:
//! corpus prose with a reference about every 300 characters.
//!
//! Needs the corpus indexed under `data/` (`lexcite ingest corpus/`) and the model under
//! `models/` (LEXCITE_DATA_DIR and LEXCITE_MODEL_DIR override).

#[path = "../../lexcite-core/benches/mixed/mod.rs"]
mod mixed;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lexcite_engine::testing::{repo_root, settings_in};
use lexcite_engine::verify::VerifyRequest;
use lexcite_engine::{Access, Engine};

/// The engine over `data/` at the repository's root, opened as the server opens it (the
/// LEXCITE_* variables apply).
fn engine() -> Engine {
    let mut settings = settings_in(&repo_root().join("data"));
    settings
        .apply_env(|k| std::env::var(k).ok())
        .unwrap_or_else(|e| panic!("{e}"));
    settings.llm = None;
    let engine = Engine::open(&settings).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !engine.catalog().docs.is_empty(),
        "the index at {} is empty: run `lexcite ingest corpus/` first",
        settings.index_location()
    );
    engine
}

/// A paragraph of a draft (about 1.5 KB, 7 references): the size a person checks at once.
const PARAGRAPH: &str = "Căn cứ Luật Trí tuệ nhân tạo số 134/2025/QH15 và Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, đơn vị rà soát các hệ thống đang vận hành. Theo khoản 1 Điều 13 Luật số 134/2025/QH15, hệ thống trí tuệ nhân tạo có rủi ro cao phải được đánh giá sự phù hợp trước khi đưa vào sử dụng. Quỹ Phát triển trí tuệ nhân tạo quốc gia do Chính phủ thành lập, theo khoản 1 Điều 22 Luật số 134/2025/QH15. Theo khoản 1 Điều 23 Luật số 91/2025/QH15, bên kiểm soát dữ liệu cá nhân phải thông báo cho cơ quan chuyên trách bảo vệ dữ liệu cá nhân chậm nhất là 72 giờ kể từ khi phát hiện hành vi vi phạm. Điều 26 Luật số 134/2025/QH15 quy định về khung đạo đức trí tuệ nhân tạo quốc gia. Nghị định số 13/2023/NĐ-CP quy định về bảo vệ dữ liệu cá nhân. Luật số 134/2025/QH15 có hiệu lực thi hành từ ngày 01/3/2026.";

fn bench_verify(c: &mut Criterion) {
    let engine = engine();
    let mut group = c.benchmark_group("verify_paragraph");
    group.throughput(Throughput::Bytes(PARAGRAPH.len() as u64));
    let req = VerifyRequest {
        text: PARAGRAPH.to_string(),
        check_content: true,
        as_of: None,
    };
    let report = engine
        .verify(&req, Access::ALL)
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("paragraph: {:?}", report.summary);
    group.bench_function("paragraph_1_5kb_with_content", |b| {
        b.iter(|| std::hint::black_box(engine.verify(&req, Access::ALL)))
    });
    group.finish();
    let text = mixed::mixed_text(5_000_000);
    let mut group = c.benchmark_group("verify");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    for (name, check_content) in [
        ("mixed_5mb_resolution", false),
        ("mixed_5mb_with_content", true),
    ] {
        let req = VerifyRequest {
            text: text.clone(),
            check_content,
            as_of: None,
        };
        let report = engine
            .verify(&req, Access::ALL)
            .unwrap_or_else(|e| panic!("{e}"));
        eprintln!("{name}: {:?}", report.summary);
        group.bench_function(name, |b| {
            b.iter(|| std::hint::black_box(engine.verify(&req, Access::ALL)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_verify);
criterion_main!(benches);
