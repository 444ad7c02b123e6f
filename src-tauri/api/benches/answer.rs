//! What the editor waits for after an edit on a 1,500-card map (issue 4's
//! "the answer" part of edit → drawn): the edit applied and stored, the map
//! laid out again, the patch of the view answered before, and its JSON.
//! Each step alone, then the whole answer.
//!
//! Run: cargo bench -p travesia-api --bench answer
//! (`BENCH_CARDS=10000` for the 10,000-card map).

use criterion::{criterion_group, criterion_main, Criterion};

use travesia_api::{MapView, Session, ViewPatch};
use travesia_core::edit::CardPlace;
use travesia_core::{sample, Edit};

/// How many cards the map has: 1,500, or `BENCH_CARDS`.
fn cards() -> usize {
    std::env::var("BENCH_CARDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1500)
}

/// Moves one card one stage right and back, as the arrow keys do.
struct Mover {
    card: String,
    lane: String,
    stages: [String; 2],
    n: usize,
}

impl Mover {
    fn new(view: &MapView) -> Mover {
        let card = &view.map.cards[view.map.cards.len() / 2];
        let at = view
            .map
            .stages
            .iter()
            .position(|s| s.id == card.stage)
            .unwrap();
        let next = view.map.stages[(at + 1) % view.map.stages.len()].id.clone();
        Mover {
            card: card.id.clone(),
            lane: card.lane.clone(),
            stages: [next, card.stage.clone()],
            n: 0,
        }
    }

    fn next(&mut self) -> Edit {
        self.n += 1;
        Edit::MoveCard {
            id: self.card.clone(),
            stage: self.stages[self.n % 2].clone(),
            lane: self.lane.clone(),
            place: CardPlace::InCell(0),
        }
    }
}

fn answer(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let state = Session::open(dir.path().join("library.db"));
    let id = state
        .with_library(|lib| Ok(lib.create_map(sample::map_with_cards(cards()))?))
        .unwrap();
    let first = state.view(&id, |_| Ok(())).unwrap();
    let mut mover = Mover::new(&first);
    let mut g = c.benchmark_group(format!("answer_{}_cards", cards()));

    g.bench_function("apply_and_store", |b| {
        b.iter(|| {
            let edit = mover.next();
            state
                .with_library(|lib| Ok(lib.apply(&id, &edit).map(|_| ())?))
                .unwrap()
        })
    });
    g.bench_function("view_without_change", |b| {
        b.iter(|| state.view(&id, |_| Ok(())).unwrap())
    });
    let a = state.view(&id, |_| Ok(())).unwrap();
    let edit = mover.next();
    let b_view = state
        .view(&id, |lib| lib.apply(&id, &edit).map(|_| ()))
        .unwrap();
    g.bench_function("patch_between_views", |b| {
        b.iter(|| ViewPatch::between(&a, &b_view))
    });
    let patch = ViewPatch::between(&a, &b_view);
    g.bench_function("patch_to_json", |b| {
        b.iter(|| serde_json::to_string(&patch).unwrap())
    });
    g.bench_function("whole_answer", |b| {
        b.iter(|| {
            let edit = mover.next();
            // As the window answers an edit: laid out while it is stored.
            let update = state.apply_edit(&id, &edit).unwrap();
            serde_json::to_string(&update).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, answer);
criterion_main!(benches);
