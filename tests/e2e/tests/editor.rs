//! The editor, end to end: the real binary in WebKitGTK, driven like a user
//! with pointer and keyboard actions through tauri-driver.

use std::path::Path;
use std::time::Duration;

use fantoccini::actions::PointerAction;
use fantoccini::elements::Element;
use fantoccini::key::Key;
use serde_json::Value;
use travesia_core::{templates, LaneKind, Map};
use travesia_e2e::{down, pause, up, App};

const SPANISH: &str = "Señal débil: el cliente ¿duda? ñandú €";
const HOSTILE: &str = "<img src=x onerror=alert(1)>";

async fn double_click(app: &App, el: &Element) {
    app.double_click_at(el, 0.0, 0.0).await;
}

async fn drag(app: &App, from: &Element, to: &Element, dx: f64, dy: f64) {
    app.pointer(vec![
        app.move_to(from, 0.0, 0.0).await,
        down(),
        pause(50),
        PointerAction::MoveBy {
            duration: Some(Duration::from_millis(80)),
            x: 12.0,
            y: 12.0,
        },
        app.move_to(to, dx, dy).await,
        pause(50),
        up(),
    ])
    .await;
    app.settle().await;
}

/// Stage ids in the order their headers are drawn, left to right.
async fn stage_order(app: &App) -> Vec<String> {
    let v = app
        .js(
            "return [...document.querySelectorAll('[data-testid=canvas] [data-stage-id]')]
               .map(e => [e.dataset.stageId, e.getBoundingClientRect().left])
               .sort((a, b) => a[1] - b[1]).map(e => e[0])
               .filter((id, i, all) => all.indexOf(id) === i);",
        )
        .await;
    serde_json::from_value(v).unwrap()
}

/// The text drawn in a card's group.
async fn card_text(app: &App, id: &str) -> String {
    app.js(&format!(
        "return (window.__travesiaTiles.painted('{id}')?.items ?? []).filter(i => i.type === 'text').map(i => i.text).join(' ')"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The id of a card whose drawn text contains `needle`.
async fn card_with_text(app: &App, needle: &str) -> Option<String> {
    let v = app
        .js(&format!(
            "const n = {};
             const painted = id => (window.__travesiaTiles.painted(id)?.items ?? []).filter(i => i.type === 'text').map(i => i.text).join(' ');
             const g = [...document.querySelectorAll('[data-testid=canvas] [data-card-id]')]
               .find(e => painted(e.dataset.cardId).replace(/\\s+/g, ' ').includes(n));
             return g ? g.dataset.cardId : null;",
            serde_json::to_string(needle).unwrap()
        ))
        .await;
    v.as_str().map(str::to_string)
}

/// The first cell of a free-text lane with no card in the template.
fn empty_cell(m: &Map) -> (String, String) {
    for lane in &m.lanes {
        if lane.kind.one_card_per_stage() || lane.kind == LaneKind::Emotions {
            continue;
        }
        for stage in &m.stages {
            if !m
                .cards
                .iter()
                .any(|c| c.stage == stage.id && c.lane == lane.id)
            {
                return (stage.id.clone(), lane.id.clone());
            }
        }
    }
    panic!("the template has no empty cell");
}

/// Adds a card in a cell by double-clicking it and typing.
async fn add_card(app: &App, stage: &str, lane: &str, text: &str) {
    let cell = app
        .find(&format!(
            "[data-testid=canvas] [data-cell='{stage}:{lane}']"
        ))
        .await;
    double_click(app, &cell).await;
    let editor = app.find("[data-testid=card-editor]").await;
    editor.send_keys(text).await.expect("typing");
    app.keys(&[], char::from(Key::Escape)).await;
    app.settle().await;
}

fn load_map(db: &Path, id: &str) -> Map {
    let mut lib = travesia_store::Library::open(db).expect("the library opens");
    lib.load(id).expect("the map is in the library")
}

#[tokio::test(flavor = "current_thread")]
async fn a_map_is_made_edited_undone_and_found_again_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let template = templates::load("ecommerce", "es").unwrap();

    // An empty library offers the templates.
    let app = App::start(&db).await;
    let tpl = app.find("[data-testid='template-ecommerce']").await;
    app.screenshot("01-empty-library").await;
    tpl.click().await.unwrap();
    app.find("[data-testid=canvas]").await;
    app.settle().await;
    let map_id = app
        .js("return document.documentElement.dataset.mapId || ''")
        .await;
    let map_id = map_id.as_str().unwrap().to_string();
    assert!(!map_id.is_empty(), "the new map is open");
    app.screenshot("02-map-opened").await;

    // Add a card and type Spanish text.
    let (stage, lane) = empty_cell(&template);
    add_card(&app, &stage, &lane, SPANISH).await;
    let card = card_with_text(&app, "ñandú")
        .await
        .expect("the new card shows its text");
    assert!(card_text(&app, &card).await.contains("¿duda?"));
    app.screenshot("03-card-added").await;

    // Drag it to another stage of the same lane.
    let other = template
        .stages
        .iter()
        .find(|s| s.id != stage)
        .unwrap()
        .id
        .clone();
    let card_el = app
        .find(&format!("[data-testid=canvas] [data-card-id='{card}']"))
        .await;
    let target = app
        .find(&format!(
            "[data-testid=canvas] [data-cell='{other}:{lane}']"
        ))
        .await;
    drag(&app, &card_el, &target, 0.0, 0.0).await;
    let header = app
        .find(&format!("[data-testid=canvas] [data-stage-id='{other}']"))
        .await;
    let (hx, _, hw, _) = app.rect(&header).await;
    let card_el = app
        .find(&format!("[data-testid=canvas] [data-card-id='{card}']"))
        .await;
    let (cx, _, cw, _) = app.rect(&card_el).await;
    assert!(
        cx + cw / 2.0 > hx && cx + cw / 2.0 < hx + hw,
        "the card (x {cx}) sits under stage {other} (x {hx}..{})",
        hx + hw
    );

    // Reorder the first two stages by dragging the first header past the second.
    let before = stage_order(&app).await;
    let first = app
        .find(&format!(
            "[data-testid=canvas] [data-stage-id='{}']",
            before[0]
        ))
        .await;
    let second = app
        .find(&format!(
            "[data-testid=canvas] [data-stage-id='{}']",
            before[1]
        ))
        .await;
    let (_, _, w2, _) = app.rect(&second).await;
    drag(&app, &first, &second, w2 / 2.0 - 4.0, 0.0).await;
    let reordered = stage_order(&app).await;
    assert_eq!(reordered[0], before[1], "stages: {reordered:?}");
    assert_eq!(reordered[1], before[0], "stages: {reordered:?}");

    // Move an emotion point up: it snaps to a whole score.
    let emotions = template
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Emotions)
        .unwrap();
    let point_sel = format!(
        "[data-testid=canvas] [data-point='{}:{}']",
        reordered[0], emotions.id
    );
    let point = app.find(&point_sel).await;
    let score_before = load_score(&app, &db, &map_id, &reordered[0], &emotions.id).await;
    app.pointer(vec![
        app.move_to(&point, 0.0, 0.0).await,
        down(),
        pause(50),
        PointerAction::MoveBy {
            duration: Some(Duration::from_millis(120)),
            x: 0.0,
            y: if score_before.unwrap_or(0) >= 2 {
                60.0
            } else {
                -60.0
            },
        },
        pause(50),
        up(),
    ])
    .await;
    let score_after = load_score(&app, &db, &map_id, &reordered[0], &emotions.id).await;
    assert_ne!(score_after, score_before, "the score changed");
    assert!(
        score_after.is_some_and(|s| (-2..=2).contains(&s)),
        "{score_after:?}"
    );
    app.screenshot("04-edited").await;

    // Undo twice (the point, then the stage order), redo once (the order).
    let undo = app.find("[data-testid=undo]").await;
    undo.click().await.unwrap();
    app.settle().await;
    assert_eq!(
        load_score(&app, &db, &map_id, &reordered[0], &emotions.id).await,
        score_before,
        "undo put the point back"
    );
    assert_eq!(stage_order(&app).await, reordered);
    app.keys(&[Key::Control], 'z').await;
    app.settle().await;
    assert_eq!(
        stage_order(&app).await,
        before,
        "undo restored the stage order"
    );
    // Undo says what it undid, and offers the way back.
    let note = toast_text(&app, "Deshecho:").await;
    assert!(note.starts_with("Deshecho: mover la etapa «"), "{note}");
    app.screenshot("04b-undo-note").await;
    app.keys(&[Key::Control, Key::Shift], 'Z').await;
    app.settle().await;
    assert_eq!(stage_order(&app).await, reordered, "redo reordered again");
    let note = toast_text(&app, "Rehecho:").await;
    assert!(note.starts_with("Rehecho: mover la etapa «"), "{note}");

    // The history lists the stored steps; going to the start undoes them all at once.
    app.find("[data-testid=open-history]")
        .await
        .click()
        .await
        .unwrap();
    app.settle().await;
    let steps = app.count("[data-testid=history-step]").await;
    assert!(steps >= 4, "every stored step and the start: {steps}");
    app.screenshot("04c-history").await;
    app.find("[data-testid=history-step][data-seq='0']")
        .await
        .click()
        .await
        .unwrap();
    app.settle().await;
    let all_undone = load_map(&db, &map_id);
    assert!(
        !all_undone.cards.iter().any(|c| c.text == SPANISH),
        "before the first step, the typed card is not there"
    );
    // And back to where it was, from the same list.
    let last = app
        .js("const s = [...document.querySelectorAll('[data-testid=history-step]')].map(b => +b.dataset.seq); return Math.max(...s) - 1")
        .await;
    app.find(&format!(
        "[data-testid=history-step][data-seq='{}']",
        last.as_i64().unwrap()
    ))
    .await
    .click()
    .await
    .unwrap();
    app.settle().await;
    assert_eq!(stage_order(&app).await, reordered, "back to after the redo");
    app.find("[data-testid=history-close]")
        .await
        .click()
        .await
        .unwrap();
    app.assert_no_page_errors().await;
    let redo_enabled = app
        .js("return !document.querySelector('[data-testid=redo]').disabled")
        .await;
    assert_eq!(redo_enabled, Value::Bool(true), "one more step to redo");

    // What is on screen is in the library.
    let shown_order = stage_order(&app).await;
    app.quit().await;
    let stored = load_map(&db, &map_id);
    let stored_order: Vec<String> = stored.stages.iter().map(|s| s.id.clone()).collect();
    assert_eq!(stored_order, shown_order);
    assert!(stored.cards.iter().any(|c| c.text == SPANISH));

    // Start again: the map is there exactly as left.
    let app = App::start(&db).await;
    app.open_map(&map_id).await;
    assert_eq!(stage_order(&app).await, shown_order);
    assert!(card_with_text(&app, "ñandú").await.is_some());
    assert_eq!(load_map(&db, &map_id), stored, "nothing changed on the way");

    // Hostile text is shown as text: no dialog, no new element.
    let images_before = app.count("img").await;
    let (stage2, lane2) = empty_cell(&stored);
    add_card(&app, &stage2, &lane2, HOSTILE).await;
    let hostile = card_with_text(&app, "onerror=alert(1)")
        .await
        .expect("the text is drawn literally");
    assert!(card_text(&app, &hostile).await.contains(HOSTILE));
    assert_eq!(app.count("img").await, images_before, "no element was made");
    assert_eq!(
        app.count("[data-testid=canvas] img, [data-testid=canvas] foreignObject img")
            .await,
        0
    );
    assert!(
        app.client.get_alert_text().await.is_err(),
        "a dialog opened"
    );
    app.screenshot("05-hostile-text").await;
    app.quit().await;
}

/// The score of the emotion card in a cell, read from the library (WAL lets
/// a reader in while the app writes).
async fn load_score(app: &App, db: &Path, map: &str, stage: &str, lane: &str) -> Option<i8> {
    app.settle().await;
    let m = load_map(db, map);
    m.cards
        .iter()
        .find(|c| c.stage == stage && c.lane == lane)
        .and_then(|c| c.score)
}

/// The lane kinds of a stored map, top to bottom.
fn lane_kinds(db: &Path, id: &str) -> Vec<LaneKind> {
    load_map(db, id).lanes.iter().map(|l| l.kind).collect()
}

/// The text of the note at the bottom once it starts with `start` (it fades in:
/// read from the page, not as WebDriver sees it).
async fn toast_text(app: &App, start: &str) -> String {
    let script =
        "return document.querySelector('[data-testid=toast] .message')?.textContent ?? '';";
    for _ in 0..50 {
        let text = app
            .js(script)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string();
        if text.starts_with(start) {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.js(script)
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Clicks the element `css` names (WebDriver's own click), once the page is
/// idle: the side panel follows a selection a frame later, and a button found
/// before then may be the last selection's, about to be replaced.
async fn press(app: &App, css: &str) {
    app.settle().await;
    let el = app.find(css).await;
    el.click().await.unwrap_or_else(|e| panic!("{css}: {e}"));
}

/// Chooses `kind` in the lane-kind menu that is open, and waits for the edit.
async fn choose_lane_kind(app: &App, kind: &str) {
    press(app, &format!("[data-testid='lane-kind-{kind}']")).await;
    app.settle().await;
    assert_eq!(app.count("[role=menu]").await, 0, "the menu closed");
}

#[tokio::test(flavor = "current_thread")]
async fn a_lane_is_added_from_every_place_that_offers_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    // A long title, as people give: the toolbar must still show the Lane button.
    let blank = travesia_e2e::root().join("src-tauri/core/templates/blank.es.travesia");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(blank).unwrap()).unwrap();
    doc["map"]["title"] = "Pedidos en línea del obrador: del antojo a la recogida en tienda".into();
    let file = dir.path().join("obrador.travesia");
    std::fs::write(&file, serde_json::to_vec(&doc).unwrap()).unwrap();
    let map_id = travesia_e2e::import_map(&db, &file);
    let mut kinds = lane_kinds(&db, &map_id);

    let app = App::start(&db).await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map(&map_id).await;
    app.screenshot("lanes-01-blank").await;

    // 1. The toolbar's Lane button: a lane at the end.
    press(&app, "[data-testid=add-lane]").await;
    choose_lane_kind(&app, "pains").await;
    kinds.push(LaneKind::Pains);
    assert_eq!(lane_kinds(&db, &map_id), kinds);
    // The new lane's name is open on the canvas, selected: typing replaces it.
    let field = app.find("[data-testid=rename-field]").await;
    field.send_keys("Dudas al pedir").await.unwrap();
    app.screenshot("lanes-01b-naming").await;
    field
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    app.settle().await;
    let lanes = load_map(&db, &map_id).lanes;
    assert_eq!(lanes.last().unwrap().title, "Dudas al pedir");
    assert_eq!(app.count("[data-testid=rename-field]").await, 0);

    // 2. The "+" under the lanes: a lane at the end.
    let plus = app.find("[data-testid=canvas] button.add-lane").await;
    app.click(&plus).await;
    choose_lane_kind(&app, "opportunities").await;
    kinds.push(LaneKind::Opportunities);
    assert_eq!(lane_kinds(&db, &map_id), kinds);

    // 3. The inspector of a selected lane: a lane right after it.
    let first = load_map(&db, &map_id).lanes[0].id.clone();
    let title = app
        .find(&format!("[data-testid=canvas] [data-lane-id='{first}']"))
        .await;
    app.click(&title).await;
    press(&app, "[data-testid=inspector-lane-after]").await;
    choose_lane_kind(&app, "thoughts").await;
    kinds.insert(1, LaneKind::Thoughts);
    assert_eq!(lane_kinds(&db, &map_id), kinds);

    // 4. The lane title's context menu: a lane right after it.
    let title = app
        .find(&format!("[data-testid=canvas] [data-lane-id='{first}']"))
        .await;
    let to = app.move_to(&title, 0.0, 0.0).await;
    app.pointer(vec![
        to,
        PointerAction::Down { button: 2 },
        PointerAction::Up { button: 2 },
    ])
    .await;
    press(&app, "[data-testid=context-lane-after]").await;
    choose_lane_kind(&app, "owners").await;
    kinds.insert(1, LaneKind::Owners);
    assert_eq!(lane_kinds(&db, &map_id), kinds);

    // A new stage comes into sight at the right end, its name open to type over.
    let plus = app.find("[data-testid=canvas] button.add-stage").await;
    plus.click().await.unwrap();
    app.settle().await;
    let field = app.find("[data-testid=rename-field]").await;
    app.screenshot("stage-new-naming").await;
    let in_sight = app
        .js("const r = document.querySelector('[data-testid=rename-field]').getBoundingClientRect(); \
             const c = document.querySelector('[data-testid=canvas]').getBoundingClientRect(); \
             return r.left >= c.left && r.right <= c.right && r.top >= c.top && r.bottom <= c.bottom;")
        .await;
    assert_eq!(
        in_sight,
        Value::Bool(true),
        "the new stage's name is on screen"
    );
    field.send_keys("recogida en tienda").await.unwrap();
    field
        .send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    app.settle().await;
    assert_eq!(
        load_map(&db, &map_id).stages.last().unwrap().title,
        "recogida en tienda"
    );

    // (The toolbar's "More" menu offers the same only when the bar is too
    // narrow for its Lane button, narrower than the smallest window:
    // EditorToolbar.svelte.test.ts walks that path.)
    app.client.set_window_rect(0, 0, 1024, 640).await.ok();
    app.settle().await;
    assert_eq!(app.count("[data-testid=add-lane]").await, 1);
    app.screenshot("lanes-03-1024").await;

    // Opened again on this small window, the map shows its stages and lanes
    // at a readable zoom, scrolled past the title band.
    app.find("[data-testid=back]").await.click().await.unwrap();
    app.wait_for(
        &format!("[data-testid=open-map][data-map-id='{map_id}']"),
        Duration::from_secs(10),
    )
    .await
    .click()
    .await
    .unwrap();
    app.wait_for("[data-testid=canvas]", Duration::from_secs(10))
        .await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    app.screenshot("opened-1024x640").await;
    let first_view = app
        .js(
            "const c = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
             const stage = document.querySelector('[data-testid=canvas] rect[data-stage-id]');
             const z = stage.getBoundingClientRect().width / stage.width.baseVal.value * 100;
             const stages = [...document.querySelectorAll('[data-testid=canvas] [data-stage-id]')]
               .map(e => e.getBoundingClientRect())
               .filter(r => r.right > c.left && r.left < c.right && r.bottom > c.top && r.top < c.bottom);
             const lanes = [...document.querySelectorAll('[data-testid=canvas] rect[data-lane-id]')]
               .map(e => e.getBoundingClientRect())
               .filter(r => r.bottom > c.top && r.top < c.bottom - 20);
             return { zoom: z, stagesTop: stages.length ? Math.min(...stages.map(r => r.top)) - c.top : null,
                      stages: stages.length, lanes: lanes.length };",
        )
        .await;
    let percent = first_view["zoom"].as_f64().unwrap();
    assert!((75.0..=100.0).contains(&percent), "readable: {first_view}");
    let top = first_view["stagesTop"].as_f64().expect("stages in sight");
    assert!(
        (0.0..40.0).contains(&top),
        "the stages' row at the top, the title band scrolled past: {first_view}"
    );
    assert!(first_view["stages"].as_u64().unwrap() >= 2, "{first_view}");
    assert!(first_view["lanes"].as_u64().unwrap() >= 4, "{first_view}");

    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.settle().await;
    assert_eq!(
        app.count("[data-testid=canvas] rect[data-lane-id]").await,
        kinds.len(),
        "every lane is drawn"
    );
    app.screenshot("lanes-02-added").await;

    // The page-error guard every test ends with sees what a handler throws.
    app.js("setTimeout(() => { throw new Error('probe from the test'); }, 0); return null;")
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let errors = app.page_errors().await;
    assert!(
        errors.iter().any(|e| e.contains("probe from the test")),
        "{errors:?}"
    );
    app.js("window.__e2ePageErrors.length = 0; return null;")
        .await;
    app.quit().await;
}

/// A card being typed grows in place: what is below it moves down while the
/// text is typed, so the editor never covers another card; nothing is stored
/// until typing ends.
#[tokio::test(flavor = "current_thread")]
async fn a_card_being_typed_grows_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let file = travesia_e2e::root().join("src-tauri/core/templates/ecommerce.es.travesia");
    let map_id = travesia_e2e::import_map(&db, &file);
    let map = load_map(&db, &map_id);
    let actions = map
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Actions)
        .unwrap()
        .id
        .clone();
    let card = map
        .cards
        .iter()
        .find(|c| c.lane == actions)
        .unwrap()
        .clone();

    let app = App::start(&db).await;
    app.open_map(&map_id).await;
    app.zoom_100().await;
    let el = app
        .find(&format!(
            "[data-testid=canvas] [data-card-id='{}'] rect",
            card.id
        ))
        .await;
    double_click(&app, &el).await;
    let editor = app.find("[data-testid=card-editor]").await;
    // The caret is where the double-click was (the middle of the card), not at the end.
    let caret = app
        .js("const t = document.querySelector('[data-testid=card-editor]'); return [t.selectionStart, t.value.length];")
        .await;
    let (at, len) = (caret[0].as_u64().unwrap(), caret[1].as_u64().unwrap());
    assert!(at > 0 && at < len, "the caret at {at} of {len}");
    app.keys(&[Key::Control], char::from(Key::End)).await;
    // Where the drawn text of the first card of the next lane is, on screen.
    let next_lane = map.lanes[map.lanes.iter().position(|l| l.id == actions).unwrap() + 1]
        .id
        .clone();
    let below = map
        .cards
        .iter()
        .find(|c| c.lane == next_lane)
        .unwrap()
        .text
        .clone();
    let word: String = below
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    let drawn_top = format!(
        "const t = window.__travesiaTiles.lines().find(l => l.text.startsWith({word:?})); return t ? t.y : null;"
    );
    let top_before = app
        .js(&drawn_top)
        .await
        .as_f64()
        .expect("the card below is drawn");
    let more = " y además compara precios en tres tiendas, pregunta a una amiga fisioterapeuta, lee las reseñas de quienes la compraron y espera a las rebajas de enero";
    editor.send_keys(more).await.expect("typing");
    tokio::time::sleep(Duration::from_millis(600)).await;
    app.screenshot("card-growing").await;
    let top_after = app.js(&drawn_top).await.as_f64().unwrap();
    assert!(
        top_after > top_before + 20.0,
        "the next lane moved down as the card grew: {top_before} → {top_after}"
    );
    // The editor's box against every other card's box, on screen.
    let overlaps = app
        .js(&format!(
            "const e = document.querySelector('[data-testid=card-editor]').getBoundingClientRect(); \
             return [...document.querySelectorAll('[data-testid=canvas] [data-card-id]')] \
               .filter(g => g.dataset.cardId !== '{}') \
               .map(g => g.getBoundingClientRect()) \
               .filter(r => r.left < e.right - 1 && e.left < r.right - 1 && r.top < e.bottom - 1 && e.top < r.bottom - 1) \
               .length;",
            card.id
        ))
        .await;
    assert_eq!(
        overlaps,
        Value::from(0),
        "the card being typed covers no other card"
    );
    assert_eq!(
        load_map(&db, &map_id).card(&card.id).unwrap().text,
        card.text,
        "nothing is stored while typing"
    );
    app.keys(&[], char::from(Key::Escape)).await;
    app.settle().await;
    assert_eq!(
        load_map(&db, &map_id).card(&card.id).unwrap().text,
        format!("{}{more}", card.text)
    );
    app.assert_no_page_errors().await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_service_blueprint_starts_from_its_template_and_takes_a_backstage_card() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let app = App::start(&db).await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    // The home offers the blueprint among the templates; it opens as a map.
    app.find("[data-testid='template-blueprint']")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=canvas]").await;
    app.settle().await;
    let map_id = app
        .js("return document.documentElement.dataset.mapId || ''")
        .await
        .as_str()
        .unwrap()
        .to_string();
    assert!(!map_id.is_empty(), "a map is open");
    let before = load_map(&db, &map_id);
    let backstage = before
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Backstage)
        .expect("the template has a backstage lane")
        .id
        .clone();
    // The whole map in view: the three lines are drawn and named on the canvas.
    app.keys(&[Key::Control], '9').await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let drawn = app.canvas_text().await;
    for name in [
        "Línea de interacción",
        "Línea de visibilidad",
        "Línea de interacción interna",
    ] {
        assert!(drawn.contains(name), "the canvas shows {name}");
    }
    app.screenshot("blueprint-template").await;
    // A card added under the cell's own card, in the backstage lane (the
    // whole map still in view).
    let stage = before.stages[1].id.clone();
    let cell = app
        .find(&format!(
            "[data-testid=canvas] [data-cell='{stage}:{backstage}']"
        ))
        .await;
    let (_, _, _, h) = app.rect(&cell).await;
    app.double_click_at(&cell, 0.0, h / 2.0 - 3.0).await;
    let editor = app.find("[data-testid=card-editor]").await;
    editor
        .send_keys("Confirma la fecha de entrega con el almacén")
        .await
        .expect("typing");
    app.keys(&[], char::from(Key::Escape)).await;
    app.settle().await;
    let after = load_map(&db, &map_id);
    assert_eq!(after.cards.len(), before.cards.len() + 1);
    let added = after
        .cards
        .iter()
        .find(|c| c.text == "Confirma la fecha de entrega con el almacén")
        .expect("the card is stored");
    assert_eq!(
        (added.stage.as_str(), added.lane.as_str()),
        (stage.as_str(), backstage.as_str())
    );
    app.quit().await;
}
