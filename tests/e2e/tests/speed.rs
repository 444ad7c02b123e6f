//! How fast the editor answers, and what it holds in memory, measured in the
//! real app: `make bench-editor` runs these on the release build and prints
//! the tables (issue 21's figures). Ignored by `make test` (timings do not
//! belong in tests); each still fails if the app does not do what is timed.

use std::time::Duration;

use fantoccini::key::Key;
use serde_json::Value;
use travesia_core::format::{self, Document};
use travesia_core::sample;
use travesia_e2e::screen::{Region, Screen, C, CONTROL, D, DELETE, LEFT, RIGHT, V, Y, Z};
use travesia_e2e::{import_map, App};

const CARDS: usize = 1500;
const EDITS: usize = 40;
/// Arrow keys pressed in quick succession.
const QUICK: usize = 30;
/// Moves of two selected cards timed on the screen.
const PAIR: usize = 10;
/// Copies made with Ctrl+D, and with Ctrl+V, timed on the screen: each this many times waiting
/// for Rust, then as many laid out ahead.
const COPIES: usize = 10;
/// Drops and colours made with the mouse: this many waiting for Rust, then as many laid out ahead.
const POINTED: usize = 10;

/// Median, p90, p95 and max of `v`.
fn stats(mut v: Vec<f64>) -> [f64; 4] {
    assert!(!v.is_empty(), "nothing was measured");
    v.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    [at(0.5), at(0.9), at(0.95), *v.last().unwrap()]
}

fn header(title: &str) {
    println!();
    println!(
        "{title:<58} {:>7} {:>6} {:>6} {:>6}",
        "median", "p90", "p95", "max"
    );
}

fn row(what: &str, v: Vec<f64>) {
    let [a, b, c, d] = stats(v);
    println!("{what:<58} {a:>7.1} {b:>6.1} {c:>6.1} {d:>6.1}");
}

fn numbers(v: &Value) -> Vec<f64> {
    serde_json::from_value(v.clone()).expect("a list of numbers")
}

/// The app's processes and their memory, and the sum (MiB, PSS).
fn memory_line(app: &App, what: &str) -> f64 {
    let parts = app.memory();
    let total: f64 = parts.iter().map(|p| p.1).sum();
    let each: Vec<String> = parts
        .iter()
        .map(|(name, mib)| format!("{name} {mib:.0}"))
        .collect();
    println!("{what:<40} {total:>6.0} MiB PSS  ({})", each.join(", "));
    assert!(total > 0.0, "the app's memory was read");
    total
}

/// The app as a person starts it: WebKit paints the way the app chooses
/// for this machine (src-tauri/src/rendering.rs), not the composited way
/// the other end-to-end tests ask for their screenshots.
async fn start_app(db: &std::path::Path) -> App {
    let app = App::start_env(db, &[], &[("TRAVESIA_RENDERING", "auto")]).await;
    let cpu = app
        .web_process_env("WEBKIT_DISABLE_COMPOSITING_MODE")
        .is_some();
    println!(
        "WebKit {}",
        if cpu {
            "paints on the CPU (no GPU render node)"
        } else {
            "composites in OpenGL"
        }
    );
    app
}

/// A library holding one map of `cards` cards; answers its folder, the library and the map's id.
fn library_with(cards: usize) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let file = dir.path().join("big.travesia");
    let doc = Document {
        map: sample::map_with_cards(cards),
        extra: Default::default(),
    };
    std::fs::write(&file, format::to_string(&doc)).unwrap();
    let id = import_map(&db, &file);
    (dir, db, id)
}

/// Opens the map from the home as a person does (a click on its card) and
/// answers the time from the click to its first view painted, in ms.
async fn open_timed(app: &App, id: &str) -> f64 {
    let ms = app
        .js(&format!(
            "return new Promise(done => {{
               const t0 = performance.now();
               document.querySelector(\"[data-testid=open-map][data-map-id='{id}']\").click();
               const root = document.documentElement;
               function check() {{
                 if (document.querySelector('[data-testid=canvas] .hits') && root.dataset.mapId === '{id}' && !root.dataset.busy) {{
                   // This frame's callbacks run before it is painted; a task queued from them once it has been.
                   requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
                 }} else requestAnimationFrame(check);
               }}
               requestAnimationFrame(check);
             }});"
        ))
        .await;
    app.settle().await;
    let shown = app
        .js("return document.documentElement.dataset.mapId ?? null")
        .await;
    assert_eq!(shown.as_str(), Some(id), "the map opened");
    ms.as_f64().expect("a time")
}

/// Frame intervals (ms) while `step(n)` runs once a frame for `frames` frames.
async fn frames(app: &App, frames: usize, step: &str) -> Vec<f64> {
    let v = app
        .js(&format!(
            "const c = document.querySelector('[data-testid=canvas]');
             const r = c.getBoundingClientRect();
             const step = {step};
             return new Promise(done => {{
               const times = []; let n = 0;
               function frame(t) {{
                 times.push(t);
                 step(n, c, r);
                 if (++n < {frames}) requestAnimationFrame(frame);
                 else done(times.slice(1).map((v, i) => v - times[i]));
               }}
               requestAnimationFrame(frame);
             }});"
        ))
        .await;
    numbers(&v)
}

/// A card well inside the view: its id and its centre (client px).
async fn card_in_view(app: &App) -> (String, f64, f64) {
    let v = app
        .js(
            "const c = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
             const g = [...document.querySelectorAll('[data-testid=canvas] [data-card-id^=c]')].find(e => {
               const r = e.getBoundingClientRect();
               return r.width > 0 && r.left > c.left + 250 && r.top > c.top + 250
                 && r.right < c.right - 450 && r.bottom < c.bottom - 20;
             });
             if (!g) return null;
             const r = g.getBoundingClientRect();
             return [g.dataset.cardId, r.left + r.width / 2, r.top + r.height / 2];",
        )
        .await;
    let v = v.as_array().expect("a card in view");
    (
        v[0].as_str().unwrap().to_string(),
        v[1].as_f64().unwrap(),
        v[2].as_f64().unwrap(),
    )
}

/// The centre of a card's group on screen (client px).
async fn card_centre(app: &App, id: &str) -> (f64, f64) {
    let v = app
        .js(&format!(
            "const g = document.querySelector(\"[data-testid=canvas] .hits [data-card-id='{id}']\");
             const r = g.getBoundingClientRect();
             return [r.left + r.width / 2, r.top + r.height / 2];"
        ))
        .await;
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

/// Where `css`'s element is on the X screen; with `pan`, the view panned
/// first so that it is well in sight (an edited card may have moved out).
async fn on_screen(app: &App, css: &str, pan: bool) -> Region {
    if pan {
        app.js(&format!(
        "const t = document.querySelector(\"{css}\").getBoundingClientRect();
         const c = document.querySelector('[data-testid=canvas]');
         const r = c.getBoundingClientRect();
         c.dispatchEvent(new WheelEvent('wheel', {{ deltaX: t.left - r.left - 300, deltaY: t.top - r.top - 200, bubbles: true, cancelable: true, clientX: r.left + 400, clientY: r.top + 300 }}));
         return null;"
    ))
    .await;
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    let at = app
        .js(&format!(
            "const r = document.querySelector(\"{css}\").getBoundingClientRect();
             return [r.left, r.top, r.width, r.height, window.screenX + window.outerWidth - window.innerWidth,
                     window.screenY + window.outerHeight - window.innerHeight];"
        ))
        .await;
    let at: Vec<f64> = serde_json::from_value(at).unwrap();
    let region = Region {
        x: (at[0] + at[4]) as i16 + 2,
        y: (at[1] + at[5]) as i16 + 2,
        w: (at[2] - 4.0) as u16,
        h: (at[3] - 4.0) as u16,
    };
    assert!(
        region.x > 0 && region.y > 0 && region.y as u32 + (region.h as u32) < 900,
        "{css} is in sight: {region:?}"
    );
    region
}

/// What a keyboard edit of the card at `region` can change on the screen: the
/// cells it leaves and goes to, and the rows below them that a grown or
/// shrunk row moves.
fn around_card(region: Region) -> Region {
    Region {
        x: region.x - 280,
        y: region.y - 20,
        w: region.w + 560,
        h: region.h + 320,
    }
}

/// Selects the card `css` (the view brought to it first with `pan`), puts
/// the X pointer just above it and lets the page rest, so that what it lays
/// out ahead is there; answers the region a key's edit of it can change on
/// the screen.
async fn select_and_rest(app: &App, screen: &Screen, css: &str, pan: bool) -> Region {
    let region = on_screen(app, css, pan).await;
    app.click(&app.find(css).await).await;
    screen.point_at(region.x + region.w as i16 / 2, region.y - 30);
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.settle().await;
    around_card(region)
}

/// Asserts that the last edit, of kind `kind`, was drawn from what Rust laid
/// out while it was pointed at (`Editor.point`), and forgets it for the next.
async fn drawn_as_pointed(app: &App, kind: &str, what: &str) {
    let drawn = app
        .js("const s = document.documentElement.dataset; const k = s.pointedAhead ?? null; delete s.pointedAhead; return k")
        .await;
    assert_eq!(
        drawn, kind,
        "{what} was drawn from what Rust laid out ahead"
    );
}

/// Presses the X pointer's button at (`x`, `y`) and drags about a stage (300
/// px) to the right, a step a frame with a wobble, then rests there 300 ms
/// with the button still down, as a hand does before it lets go.
async fn drag_right(screen: &Screen, x: i16, y: i16) {
    screen.point_at(x, y);
    tokio::time::sleep(Duration::from_millis(100)).await;
    screen.button_down();
    for k in 1..=12i16 {
        screen.move_to(x + k * 25, y + k % 3 - 1);
        tokio::time::sleep(Duration::from_millis(16)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// The wall clock in ms, as the page's `performance.timeOrigin + performance.now()` reads it.
fn wall_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs_f64()
        * 1000.0
}

/// From now on, the wall clock (ms) at each button let go in the page, at its
/// handler, at the callbacks of the frame after it and at a task after that
/// frame, kept in `window.__ups`: with the time the X server was told to let
/// go, where a release's time goes.
async fn time_releases(app: &App) {
    app.js("window.__ups = [];
         const wall = () => performance.timeOrigin + performance.now();
         window.addEventListener('pointerup', () => {
           const up = wall();
           requestAnimationFrame(() => {
             const frame = wall();
             setTimeout(() => window.__ups.push([up, frame, wall()]), 0);
           });
         }, { capture: true });
         return null;")
        .await;
}

/// The last release's times (see `time_releases`) from `sent`, when the X
/// server was told to let go: to its handler, its frame's callbacks, a task
/// after that frame.
async fn release_parts(app: &App, sent: f64) -> [f64; 3] {
    let at = numbers(&app.js("return window.__ups.at(-1)").await);
    assert_eq!(at.len(), 3, "the release was timed in the page");
    [at[0] - sent, at[1] - sent, at[2] - sent]
}

/// From now on, each key's time from its event to the frame after it, kept
/// in `window[list]` (the frame's callbacks run before it is painted; a task
/// queued from them runs once it has been).
async fn time_keys(app: &App, list: &str) {
    app.js(&format!(
        "window.{list} = [];
         window.addEventListener('keydown', e => {{
           const t0 = e.timeStamp;
           requestAnimationFrame(() => setTimeout(() => window.{list}.push(performance.now() - t0), 0));
         }}, {{ capture: true }});
         return null;"
    ))
    .await;
}

/// Edits by arrow key: each press is one edit, stored, laid out in Rust
/// and drawn again. Answers the times and their three parts.
async fn arrow_edits(app: &App, n: usize) -> (Vec<f64>, [Vec<f64>; 5]) {
    let mut edit_ms = Vec::new();
    let mut part_ms: [Vec<f64>; 5] = Default::default();
    for i in 0..n {
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
        for _ in 0..200 {
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
        // The tiles the edit painted again in its frame, and how long that took.
        let last = app
            .js("const l = window.__travesiaTiles.last(); return [l.ms, l.tiles];")
            .await;
        let last: Vec<f64> = serde_json::from_value(last).unwrap();
        part_ms[3].push(last[0]);
        part_ms[4].push(last[1]);
    }
    (edit_ms, part_ms)
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "a benchmark: make bench-editor"]
async fn the_canvas_on_a_1500_card_map() {
    let (_dir, db, map_id) = library_with(CARDS);
    let app = start_app(&db).await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    println!();
    let home_mib = memory_line(&app, "memory, the home (one map)");

    let open_ms = open_timed(&app, &map_id).await;
    let drawn = app.count("[data-testid=canvas] [data-card-id]").await;
    // Only the cards near the view are in the DOM (viewport culling).
    assert!(drawn > 0 && drawn < CARDS, "{drawn} cards drawn");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let open_mib = memory_line(&app, "memory, the 1,500-card map open");
    assert!(open_mib > home_mib * 0.5);
    // The bitmaps the canvas holds of it: tiles of 256 × 256 and text atlas pages of 1024 × 1024, 4 bytes a pixel.
    let held = app.js("return window.__travesiaTiles.held()").await;
    let count = |k: &str| held[k].as_f64().expect("a count");
    let (tiles, atlas) = (count("tiles") + count("oldTiles"), count("atlasPages"));
    assert!(tiles > 0.0, "tiles are held: {held}");
    println!(
        "  of which the canvas's bitmaps: tiles {tiles} ({:.1} MiB), text atlas pages {atlas} ({:.0} MiB, {:.0} % of their height used)",
        tiles * 0.25,
        atlas * 4.0,
        count("atlasFilled") * 100.0
    );

    // Edits: a card selected, moved right and back with the arrow keys.
    let (id, x, y) = card_in_view(&app).await;
    let card = app
        .find(&format!("[data-testid=canvas] [data-card-id='{id}']"))
        .await;
    let _ = (x, y);
    app.click(&card).await;
    let (edit_ms, part_ms) = arrow_edits(&app, EDITS).await;

    // The same edits observed on the screen: an arrow key pressed on the X
    // server, the region around the card read back until it shows the new
    // Scene (see `Screen::keysym_to_settled`).
    let screen = Screen::open();
    let mut moved_ms = Vec::new();
    // One card, selected once, as above; one in the first lanes, whose
    // cells are short, so that it stays near the view as it moves.
    let id = app
        .js(
            "const c = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
             const inside = [...document.querySelectorAll('[data-testid=canvas] .hits [data-card-id^=c]')].filter(e => {
               const r = e.getBoundingClientRect();
               return r.width > 20 && r.left > c.left + 300 && r.top > c.top + 100 && r.right < c.right - 300 && r.bottom < c.bottom - 40;
             }).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
             return inside.length ? inside[0].dataset.cardId : null;",
        )
        .await;
    let id = id.as_str().expect("a card in sight").to_string();
    let card_css = format!("[data-testid=canvas] .hits [data-card-id='{id}']");
    app.click(&app.find(&card_css).await).await;
    app.settle().await;
    let mut settled_ms = Vec::new();
    let (mut moved_alone_ms, mut settled_alone_ms) = (Vec::new(), Vec::new());
    // The first 20 keys with nothing laid out ahead (each move waits for its answer), then 20 with.
    app.js("document.documentElement.dataset.noAhead = ''; return null")
        .await;
    for i in 0..40 {
        if i == 20 {
            app.js("delete document.documentElement.dataset.noAhead; return null")
                .await;
            time_keys(&app, "__moveTimes").await;
        }
        // Not timed: the view brought to the card (it moved with the last key).
        let region = on_screen(&app, &card_css, true).await;
        if i == 20 {
            // Selected again: the page asks for the card's moves ahead.
            app.click(&app.find(&card_css).await).await;
        }
        screen.point_at(
            region.x + region.w as i16 / 2,
            region.y + region.h as i16 / 2,
        );
        let around = around_card(region);
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.settle().await;
        let sym = if i % 2 == 0 { RIGHT } else { LEFT };
        let (settled_at, first) = screen
            .keysym_to_settled(
                sym,
                around,
                Duration::from_millis(400),
                Duration::from_secs(3),
            )
            .unwrap_or_else(|| panic!("edit {i} was not seen on the screen within 3 s"));
        let (moved, settled) = if i < 20 {
            (&mut moved_alone_ms, &mut settled_alone_ms)
        } else {
            (&mut moved_ms, &mut settled_ms)
        };
        moved.push(first.as_secs_f64() * 1000.0);
        settled.push(settled_at.as_secs_f64() * 1000.0);
        app.settle().await;
    }
    let move_key_ms = numbers(&app.js("return window.__moveTimes").await);
    assert_eq!(move_key_ms.len(), 20, "each move laid out ahead was timed");

    // Keys in quick succession, the look-ahead on: each pressed as soon as the last one's move has
    // rested on the screen for 30 ms (a card nudged along, keys about 50 ms apart, faster than the
    // pause after which the other keys are laid out ahead).
    let region = on_screen(&app, &card_css, true).await;
    app.click(&app.find(&card_css).await).await;
    screen.point_at(
        region.x + region.w as i16 / 2,
        region.y + region.h as i16 / 2,
    );
    let around = around_card(region);
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.settle().await;
    app.js("document.documentElement.dataset.movesAhead = '0'; return null")
        .await;
    let mut quick_ms = Vec::new();
    let quick_started = std::time::Instant::now();
    for i in 0..QUICK {
        let sym = if i % 2 == 0 { RIGHT } else { LEFT };
        let (settled_at, _) = screen
            .keysym_to_settled(
                sym,
                around,
                Duration::from_millis(30),
                Duration::from_secs(3),
            )
            .unwrap_or_else(|| panic!("quick key {i} was not seen on the screen within 3 s"));
        quick_ms.push(settled_at.as_secs_f64() * 1000.0);
    }
    let quick_apart = quick_started.elapsed().as_secs_f64() * 1000.0 / QUICK as f64;
    app.settle().await;
    let quick_ahead: usize = app
        .js("return document.documentElement.dataset.movesAhead")
        .await
        .as_str()
        .and_then(|n| n.parse().ok())
        .expect("the moves drawn ahead were counted");

    // The floor of a key's frame on this machine: a key whose whole handler colours one square
    // (a listener ahead of the app's takes the arrow key; no edit, no Svelte update, no tiles),
    // seen on the screen as the edits above are, in the same region. A square of 8 px gives what
    // the X server, WebKit and the window take for any key; one as large as the region, what
    // painting that much of the window again adds.
    let region = on_screen(&app, &card_css, true).await;
    let floor_around = around_card(region);
    screen.point_at(
        region.x + region.w as i16 / 2,
        region.y + region.h as i16 / 2,
    );
    let edits_before = app
        .js("return document.documentElement.dataset.lastEditMs ?? null")
        .await;
    let mut floor_ms: [Vec<f64>; 2] = Default::default();
    for (k, (w, h)) in [(8, 8), (floor_around.w - 8, floor_around.h - 8)]
        .into_iter()
        .enumerate()
    {
        app.js(&format!(
            "const r = document.querySelector(\"{card_css}\").getBoundingClientRect();
             const d = document.createElement('div');
             d.id = 'bench-floor';
             d.style.cssText = `position: fixed; left: ${{r.left - 276}}px; top: ${{r.top - 16}}px; width: {w}px; height: {h}px; background: #c00; z-index: 999; pointer-events: none`;
             document.body.appendChild(d);
             window.__benchFloor = e => {{
               if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
               e.stopImmediatePropagation();
               e.preventDefault();
               d.style.background = d.style.background === 'rgb(0, 0, 204)' ? '#c00' : '#00c';
             }};
             window.addEventListener('keydown', window.__benchFloor, {{ capture: true }});
             return null;"
        ))
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        for i in 0..20 {
            let sym = if i % 2 == 0 { RIGHT } else { LEFT };
            let (settled_at, _) = screen
                .keysym_to_settled(
                    sym,
                    floor_around,
                    Duration::from_millis(150),
                    Duration::from_secs(3),
                )
                .unwrap_or_else(|| {
                    panic!("floor key {i} ({w} × {h}) was not seen on the screen within 3 s")
                });
            floor_ms[k].push(settled_at.as_secs_f64() * 1000.0);
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        app.js("window.removeEventListener('keydown', window.__benchFloor, { capture: true }); document.getElementById('bench-floor').remove(); return null")
            .await;
    }
    let edits_after = app
        .js("return document.documentElement.dataset.lastEditMs ?? null")
        .await;
    assert_eq!(edits_before, edits_after, "the floor's keys made no edit");

    // Two cards selected (the card, then Shift+click on the nearest in sight in its column) and moved with
    // the arrow keys, seen on the screen: their whole view laid out ahead is drawn at the key.
    on_screen(&app, &card_css, true).await;
    let second = app
        .js(&format!(
            "const c = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
             const a = document.querySelector(\"{card_css}\").getBoundingClientRect();
             const near = [...document.querySelectorAll('[data-testid=canvas] .hits [data-card-id^=c]')].filter(e => {{
               const r = e.getBoundingClientRect();
               return r.width > 20 && Math.abs(r.left - a.left) < 4 && (r.top > a.bottom || r.bottom < a.top)
                 && r.top > c.top + 100 && r.bottom < c.bottom - 40;
             }}).sort((x, y) => Math.abs(x.getBoundingClientRect().top - a.top) - Math.abs(y.getBoundingClientRect().top - a.top));
             return near.length ? near[0].dataset.cardId : null;"
        ))
        .await;
    let second = second
        .as_str()
        .expect("a card in sight above or below it")
        .to_string();
    let second_css = format!("[data-testid=canvas] .hits [data-card-id='{second}']");
    let mut pair_ms = Vec::new();
    app.js("document.documentElement.dataset.movesAhead = '0'; return null")
        .await;
    for i in 0..PAIR {
        let region = on_screen(&app, &card_css, true).await;
        if i == 0 {
            app.click(&app.find(&card_css).await).await;
            app.settle().await;
            let other = on_screen(&app, &second_css, false).await;
            let (x, y) = (other.x + other.w as i16 / 2, other.y + other.h as i16 / 2);
            travesia_e2e::xdotool(&["mousemove", &x.to_string(), &y.to_string()]);
            travesia_e2e::xdotool(&["keydown", "shift", "click", "1", "keyup", "shift"]);
            app.settle().await;
        }
        // Both cards change in the same frame (the whole view laid out ahead): the first is watched.
        let around = around_card(region);
        screen.point_at(region.x + region.w as i16 / 2, region.y - 30);
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.settle().await;
        let sym = if i % 2 == 0 { RIGHT } else { LEFT };
        let (settled_at, _) = screen
            .keysym_to_settled(
                sym,
                around,
                Duration::from_millis(400),
                Duration::from_secs(3),
            )
            .unwrap_or_else(|| panic!("two cards' move {i} was not seen on the screen within 3 s"));
        pair_ms.push(settled_at.as_secs_f64() * 1000.0);
        app.settle().await;
    }
    let pair_ahead: usize = app
        .js("return document.documentElement.dataset.movesAhead")
        .await
        .as_str()
        .and_then(|n| n.parse().ok())
        .expect("the moves drawn ahead were counted");
    assert_eq!(
        app.js("return document.documentElement.dataset.movedAhead ?? null")
            .await
            .as_str(),
        Some(format!("{id} {second}").as_str()),
        "the two cards' moves were drawn from what Rust laid out ahead"
    );

    // The same card deleted with the Delete key, seen on the screen: ten times waiting for Rust,
    // then ten laid out ahead; each deletion undone (Ctrl+Z, seen on the screen too: waiting for
    // Rust, then drawn from the view before the deletion) and the card selected again.
    let (mut deleted_alone_ms, mut deleted_ms) = (Vec::new(), Vec::new());
    let (mut undone_alone_ms, mut undone_ms) = (Vec::new(), Vec::new());
    app.js("document.documentElement.dataset.noAhead = ''; delete document.documentElement.dataset.deletedAhead; return null")
        .await;
    for i in 0..20 {
        if i == 10 {
            app.js("delete document.documentElement.dataset.noAhead; return null")
                .await;
        }
        let around = select_and_rest(&app, &screen, &card_css, true).await;
        let (settled_at, _) = screen
            .keysym_to_settled(
                DELETE,
                around,
                Duration::from_millis(400),
                Duration::from_secs(3),
            )
            .unwrap_or_else(|| panic!("deletion {i} was not seen on the screen within 3 s"));
        if i < 10 {
            &mut deleted_alone_ms
        } else {
            &mut deleted_ms
        }
        .push(settled_at.as_secs_f64() * 1000.0);
        app.settle().await;
        assert_eq!(
            app.count(&card_css).await,
            0,
            "deletion {i} took the card away"
        );
        app.js("document.querySelector('[data-testid=canvas]').focus(); return null")
            .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.settle().await;
        let (undone_at, _) = screen
            .chord_to_settled(
                &[CONTROL],
                Z,
                around,
                Duration::from_millis(400),
                Duration::from_secs(3),
            )
            .unwrap_or_else(|| panic!("undo {i} was not seen on the screen within 3 s"));
        if i < 10 {
            &mut undone_alone_ms
        } else {
            &mut undone_ms
        }
        .push(undone_at.as_secs_f64() * 1000.0);
        app.settle().await;
        app.find(&card_css).await;
    }
    assert_eq!(
        app.js("return document.documentElement.dataset.steppedAhead ?? null")
            .await
            .as_str(),
        Some("undo"),
        "the undos after the first ten were drawn from the view before the deletion"
    );
    assert_eq!(
        app.js("return document.documentElement.dataset.deletedAhead ?? null")
            .await
            .as_str(),
        Some(id.as_str()),
        "the deletions after the first ten were drawn from what Rust laid out ahead"
    );
    app.click(&app.find(&card_css).await).await;
    app.settle().await;

    // Copies: Ctrl+D on the selected card, then Ctrl+V of it (copied once with Ctrl+C) into its
    // cell, each seen on the screen, waiting for Rust and then laid out ahead; each copy undone
    // (Ctrl+Z) and the card selected again.
    let mut copy_ms: [Vec<f64>; 4] = Default::default();
    // Ctrl+V adds the copy at the end of the cell: pressed on the cell's last card, it shows
    // right below it.
    on_screen(&app, &card_css, true).await;
    let last = app
        .js(&format!(
            "const a = document.querySelector(\"{card_css}\").getBoundingClientRect();
             const inside = (b, r) => b.left >= r.left - 1 && b.right <= r.right + 1 && b.top >= r.top - 1 && b.bottom <= r.bottom + 1;
             const cell = [...document.querySelectorAll('[data-testid=canvas] .hits [data-cell]')]
               .find(e => inside(a, e.getBoundingClientRect())).getBoundingClientRect();
             const mates = [...document.querySelectorAll('[data-testid=canvas] .hits [data-card-id]')]
               .filter(e => e.getBoundingClientRect().width > 0 && inside(e.getBoundingClientRect(), cell))
               .sort((x, y) => x.getBoundingClientRect().top - y.getBoundingClientRect().top);
             return mates.at(-1).dataset.cardId;"
        ))
        .await;
    let last_css = format!(
        "[data-testid=canvas] .hits [data-card-id='{}']",
        last.as_str().expect("the last card of the card's cell")
    );
    for (k, key) in [D, V].into_iter().enumerate() {
        let card_css = if key == V { &last_css } else { &card_css };
        if key == V {
            let region = on_screen(&app, card_css, true).await;
            app.click(&app.find(card_css).await).await;
            app.settle().await;
            screen.point_at(region.x + region.w as i16 / 2, region.y - 30);
            let _copied = screen
                .chord_to_settled(
                    &[CONTROL],
                    C,
                    around_card(region),
                    Duration::from_millis(100),
                    Duration::from_millis(300),
                )
                .is_some();
            app.settle().await;
        }
        app.js("document.documentElement.dataset.noAhead = ''; delete document.documentElement.dataset.madeAhead; return null")
            .await;
        for i in 0..2 * COPIES {
            if i == COPIES {
                app.js("delete document.documentElement.dataset.noAhead; return null")
                    .await;
            }
            let around = select_and_rest(&app, &screen, card_css, true).await;
            let cards_before = app.count("[data-testid=canvas] .hits [data-card-id]").await;
            let seen = screen.chord_to_settled(
                &[CONTROL],
                key,
                around,
                Duration::from_millis(400),
                Duration::from_secs(3),
            );
            let Some((settled_at, _)) = seen else {
                let now = app.count("[data-testid=canvas] .hits [data-card-id]").await;
                app.screenshot("speed-copy-not-seen").await;
                panic!("copy {i} ({k}) was not seen on the screen within 3 s ({cards_before} → {now} cards near the view, {around:?})");
            };
            copy_ms[2 * k + usize::from(i >= COPIES)].push(settled_at.as_secs_f64() * 1000.0);
            app.settle().await;
            let made = app
                .js("const s = document.documentElement.dataset; return s.madeAhead ?? null")
                .await;
            assert!(
                app.count("[data-testid=canvas] .hits [data-card-id]").await > cards_before
                    || made.is_string(),
                "copy {i} ({k}) made a card"
            );
            app.js("document.querySelector('[data-testid=canvas]').focus(); return null")
                .await;
            screen
                .chord_to_settled(
                    &[CONTROL],
                    Z,
                    around,
                    Duration::from_millis(200),
                    Duration::from_secs(3),
                )
                .unwrap_or_else(|| panic!("the undo of copy {i} ({k}) was not seen within 3 s"));
            app.settle().await;
        }
        assert!(
            app.js("return document.documentElement.dataset.madeAhead ?? null")
                .await
                .is_string(),
            "the copies after the first {COPIES} ({k}) were drawn from what Rust laid out ahead"
        );
    }
    app.click(&app.find(&card_css).await).await;
    app.settle().await;

    // Undo and redo again and again: the card moved four times (right and back, each seen on the
    // screen), then Ctrl+Z four times, each pressed as soon as the last one's view has rested on
    // the screen for 30 ms, then Ctrl+Y four times; three rounds.
    // (The card is selected, just above.)
    let region = on_screen(&app, &card_css, true).await;
    screen.point_at(region.x + region.w as i16 / 2, region.y - 30);
    let around = around_card(region);
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.settle().await;
    app.js("document.documentElement.dataset.stepsAhead = '0'; return null")
        .await;
    let (mut undo_again_ms, mut redo_again_ms) = (Vec::new(), Vec::new());
    let seen = |held: &[u32], sym: u32, what: &str| {
        let (settled_at, _) = screen
            .chord_to_settled(
                held,
                sym,
                around,
                Duration::from_millis(30),
                Duration::from_secs(3),
            )
            .unwrap_or_else(|| panic!("{what} was not seen on the screen within 3 s"));
        settled_at.as_secs_f64() * 1000.0
    };
    for round in 0..3 {
        for i in 0..4 {
            seen(&[], if i % 2 == 0 { RIGHT } else { LEFT }, "a move");
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        for i in 0..4 {
            undo_again_ms.push(seen(&[CONTROL], Z, &format!("undo {i} of round {round}")));
        }
        for i in 0..4 {
            redo_again_ms.push(seen(&[CONTROL], Y, &format!("redo {i} of round {round}")));
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    app.settle().await;
    let steps_ahead: usize = app
        .js("return document.documentElement.dataset.stepsAhead")
        .await
        .as_str()
        .and_then(|n| n.parse().ok())
        .expect("the steps drawn ahead were counted");

    // Typing in a card: each key from its event to the frame after it (the
    // text is the text box's own; the Scene follows when the text is kept).
    app.keys(&[], char::from(Key::Enter)).await;
    app.find("[data-testid=card-editor]").await;
    time_keys(&app, "__keyTimes").await;
    for ch in "Llamada al proveedor: ñandú".chars() {
        app.keys(&[], ch).await;
        tokio::time::sleep(Duration::from_millis(60)).await;
    }
    let typed = app
        .js("return document.querySelector('[data-testid=card-editor]').value")
        .await;
    assert!(
        typed
            .as_str()
            .unwrap_or("")
            .ends_with("Llamada al proveedor: ñandú"),
        "the text typed is in the box: {typed}"
    );
    let key_ms = numbers(&app.js("return window.__keyTimes").await);
    assert_eq!(key_ms.len(), 27, "each key was timed");

    // The same, observed on the screen: keys pressed on the X server (as a
    // keyboard does), the text box's pixels read back until they change.
    // Its caret is hidden so that its blinking is not taken for a frame.
    app.js("document.querySelector('[data-testid=card-editor]').style.caretColor = 'transparent'; return null")
        .await;
    let region = on_screen(&app, "[data-testid=card-editor]", true).await;
    let screen = Screen::open();
    screen.point_at(
        region.x + region.w as i16 / 2,
        region.y + region.h as i16 / 2,
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (mut seen_ms, mut alone_ms) = (Vec::new(), Vec::new());
    // Letters only: a space at the end of the text paints nothing. Twenty at a typist's pace
    // (80 ms between a key seen and the next: each key's preview of the map, laid out by Rust
    // once typing rests for `PREVIEW_MS`, comes back about when the next key does), then ten
    // alone (300 ms apart: each preview done before the next key), the floor of a key seen.
    let typed_x = "llamadasdelproveedorllamadaste";
    for (n, ch) in typed_x.chars().enumerate() {
        // The box grows (and may move) as lines are added: read anew each time.
        let region = on_screen(&app, "[data-testid=card-editor]", false).await;
        let Some(took) = screen.key_to_change(ch, region, Duration::from_secs(2)) else {
            let box_now = app
                .js("const t = document.querySelector('[data-testid=card-editor]'); return [t.value, JSON.stringify(t.getBoundingClientRect()), t.scrollTop, t.scrollHeight]")
                .await;
            panic!("the key {ch:?} was not seen on the screen within 2 s: {region:?} {box_now}");
        };
        let ms = took.as_secs_f64() * 1000.0;
        if n < 20 {
            seen_ms.push(ms)
        } else {
            alone_ms.push(ms)
        }
        tokio::time::sleep(Duration::from_millis(if n < 19 { 80 } else { 300 })).await;
    }
    let typed = app
        .js("return document.querySelector('[data-testid=card-editor]').value")
        .await;
    assert!(
        typed.as_str().unwrap_or("").ends_with(typed_x),
        "the keys pressed on the X server are in the box: {typed}"
    );
    app.keys(&[], char::from(Key::Escape)).await;
    app.settle().await;
    app.js("document.querySelector('[data-testid=canvas]').focus(); return null")
        .await;

    // A card moved out of a cell where cards below it close up (the moves above leave nothing
    // behind): the arrow key, then one undo; the first `POINTED` waiting for Rust, the rest laid
    // out ahead, each seen on the screen until the cards below have closed up.
    let upper = app
        .js(
            "const c = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
             const cells = [...document.querySelectorAll('[data-testid=canvas] [data-cell]')].map(e => e.getBoundingClientRect());
             const cards = [...document.querySelectorAll('[data-testid=canvas] .hits [data-card-id^=c]')].map(e => [e.dataset.cardId, e.getBoundingClientRect()]);
             const cellOf = r => cells.findIndex(k => k.left <= r.left + 1 && r.right <= k.right + 1 && k.top <= r.top + 1 && r.bottom <= k.bottom + 1);
             const found = cards.find(([, r]) => r.width > 20 && r.height < c.height / 3
               && cells[cellOf(r)] && cards.some(([, o]) => o !== r && cellOf(o) === cellOf(r) && o.top > r.bottom));
             return found ? found[0] : null;",
        )
        .await;
    let upper_css = format!(
        "[data-testid=canvas] .hits [data-card-id='{}']",
        upper
            .as_str()
            .expect("a card with another below it in its cell, in sight")
    );
    let mut close_ms: [Vec<f64>; 2] = Default::default();
    app.js("document.documentElement.dataset.noAhead = ''; return null")
        .await;
    let swaps = || async {
        app.js("return window.__travesiaTiles.swaps()")
            .await
            .as_f64()
            .expect("a count")
    };
    let mut swapped = 0.0;
    let mut close_page_ms = Vec::new();
    for i in 0..2 * POINTED {
        if i == POINTED {
            app.js("delete document.documentElement.dataset.noAhead; return null")
                .await;
            swapped = swaps().await;
            time_keys(&app, "__closeTimes").await;
        }
        let around = select_and_rest(&app, &screen, &upper_css, true).await;
        let (settled_at, _) = screen
            .keysym_to_settled(
                RIGHT,
                around,
                Duration::from_millis(400),
                Duration::from_secs(3),
            )
            .unwrap_or_else(|| {
                panic!("move {i} out of its cell was not seen on the screen within 3 s")
            });
        close_ms[usize::from(i >= POINTED)].push(settled_at.as_secs_f64() * 1000.0);
        app.settle().await;
        if i >= POINTED {
            // The page's share of that key: from its event to the frame after it.
            let page = app.js("return window.__closeTimes.at(-1)").await;
            close_page_ms.push(page.as_f64().expect("the key was timed in the page"));
        }
        screen
            .chord_to_settled(
                &[CONTROL],
                Z,
                around,
                Duration::from_millis(200),
                Duration::from_secs(3),
            )
            .unwrap_or_else(|| panic!("the undo of move {i} was not seen within 3 s"));
        app.settle().await;
    }
    // How many of those keys (the moves and their undos laid out ahead) showed tiles painted
    // before them (`TilePainter.prepare`) instead of painting them in their frame.
    let swapped = swaps().await - swapped;
    println!(
        "  keys laid out ahead whose changed tiles were painted before them: {swapped:.0} of {}",
        2 * POINTED
    );
    // The memory held with a card selected and its likeliest keys made ahead: their views, their
    // drawings and the tiles they change.
    select_and_rest(&app, &screen, &upper_css, true).await;
    let spares = app
        .js("return window.__travesiaTiles.held().spares")
        .await
        .as_f64()
        .expect("a count");
    memory_line(&app, "memory, a card selected, its keys ahead");
    println!(
        "  of which tiles painted ahead for its keys: {spares:.0} ({:.1} MiB)",
        spares * 0.25
    );

    // Edits made with the mouse on the X server: a card dragged a stage to the right and let go
    // (then put back with one undo), and a colour chosen in the side panel; the first
    // `POINTED` of each waiting for Rust, the rest laid out while the pointer rested on them.
    let mut drop_ms: [Vec<f64>; 2] = Default::default();
    let mut colour_ms: [Vec<f64>; 2] = Default::default();
    app.js("document.documentElement.dataset.noAhead = ''; delete document.documentElement.dataset.pointedAhead; return null")
        .await;
    let centre_x = || async {
        app.js(&format!(
            "const r = document.querySelector(\"{card_css}\").getBoundingClientRect(); return r.left + r.width / 2;"
        ))
        .await
        .as_f64()
        .expect("the card's place")
    };
    time_releases(&app).await;
    let mut drop_parts: Vec<[f64; 3]> = Vec::new();
    let mut drop_swaps = 0.0;
    for i in 0..2 * POINTED {
        if i == POINTED {
            app.js("delete document.documentElement.dataset.noAhead; return null")
                .await;
        }
        let region = on_screen(&app, &card_css, true).await;
        let around = around_card(region);
        let (cx, cy) = (
            region.x + region.w as i16 / 2,
            region.y + region.h as i16 / 2,
        );
        let before = centre_x().await;
        drag_right(&screen, cx, cy).await;
        let swapped = swaps().await;
        let sent = wall_ms();
        let (settled_at, _) = screen
            .release_to_settled(around, Duration::from_millis(400), Duration::from_secs(3))
            .unwrap_or_else(|| panic!("drop {i} was not seen on the screen within 3 s"));
        drop_ms[usize::from(i >= POINTED)].push(settled_at.as_secs_f64() * 1000.0);
        app.settle().await;
        if i >= POINTED {
            drawn_as_pointed(&app, "move_card", &format!("drop {i}")).await;
            drop_parts.push(release_parts(&app, sent).await);
            drop_swaps += swaps().await - swapped;
        }
        let after = centre_x().await;
        assert!(
            after > before + 100.0,
            "drop {i} put the card a stage further right: {before} → {after}"
        );
        app.js("document.querySelector('[data-testid=canvas]').focus(); return null")
            .await;
        screen
            .chord_to_settled(
                &[CONTROL],
                Z,
                around,
                Duration::from_millis(200),
                Duration::from_secs(3),
            )
            .unwrap_or_else(|| panic!("the undo of drop {i} was not seen within 3 s"));
        app.settle().await;
        assert!(
            (centre_x().await - before).abs() < 2.0,
            "one undo put the card back after drop {i}"
        );
    }

    // The floor of a drop on this machine: the same drag made over a pad laid on the card, whose
    // only handler, as the button is let go, colours one square of 8 px (no edit, no Svelte
    // update, no tiles), seen on the screen in the same region.
    let region = on_screen(&app, &card_css, true).await;
    let around = around_card(region);
    let (cx, cy) = (
        region.x + region.w as i16 / 2,
        region.y + region.h as i16 / 2,
    );
    app.js(&format!(
        "const r = document.querySelector(\"{card_css}\").getBoundingClientRect();
         const pad = document.createElement('div');
         pad.id = 'bench-pad';
         pad.style.cssText = `position: fixed; left: ${{r.left - 20}}px; top: ${{r.top - 20}}px; width: ${{r.width + 400}}px; height: ${{r.height + 40}}px; z-index: 998`;
         const dot = document.createElement('div');
         dot.style.cssText = `position: fixed; left: ${{r.left - 276}}px; top: ${{r.top - 16}}px; width: 8px; height: 8px; background: #c00; z-index: 999; pointer-events: none`;
         pad.append(dot);
         document.body.append(pad);
         for (const kind of ['pointerdown', 'pointermove', 'mousedown', 'mousemove', 'mouseup', 'click'])
           pad.addEventListener(kind, e => {{ e.stopPropagation(); e.preventDefault(); }});
         pad.addEventListener('pointerup', e => {{
           e.stopPropagation();
           dot.style.background = dot.style.background === 'rgb(0, 0, 204)' ? '#c00' : '#00c';
         }});
         return null;"
    ))
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let card_at = || async {
        app.js(&format!(
            "const r = document.querySelector(\"{card_css}\").getBoundingClientRect(); return [r.left, r.top];"
        ))
        .await
    };
    let card_before = card_at().await;
    let mut let_go_ms = Vec::new();
    let mut let_go_parts: Vec<[f64; 3]> = Vec::new();
    for i in 0..POINTED {
        drag_right(&screen, cx, cy).await;
        let sent = wall_ms();
        let (settled_at, _) = screen
            .release_to_settled(around, Duration::from_millis(150), Duration::from_secs(3))
            .unwrap_or_else(|| {
                panic!("the pad's release {i} was not seen on the screen within 3 s")
            });
        let_go_ms.push(settled_at.as_secs_f64() * 1000.0);
        let_go_parts.push(release_parts(&app, sent).await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.js("document.getElementById('bench-pad').remove(); return null")
        .await;
    assert_eq!(
        card_before,
        card_at().await,
        "the drags over the pad moved neither the card nor the view"
    );
    app.js("document.documentElement.dataset.noAhead = ''; delete document.documentElement.dataset.pointedAhead; return null")
        .await;
    let region = on_screen(&app, &card_css, true).await;
    app.click(&app.find(&card_css).await).await;
    app.settle().await;
    let swatches = [
        on_screen(&app, ".inspector .swatch[data-color='#FFF3BF']", false).await,
        on_screen(&app, ".inspector .swatch[data-color='#FFE8CC']", false).await,
    ];
    for i in 0..2 * POINTED {
        if i == POINTED {
            app.js("delete document.documentElement.dataset.noAhead; return null")
                .await;
        }
        let swatch = swatches[i % 2];
        screen.point_at(
            swatch.x + swatch.w as i16 / 2,
            swatch.y + swatch.h as i16 / 2,
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        let (settled_at, _) = screen
            .click_to_settled(region, Duration::from_millis(400), Duration::from_secs(3))
            .unwrap_or_else(|| panic!("colour {i} was not seen on the card within 3 s"));
        colour_ms[usize::from(i >= POINTED)].push(settled_at.as_secs_f64() * 1000.0);
        app.settle().await;
        if i >= POINTED {
            drawn_as_pointed(&app, "update_card", &format!("colour {i}")).await;
        }
    }
    // The pointer off the side panel: nothing pointed at any more.
    screen.point_at(region.x, region.y - 40);
    app.js("document.querySelector('[data-testid=canvas]').focus(); return null")
        .await;

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
               // The floor under every answer: a command that does no work.
               const empties = [];
               for (let i = 0; i < 20; i++) {{
                 const t0 = performance.now();
                 await ipc.invoke('system_locale', {{}});
                 empties.push(performance.now() - t0);
               }}
               return {{ trips, parses, size, empties }};
             }})()"
        ))
        .await;
    let trips = numbers(&probe["trips"]);
    let parses = numbers(&probe["parses"]);
    let empties = numbers(&probe["empties"]);
    let view_bytes = probe["size"].as_f64().unwrap_or(0.0);
    assert!(view_bytes > 0.0, "the view came back");

    // Panning: wheel events on the canvas, one a frame.
    let pan = frames(
        &app,
        120,
        "(n, c) => c.dispatchEvent(new WheelEvent('wheel', { deltaX: 7, deltaY: 11, bubbles: true, cancelable: true, clientX: 600, clientY: 400 }))",
    )
    .await;
    // Zooming: Ctrl+wheel, one a frame, in for 30 frames then out, twice.
    let zoom = frames(
        &app,
        120,
        "(n, c, r) => c.dispatchEvent(new WheelEvent('wheel', { deltaY: (Math.floor(n / 30) % 2 ? 1 : -1) * 20, ctrlKey: true, bubbles: true, cancelable: true, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 }))",
    )
    .await;
    app.js("document.querySelector('[data-testid=zoom]').click(); return null;")
        .await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    // Dragging a card: pressed at its centre, moved a little every frame
    // (right, with a wobble), dropped about a stage further right.
    let (id, x, y) = card_in_view(&app).await;
    let drag = frames(
        &app,
        121,
        &format!(
            "(n, c) => {{
               const at = (k) => ({{ clientX: {x} + k * 2.5, clientY: {y} + Math.sin(k / 9) * 12, bubbles: true, cancelable: true, pointerId: 1, isPrimary: true, pointerType: 'mouse' }});
               if (n === 0) c.dispatchEvent(new PointerEvent('pointerdown', {{ ...at(0), button: 0, buttons: 1 }}));
               else if (n < 120) c.dispatchEvent(new PointerEvent('pointermove', {{ ...at(n), button: -1, buttons: 1 }}));
               else c.dispatchEvent(new PointerEvent('pointerup', {{ ...at(119), button: 0, buttons: 0 }}));
             }}"
        ),
    )
    .await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (dx, _) = card_centre(&app, &id).await;
    assert!(
        dx > x + 100.0,
        "the card was dropped further right: {x} → {dx}"
    );
    // The drop is one edit: one undo puts the card back.
    app.js("document.querySelector('[data-testid=canvas]').focus(); return null")
        .await;
    app.keys(&[Key::Control], 'z').await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (ux, _) = card_centre(&app, &id).await;
    assert!(
        (ux - x).abs() < 2.0,
        "one undo put the card back: {x} → {dx} → {ux}"
    );

    app.quit().await;

    header(&format!(
        "{CARDS}-card map, release app (WebKitGTK under Xvfb), ms"
    ));
    println!(
        "{:<58} {open_ms:>7.1}",
        "open: click on its card → first view painted"
    );
    row(
        &format!("edit → its answer painted, in the page ({EDITS} arrow-key moves)"),
        edit_ms,
    );
    let [answer, update, paint, tiles_ms, tiles] = part_ms;
    row("  of which: the answer (Rust + IPC + JSON)", answer);
    row("            the page updated (Svelte, tiles)", update);
    row("            frames until painted", paint);
    row("  the tiles painted again (ms)", tiles_ms);
    row("  the tiles painted again (count)", tiles);
    row(
        "edit (X arrow key) → first pixels on screen, waiting for Rust",
        moved_alone_ms,
    );
    row(
        "edit (X arrow key) → new Scene on screen, waiting for Rust",
        settled_alone_ms,
    );
    row(
        "edit (X arrow key) → first pixels on screen, laid out ahead",
        moved_ms,
    );
    row(
        "edit (X arrow key) → new Scene on screen, laid out ahead",
        settled_ms,
    );
    row(
        "  of which in the page: key → the frame after it",
        move_key_ms,
    );
    row(
        &format!("X arrow keys {quick_apart:.0} ms apart → new Scene on screen ({quick_ahead} of {QUICK} ahead)"),
        quick_ms,
    );
    row(
        &format!("two cards (X arrow key, Shift+click) → new Scene on screen, laid out ahead ({pair_ahead} of {PAIR})"),
        pair_ms,
    );
    row(
        "Delete (X key) → new Scene on screen, waiting for Rust",
        deleted_alone_ms,
    );
    row(
        "Delete (X key) → new Scene on screen, laid out ahead",
        deleted_ms,
    );
    let [dup_alone_ms, dup_ms, paste_alone_ms, paste_ms] = copy_ms;
    row(
        "Ctrl+D (X) → new Scene on screen, waiting for Rust",
        dup_alone_ms,
    );
    row("Ctrl+D (X) → new Scene on screen, laid out ahead", dup_ms);
    row(
        "Ctrl+V (X) → new Scene on screen, waiting for Rust",
        paste_alone_ms,
    );
    row("Ctrl+V (X) → new Scene on screen, laid out ahead", paste_ms);
    let [close_alone_ms, closed_ms] = close_ms;
    row(
        "card out of its cell, others closing up (X →), waiting for Rust",
        close_alone_ms,
    );
    row(
        "card out of its cell, others closing up (X →), laid out ahead",
        closed_ms,
    );
    row(
        "  of which in the page: key → the frame after it",
        close_page_ms,
    );
    let [drop_alone_ms, dropped_ms] = drop_ms;
    row(
        "drop (X button let go) → new Scene on screen, waiting for Rust",
        drop_alone_ms,
    );
    row(
        &format!("drop (X button let go) → new Scene on screen, laid out ahead ({drop_swaps:.0} of {POINTED} from tiles painted ahead)"),
        dropped_ms,
    );
    let part = |parts: &[[f64; 3]], k: usize| parts.iter().map(|p| p[k]).collect::<Vec<_>>();
    row("  X let go → the page's handler", part(&drop_parts, 0));
    row(
        "  X let go → the callbacks of the frame after it",
        part(&drop_parts, 1),
    );
    row("  X let go → a task after that frame", part(&drop_parts, 2));
    row(
        "X button let go after the same drag, its handler colouring 8 px: the floor",
        let_go_ms,
    );
    row("  X let go → the handler", part(&let_go_parts, 0));
    row(
        "  X let go → the callbacks of the frame after it",
        part(&let_go_parts, 1),
    );
    row(
        "  X let go → a task after that frame",
        part(&let_go_parts, 2),
    );
    let [colour_alone_ms, coloured_ms] = colour_ms;
    row(
        "colour (X click, side panel) → the card on screen, waiting for Rust",
        colour_alone_ms,
    );
    row(
        "colour (X click, side panel) → the card on screen, laid out ahead",
        coloured_ms,
    );
    row(
        "Undo (X Ctrl+Z) → new Scene on screen, waiting for Rust",
        undone_alone_ms,
    );
    row(
        "Undo (X Ctrl+Z) → new Scene on screen, drawn ahead",
        undone_ms,
    );
    row(
        &format!(
            "Undo (X Ctrl+Z) four times in a row, then redo (Ctrl+Y) ({steps_ahead} of {} drawn ahead): undo",
            undo_again_ms.len() + redo_again_ms.len()
        ),
        undo_again_ms,
    );
    row("  redo", redo_again_ms);
    row(
        "typing in a card: key → the frame after it (27 keys)",
        key_ms,
    );
    row(
        "typing in a card: X key press → its pixels on screen (20 keys)",
        seen_ms,
    );
    row("  a key alone (10 keys, 300 ms apart): the floor", alone_ms);
    let [dot_ms, square_ms] = floor_ms;
    row(
        "X arrow key whose frame only colours an 8 px square: the floor",
        dot_ms,
    );
    row(
        &format!(
            "  the same, a {} × {} px square (the region watched)",
            floor_around.w - 8,
            floor_around.h - 8
        ),
        square_ms,
    );
    row("frame interval while panning (120 frames)", pan);
    row("frame interval while zooming (120 frames)", zoom);
    row("frame interval while dragging a card (120 frames)", drag);
    row(
        &format!(
            "open_map round trip, no edit ({:.1} MB view)",
            view_bytes / 1e6
        ),
        trips,
    );
    row("JSON.parse of that view in the page", parses);
    row("a command that does no work: round trip (20)", empties);
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "a benchmark: make bench-editor"]
async fn a_10000_card_map() {
    let (_dir, db, map_id) = library_with(10_000);
    let app = start_app(&db).await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(open_timed(&app, &map_id).await);
        app.js("document.querySelector('[data-testid=back]')?.click(); return null")
            .await;
        app.find(&format!("[data-testid=open-map][data-map-id='{map_id}']"))
            .await;
    }
    app.open_map(&map_id).await;
    let (id, _, _) = card_in_view(&app).await;
    let card = app
        .find(&format!("[data-testid=canvas] [data-card-id='{id}']"))
        .await;
    app.click(&card).await;
    let (edit_ms, part_ms) = arrow_edits(&app, 20).await;
    println!();
    memory_line(&app, "memory, the 10,000-card map open");
    app.quit().await;
    header("10,000-card map, release app, ms");
    row(
        "open: click on its card → first view painted (3 opens)",
        open,
    );
    row(
        "edit → its answer painted, in the page (20 arrow-key moves)",
        edit_ms,
    );
    row(
        "  of which: the answer (Rust + IPC + JSON)",
        part_ms[0].clone(),
    );
    row(
        "            the page updated (Svelte, tiles)",
        part_ms[1].clone(),
    );
    row("            frames until painted", part_ms[2].clone());
    row("  the tiles painted again (ms)", part_ms[3].clone());
}

/// Starts the app on `db` and answers it with the time from its process's
/// start to its first screen painted, and the parts of that time: until the
/// page begins to load, and from there; of the page's part, until its script
/// has been read, until the library has been read (the page's marks, see
/// ui/src/main.ts) and the rest (ms).
async fn start_timed(db: &std::path::Path) -> (App, [f64; 6]) {
    let app = start_app(db).await;
    let mut ready = Value::Null;
    for _ in 0..200 {
        ready = app.js("return document.body.dataset.readyAt ?? null").await;
        if !ready.is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let ready: f64 = ready
        .as_str()
        .expect("the first screen was painted")
        .parse()
        .unwrap();
    let origin = app
        .js("return performance.timeOrigin")
        .await
        .as_f64()
        .unwrap();
    let started = app.app_started_ms();
    let marks = app
        .js(
            "const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
             return [at('start:script'), at('start:library')];",
        )
        .await;
    let marks: Vec<f64> = serde_json::from_value(marks).expect("the start's marks");
    let page = ready - origin;
    (
        app,
        [
            ready - started,
            origin - started,
            page,
            marks[0],
            marks[1] - marks[0],
            page - marks[1],
        ],
    )
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "a benchmark: make bench-editor"]
async fn start_and_the_home() {
    let dir = tempfile::tempdir().unwrap();
    // A new library (the home offers the templates), then one of 1,000 maps.
    let empty = dir.path().join("empty.sqlite3");
    let full = dir.path().join("library.sqlite3");
    {
        let mut lib = travesia_store::Library::open(&full).unwrap();
        for m in sample::library_maps(1000) {
            lib.create_map(m).unwrap();
        }
    }
    let (mut start_empty, mut memory_empty) = (<[Vec<f64>; 6]>::default(), Vec::new());
    let (mut start_full, mut memory_full, mut search) =
        (<[Vec<f64>; 6]>::default(), Vec::new(), Vec::new());
    // The first start of each warms the disk cache and WebKit's; the next five are timed.
    for run in 0..6 {
        let (app, ms) = start_timed(&empty).await;
        assert!(
            app.count("[data-testid='template-ecommerce']").await > 0,
            "the home offers the templates"
        );
        if run > 0 {
            for (k, v) in ms.into_iter().enumerate() {
                start_empty[k].push(v);
            }
            tokio::time::sleep(Duration::from_millis(1000)).await;
            memory_empty.push(app.memory().iter().map(|p| p.1).sum::<f64>());
        }
        app.quit().await;
    }
    for run in 0..6 {
        let (app, ms) = start_timed(&full).await;
        let shown = app.count("[data-testid=open-map]").await;
        assert!(shown > 0, "the home shows the maps");
        if run > 0 {
            for (k, v) in ms.into_iter().enumerate() {
                start_full[k].push(v);
            }
            tokio::time::sleep(Duration::from_millis(1000)).await;
            memory_full.push(app.memory().iter().map(|p| p.1).sum::<f64>());
            // A search typed in the home's field: from the last key to its results painted (the
            // frame after the page shows them; watched for without asking for frames meanwhile,
            // which would keep WebKit's frame clock ticking and hold the change for its tick).
            let ms = app
                .js(
                    "const field = document.querySelector('[data-testid=home-search]');
                     return new Promise(done => {
                       const seen = () => document.querySelectorAll('[data-testid=home-maps] [data-testid=open-map]').length === 1;
                       const t0 = performance.now();
                       const watch = new MutationObserver(() => {
                         if (!seen()) return;
                         watch.disconnect();
                         requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
                       });
                       watch.observe(document.body, { childList: true, subtree: true, attributes: true });
                       field.value = 'proveedor 517';
                       field.dispatchEvent(new Event('input', { bubbles: true }));
                     });",
                )
                .await;
            search.push(ms.as_f64().expect("a time"));
        }
        app.quit().await;
    }
    header("Start and the home, release app, ms (5 warm starts each)");
    for (what, [all, before, page, script, library, home]) in
        [("a new library", start_empty), ("1,000 maps", start_full)]
    {
        row(&format!("start, {what}: process start → home painted"), all);
        row("  of which: until the page begins to load", before);
        row(
            "            the page loaded, the home shown and painted",
            page,
        );
        row("    of which: its script loaded and run", script);
        row(
            "              the library read (preferences, maps)",
            library,
        );
        row("              the home drawn and painted", home);
    }
    row("a search typed → its one result painted", search);
    for (what, v) in [("a new library", memory_empty), ("1,000 maps", memory_full)] {
        let [m, _, _, mx] = stats(v);
        println!("memory at the home, {what}: {m:.0} MiB PSS (median; max {mx:.0})");
    }
}
