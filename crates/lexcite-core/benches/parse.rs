//! Parsing throughput on the whole corpus (MB/s of raw text, one core).

#[allow(dead_code, reason = "this bench reads only the corpus texts")]
mod mixed;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lexcite_core::{DocumentMeta, parse};

fn bench_parse(c: &mut Criterion) {
    let texts = mixed::corpus_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let meta = DocumentMeta::default();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("corpus", |b| {
        b.iter(|| {
            for t in &texts {
                std::hint::black_box(parse(t, &meta).expect("corpus parses"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench_parse);
criterion_main!(benches);
