//! What you see is what you print: the canvas at 100 % against the PNG
//! export of the same map at 96 dpi (one CSS px = one pixel in both).

use std::process::Command;

use base64::Engine as _;
use fantoccini::key::Key;
use serde_json::Value;
use travesia_e2e::{app_binary, decode_png, import_map, root, shots_dir, App};
use travesia_layout::{layout, Target, TextEngine};

/// Luma of pixel (x, y) of an RGBA image `w` wide.
fn luma(px: &[u8], w: u32, x: i64, y: i64) -> f64 {
    let i = ((y * w as i64 + x) * 4) as usize;
    0.299 * px[i] as f64 + 0.587 * px[i + 1] as f64 + 0.114 * px[i + 2] as f64
}

#[tokio::test(flavor = "current_thread")]
async fn the_canvas_at_100_percent_matches_the_png_export() {
    compare(None, "wysiwyg", false).await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_map_in_another_typeface_on_the_canvas_matches_its_png_export() {
    compare(Some("serif"), "wysiwyg-serif", false).await;
}

/// A card in the first row grows: everything below comes as moved runs of
/// what the page had, and the canvas moves its groups whole. It must still
/// match the export of the map as stored.
#[tokio::test(flavor = "current_thread")]
async fn after_a_row_grew_the_canvas_still_matches_the_png_export() {
    compare(None, "wysiwyg-grown", true).await;
}

/// The fixture set in `font` (none: Inter), on the canvas at 100 % and as
/// exported, box by box; with `grow`, after the first card's text grew by
/// several lines. Screenshots and the report are named `name`.
async fn compare(font: Option<&str>, name: &str, grow: bool) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let mut doc =
        travesia_core::format::read_file(&root().join("tests/fixtures/ecommerce.travesia"))
            .unwrap();
    if let Some(font) = font {
        doc.map.theme.get_or_insert_with(Default::default).font = Some(font.to_string());
    }
    let fixture = dir.path().join("map.travesia");
    std::fs::write(&fixture, travesia_core::format::to_string(&doc)).unwrap();
    let id = import_map(&db, &fixture);

    let app = App::start(&db).await;
    // As large as the screen, so many boxes are in view.
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map(&id).await;
    // Compared at 100 %, Scene pixel for pixel.
    app.zoom_100().await;
    if grow {
        // The card highest on the map, its text made longer as a person types it.
        let first = layout(&doc.map, &mut TextEngine::new())
            .hits
            .iter()
            .filter_map(|h| match &h.target {
                Target::Card { id } => Some((h.y, id.clone())),
                _ => None,
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| id)
            .expect("a card");
        let card = app
            .find(&format!(
                "[data-testid=canvas] .hits [data-card-id='{first}']"
            ))
            .await;
        app.double_click_at(&card, 0.0, 0.0).await;
        let editor = app.find("[data-testid=card-editor]").await;
        app.keys(&[Key::Control], char::from(Key::End)).await;
        editor
            .send_keys(" y luego compara precios en tres tiendas, pregunta a una amiga y lee las reseñas de quienes la compraron antes de decidir")
            .await
            .expect("typing");
        app.keys(&[], char::from(Key::Escape)).await;
        app.settle().await;
        let stored = travesia_store::Library::open(&db)
            .unwrap()
            .load(&id)
            .unwrap();
        assert!(
            stored
                .card(&first)
                .unwrap()
                .text
                .ends_with("antes de decidir"),
            "the longer text is stored"
        );
    }
    let canvas = app.find("[data-testid=canvas]").await;
    // Fonts are loaded before anything is measured or compared.
    app.js("return document.fonts.ready.then(() => true)").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let origin: Vec<f64> = serde_json::from_value(
        app.client
            .execute(
                "const r = arguments[0].getBoundingClientRect(); return [r.x, r.y, r.width, r.height];",
                vec![serde_json::to_value(&canvas).unwrap()],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    let shot = app.screenshot(&format!("{name}-canvas")).await;
    app.quit().await;

    let png_path = dir.path().join("export.png");
    let out = Command::new(app_binary())
        .args([
            "--db",
            db.to_str().unwrap(),
            "export",
            "--map",
            &id,
            "-o",
            png_path.to_str().unwrap(),
            "--paper",
            "fit",
            "--margin-mm",
            "0",
            "--dpi",
            "96",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (sw, sh, screen) = decode_png(&shot);
    let (ew, eh, export) = decode_png(&std::fs::read(&png_path).unwrap());

    // The boxes to compare: every card and stage header wholly on screen.
    let map = travesia_store::Library::open(&db)
        .unwrap()
        .load(&id)
        .unwrap();
    let scene = layout(&map, &mut TextEngine::new());
    let (ox, oy) = (origin[0].round() as i64, origin[1].round() as i64);
    let (vw, vh) = (origin[2] as i64, origin[3] as i64);
    let r = 4i64;
    let mut worst = 0i64;
    let mut compared = 0;
    let mut report = Vec::new();
    for hit in &scene.hits {
        if !matches!(hit.target, Target::Card { .. } | Target::Stage { .. }) {
            continue;
        }
        let (x0, y0) = (hit.x.floor() as i64, hit.y.floor() as i64);
        let (x1, y1) = ((hit.x + hit.w).ceil() as i64, (hit.y + hit.h).ceil() as i64);
        let on_screen = x0 - r >= 0 && y0 - r >= 0 && x1 + r <= vw && y1 + r <= vh;
        let in_export = x1 + r <= ew as i64 && y1 + r <= eh as i64;
        if !on_screen || !in_export || ox + x1 + r > sw as i64 || oy + y1 + r > sh as i64 {
            continue;
        }
        // The shift that best lines the screen box up with the export's.
        let mut best = (f64::MAX, 0i64, 0i64);
        for dy in -r..=r {
            for dx in -r..=r {
                let mut sum = 0.0;
                for y in y0..y1 {
                    for x in x0..x1 {
                        let a = luma(&screen, sw, ox + x + dx, oy + y + dy);
                        let b = luma(&export, ew, x, y);
                        sum += (a - b).abs();
                    }
                }
                let mean = sum / ((x1 - x0) * (y1 - y0)) as f64;
                if mean < best.0 {
                    best = (mean, dx, dy);
                }
            }
        }
        let off = best.1.abs().max(best.2.abs());
        worst = worst.max(off);
        compared += 1;
        report.push(format!(
            "{:?} at ({x0}, {y0}, {}×{}): shift ({}, {}), mean difference {:.1}/255",
            hit.target,
            x1 - x0,
            y1 - y0,
            best.1,
            best.2,
            best.0
        ));
    }
    let text = report.join("\n");
    std::fs::write(shots_dir().join(format!("{name}.txt")), &text).unwrap();
    println!("{text}\nworst shift {worst} px over {compared} boxes");
    assert!(compared >= 8, "only {compared} boxes on screen:\n{text}");
    assert!(worst <= 2, "a box is {worst} px off:\n{text}");
}

/// The e-commerce example open in a 1024 × 640 window at 100 %, its fonts loaded: the
/// library's folder, the library, the map's id and the app.
async fn ecommerce_at_1024() -> (tempfile::TempDir, std::path::PathBuf, String, App) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let id = import_map(&db, &root().join("tests/fixtures/ecommerce.travesia"));
    let app = App::start(&db).await;
    app.client.set_window_rect(0, 0, 1024, 640).await.ok();
    app.open_map(&id).await;
    // At 100 % (Ctrl+0: in a window this narrow the zoom's button is in the toolbar's "More").
    app.keys(&[Key::Control], '0').await;
    app.settle().await;
    app.js("return document.fonts.ready.then(() => true)").await;
    (dir, db, id, app)
}

/// Pans the view (a wheel's scroll) until `card` is `left` and `top` CSS px from the canvas's
/// top left corner.
async fn bring_into_view(app: &App, card: &str, left: i32, top: i32) {
    app.js(&format!("const c = document.querySelector('[data-testid=canvas]'); const r = c.getBoundingClientRect();
            const t = document.querySelector(\"[data-testid=canvas] .hits [data-card-id='{card}']\").getBoundingClientRect();
            c.dispatchEvent(new WheelEvent('wheel', {{ deltaX: t.left - r.left - {left}, deltaY: t.top - r.top - {top}, bubbles: true, cancelable: true, clientX: r.left + 400, clientY: r.top + 300 }}));
            return null;"))
        .await;
    app.settle().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
}

/// Two of the canvas's bitmaps are the same, pixel for pixel (within 2 of 255 a channel).
fn assert_same_pixels(shown: &(u32, u32, Vec<u8>), whole: &(u32, u32, Vec<u8>)) {
    assert_eq!(
        (shown.0, shown.1),
        (whole.0, whole.1),
        "the same canvas size"
    );
    let (w, px) = (shown.0 as usize, (&shown.2, &whole.2));
    let differ: Vec<(usize, usize)> = (0..px.0.len() / 4)
        .filter(|i| (0..4).any(|c| px.0[i * 4 + c].abs_diff(px.1[i * 4 + c]) > 2))
        .map(|i| (i % w, i / w))
        .collect();
    assert!(
        differ.is_empty(),
        "{} pixels differ from a whole paint, the first at {:?}",
        differ.len(),
        &differ[..differ.len().min(5)]
    );
}

/// The canvas's own pixels (its bitmap, as PNG).
async fn tiles_png(app: &App) -> (u32, u32, Vec<u8>) {
    let url = app
        .js("return document.querySelector('[data-testid=tiles]').toDataURL('image/png')")
        .await;
    let url = url.as_str().expect("a data URL").to_string();
    let b64 = url.split_once(',').expect("a data URL").1;
    decode_png(
        &base64::engine::general_purpose::STANDARD
            .decode(b64)
            .expect("base64"),
    )
}

/// A frame copies to the screen only what an edit painted again, and paints
/// the stuck lane column and stage row again only inside that. After cards
/// moved by the keyboard next to and under those strips (each drawn ahead of
/// its answer, then answered), the canvas must hold exactly what painting it
/// whole shows.
#[tokio::test(flavor = "current_thread")]
async fn after_keyboard_moves_under_the_stuck_strips_the_canvas_is_what_a_whole_paint_shows() {
    let (_dir, db, id, app) = ecommerce_at_1024().await;
    // A card away from the top left corner, brought to 300 px from the canvas's left edge and
    // 220 px from its top: the view is then panned far enough that the lane titles and the stage
    // row stick to the edges, and the card's moves go next to them and under them.
    let map = travesia_store::Library::open(&db)
        .unwrap()
        .load(&id)
        .unwrap();
    let card = layout(&map, &mut TextEngine::new())
        .hits
        .iter()
        .filter_map(|h| match &h.target {
            Target::Card { id } if h.x > 500.0 && h.y > 300.0 && h.w > 100.0 => {
                Some((h.y, h.x, id.clone()))
            }
            _ => None,
        })
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map(|(_, _, id)| id)
        .expect("a card away from the corner");
    bring_into_view(&app, &card, 300, 220).await;
    app.screenshot("wysiwyg-panned").await;
    let css = format!("[data-testid=canvas] .hits [data-card-id='{card}']");
    app.click(&app.find(&css).await).await;
    let before = tiles_png(&app).await;
    for key in [Key::Right, Key::Down, Key::Left, Key::Left, Key::Up] {
        // Left alone, the moves are laid out ahead and the key draws the card before its answer.
        tokio::time::sleep(std::time::Duration::from_millis(600)).await;
        app.keys(&[], char::from(key)).await;
        app.settle().await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(
        app.js("return document.documentElement.dataset.movedAhead ?? null")
            .await
            .as_str(),
        Some(card.as_str()),
        "the moves were drawn from what Rust laid out ahead"
    );
    let moved = tiles_png(&app).await;
    assert_ne!(before.2, moved.2, "the moves changed the canvas");
    // Painted whole: the view nudged and put back (each a frame that copies every tile and
    // paints the strips whole).
    for dx in [1, -1] {
        app.js(&format!("const c = document.querySelector('[data-testid=canvas]'); const r = c.getBoundingClientRect();
                c.dispatchEvent(new WheelEvent('wheel', {{ deltaX: {dx}, deltaY: 0, bubbles: true, cancelable: true, clientX: r.left + 400, clientY: r.top + 300 }}));
                return null;"))
            .await;
        app.settle().await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let whole = tiles_png(&app).await;
    app.screenshot("wysiwyg-moves-under-strips").await;
    app.quit().await;
    assert_same_pixels(&moved, &whole);
}

/// A key laid out ahead whose view moves other cards too (a card taken out of a cell whose cards
/// below close up: here its own copy, made with Ctrl+D) shows tiles painted while the person rested (`TilePainter.prepare`), swapped
/// in at the key; so does the undo after it. Each time the canvas must hold exactly what
/// painting it all again from nothing shows.
#[tokio::test(flavor = "current_thread")]
async fn after_keys_whose_tiles_were_painted_ahead_the_canvas_is_what_a_whole_paint_shows() {
    let (_dir, _db, _id, app) = ecommerce_at_1024().await;
    // A card in sight, copied (Ctrl+D) so that its cell holds another card below it.
    let card = app
        .js("const c = [...document.querySelectorAll('[data-testid=canvas] .hits [data-card-id]')]
               .find(e => { const r = e.getBoundingClientRect(); return r.width > 20 && r.bottom < 500; });
             return c ? c.dataset.cardId : null;")
        .await
        .as_str()
        .expect("a card in sight")
        .to_string();
    let css = format!("[data-testid=canvas] .hits [data-card-id='{card}']");
    app.click(&app.find(&css).await).await;
    app.keys(&[Key::Control], 'd').await;
    app.settle().await;
    let swaps = || async {
        app.js("return window.__travesiaTiles.swaps()")
            .await
            .as_f64()
            .expect("a count")
    };
    let rest = || tokio::time::sleep(std::time::Duration::from_millis(600));
    // Selected again (not so soon after the first click that the two make a double click).
    rest().await;
    app.click(&app.find(&css).await).await;
    rest().await;
    let before = tiles_png(&app).await;
    let start = swaps().await;
    app.keys(&[], char::from(Key::Right)).await;
    app.settle().await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(
        swaps().await,
        start + 1.0,
        "the move showed the tiles painted before its key"
    );
    let moved = tiles_png(&app).await;
    assert_ne!(before.2, moved.2, "the move changed the canvas");
    app.js("window.__travesiaTiles.repaint(); return null")
        .await;
    assert_same_pixels(&moved, &tiles_png(&app).await);

    // Painted again from nothing, the tiles painted ahead for the undo were left stale: the card
    // selected anew, they are painted again during the rest.
    app.keys(&[], char::from(Key::Escape)).await;
    app.settle().await;
    app.click(&app.find(&css).await).await;
    rest().await;
    let start = swaps().await;
    app.js("document.querySelector('[data-testid=canvas]').focus(); return null")
        .await;
    app.keys(&[Key::Control], 'z').await;
    app.settle().await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(
        swaps().await,
        start + 1.0,
        "the undo showed the tiles painted before its key"
    );
    let undone = tiles_png(&app).await;
    app.js("window.__travesiaTiles.repaint(); return null")
        .await;
    let whole = tiles_png(&app).await;
    app.quit().await;
    // (Not `before`: the move brought the card into view, and the view stays where it went.)
    assert_same_pixels(&undone, &whole);
}

/// While a zoom goes on, the tiles of the zoom before stand in, scaled without
/// smoothing, and the stuck strips' lines are copies scaled from those
/// painted at that zoom. Once the zoom rests, all of it must be painted sharp
/// again: the canvas must hold exactly what painting it all again from
/// nothing (every tile and every line) shows.
#[tokio::test(flavor = "current_thread")]
async fn after_a_zoom_rests_under_the_stuck_strips_the_canvas_is_what_a_whole_paint_shows() {
    let (_dir, _db, _id, app) = ecommerce_at_1024().await;
    // Panned so that the lane titles and the stage row stick to the edges.
    app.js("const c = document.querySelector('[data-testid=canvas]'); const r = c.getBoundingClientRect();
            c.dispatchEvent(new WheelEvent('wheel', { deltaX: 420, deltaY: 260, bubbles: true, cancelable: true, clientX: r.left + 400, clientY: r.top + 300 }));
            return null;")
        .await;
    app.settle().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let before = tiles_png(&app).await;
    let lines = |v: Value| v.as_array().map(|a| a.len()).unwrap_or(0);
    // A zoom in, one Ctrl+wheel a frame, as a pinch or a wheel's notches give.
    let frames = app
        .js("const c = document.querySelector('[data-testid=canvas]'); const r = c.getBoundingClientRect();
             return new Promise(done => {
               let n = 0;
               function frame() {
                 c.dispatchEvent(new WheelEvent('wheel', { deltaY: -15, ctrlKey: true, bubbles: true, cancelable: true, clientX: r.left + 420, clientY: r.top + 260 }));
                 if (++n < 14) requestAnimationFrame(frame); else done(n);
               }
               requestAnimationFrame(frame);
             });")
        .await;
    assert_eq!(frames.as_u64(), Some(14));
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    let stuck = app
        .js("return window.__travesiaTiles.lines().filter(l => l.x < 200 || l.y < 120)")
        .await;
    assert!(lines(stuck) > 0, "the strips' lines are on the canvas");
    let zoomed = tiles_png(&app).await;
    assert_ne!(before.2, zoomed.2, "the zoom changed the canvas");
    app.js("window.__travesiaTiles.repaint(); return null")
        .await;
    let whole = tiles_png(&app).await;
    app.screenshot("wysiwyg-zoom-rested").await;
    app.quit().await;
    assert_same_pixels(&zoomed, &whole);
}

/// An edit that makes a row shorter or taller changes the height of its lane's band and of
/// every cell's band across the map; the tiles paint again only the edges of those bands that
/// moved, and what the edit changed. After a card whose deletion shortens its lane is deleted
/// (Delete, drawn ahead of its answer) and the deletion undone (Ctrl+Z), the canvas must each
/// time hold exactly what painting it all again from nothing shows.
#[tokio::test(flavor = "current_thread")]
async fn after_a_row_shrinks_and_grows_again_the_canvas_is_what_a_whole_paint_shows() {
    let (_dir, db, id, app) = ecommerce_at_1024().await;
    let map = travesia_store::Library::open(&db)
        .unwrap()
        .load(&id)
        .unwrap();
    let scene = layout(&map, &mut TextEngine::new());
    // A card whose deletion makes the map shorter (the tallest in its lane's row), brought into
    // sight 300 px from the canvas's left edge and 120 px from its top, the rows below in sight.
    let card = scene
        .hits
        .iter()
        .filter_map(|h| match &h.target {
            Target::Card { id } => Some(id.clone()),
            _ => None,
        })
        .find(|id| {
            let mut gone = map.clone();
            travesia_core::edit::apply(
                &mut gone,
                &travesia_core::Edit::DeleteCard { id: id.clone() },
            )
            .unwrap();
            layout(&gone, &mut TextEngine::new()).height < scene.height
        })
        .expect("a card whose deletion shortens its row");
    bring_into_view(&app, &card, 300, 120).await;
    let css = format!("[data-testid=canvas] .hits [data-card-id='{card}']");
    app.click(&app.find(&css).await).await;
    // Left alone, the deletion is laid out ahead and the key draws it before its answer.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let before = tiles_png(&app).await;
    app.keys(&[], char::from(Key::Delete)).await;
    app.settle().await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(app.count(&css).await, 0, "the card is gone");
    assert_eq!(
        app.js("return document.documentElement.dataset.deletedAhead ?? null")
            .await
            .as_str(),
        Some(card.as_str()),
        "the deletion was drawn from what Rust laid out ahead"
    );
    let shrunk = tiles_png(&app).await;
    assert_ne!(before.2, shrunk.2, "the deletion changed the canvas");
    app.js("window.__travesiaTiles.repaint(); return null")
        .await;
    assert_same_pixels(&shrunk, &tiles_png(&app).await);
    app.screenshot("wysiwyg-row-shrunk").await;

    app.js("document.querySelector('[data-testid=canvas]').focus(); return null")
        .await;
    app.keys(&[Key::Control], 'z').await;
    app.settle().await;
    app.find(&css).await;
    assert_eq!(
        app.js("return document.documentElement.dataset.steppedAhead ?? null")
            .await
            .as_str(),
        Some("undo"),
        "the undo was drawn at the key from the view before the deletion"
    );
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let grown = tiles_png(&app).await;
    app.js("window.__travesiaTiles.repaint(); return null")
        .await;
    let whole = tiles_png(&app).await;
    app.quit().await;
    assert_same_pixels(&grown, &whole);
    assert_same_pixels(&before, &whole);
}
