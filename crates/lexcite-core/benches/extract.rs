//! Reference extraction throughput (MB/s, one core) on a large mixed text: corpus prose with
//! a reference every ~300 characters.

mod mixed;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use lexcite_core::reference::extract;

fn bench_extract(c: &mut Criterion) {
    let text = mixed::mixed_text(5_000_000);
    let refs = extract(&text).len();
    eprintln!("{} bytes, {refs} references", text.len());
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    group.bench_function("mixed_5mb", |b| {
        b.iter(|| std::hint::black_box(extract(&text)))
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
