//! Layout speed (issue 3): a 1,500-card map laid out cold (goal: under 60 ms)
//! and again after a one-card edit with the shaping cache warm (goal: under 5 ms).
//! Run: cargo bench -p travesia-layout --bench layout

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use travesia_core::edit::{apply, CardPatch, Edit};
use travesia_core::sample;
use travesia_layout::{layout, TextEngine};

fn bench(c: &mut Criterion) {
    let map = sample::map_with_cards(1500);
    let mut g = c.benchmark_group("layout_1500_cards");
    g.sample_size(20);
    g.bench_function("cold", |b| {
        b.iter_batched(
            TextEngine::new,
            |mut engine| layout(&map, &mut engine),
            BatchSize::PerIteration,
        )
    });
    let mut engine = TextEngine::new();
    layout(&map, &mut engine);
    engine.trim();
    let mut edited = map.clone();
    let id = edited.cards[700].id.clone();
    let mut n = 0u64;
    g.bench_function("after_one_card_edit", |b| {
        b.iter(|| {
            n += 1;
            let patch = CardPatch {
                text: Some(format!("Texto editado número {n}, con ñ y acentos")),
                ..Default::default()
            };
            apply(
                &mut edited,
                &Edit::UpdateCard {
                    id: id.clone(),
                    patch,
                },
            )
            .unwrap();
            let scene = layout(&edited, &mut engine);
            engine.trim();
            scene
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
