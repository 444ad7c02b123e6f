//! Reading `.travesia` files: a 10,000-card map from bytes (parse + every rule).
//! Run: cargo bench -p travesia-core --bench format

use criterion::{criterion_group, criterion_main, Criterion};
use travesia_core::format::{self, Document};
use travesia_core::sample;

fn read(c: &mut Criterion) {
    let doc = Document {
        map: sample::map_with_cards(10_000),
        extra: Default::default(),
    };
    let text = format::to_string(&doc);
    let mut g = c.benchmark_group("format");
    g.sample_size(20);
    g.bench_function("read_validate_10000_cards", |b| {
        b.iter(|| format::read_bytes(text.as_bytes()).unwrap())
    });
    g.bench_function("write_10000_cards", |b| b.iter(|| format::to_string(&doc)));
    g.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
