//! The library's speed goals (issue 2):
//! - apply + persist one edit on a 1,500-card map (goal: median under 2 ms);
//! - open a 10,000-card map from the library (goal: under 150 ms);
//! - import the same map from a `.travesia` file (goal: under 300 ms);
//! - a library of 1,000 maps (issue 21): list its maps for the home (goal:
//!   under 300 ms for the home to show) and answer a search (goal: under
//!   50 ms), from the search index; and the same search with only words
//!   under three letters, which reads every map (what every search did
//!   before the index).
//!
//! Run: cargo bench -p travesia-store --bench library

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use travesia_core::edit::{CardPatch, Edit};
use travesia_core::format::{self, Document};
use travesia_core::sample;
use travesia_store::Library;

fn edit_1500(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("library.db")).unwrap();
    let id = lib.create_map(sample::map_with_cards(1500)).unwrap();
    let ids: Vec<String> = lib
        .load(&id)
        .unwrap()
        .cards
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let mut n = 0usize;
    c.bench_function("apply_and_persist_edit_1500_cards", |b| {
        b.iter(|| {
            n += 1;
            let patch = CardPatch {
                text: Some(format!("Texto cambiado {n} — ñ")),
                ..CardPatch::default()
            };
            let edit = Edit::UpdateCard {
                id: ids[n % ids.len()].clone(),
                patch,
            };
            lib.apply(&id, &edit).unwrap();
        })
    });
}

fn open_and_import_10000(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let map = sample::map_with_cards(10_000);
    let file = dir.path().join("big.travesia");
    let doc = Document {
        map: map.clone(),
        extra: Default::default(),
    };
    std::fs::write(&file, format::to_string(&doc)).unwrap();
    let id = {
        let mut lib = Library::open(&db).unwrap();
        // Other maps beside it, as in a real library.
        for _ in 0..5 {
            lib.create_map(sample::map_with_cards(300)).unwrap();
        }
        lib.create_map(map).unwrap()
    };
    let mut g = c.benchmark_group("10000_cards");
    g.sample_size(20);
    g.bench_function("open_library_and_load_map", |b| {
        b.iter(|| {
            let mut lib = Library::open(&db).unwrap();
            lib.load(&id).unwrap().cards.len()
        })
    });
    let mut lib = Library::open(&db).unwrap();
    g.bench_function("load_map_cold_cache", |b| {
        b.iter_batched(
            || Library::open(&db).unwrap(),
            |mut lib| lib.load(&id).unwrap().cards.len(),
            BatchSize::PerIteration,
        )
    });
    g.bench_function("import_travesia_file", |b| {
        b.iter(|| travesia_store::import_file(&mut lib, &file).unwrap())
    });
    g.finish();
}

fn library_1000(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let mut lib = Library::open(&db).unwrap();
    for m in sample::library_maps(1000) {
        lib.create_map(m).unwrap();
    }
    drop(lib);
    // A copy of the library whose index is not written yet (as after an
    // upgrade from a version without one): the first search writes it.
    let unindexed = dir.path().join("unindexed.db");
    std::fs::copy(&db, &unindexed).unwrap();
    let mut g = c.benchmark_group("library_1000_maps");
    g.sample_size(10);
    g.bench_function("first_search_writes_the_index", |b| {
        b.iter_batched(
            || {
                let copy = dir.path().join("copy.db");
                for end in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{end}", copy.display()));
                }
                std::fs::copy(&unindexed, &copy).unwrap();
                Library::open(&copy).unwrap()
            },
            |mut lib| lib.search("proveedor 517").unwrap().len(),
            BatchSize::PerIteration,
        )
    });
    let mut lib = Library::open(&db).unwrap();
    // The index is written once, as the first search after opening does.
    assert_eq!(lib.search("proveedor 517").unwrap().len(), 1);
    g.sample_size(20);
    g.bench_function("list_maps", |b| b.iter(|| lib.list_maps().unwrap().len()));
    g.bench_function("search_one_map", |b| {
        b.iter(|| lib.search("proveedor 517").unwrap().len())
    });
    g.bench_function("search_ten_maps", |b| {
        b.iter(|| lib.search("ÑANDÚ-007").unwrap().len())
    });
    g.bench_function("search_short_words_reads_every_map", |b| {
        b.iter(|| lib.search("ñu 7").unwrap().len())
    });
    g.finish();
}

criterion_group!(benches, edit_1500, open_and_import_10000, library_1000);
criterion_main!(benches);
