//! Everything around the canvas, in the real app: template previews and a
//! new map; a persona with a photo; a route of three touchpoints across two
//! channels; the export dialog writing a PDF that holds the map's text;
//! a version taken, the map changed, the version restored and the restore
//! undone; the language switched to English and back. Screenshots of the
//! home, the export dialog and presentation mode go to target/e2e/.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::key::Key;
use serde_json::Value;
use travesia_core::{templates, LaneKind, Map};
use travesia_e2e::{App, DialogAnswers};

async fn type_into(app: &App, css: &str, text: &str) -> Element {
    let el = app.wait_for(css, Duration::from_secs(10)).await;
    // Select what is there (a default name) so typing replaces it.
    app.js(&format!(
        "const e = document.querySelector({}); e.focus(); e.select && e.select(); return 1",
        serde_json::to_string(css).unwrap()
    ))
    .await;
    el.send_keys(text).await.expect("typing");
    el
}

async fn click(app: &App, css: &str) {
    // Idle first: the side panel follows a selection a frame later.
    app.settle().await;
    let el = app.wait_for(css, Duration::from_secs(10)).await;
    el.click()
        .await
        .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
}

fn load(db: &Path, id: &str) -> Map {
    let mut lib = travesia_store::Library::open(db).unwrap();
    lib.load(id).unwrap()
}

/// A 64×48 PNG with a gradient, as a photo file someone picks.
fn photo_file(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("foto.png");
    let f = std::fs::File::create(&path).unwrap();
    let mut enc = png::Encoder::new(f, 64, 48);
    enc.set_color(png::ColorType::Rgb);
    let mut w = enc.write_header().unwrap();
    let data: Vec<u8> = (0..64 * 48)
        .flat_map(|i| [(i % 64 * 4) as u8, (i / 64 * 5) as u8, 160])
        .collect();
    w.write_image_data(&data).unwrap();
    drop(w);
    path
}

async fn map_id(app: &App) -> String {
    for _ in 0..100 {
        let v = app
            .js("return document.documentElement.dataset.mapId || ''")
            .await;
        if let Some(id) = v.as_str().filter(|s| !s.is_empty()) {
            return id.to_string();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no map open");
}

#[tokio::test(flavor = "current_thread")]
async fn around_the_canvas_in_the_real_app() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let answers = DialogAnswers::new(dir.path());
    let (key, value) = answers.env();
    let app = App::start_env(&db, &[], &[(key, value.as_str())]).await;

    // --- The home on first start: the example, the guide, template previews.
    app.wait_for("[data-testid=example-map]", Duration::from_secs(10))
        .await;
    let preview = app
        .wait_for(
            "[data-testid='template-preview-ecommerce']",
            Duration::from_secs(15),
        )
        .await;
    // Pictures are drawn when they come into view.
    app.js("document.querySelector(\"[data-testid='template-preview-ecommerce']\").scrollIntoView({block: 'center'}); return 1")
        .await;
    app.wait_for(
        "[data-testid='template-preview-ecommerce'][data-status=ready] img",
        Duration::from_secs(20),
    )
    .await;
    let mut drawn = Value::Null;
    for _ in 0..50 {
        drawn = app
            .js("const img = document.querySelector(\"[data-testid='template-preview-ecommerce'] img\");
                 return img && img.complete ? [img.getAttribute('src').slice(0, 22), img.naturalWidth] : null;")
            .await;
        if drawn.is_array() && drawn[1].as_u64().unwrap_or(0) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        drawn[0], "data:image/png;base64,",
        "the preview is drawn from the template: {drawn}"
    );
    assert!(
        drawn[1].as_u64().unwrap() > 100,
        "a real picture, not a placeholder: {drawn}"
    );
    // The blank map comes first, under its own name, with nothing to leave out;
    // a template with an example also offers its structure only.
    let order = app
        .js("return [...document.querySelectorAll('[data-testid^=template-]')]
                 .map(e => e.dataset.testid)
                 .filter(t => !t.startsWith('template-preview-') && !t.startsWith('template-structure-'))")
        .await;
    assert_eq!(order[0], "template-blank", "{order}");
    let blank = app
        .js("return document.querySelector(\"[data-testid='template-blank'] h3\").textContent")
        .await;
    assert_eq!(blank, "En blanco");
    let structure = app
        .js("return [...document.querySelectorAll('[data-testid^=template-structure-]')].map(e => e.dataset.testid)")
        .await;
    assert!(
        !structure.to_string().contains("template-structure-blank")
            && structure
                .to_string()
                .contains("template-structure-ecommerce"),
        "{structure}"
    );
    app.js("document.querySelector(\"[data-testid='template-blank']\").scrollIntoView({block: 'start'}); return 1")
        .await;
    app.screenshot("home-templates").await;
    app.js("window.scrollTo(0, 0); return 1").await;
    let _ = preview;
    app.screenshot("home-first-start").await;

    // --- A new map from a template.
    click(&app, "[data-testid='template-ecommerce']").await;
    app.wait_for("[data-testid=canvas]", Duration::from_secs(15))
        .await;
    app.settle().await;
    let id = map_id(&app).await;
    let template = templates::load("ecommerce", "es").unwrap();
    assert_eq!(load(&db, &id).cards.len(), template.cards.len());

    // --- A persona with a photo.
    click(&app, "[data-testid=open-personas]").await;
    click(&app, "[data-testid=persona-add]").await;
    let name = type_into(&app, "[data-testid=persona-name]", "Lucía Ñúñez").await;
    name.send_keys(&char::from(Key::Enter).to_string())
        .await
        .unwrap();
    app.settle().await;
    type_into(
        &app,
        "[data-testid=persona-role]",
        "Dueña de una tienda de bicis",
    )
    .await
    .send_keys(&char::from(Key::Enter).to_string())
    .await
    .unwrap();
    app.settle().await;
    answers.next(Some(&photo_file(dir.path())));
    click(&app, "[data-testid=persona-photo-pick]").await;
    app.wait_for("[data-testid=persona-photo]", Duration::from_secs(10))
        .await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.settle().await;
    let map = load(&db, &id);
    let persona = map.personas().first().expect("the persona is stored");
    assert_eq!(persona.name, "Lucía Ñúñez");
    assert_eq!(
        persona.role.as_deref(),
        Some("Dueña de una tienda de bicis")
    );
    let photo = persona.photo.as_deref().expect("the photo is stored");
    assert!(
        photo.starts_with("data:image/jpeg;base64,") || photo.starts_with("data:image/png;base64,")
    );
    // The map's header on the canvas shows the persona, photo included.
    assert!(app.canvas_text().await.contains("Lucía Ñúñez"));
    app.wait_until(
        "return window.__travesiaTiles.pictures() >= 1",
        "the photo painted",
        Duration::from_secs(10),
    )
    .await;
    click(&app, "[data-testid=personas-close]").await;

    // --- A route of three touchpoints across two channels.
    let lane = template
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Touchpoints)
        .unwrap()
        .id
        .clone();
    let steps: Vec<&str> = ["t3", "t4", "t6"].to_vec();
    for s in &steps {
        let c = template.cards.iter().find(|c| c.id == *s).unwrap();
        assert_eq!(c.lane, lane);
    }
    click(&app, "[data-testid=open-routes]").await;
    click(&app, "[data-testid=route-new]").await;
    type_into(&app, "[data-testid=route-name]", "Webrooming").await;
    click(&app, "[data-testid=route-start]").await;
    app.wait_for("[data-testid=route-record-banner]", Duration::from_secs(5))
        .await;
    // The whole map in view, so every stage's touchpoint can be clicked.
    click(&app, "[data-testid=fit]").await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    for s in &steps {
        let card = app
            .find(&format!("[data-testid=canvas] [data-card-id='{s}']"))
            .await;
        app.click(&card).await;
    }
    assert_eq!(app.count("[data-testid=route-badge]").await, 3);
    click(&app, "[data-testid=route-finish]").await;
    app.settle().await;
    let map = load(&db, &id);
    let route = map
        .routes()
        .iter()
        .find(|r| r.name == "Webrooming")
        .expect("the route is stored");
    assert_eq!(route.steps, steps);
    let channels: std::collections::BTreeSet<_> = route
        .steps
        .iter()
        .map(|s| {
            format!(
                "{:?}",
                map.cards.iter().find(|c| c.id == *s).unwrap().channel
            )
        })
        .collect();
    assert!(channels.len() >= 2, "two channels: {channels:?}");
    // The legend names the route on the canvas.
    assert!(app.canvas_text().await.contains("Webrooming"));
    click(&app, "[data-testid=routes-close]").await;

    // --- A version, a change, the restore, and the restore undone.
    click(&app, "[data-testid=open-versions]").await;
    type_into(&app, "[data-testid=version-name]", "Antes del cambio").await;
    click(&app, "[data-testid=version-save]").await;
    app.wait_for("[data-testid=version-item]", Duration::from_secs(10))
        .await;
    app.keys(&[], char::from(Key::Escape)).await;
    app.settle().await;
    let before = load(&db, &id);
    // The change: delete a card. The click lands once the closing dialog has
    // given the canvas the focus back; if it landed before, it is made again.
    for attempt in 0..2 {
        let card = app.find("[data-testid=canvas] [data-card-id='t6']").await;
        app.click(&card).await;
        app.keys(&[], char::from(Key::Delete)).await;
        app.settle().await;
        let started = Instant::now();
        while load(&db, &id).cards.len() == before.cards.len()
            && started.elapsed() < Duration::from_secs(2)
        {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if load(&db, &id).cards.len() < before.cards.len() || attempt == 1 {
            break;
        }
    }
    assert_eq!(load(&db, &id).cards.len(), before.cards.len() - 1);
    click(&app, "[data-testid=open-versions]").await;
    click(&app, "[data-testid=version-item]").await;
    app.wait_for("[data-testid=version-preview]", Duration::from_secs(10))
        .await;
    click(&app, "[data-testid=version-restore]").await;
    click(&app, "[data-testid=version-restore-confirm]").await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let restored = load(&db, &id);
    assert_eq!(restored.cards, before.cards, "the version is back");
    app.keys(&[], char::from(Key::Escape)).await;
    app.keys(&[Key::Control], 'z').await;
    app.settle().await;
    assert_eq!(
        load(&db, &id).cards.len(),
        before.cards.len() - 1,
        "undo takes the restore back"
    );
    app.keys(&[Key::Control, Key::Shift], 'z').await;
    app.settle().await;

    // --- The export dialog writes a PDF with the map's text.
    click(&app, "[data-testid=open-export]").await;
    app.wait_for("[data-testid=export-dialog]", Duration::from_secs(10))
        .await;
    click(&app, "[data-testid=export-format-pdf]").await;
    app.wait_for("[data-testid=export-preview]", Duration::from_secs(15))
        .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    app.screenshot("export-dialog").await;
    let pdf = dir.path().join("póster.pdf");
    answers.next(Some(&pdf));
    click(&app, "[data-testid=export-go]").await;
    app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
        .await;
    assert!(pdf.exists(), "the PDF is written where the dialog said");
    let text = std::process::Command::new("pdftotext")
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = squash(&text);
    for card in &load(&db, &id).cards {
        let words: Vec<&str> = card.text.split_whitespace().take(3).collect();
        assert!(
            text.contains(&words.join(" ")),
            "the PDF has {:?}",
            card.text
        );
    }
    // By default the page is exactly the paper (A1); the print-shop preset
    // adds the bleed and crop marks around it, and the trim stays A1.
    let boxes = |pdf: &Path| {
        let out = std::process::Command::new("pdfinfo")
            .arg("-box")
            .arg(pdf)
            .output()
            .expect("pdfinfo (poppler-utils) runs");
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let numbers = |label: &str| -> Vec<f32> {
            text.lines()
                .find(|l| l.starts_with(label))
                .unwrap_or_else(|| panic!("{label} in {text}"))
                .split_whitespace()
                .filter_map(|t| t.parse().ok())
                .collect()
        };
        let media = numbers("MediaBox:");
        let trim = numbers("TrimBox:");
        let sides = |b: &[f32]| {
            let mut s = [b[2] - b[0], b[3] - b[1]];
            s.sort_by(|a, b| a.total_cmp(b));
            s
        };
        (sides(&media), sides(&trim))
    };
    let a1 = [1683.78, 2383.94];
    let near = |a: [f32; 2], b: [f32; 2]| (a[0] - b[0]).abs() < 1.0 && (a[1] - b[1]).abs() < 1.0;
    let (media, _) = boxes(&pdf);
    assert!(near(media, a1), "exactly A1: {media:?}");
    assert_eq!(
        app.js("return document.querySelector('[data-testid=export-print-shop]').checked")
            .await,
        serde_json::Value::Bool(false),
        "the preset is off by default"
    );
    click(&app, "[data-testid=export-print-shop]").await;
    app.settle().await;
    let shop = dir.path().join("imprenta.pdf");
    answers.next(Some(&shop));
    click(&app, "[data-testid=export-go]").await;
    app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
        .await;
    let (media, trim) = boxes(&shop);
    assert!(near(trim, a1), "trimmed to A1: {trim:?}");
    assert!(
        media[0] > a1[0] + 16.0 && media[1] > a1[1] + 16.0,
        "3 mm of bleed a side and room for the marks: {media:?}"
    );
    // The colour-blind option reaches the poster: the same SVG drawn again
    // with routes told apart by line and marker is another drawing, and a
    // .travesia (the map itself) has no such option.
    click(&app, "[data-testid=export-format-svg]").await;
    app.settle().await;
    let plain = dir.path().join("colores.svg");
    answers.next(Some(&plain));
    click(&app, "[data-testid=export-go]").await;
    app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
        .await;
    click(&app, "[data-testid=export-patterns]").await;
    app.settle().await;
    app.js("document.querySelector('[data-testid=export-patterns]').scrollIntoView({block: 'center'}); return 1")
        .await;
    app.screenshot("export-colours").await;
    let patterned = dir.path().join("trazos.svg");
    answers.next(Some(&patterned));
    click(&app, "[data-testid=export-go]").await;
    app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
        .await;
    let (plain, patterned) = (
        std::fs::read_to_string(&plain).unwrap(),
        std::fs::read_to_string(&patterned).unwrap(),
    );
    assert!(plain.contains("<svg") && patterned.contains("<svg"));
    assert_ne!(plain, patterned, "--patterns changes the drawing");
    click(&app, "[data-testid=export-format-travesia]").await;
    app.settle().await;
    assert_eq!(
        app.js("return document.querySelector('[data-testid=export-patterns]').disabled")
            .await,
        serde_json::Value::Bool(true),
        "a .travesia is not drawn"
    );
    // A spreadsheet: the whole map as a workbook, which reads back as it.
    click(&app, "[data-testid=export-format-xlsx]").await;
    app.wait_until(
        "return document.querySelector('[data-testid=export-layout]').disabled === false",
        "the layout applies to XLSX",
        Duration::from_secs(10),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    app.screenshot("export-formats").await;
    app.js("document.querySelector('[data-testid=export-layout]').scrollIntoView({block: 'center'}); return 1")
        .await;
    app.settle().await;
    app.screenshot("export-sheet").await;
    let book = dir.path().join("libro.xlsx");
    answers.next(Some(&book));
    click(&app, "[data-testid=export-go]").await;
    app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
        .await;
    let back = travesia_api::import::read(&book, "es").expect("the workbook reads back");
    let mine = load(&db, &id);
    assert_eq!(back.map.cards.len(), mine.cards.len());
    assert_eq!(back.map.routes, mine.routes, "a workbook keeps the routes");
    // A CSV says, before it is written, what it leaves out.
    click(&app, "[data-testid=export-format-csv]").await;
    app.wait_for("[data-testid=export-left-out]", Duration::from_secs(15))
        .await;
    // Slides: a size of their own (no paper), counted in slides, and every
    // card of the map as text in the deck.
    click(&app, "[data-testid=export-format-pptx]").await;
    app.wait_until(
        "return (document.querySelector('[data-testid=export-pages]')?.textContent ?? '').includes('diapositivas')",
        "the preview counts slides",
        Duration::from_secs(15),
    )
    .await;
    assert_eq!(
        app.js("return document.querySelector('[data-testid=export-paper]').disabled")
            .await,
        serde_json::Value::Bool(true),
        "slides have no paper"
    );
    app.settle().await;
    app.screenshot("export-slides").await;
    let deck = dir.path().join("presentacion.pptx");
    answers.next(Some(&deck));
    click(&app, "[data-testid=export-go]").await;
    app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
        .await;
    let read = std::process::Command::new("python3")
        .arg("-c")
        .arg("import sys; from pptx import Presentation\nfor s in Presentation(sys.argv[1]).slides:\n    for sh in s.shapes:\n        print(sh.text_frame.text if sh.has_text_frame else '')")
        .arg(&deck)
        .output()
        .expect("python3 with python-pptx (make deps)");
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let text: String = String::from_utf8_lossy(&read.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for card in &mine.cards {
        let words: String = card.text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&words), "{:?} is in the deck", card.text);
    }
    click(&app, "[data-testid=export-format-pdf]").await;
    click(&app, "[data-testid=export-patterns]").await;
    app.settle().await;
    click(&app, "[data-testid=export-close]").await;

    // --- The side panel folds away for room and comes back, remembered.
    let canvas_width = || async {
        app.js(
            "return document.querySelector('[data-testid=canvas]').getBoundingClientRect().width",
        )
        .await
        .as_f64()
        .unwrap()
    };
    let wide_before = canvas_width().await;
    click(&app, "[data-testid=inspector-hide]").await;
    app.wait_for("[data-testid=inspector-show]", Duration::from_secs(5))
        .await;
    app.settle().await;
    let wide_after = canvas_width().await;
    assert!(
        wide_after > wide_before + 200.0,
        "the canvas takes the panel's room: {wide_before} → {wide_after}"
    );
    app.screenshot("side-panel-folded").await;
    let stored: Option<String> = travesia_store::Library::open(&db)
        .unwrap()
        .get_setting("inspector.hidden")
        .unwrap();
    assert_eq!(stored.as_deref(), Some("1"), "remembered in the library");
    click(&app, "[data-testid=inspector-show]").await;
    app.wait_for("aside.inspector", Duration::from_secs(5))
        .await;

    // --- Presentation mode.
    click(&app, "[data-testid=open-present]").await;
    app.wait_for("[data-testid=presentation]", Duration::from_secs(10))
        .await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    app.keys(&[], char::from(Key::Right)).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let counter = app
        .find("[data-testid=presentation-counter]")
        .await
        .text()
        .await
        .unwrap();
    assert!(counter.starts_with('2'), "the second stage: {counter}");
    app.screenshot("presentation").await;
    app.keys(&[], char::from(Key::Escape)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.count("[data-testid=presentation]").await, 0);

    // --- English and back, from the home.
    click(&app, "[data-testid=back]").await;
    app.wait_for("[data-testid=home-maps]", Duration::from_secs(10))
        .await;
    app.screenshot("home").await;
    click(&app, "[data-testid=lang-en]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.js("return document.documentElement.lang").await, "en");
    let body = app.js("return document.body.innerText").await;
    assert!(
        body.as_str().unwrap().contains("Your maps"),
        "English text: {body}"
    );
    click(&app, "[data-testid=lang-es]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(app.js("return document.documentElement.lang").await, "es");
    let body = app.js("return document.body.innerText").await;
    assert!(
        body.as_str().unwrap().contains("Tus mapas"),
        "Spanish again: {body}"
    );
    app.quit().await;
}
