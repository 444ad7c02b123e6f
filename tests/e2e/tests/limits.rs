//! A 10,000-card map in the real app: it opens, a card is deleted and the
//! delete undone, with the work done off the UI thread (the page keeps
//! drawing frames meanwhile; the longest pause between two frames is
//! printed for the notes, not asserted: timings belong to benchmarks).

use std::time::Duration;

use fantoccini::key::Key;
use travesia_core::format::{self, Document};
use travesia_core::sample;
use travesia_e2e::{import_map, App};

fn cards_in_library(db: &std::path::Path, id: &str) -> usize {
    let mut lib = travesia_store::Library::open(db).unwrap();
    lib.load(id).unwrap().cards.len()
}

const FRAME_WATCH: &str = "
    window.__gap = 0; let last = performance.now();
    (function tick(t) { if (t) { window.__gap = Math.max(window.__gap, t - last); last = t; }
      requestAnimationFrame(tick); })();
    return true;";

#[tokio::test(flavor = "current_thread")]
async fn a_map_of_10000_cards_opens_edits_and_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let file = dir.path().join("grande.travesia");
    let map = sample::map_with_cards(10_000);
    std::fs::write(
        &file,
        format::to_string(&Document {
            map,
            extra: Default::default(),
        }),
    )
    .unwrap();
    let id = import_map(&db, &file);
    assert_eq!(cards_in_library(&db, &id), 10_000);

    let app = App::start(&db).await;
    app.js(FRAME_WATCH).await;
    let open = app
        .wait_for(
            &format!("[data-testid=open-map][data-map-id='{id}']"),
            Duration::from_secs(10),
        )
        .await;
    open.click().await.unwrap();
    app.wait_for(
        "[data-testid=canvas] [data-card-id]",
        Duration::from_secs(90),
    )
    .await;
    app.settle().await;
    // A card in plain view (not under the sticky headers or past the window's edge).
    let card_id = app
        .js(
            "const c = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
             const inside = r => r.left > c.left + 260 && r.top > c.top + 120 &&
                                 r.right < c.right - 40 && r.bottom < c.bottom - 40;
             const g = [...document.querySelectorAll('[data-testid=canvas] [data-card-id]')]
               .find(e => inside(e.getBoundingClientRect()));
             return g ? g.dataset.cardId : null;",
        )
        .await;
    let card_id = card_id.as_str().expect("a card in view").to_string();
    let card = app
        .find(&format!("[data-testid=canvas] [data-card-id='{card_id}']"))
        .await;
    let open_gap = app
        .js("const g = window.__gap; window.__gap = 0; return g")
        .await;
    app.screenshot("limits-10000-cards").await;

    // Select the card and delete it: one edit on the big map.
    app.click(&card).await;
    app.keys(&[], char::from(Key::Delete)).await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.settle().await;
    assert_eq!(cards_in_library(&db, &id), 9_999, "the delete was stored");
    assert_eq!(
        app.count(&format!("[data-testid=canvas] [data-card-id='{card_id}']"))
            .await,
        0,
        "the card is gone from the canvas"
    );
    let edit_gap = app
        .js("const g = window.__gap; window.__gap = 0; return g")
        .await;

    app.keys(&[Key::Control], 'z').await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.settle().await;
    assert_eq!(cards_in_library(&db, &id), 10_000, "the undo was stored");
    app.wait_for(
        &format!("[data-testid=canvas] [data-card-id='{card_id}']"),
        Duration::from_secs(30),
    )
    .await;
    let undo_gap = app.js("return window.__gap").await;
    println!(
        "10,000 cards — longest pause between frames: opening {open_gap} ms, delete {edit_gap} ms, undo {undo_gap} ms"
    );
    app.quit().await;
}
