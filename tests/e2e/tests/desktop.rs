//! At home on the desktop, in the real app: the window opens where it was
//! left, the app keeps a log in its log folder, and an exported file is
//! shown in the file manager.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use travesia_e2e::{down, pause, up, App, Started};

async fn click(app: &App, css: &str) {
    // Idle first: the side panel follows a selection a frame later.
    app.settle().await;
    app.find(css).await.click().await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn the_window_opens_as_it_was_left_and_the_app_keeps_a_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let kept = travesia_e2e::xdg_dir(&db, "config").join("app.travesia.editor/.window-state.json");

    let app = App::start(&db).await;
    app.client
        .set_window_rect(70, 50, 1100, 700)
        .await
        .expect("the window is resized");
    // Kept a moment after it last moved, without waiting for the app to end:
    // the harness ends it with a signal, as a crash or a power cut would.
    assert!(
        travesia_e2e::wait_for_file(&kept, Duration::from_secs(5)).await,
        "{} is written",
        kept.display()
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.quit().await;

    let app = App::start(&db).await;
    let (x, y, w, h) = app.client.get_window_rect().await.unwrap();
    assert_eq!((w, h), (1100, 700), "the size it was left at");
    assert!(
        x.abs_diff(70) <= 40 && y.abs_diff(50) <= 40,
        "the place it was left at: {x}, {y}"
    );
    app.quit().await;

    let log = std::fs::read_to_string(travesia_e2e::log_dir(&db).join("travesia.log"))
        .expect("the log is in the app's log folder");
    let starts: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("started on the library"))
        .collect();
    assert_eq!(starts.len(), 2, "one line a start:\n{log}");
    assert!(
        starts[0].contains(&db.display().to_string()),
        "it names the library: {}",
        starts[0]
    );
    assert!(
        starts[0].starts_with('[') && starts[0].contains("[INFO]"),
        "dated, with its level: {}",
        starts[0]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn an_exported_file_is_shown_in_its_folder() {
    let dir = tempfile::tempdir().unwrap();
    let Started {
        app,
        db,
        id,
        answers,
        opener,
        ..
    } = Started::on_template(dir.path(), "three-stages.es.travesia").await;
    app.open_map(&id).await;

    click(&app, "[data-testid=open-export]").await;
    app.wait_for("[data-testid=export-dialog]", Duration::from_secs(10))
        .await;
    click(&app, "[data-testid=export-format-png]").await;
    app.wait_for("[data-testid=export-preview]", Duration::from_secs(15))
        .await;
    let out_dir = dir.path().join("pósters");
    std::fs::create_dir_all(&out_dir).unwrap();
    let png = out_dir.join("mapa.png");
    answers.next(Some(&png));
    click(&app, "[data-testid=export-go]").await;
    app.wait_for("[data-testid=export-done]", Duration::from_secs(60))
        .await;
    assert!(png.is_file());
    // "Show the file in its folder when done" is on by default; the button
    // shows it again. With no file manager to select it, the folder opens.
    let opened = opener.wait(1).await;
    assert_eq!(
        opened.iter().map(PathBuf::from).collect::<Vec<_>>(),
        vec![out_dir.clone()],
        "shown when done"
    );
    click(&app, "[data-testid=export-show-folder]").await;
    let opened = opener.wait(2).await;
    assert_eq!(
        opened.iter().map(PathBuf::from).collect::<Vec<_>>(),
        vec![out_dir.clone(), out_dir.clone()],
        "and again from the button"
    );
    let log = std::fs::read_to_string(travesia_e2e::log_dir(&db).join("travesia.log")).unwrap();
    assert!(
        log.contains(&format!("exported {}", png.display())),
        "the export is in the log:\n{log}"
    );
    app.quit().await;
}

/// A PNG of `w` × `h` pixels, half transparent.
fn png_file(path: &std::path::Path, w: u32, h: u32) {
    let file = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    enc.set_color(png::ColorType::Rgba);
    let mut writer = enc.write_header().unwrap();
    let px: Vec<u8> = (0..w * h)
        .flat_map(|i| [200, 40, (i % 255) as u8, 128])
        .collect();
    writer.write_image_data(&px).unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn an_image_dropped_on_a_persona_becomes_its_photo_and_the_map_copies_as_a_picture() {
    let dir = tempfile::tempdir().unwrap();
    let Started { app, db, id, .. } =
        Started::on_template(dir.path(), "five-phases.es.travesia").await;
    app.client.set_window_rect(0, 0, 1440, 900).await.ok();
    app.open_map(&id).await;
    let map = || {
        travesia_store::Library::open(&db)
            .unwrap()
            .load(&id)
            .unwrap()
    };
    let persona = map().personas.unwrap()[0].clone();
    assert!(persona.photo.is_none());

    // Dropped on a stage's header, away from any persona, card or cell: nothing changes, and the app says where it goes.
    let photo = dir.path().join("retrato de Lucía.png");
    png_file(&photo, 120, 90);
    let cell = app.find("[data-testid=canvas] [data-stage-id]").await;
    let (x, y, w, h) = app.rect(&cell).await;
    travesia_e2e::drop_file(&db, &photo, x + w / 2.0, y + h / 2.0);
    app.wait_for("[data-testid=toast]", Duration::from_secs(10))
        .await;
    let said = app
        .js("return [...document.querySelectorAll('[data-testid=toast]')].map((t) => t.textContent).join(' | ');")
        .await;
    let said = said.as_str().unwrap_or_default().to_string();
    assert!(said.contains("retrato de Lucía.png"), "{said}");
    assert!(map().personas.unwrap()[0].photo.is_none());

    // Dropped on the persona in the personas panel: it is her photo, a PNG still.
    click(&app, "[data-testid=open-personas]").await;
    let item = app
        .find(&format!(
            "[data-testid=persona-item][data-persona-id='{}']",
            persona.id
        ))
        .await;
    let (x, y, w, h) = app.rect(&item).await;
    travesia_e2e::drop_file(&db, &photo, x + w / 2.0, y + h / 2.0);
    let mut got = None;
    for _ in 0..50 {
        got = map().personas.unwrap()[0].photo.clone();
        if got.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let toasts = app
        .js("return [...document.querySelectorAll('[data-testid=toast], [role=alert]')].map((t) => t.textContent).join(' | ');")
        .await;
    let got = got.unwrap_or_else(|| {
        panic!("the dropped image became the persona's photo; the page says {toasts}")
    });
    assert!(got.starts_with("data:image/png;base64,"), "{}", &got[..40]);
    app.settle().await;
    app.screenshot("persona-photo-dropped").await;
    // One edit: undo takes it away.
    click(&app, "[data-testid=open-personas]").await;
    click(&app, "[data-testid=undo]").await;
    app.settle().await;
    assert!(map().personas.unwrap()[0].photo.is_none(), "undone");

    // Edit → Copy as image (Ctrl+Shift+C): nothing chosen, the whole map, twice its size.
    app.js("document.querySelector('[data-testid=canvas]').focus(); return null;")
        .await;
    app.keys(&[], '\u{E00C}').await;
    let window = travesia_e2e::xdotool(&["search", "--sync", "--name", "Travesía$"]);
    let window = window.lines().next().unwrap().to_string();
    travesia_e2e::xdotool(&["windowfocus", "--sync", &window]);
    travesia_e2e::xdotool(&["key", "--clearmodifiers", "ctrl+shift+c"]);
    // The note says so (in front of the undo's note that was up).
    let mut said = String::new();
    for _ in 0..100 {
        said = app
            .js("return document.querySelector('[data-testid=toast]')?.textContent ?? '';")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string();
        if said.contains("portapapeles") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        said.contains("El mapa está en el portapapeles como imagen"),
        "{said}"
    );
    app.screenshot("copied-as-image").await;
    let scene = travesia_layout::layout(&map(), &mut travesia_layout::TextEngine::new());
    let (w, h) = travesia_e2e::clipboard_png_size();
    assert_eq!(
        (w, h),
        (
            (scene.width * 2.0).round() as u32,
            (scene.height * 2.0).round() as u32
        ),
        "the whole map at twice its size"
    );
    app.quit().await;
}

/// Without a GPU (as on this machine and in CI), WebKit paints on the CPU
/// instead of compositing in software (src-tauri/src/rendering.rs); the map
/// is drawn and edited the same way, and the log says which way was chosen.
#[tokio::test(flavor = "current_thread")]
async fn without_a_gpu_webkit_paints_on_the_cpu_and_the_map_still_draws_and_edits() {
    // A GPU's driver makes a render node (the app looks the same way).
    let gpu = std::fs::read_dir("/dev/dri")
        .map(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let app = App::start_env(&db, &[], &[("TRAVESIA_RENDERING", "auto")]).await;
    let cpu = app.web_process_env("WEBKIT_DISABLE_COMPOSITING_MODE");
    assert_eq!(
        cpu.as_deref(),
        if gpu { None } else { Some("1") },
        "WebKit paints on the CPU exactly when there is no GPU render node"
    );
    // Painting on the CPU, the window's process loads no OpenGL driver (Mesa's
    // and its LLVM: about 20 MiB); the web process, which needs EGL, still
    // finds its driver, and its environment is the app's as it was.
    let (window, web) = app.mapped_files();
    let driver = |files: &[String]| {
        files
            .iter()
            .any(|f| f.contains("/dri/") || f.contains("libLLVM") || f.contains("libEGL_mesa"))
    };
    if !gpu {
        assert!(
            !driver(&window),
            "the window's process loaded an OpenGL driver: {:?}",
            window
                .iter()
                .filter(|f| driver(std::slice::from_ref(f)))
                .collect::<Vec<_>>()
        );
        assert!(driver(&web), "the web process has its EGL driver");
        assert_eq!(
            app.web_process_env("__EGL_VENDOR_LIBRARY_FILENAMES"),
            None,
            "the web process starts with libglvnd's own list of drivers"
        );
    }

    // The home left alone: once the pictures in sight have come, nothing moves. The templates
    // below the fold are not asked for until scrolled to, and do not shimmer meanwhile (painted
    // on the CPU, each frame of a shimmer out of sight is work for nothing).
    let mut loading = Value::Null;
    for _ in 0..100 {
        loading = app
            .js("return document.querySelectorAll('[data-status=loading]').length")
            .await;
        if loading.as_u64() == Some(0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(loading.as_u64(), Some(0), "the pictures in sight came");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let moving = app
        .js("return document.getAnimations().filter(a => a.playState === 'running').map(a => (a.animationName ?? '') + ' on ' + (a.effect?.target?.closest('[data-testid]')?.dataset.testid ?? '?'))")
        .await;
    assert_eq!(
        moving.as_array().map(Vec::len),
        Some(0),
        "animations run on the idle home: {moving}"
    );
    let waiting = app
        .js("return document.querySelectorAll('[data-status=waiting]').length")
        .await;
    assert!(
        waiting.as_u64().unwrap_or(0) > 0,
        "some pictures are out of sight, not asked for (what this checks): {waiting}"
    );

    // A map from a template: drawn, and a card moved by the keyboard (one edit).
    click(&app, "[data-testid='template-ecommerce']").await;
    app.find("[data-testid=canvas] [data-card-id]").await;
    app.settle().await;
    let id = app
        .js("return document.querySelector('[data-testid=canvas] .hits [data-card-id]').dataset.cardId")
        .await;
    let id = id.as_str().expect("a card is drawn").to_string();
    let card = app
        .find(&format!("[data-testid=canvas] .hits [data-card-id='{id}']"))
        .await;
    let left = |id: String| {
        format!("return document.querySelector(\"[data-testid=canvas] .hits [data-card-id='{id}']\").getBoundingClientRect().left")
    };
    let before = app.js(&left(id.clone())).await.as_f64().unwrap();
    app.click(&card).await;
    // Selected and left alone, the card's moves are laid out ahead by Rust;
    // the key then draws the move before its answer.
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.keys(&[], char::from(fantoccini::key::Key::Right)).await;
    app.settle().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = app.js(&left(id.clone())).await.as_f64().unwrap();
    assert!(
        after > before + 20.0,
        "the card moved one stage right: {before:?} → {after:?}"
    );
    assert_eq!(
        app.js("return document.documentElement.dataset.movedAhead ?? null")
            .await
            .as_str(),
        Some(id.as_str()),
        "the move was drawn from what Rust laid out ahead"
    );
    // Still selected and left alone, its deletion is laid out ahead too: Delete takes the card
    // away before the answer, and one undo brings it back.
    let css = format!("[data-testid=canvas] .hits [data-card-id='{id}']");
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.keys(&[], char::from(fantoccini::key::Key::Delete))
        .await;
    app.settle().await;
    assert_eq!(app.count(&css).await, 0, "the card was deleted");
    assert_eq!(
        app.js("return document.documentElement.dataset.deletedAhead ?? null")
            .await
            .as_str(),
        Some(id.as_str()),
        "the deletion was drawn from what Rust laid out ahead"
    );
    app.keys(&[fantoccini::key::Key::Control], 'z').await;
    app.settle().await;
    app.find(&css).await;
    // Selected again and left alone, its copy is laid out ahead too: Ctrl+D shows the copy,
    // selected, before the answer; the answer stores that very card, and one undo takes it away.
    app.click(&app.find(&css).await).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    app.keys(&[fantoccini::key::Key::Control], 'd').await;
    app.settle().await;
    let made = app
        .js("return document.documentElement.dataset.madeAhead ?? null")
        .await;
    let copy = made
        .as_str()
        .expect("the copy was drawn from what Rust laid out ahead")
        .to_string();
    assert_ne!(copy, id, "the copy is a card of its own");
    let copy_css = format!("[data-testid=canvas] .hits [data-card-id='{copy}']");
    app.find(&copy_css).await;
    let outlined = app
        .js(&format!(
            "const c = document.querySelector(\"{copy_css}\").getBoundingClientRect();
             const x = c.left + c.width / 2, y = c.top + c.height / 2;
             return [...document.querySelectorAll('[data-testid=canvas] rect.selected')].map(e => {{
               const r = e.getBoundingClientRect();
               return r.left < x && x < r.right && r.top < y && y < r.bottom;
             }});"
        ))
        .await;
    assert_eq!(
        outlined,
        serde_json::json!([true]),
        "the copy alone is selected"
    );
    app.keys(&[fantoccini::key::Key::Control], 'z').await;
    app.settle().await;
    assert_eq!(app.count(&copy_css).await, 0, "the undo took the copy away");
    // Dragged a stage to the right and held there a moment, the drop is laid out ahead: letting
    // go shows the card there before the answer, and the answer stores it (one undo puts it back).
    let before = app.js(&left(id.clone())).await.as_f64().unwrap();
    let swaps = "return window.__travesiaTiles.swaps()";
    let swapped = app.js(swaps).await.as_f64().expect("a count");
    let card = app.find(&css).await;
    let mut steps = vec![app.move_to(&card, 0.0, 0.0).await, down()];
    for k in 1..=6 {
        steps.push(app.move_to(&card, 50.0 * f64::from(k), 0.0).await);
    }
    steps.extend([pause(400), up()]);
    app.pointer(steps).await;
    app.settle().await;
    let dropped = app.js(&left(id.clone())).await.as_f64().unwrap();
    assert!(
        dropped > before + 100.0,
        "the card was dropped a stage right: {before} → {dropped}"
    );
    assert_eq!(
        app.js("return document.documentElement.dataset.pointedAhead ?? null")
            .await
            .as_str(),
        Some("move_card"),
        "the drop was drawn from what Rust laid out while the pointer rested"
    );
    assert!(
        app.js(swaps).await.as_f64().expect("a count") > swapped,
        "the drop showed tiles painted while the pointer rested"
    );
    app.keys(&[fantoccini::key::Key::Control], 'z').await;
    app.settle().await;
    let back = app.js(&left(id.clone())).await.as_f64().unwrap();
    assert!(
        (back - before).abs() < 2.0,
        "one undo put the card back: {before} → {dropped} → {back}"
    );
    // Selected, a colour the pointer rests on in the side panel is laid out ahead: the click
    // draws the card in it before the answer, and the answer stores it.
    app.click(&app.find(&css).await).await;
    app.settle().await;
    let swatch_css = ".inspector .swatch[data-color='#FFE8CC']";
    let swatch = app.find(swatch_css).await;
    app.pointer(vec![
        app.move_to(&swatch, 0.0, 0.0).await,
        pause(400),
        down(),
        up(),
    ])
    .await;
    app.settle().await;
    assert_eq!(
        app.js("return document.documentElement.dataset.pointedAhead ?? null")
            .await
            .as_str(),
        Some("update_card"),
        "the colour was drawn from what Rust laid out while the pointer rested"
    );
    assert_eq!(
        app.js(&format!(
            "return document.querySelector(\"{swatch_css}\").getAttribute('aria-pressed')"
        ))
        .await
        .as_str(),
        Some("true"),
        "the card's colour is stored, and the side panel shows it"
    );
    assert_eq!(app.page_errors().await, Vec::<String>::new());
    app.quit().await;

    let log = std::fs::read_to_string(travesia_e2e::log_dir(&db).join("travesia.log")).unwrap();
    let line = log
        .lines()
        .find(|l| l.contains("rendering:"))
        .expect("the log says how WebKit paints");
    assert!(
        line.contains(if gpu { "Composited" } else { "Cpu" }),
        "{line}"
    );
}
