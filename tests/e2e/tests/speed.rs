//! How fast the editor answers on a large map, measured in the real app:
//! `make bench-editor` prints the table. Ignored by `make test` (timings do
//! not belong in tests); it still fails if the app does not do the edits.

use std::time::Duration;

use fantoccini::key::Key;
use travesia_core::format::{self, Document};
use travesia_core::sample;
use travesia_e2e::{import_map, App};

const CARDS: usize = 1500;
const EDITS: usize = 40;

fn stats(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.9), *v.last().unwrap())
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "a benchmark: make bench-editor"]
async fn edits_and_panning_on_a_1500_card_map() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let file = dir.path().join("big.travesia");
    let doc = Document {
        map: sample::map_with_cards(CARDS),
        extra: Default::default(),
    };
    std::fs::write(&file, format::to_string(&doc)).unwrap();
    let map_id = import_map(&db, &file);

    let app = App::start(&db).await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map(&map_id).await;
    let drawn = app.count("[data-testid=canvas] [data-card-id]").await;
    // Only the cards near the view are in the DOM (viewport culling).
    assert!(drawn > 0, "{drawn} cards drawn");

    // Select a card, then move it right and back with the arrow keys: each
    // press is one edit, stored, laid out in Rust and drawn again.
    let visible = app
        .js(
            "const c = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
             const g = [...document.querySelectorAll('[data-testid=canvas] [data-card-id^=c]')].find(e => {
               const r = e.getBoundingClientRect();
               return r.width > 0 && r.left > c.left + 250 && r.top > c.top + 250
                 && r.right < c.right - 300 && r.bottom < c.bottom - 20;
             });
             return g ? g.dataset.cardId : null;",
        )
        .await;
    let id = visible.as_str().expect("a card in view").to_string();
    let card = app
        .find(&format!("[data-testid=canvas] [data-card-id='{id}']"))
        .await;
    app.click(&card).await;
    let mut edit_ms = Vec::new();
    let mut part_ms: [Vec<f64>; 3] = Default::default();
    for i in 0..EDITS {
        let before = app
            .js("delete document.documentElement.dataset.lastEditMs; return ''")
            .await;
        app.keys(
            &[],
            char::from(if i % 2 == 0 { Key::Right } else { Key::Left }),
        )
        .await;
        // No WebDriver call while the edit is under way: each runs script in
        // the page and would be timed as part of the edit.
        tokio::time::sleep(Duration::from_millis(250)).await;
        app.settle().await;
        let mut after = before.clone();
        for _ in 0..100 {
            after = app
                .js("return document.documentElement.dataset.lastEditMs || ''")
                .await;
            if after != before {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let ms: f64 = after.as_str().unwrap_or("nan").parse().unwrap_or(f64::NAN);
        assert!(ms.is_finite(), "edit {i} was not measured");
        edit_ms.push(ms);
        let parts = app
            .js("return document.documentElement.dataset.lastEditParts || ''")
            .await;
        let parts: Vec<f64> = parts
            .as_str()
            .unwrap_or("")
            .split(' ')
            .filter_map(|p| p.parse().ok())
            .collect();
        assert_eq!(parts.len(), 3, "edit {i}: the parts of its time");
        for (k, v) in parts.into_iter().enumerate() {
            part_ms[k].push(v);
        }
    }

    // The answer alone: the same view asked for again (layout, IPC, JSON),
    // and the JSON of that view parsed in the page.
    let probe = app
        .js(&format!(
            "return (async () => {{
               const ipc = window.__TAURI_INTERNALS__;
               const trips = [], parses = [];
               let size = 0;
               for (let i = 0; i < 10; i++) {{
                 const t0 = performance.now();
                 const view = await ipc.invoke('open_map', {{ id: '{map_id}' }});
                 trips.push(performance.now() - t0);
                 const text = JSON.stringify(view);
                 size = text.length;
                 const t1 = performance.now();
                 JSON.parse(text);
                 parses.push(performance.now() - t1);
               }}
               return {{ trips, parses, size }};
             }})()"
        ))
        .await;
    let trips: Vec<f64> = serde_json::from_value(probe["trips"].clone()).unwrap();
    let parses: Vec<f64> = serde_json::from_value(probe["parses"].clone()).unwrap();
    let view_bytes = probe["size"].as_f64().unwrap_or(0.0);
    assert!(view_bytes > 0.0, "the view came back");

    // Panning: wheel events on the canvas for 90 frames; the time between frames.
    let frames = app
        .js(
            "const c = document.querySelector('[data-testid=canvas]');
             return new Promise(done => {
               const times = []; let n = 0;
               function step(t) {
                 times.push(t);
                 c.dispatchEvent(new WheelEvent('wheel', { deltaX: 7, deltaY: 11, bubbles: true, cancelable: true, clientX: 600, clientY: 400 }));
                 if (++n < 90) requestAnimationFrame(step);
                 else done(times.slice(1).map((v, i) => v - times[i]));
               }
               requestAnimationFrame(step);
             });",
        )
        .await;
    let frame_ms: Vec<f64> = serde_json::from_value(frames).unwrap();
    app.quit().await;

    let (e50, e90, emax) = stats(edit_ms);
    let (f50, f90, fmax) = stats(frame_ms);
    println!();
    println!("{CARDS}-card map, real app (WebKitGTK under Xvfb)   median    p90    max");
    println!(
        "edit → new Scene drawn (ms, {EDITS} arrow-key moves)  {e50:>7.1} {e90:>6.1} {emax:>6.1}"
    );
    let [answer, update, paint] = part_ms;
    for (what, v) in [
        ("  of which: the answer (Rust + IPC + JSON)", answer),
        ("            the page updated (Svelte)", update),
        ("            frames until painted", paint),
    ] {
        let (a, b, c) = stats(v);
        println!("{what:<48} {a:>7.1} {b:>6.1} {c:>6.1}");
    }
    println!("frame interval while panning (ms, 90 frames)     {f50:>7.1} {f90:>6.1} {fmax:>6.1}");
    let (t50, t90, tmax) = stats(trips);
    let (p50, p90, pmax) = stats(parses);
    println!(
        "open_map round trip, no edit (ms, {:.1} MB view) {t50:>7.1} {t90:>6.1} {tmax:>6.1}",
        view_bytes / 1e6
    );
    println!("JSON.parse of that view in the page (ms)         {p50:>7.1} {p90:>6.1} {pmax:>6.1}");
}
