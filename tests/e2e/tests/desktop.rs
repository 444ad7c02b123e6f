//! At home on the desktop, in the real app: the window opens where it was
//! left, the app keeps a log in its log folder, and an exported file is
//! shown in the file manager.

use std::path::PathBuf;
use std::time::Duration;

use travesia_e2e::{App, Started};

async fn click(app: &App, css: &str) {
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
    for _ in 0..50 {
        if kept.is_file() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(kept.is_file(), "{} is written", kept.display());
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
