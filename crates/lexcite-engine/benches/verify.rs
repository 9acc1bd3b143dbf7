//! Citation verification throughput, end to end (extraction, resolution on the catalog,
//! claims judged against the cited units), on the 5 MB mixed text of the extraction benchmark:
//! corpus prose with a reference about every 300 characters.
//!
//! Needs the corpus indexed under `data/` (`lexcite ingest corpus/`) and the model under
//! `models/` (LEXCITE_DATA_DIR and LEXCITE_MODEL_DIR override).

#[path = "../../lexcite-core/benches/mixed/mod.rs"]
mod mixed;

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lexcite_engine::verify::VerifyRequest;
use lexcite_engine::{Access, Engine};
use lexcite_index::{EdgeStore, Embedder, Index, ModelPaths};

fn engine() -> Engine {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let data = std::env::var_os("LEXCITE_DATA_DIR").map_or(root.join("data"), PathBuf::from);
    let embedder = Embedder::load(&ModelPaths::from_env(&root.join("models")), None)
        .unwrap_or_else(|e| panic!("{e}"));
    let store =
        EdgeStore::open(&data.join("index"), embedder.dim()).unwrap_or_else(|e| panic!("{e}"));
    let engine = Engine::new(Index::new(Arc::new(store), Arc::new(embedder)), None)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !engine.catalog().docs.is_empty(),
        "the index under {} is empty: run `lexcite ingest corpus/` first",
        data.display()
    );
    engine
}

fn bench_verify(c: &mut Criterion) {
    let engine = engine();
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
