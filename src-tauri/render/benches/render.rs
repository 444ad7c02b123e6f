//! Render speed (issue 3): a 250-card map on A1 as PDF (goal: under 100 ms)
//! and as PNG at 300 dpi. Run: cargo bench -p travesia-render --bench render
//! (tests/bench/posters.sh compares with other tools, memory and file sizes).

use criterion::{criterion_group, criterion_main, Criterion};
use travesia_core::sample;
use travesia_layout::{layout, TextEngine};
use travesia_render::paper::{Orientation, PageSetup, Paper};
use travesia_render::pdf::{to_pdf, PdfOptions};
use travesia_render::png::{write_png, PngOptions};
use travesia_render::sheet::PrintSetup;

fn bench(c: &mut Criterion) {
    let map = sample::map_with_cards(250);
    let scene = layout(&map, &mut TextEngine::new());
    let page = PageSetup {
        paper: Paper::A1,
        orientation: Orientation::Auto,
        margin_mm: 10.0,
    };
    let mut g = c.benchmark_group("render_250_cards_A1");
    g.sample_size(10);
    g.bench_function("pdf", |b| {
        b.iter(|| {
            to_pdf(
                &scene,
                &PdfOptions {
                    print: PrintSetup {
                        bleed_mm: 3.0,
                        crop_marks: true,
                        ..PrintSetup::plain(page)
                    },
                    lang: "es".into(),
                    title: map.title.clone(),
                    author: String::new(),
                    embed: None,
                },
            )
            .unwrap()
        })
    });
    g.bench_function("png_300dpi", |b| {
        b.iter(|| {
            let mut sink = std::io::sink();
            write_png(
                &scene,
                &PngOptions {
                    print: PrintSetup::plain(page),
                    dpi: 300,
                    smaller: false,
                    embed: None,
                },
                &mut sink,
                |_| true,
            )
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
