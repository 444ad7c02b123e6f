//! Several personas' emotion curves in the real app: a second persona added
//! in the panel, its own curve drawn and dragged while the first persona's
//! stays put, one persona's journey shown on the canvas and exported.

use std::path::Path;
use std::time::Duration;

use fantoccini::actions::PointerAction;
use fantoccini::elements::Element;
use fantoccini::key::Key;
use travesia_core::{sample, Card, Map};
use travesia_e2e::{down, import_map, pause, up, App, DialogAnswers};

fn load(db: &Path, id: &str) -> Map {
    let mut lib = travesia_store::Library::open(db).unwrap();
    lib.load(id).unwrap()
}

async fn click(app: &App, css: &str) {
    // Idle first: the side panel follows a selection a frame later.
    app.settle().await;
    let el = app.wait_for(css, Duration::from_secs(10)).await;
    el.click()
        .await
        .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
}

/// Chooses the option `value` of a select, as picking it from its list does.
async fn choose(app: &App, css: &str, value: &str) {
    app.wait_for(css, Duration::from_secs(10)).await;
    app.js(&format!(
        "const s = document.querySelector({}); s.value = {}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); return s.value",
        serde_json::to_string(css).unwrap(),
        serde_json::to_string(value).unwrap()
    ))
    .await;
    app.settle().await;
}

/// Presses on `el` (`dy` from its centre), drags `by` px up or down, lets go.
async fn drag_y(app: &App, el: &Element, dy: f64, by: f64) {
    app.pointer(vec![
        app.move_to(el, 0.0, dy).await,
        down(),
        pause(50),
        PointerAction::MoveBy {
            duration: Some(Duration::from_millis(120)),
            x: 0.0,
            y: by,
        },
        pause(50),
        up(),
    ])
    .await;
    app.settle().await;
}

fn points_of<'a>(m: &'a Map, persona: &str) -> Vec<&'a Card> {
    m.cards
        .iter()
        .filter(|c| c.lane == "l-emotions" && c.persona.as_deref() == Some(persona))
        .collect()
}

async fn canvas_text(app: &App) -> String {
    app.canvas_text().await
}

#[tokio::test(flavor = "current_thread")]
async fn a_second_persona_draws_a_curve_of_its_own_and_one_journey_is_shown_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    // The omnichannel map with Carmen's as-is and to-be curves, and no one else.
    let mut map = sample::two_personas("es");
    map.personas
        .as_mut()
        .unwrap()
        .retain(|p| p.id == "persona-carmen");
    map.cards
        .retain(|c| c.persona.as_deref() != Some("persona-luis"));
    let file = dir.path().join("carmen.travesia");
    let doc = travesia_core::format::Document {
        map,
        extra: Default::default(),
    };
    std::fs::write(&file, travesia_core::format::to_string(&doc)).unwrap();
    let id = import_map(&db, &file);
    let answers = DialogAnswers::new(dir.path());
    let (key, value) = answers.env();
    let app = App::start_env(&db, &[], &[(key, &value)]).await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map(&id).await;
    let carmen_before: Vec<Card> = points_of(&load(&db, &id), "persona-carmen")
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(carmen_before.len(), 10, "her as-is and to-be points");

    // --- A second persona, from the personas panel.
    click(&app, "[data-testid=open-personas]").await;
    click(&app, "[data-testid=persona-add]").await;
    // The new persona's form, once it has replaced the one shown before.
    for _ in 0..100 {
        let fresh = app
            .js("const e = document.querySelector('[data-testid=persona-name]'); return !!e && e.value === 'Nueva persona'")
            .await;
        if fresh.as_bool() == Some(true) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.settle().await;
    let name = app.find("[data-testid=persona-name]").await;
    app.js("const e = document.querySelector('[data-testid=persona-name]'); e.focus(); e.select(); return 1")
        .await;
    name.send_keys("Luis Medina").await.unwrap();
    name.send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    app.settle().await;
    click(&app, "[data-testid=personas-close]").await;
    let luis = load(&db, &id)
        .personas()
        .iter()
        .find(|p| p.name == "Luis Medina")
        .expect("Luis is stored")
        .id
        .clone();

    // --- His journey: the curve bar shows it; Carmen leaves the canvas.
    choose(&app, "[data-testid=persona-filter]", &luis).await;
    // His card in the map's header, once his journey's Scene is painted.
    app.wait_until(
        "return window.__travesiaTiles.lines().some(l => l.text.includes('Luis Medina'))",
        "his card in the header",
        Duration::from_secs(10),
    )
    .await;
    let shown = canvas_text(&app).await;
    assert!(shown.contains("Luis Medina"), "his card in the header");
    assert!(
        !shown.contains("Carmen Ortega"),
        "Carmen is not in Luis's journey"
    );

    // A drag in the column of the second stage draws his first point.
    let column = app
        .find("[data-testid=canvas] [data-point='s2:l-emotions']")
        .await;
    let (_, _, _, h) = app.rect(&column).await;
    drag_y(&app, &column, -h / 2.0 + 60.0, -30.0).await;
    let after = load(&db, &id);
    let his = points_of(&after, &luis);
    assert_eq!(his.len(), 1, "one point on Luis's curve: {his:?}");
    assert_eq!(his[0].stage, "s2");
    let first_score = his[0].score.expect("a score");
    let point_id = his[0].id.clone();
    let carmen_now: Vec<Card> = points_of(&after, "persona-carmen")
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(carmen_now, carmen_before, "Carmen's curve is unchanged");

    // Dragging his face moves his point, and only his.
    let face = app
        .find(&format!("[data-testid=canvas] [data-card-id='{point_id}']"))
        .await;
    let by = if first_score <= 0 { -60.0 } else { 60.0 };
    drag_y(&app, &face, 0.0, by).await;
    let after = load(&db, &id);
    let moved = after.card(&point_id).unwrap().score.unwrap();
    assert_ne!(moved, first_score, "his point moved");
    let carmen_now: Vec<Card> = points_of(&after, "persona-carmen")
        .into_iter()
        .cloned()
        .collect();
    assert_eq!(
        carmen_now, carmen_before,
        "Carmen's curve is still unchanged"
    );

    // Two more points make his curve.
    for (stage, by) in [("s1", -10.0), ("s4", 70.0)] {
        let column = app
            .find(&format!(
                "[data-testid=canvas] [data-point='{stage}:l-emotions']"
            ))
            .await;
        let (_, _, _, h) = app.rect(&column).await;
        drag_y(&app, &column, -h / 2.0 + 60.0, by).await;
    }
    let after = load(&db, &id);
    assert_eq!(points_of(&after, &luis).len(), 3);
    assert_eq!(
        points_of(&after, "persona-carmen")
            .into_iter()
            .cloned()
            .collect::<Vec<_>>(),
        carmen_before
    );

    // --- Every persona again: both curves, and a legend that names them.
    choose(&app, "[data-testid=persona-filter]", "").await;
    app.keys(&[Key::Control], '9').await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let shown = canvas_text(&app).await;
    assert!(shown.contains("Carmen Ortega") && shown.contains("Luis Medina"));
    assert!(
        shown.contains("Carmen Ortega · deseada"),
        "the legend names her to-be curve"
    );
    click(&app, "[data-testid=inspector-hide]").await;
    app.keys(&[Key::Control], '9').await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.screenshot("personas-curves").await;
    click(&app, "[data-testid=inspector-show]").await;

    // --- The export dialog starts from the journey shown, and prints it.
    choose(&app, "[data-testid=persona-filter]", &luis).await;
    click(&app, "[data-testid=open-export]").await;
    app.wait_for("[data-testid=export-persona]", Duration::from_secs(10))
        .await;
    app.settle().await;
    assert_eq!(
        app.js("return document.querySelector('[data-testid=export-persona]').value")
            .await
            .as_str(),
        Some(luis.as_str()),
        "the dialog prints the journey the window shows"
    );
    click(&app, "[data-testid=export-format-svg]").await;
    app.settle().await;
    app.screenshot("export-persona").await;
    let his_svg = dir.path().join("luis.svg");
    answers.next(Some(&his_svg));
    click(&app, "[data-testid=export-go]").await;
    app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
        .await;
    let svg = std::fs::read_to_string(&his_svg).unwrap();
    // Drawn: Luis's journey only. Carried inside: the whole map, Carmen too.
    let (carried, drawn) = svg.split_once("</metadata>").expect("the map is carried");
    assert!(drawn.contains("Luis Medina") && !drawn.contains("Carmen Ortega"));
    assert!(carried.contains("Carmen Ortega"));
    // Every persona, from the dialog's own list.
    choose(&app, "[data-testid=export-persona]", "").await;
    let all_svg = dir.path().join("todas.svg");
    answers.next(Some(&all_svg));
    click(&app, "[data-testid=export-go]").await;
    app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
        .await;
    let svg = std::fs::read_to_string(&all_svg).unwrap();
    let (_, drawn) = svg.split_once("</metadata>").expect("the map is carried");
    assert!(drawn.contains("Luis Medina") && drawn.contains("Carmen Ortega"));
    click(&app, "[data-testid=export-close]").await;
    app.quit().await;
}

/// Types into an input as a person does and leaves it (its change event).
async fn fill(app: &App, css: &str, text: &str) {
    let el = app.wait_for(css, Duration::from_secs(10)).await;
    app.js(&format!(
        "const e = document.querySelector({}); e.focus(); e.select && e.select(); return 1",
        serde_json::to_string(css).unwrap()
    ))
    .await;
    el.send_keys(text).await.unwrap();
    el.send_keys(&char::from(Key::Tab).to_string())
        .await
        .unwrap();
    app.settle().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_metric_is_added_from_the_lane_menu_and_drawn_with_its_value_and_unit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let file = dir.path().join("omnicanal.travesia");
    let doc = travesia_core::format::Document {
        map: travesia_core::templates::load("omnichannel", "es").unwrap(),
        extra: Default::default(),
    };
    std::fs::write(&file, travesia_core::format::to_string(&doc)).unwrap();
    let id = import_map(&db, &file);
    let app = App::start(&db).await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map(&id).await;
    // A metrics lane, from the lane menu.
    click(&app, "[data-testid=add-lane]").await;
    click(&app, "[data-testid=lane-kind-metrics]").await;
    app.settle().await;
    let lane = load(&db, &id)
        .lanes
        .iter()
        .find(|l| l.kind == travesia_core::LaneKind::Metrics)
        .expect("the metrics lane is stored")
        .id
        .clone();
    // A metric named in a cell of the second stage.
    let cell = app
        .find(&format!("[data-testid=canvas] [data-cell='s2:{lane}']"))
        .await;
    app.double_click_at(&cell, 0.0, 0.0).await;
    let editor = app.find("[data-testid=card-editor]").await;
    editor.send_keys("CSAT").await.unwrap();
    app.keys(&[], char::from(Key::Escape)).await;
    app.settle().await;
    // Its value and unit, in the inspector.
    fill(&app, "[data-testid=card-value]", "4.5").await;
    fill(&app, "[data-testid=card-unit]", "/5").await;
    let map = load(&db, &id);
    let metric = map
        .cards
        .iter()
        .find(|c| c.lane == lane)
        .expect("the metric is stored");
    assert_eq!(
        (
            metric.text.as_str(),
            metric.stage.as_str(),
            metric.value,
            metric.unit.as_deref()
        ),
        ("CSAT", "s2", Some(4.5), Some("/5"))
    );
    // Drawn on the canvas: its name with its unit, and its value.
    let shown = canvas_text(&app).await;
    assert!(shown.contains("CSAT (/5)"), "{shown}");
    assert!(shown.contains("4,5/5"), "{shown}");
    app.screenshot("metrics-lane").await;
    app.quit().await;
}
