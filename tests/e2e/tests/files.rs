//! `.travesia` files reaching the running app from outside the page: on the
//! command line (as the desktop's file association starts it), from a
//! second start while the app runs (one instance per library), and a bad
//! file, whose every problem is shown while the library stays as it was.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use travesia_e2e::{app_binary, App};

const EXAMPLE: &str = include_str!("../../fixtures/ecommerce.travesia");

fn maps_in(db: &std::path::Path) -> Vec<String> {
    let lib = travesia_store::Library::open(db).unwrap();
    lib.list_maps()
        .unwrap()
        .into_iter()
        .map(|m| m.title)
        .collect()
}

async fn open_map_id(app: &App) -> String {
    let started = Instant::now();
    loop {
        let id = app
            .js("return document.documentElement.dataset.mapId || ''")
            .await;
        let id = id.as_str().unwrap_or_default().to_string();
        if !id.is_empty() {
            return id;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "no map opened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_file_on_the_command_line_opens_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let file = dir.path().join("Compra de zapatillas.travesia");
    std::fs::write(&file, EXAMPLE).unwrap();
    let app = App::start_with(&db, &[file.to_str().unwrap()]).await;
    let id = open_map_id(&app).await;
    app.wait_for("[data-testid=canvas]", Duration::from_secs(10))
        .await;
    assert!(!id.is_empty());
    assert_eq!(
        maps_in(&db),
        vec!["Compra de zapatillas online".to_string()]
    );
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_bad_file_shows_every_problem_and_leaves_the_library_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    // One good map in the library first.
    let good = dir.path().join("good.travesia");
    std::fs::write(&good, EXAMPLE).unwrap();
    travesia_e2e::import_map(&db, &good);
    let before = maps_in(&db);

    let mut bad: Value = serde_json::from_str(EXAMPLE).unwrap();
    bad["map"]["cards"][1]["score"] = json!(7);
    bad["map"]["stages"][0]["color"] = json!("rojo");
    let file = dir.path().join("roto.travesia");
    std::fs::write(&file, bad.to_string()).unwrap();

    let app = App::start_with(&db, &[file.to_str().unwrap()]).await;
    let dialog = app
        .wait_for("[data-testid=file-error]", Duration::from_secs(15))
        .await;
    let text = dialog.text().await.unwrap();
    app.screenshot("file-error").await;
    assert!(text.contains("roto.travesia"), "the file is named: {text}");
    // Each problem in plain words, in the window's language.
    assert!(
        text.contains("la emoción vale 7 y debe estar entre -2 y 2"),
        "the score's problem is in words: {text}"
    );
    assert!(
        text.contains("Etapa 1") && text.contains("«rojo» no es un color"),
        "every problem is listed: {text}"
    );
    // The JSON paths wait under Details.
    app.find("[data-testid=file-error-details] summary")
        .await
        .click()
        .await
        .expect("Details opens");
    let text = dialog.text().await.unwrap();
    assert!(
        text.contains("map.cards[1].score") && text.contains("map.stages[0].color"),
        "the JSON paths are in the details: {text}"
    );
    assert_eq!(maps_in(&db), before, "the library is unchanged");

    // The rest is sound: its valid part is imported, and opens.
    app.find("[data-testid=file-error-import-valid]")
        .await
        .click()
        .await
        .expect("the valid part is imported");
    app.wait_for("[data-testid=canvas]", Duration::from_secs(15))
        .await;
    assert_eq!(
        maps_in(&db).len(),
        before.len() + 1,
        "the valid part is a new map"
    );
    app.assert_no_page_errors().await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_second_start_hands_its_file_to_the_running_window() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let app = App::start(&db).await;
    let file = dir.path().join("otro.travesia");
    std::fs::write(&file, EXAMPLE).unwrap();
    let mut second = Command::new(app_binary())
        .args(["--db", db.to_str().unwrap(), file.to_str().unwrap()])
        .env_remove("TRAVESIA_DB")
        .spawn()
        .expect("the second start runs");
    // It hands the file over and ends; a second window would keep running.
    let started = Instant::now();
    let status = loop {
        if let Some(status) = second.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = second.kill();
            panic!("the second start opened its own window instead of handing over");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success());
    let id = open_map_id(&app).await;
    assert!(!id.is_empty(), "the running window opened the file");
    assert_eq!(
        maps_in(&db),
        vec!["Compra de zapatillas online".to_string()]
    );
    app.quit().await;
}

/// Started in a Portuguese (Brazil) session, the app speaks Portuguese: the
/// home, the templates, a new map and its toolbar — and the page never falls
/// back to a Spanish or English word that has a Portuguese one.
#[tokio::test(flavor = "current_thread")]
async fn a_brazilian_session_gets_the_app_in_portuguese() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let app = App::start_env(&db, &[], &[("LANG", "pt_BR.UTF-8")]).await;
    assert_eq!(
        app.js("return document.documentElement.lang").await,
        "pt-BR"
    );
    app.find("[data-testid='template-five-phases']").await;
    app.screenshot("pt-01-home").await;
    let home = app.js("return document.body.innerText").await;
    let home = home.as_str().unwrap_or_default();
    assert!(home.contains("Jornada em cinco fases"), "{home}");
    assert!(home.contains("Boas-vindas ao Travesía"), "{home}");
    for other in ["Te damos la bienvenida a Travesía", "Welcome to Travesía"] {
        assert!(
            !home.contains(other),
            "{other:?} on a Portuguese home:\n{home}"
        );
    }

    let template = app.find("[data-testid='template-five-phases']").await;
    template.click().await.unwrap();
    app.find("[data-testid=canvas]").await;
    app.settle().await;
    let id = open_map_id(&app).await;
    let map = travesia_store::Library::open(&db)
        .unwrap()
        .load(&id)
        .unwrap();
    assert_eq!(map.locale.as_deref(), Some("pt-BR"));
    assert_eq!(map.stages[0].title, "Descoberta");
    let lane_button = app.find("[data-testid=add-lane]").await;
    assert_eq!(lane_button.text().await.unwrap().trim(), "Raia");
    let back = app.find("[data-testid=back]").await;
    assert_eq!(back.text().await.unwrap().trim(), "Biblioteca");
    app.screenshot("pt-02-editor").await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn what_an_export_leaves_out_is_told_in_the_window_s_language() {
    // A Spanish map exported as CSV from a Portuguese window: the file
    // speaks Spanish, but what it leaves out is told in Portuguese.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.sqlite3");
    let spanish = travesia_e2e::import_map(
        &db,
        &travesia_e2e::root().join("src-tauri/core/templates/omnichannel.es.travesia"),
    );
    let app = App::start_env(&db, &[], &[("LANG", "pt_BR.UTF-8")]).await;
    app.open_map(&spanish).await;
    app.find("[data-testid=open-export]")
        .await
        .click()
        .await
        .unwrap();
    app.find("[data-testid=export-format-csv]")
        .await
        .click()
        .await
        .unwrap();
    let left = app
        .wait_for("[data-testid=export-left-out]", Duration::from_secs(15))
        .await
        .text()
        .await
        .unwrap();
    app.screenshot("pt-03-left-out").await;
    assert!(left.contains("CSV não guarda"), "{left}");
    assert!(left.contains("2 rotas"), "in Portuguese: {left}");
    assert!(!left.contains("rutas"), "not in the map's Spanish: {left}");
    app.quit().await;
}

/// A file written by the shared exporter, as the app or the command line would.
fn exported(
    doc: &travesia_core::format::Document,
    options: travesia_api::export::ExportOptions,
    path: &std::path::Path,
) {
    let never = std::sync::atomic::AtomicBool::new(false);
    travesia_api::export::write(
        &travesia_api::Engine::new(),
        &travesia_api::export::Source::from_document(doc.clone()),
        &options,
        path,
        |_| {},
        &never,
    )
    .unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn posters_spreadsheets_and_diagrams_open_in_the_window_as_maps() {
    use travesia_api::export::{ExportFormat, ExportOptions};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let doc = travesia_core::format::read_bytes(EXAMPLE.as_bytes()).unwrap();
    let small = |format| ExportOptions {
        paper: "A4".into(),
        dpi: 72,
        ..ExportOptions::new(format)
    };
    // A poster that carries its map, and one exported without it.
    let poster = dir.path().join("cartel.png");
    exported(&doc, small(ExportFormat::Png), &poster);
    let bare = dir.path().join("solo cartel.pdf");
    exported(
        &doc,
        ExportOptions {
            embed_map: false,
            ..small(ExportFormat::Pdf)
        },
        &bare,
    );
    // A workbook, and what a workshop writes by hand.
    let book = dir.path().join("libro.xlsx");
    exported(&doc, small(ExportFormat::Xlsx), &book);
    let csv = dir.path().join("Taller del martes.csv");
    std::fs::write(
        &csv,
        "Etapa;Carril;Tipo de carril;Texto;Emoción\nDescubre;Acciones;Acciones;Ve el anuncio;\nDescubre;Emociones;Emociones;;2\n",
    )
    .unwrap();
    let mmd = dir.path().join("viaje.mmd");
    std::fs::write(
        &mmd,
        "journey\n  title Viaje en Mermaid\n  section Pago\n    Paga: 4: Ana\n",
    )
    .unwrap();

    let files: Vec<&str> = [&poster, &book, &csv, &mmd, &bare]
        .iter()
        .map(|p| p.to_str().unwrap())
        .collect();
    let app = App::start_with(&db, &files).await;
    // The one poster without its map is refused, in words, and the others are maps.
    let dialog = app
        .wait_for("[data-testid=file-error]", Duration::from_secs(20))
        .await;
    let text = dialog.text().await.unwrap();
    app.screenshot("poster-without-map").await;
    assert!(text.contains("solo cartel.pdf"), "{text}");
    assert!(
        text.contains("Este póster no lleva el mapa dentro"),
        "the reason is said: {text}"
    );
    assert!(
        text.contains("Otros 4 archivos sí se importaron"),
        "the others were imported: {text}"
    );
    let mut titles = maps_in(&db);
    titles.sort();
    assert_eq!(
        titles,
        [
            "Compra de zapatillas online",
            "Compra de zapatillas online",
            "Taller del martes",
            "Viaje en Mermaid"
        ]
    );
    app.assert_no_page_errors().await;
    app.quit().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_diagram_s_notes_are_said_when_its_map_opens() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    // A score of 9 is out of Mermaid's 1 to 5: it is brought in, and line 4 named.
    let mmd = dir.path().join("viaje.mmd");
    std::fs::write(
        &mmd,
        "journey\n  title Viaje con notas\n  section Pago\n    Paga: 9: Ana\n",
    )
    .unwrap();
    let app = App::start_with(&db, &[mmd.to_str().unwrap()]).await;
    // Read from the page as soon as it is there (WebDriver's own text is
    // empty while the note still rises into view).
    app.wait_until(
        "return [...document.querySelectorAll('[data-testid=toast]')].some((t) => t.textContent.includes('Línea 4'))",
        "the note names the line",
        Duration::from_secs(20),
    )
    .await;
    let text = app
        .js("return [...document.querySelectorAll('[data-testid=toast]')].map((t) => t.textContent).find((t) => t.includes('Línea 4'))")
        .await;
    let text = text.as_str().unwrap_or_default().to_string();
    app.settle().await;
    app.screenshot("diagram-notes").await;
    assert!(text.contains("Línea 4"), "the line is named: {text}");
    assert!(text.contains('9') && text.contains('5'), "{text}");
    assert_eq!(maps_in(&db), ["Viaje con notas"]);
    app.assert_no_page_errors().await;
    app.quit().await;
}
