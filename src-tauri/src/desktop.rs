//! At home on the desktop: the window's size and place kept between runs,
//! a log file (with panics in it) in the app's log folder, and files shown
//! in the file manager.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::Mutex;
use std::time::Duration;

use tauri::plugin::TauriPlugin;
use tauri::{Manager, Runtime};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};
use travesia_api::{AppError, ErrorCode};

use crate::ipc::Cx;
use serde::Serialize;
use travesia_api::export::Source;
use travesia_layout::Target;

/// What of the window is kept: its size, its place and whether it is
/// maximized. Not full screen (presenting ends with the run) nor visibility.
pub fn window_flags() -> StateFlags {
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

/// Restores the main window as it was left, and keeps it as it goes.
pub fn window_state<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_window_state::Builder::new()
        .with_state_flags(window_flags())
        .build()
}

/// Keeps the window's size and place on disk a moment after it last moved,
/// so an app that is killed or loses power still opens where it was (the
/// plugin itself writes only when the app ends normally). One thread waits
/// for the moves to stop: a drag of the window's edge sends dozens a second.
#[derive(Default)]
pub struct WindowKeeper {
    moved: Mutex<Option<Sender<()>>>,
}

/// How long the window must stay still before its place is written.
const STILL: Duration = Duration::from_millis(400);

impl WindowKeeper {
    /// The window was moved or resized.
    pub fn changed<R: Runtime>(&self, app: &tauri::AppHandle<R>) {
        let Ok(mut moved) = self.moved.lock() else {
            return;
        };
        if let Some(tx) = moved.as_ref() {
            if tx.send(()).is_ok() {
                return;
            }
        }
        let app = app.clone();
        let started = crate::quiet::after_quiet("window-keeper", STILL, move || {
            if let Err(e) = app.save_window_state(window_flags()) {
                log::warn!("the window's size and place were not kept: {e}");
            }
        });
        if let Some(tx) = started.filter(|tx| tx.send(()).is_ok()) {
            *moved = Some(tx);
        }
    }
}

/// Kept log files: the one being written and this many before it.
pub const LOG_FILES_KEPT: usize = 5;
/// A log file is set aside and a new one begun past this size.
pub const LOG_FILE_BYTES: u128 = 1024 * 1024;

/// The log: `travesia.log` in the app's log folder (rotated), and standard
/// error. Information and above from the app's own crates, warnings from
/// the rest.
pub fn log_plugin<R: Runtime>() -> TauriPlugin<R> {
    use tauri_plugin_log::{RotationStrategy, Target, TargetKind, TimezoneStrategy};
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(TargetKind::LogDir {
            file_name: Some("travesia".into()),
        }))
        .target(Target::new(TargetKind::Stderr))
        .rotation_strategy(RotationStrategy::KeepSome(LOG_FILES_KEPT + 1))
        .max_file_size(LOG_FILE_BYTES)
        .timezone_strategy(TimezoneStrategy::UseLocal)
        .level(log::LevelFilter::Warn)
        .level_for("travesia", log::LevelFilter::Info)
        .level_for("travesia_api", log::LevelFilter::Info)
        .level_for("travesia_store", log::LevelFilter::Info)
        .level_for("travesia_render", log::LevelFilter::Info)
        .build()
}

/// Panics go to the log (with where they happened) before the usual report.
pub fn log_panics() {
    let earlier = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        log::error!("{}", panic_line(info));
        earlier(info);
    }));
}

/// One line for a panic: its message and its place.
pub fn panic_line(info: &std::panic::PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into());
    let place = info
        .location()
        .map(|l| format!("{}:{}", l.file(), l.line()))
        .unwrap_or_else(|| "an unknown place".into());
    let thread = std::thread::current();
    format!(
        "panic in thread {} at {place}: {message}",
        thread.name().unwrap_or("(unnamed)")
    )
}

fn not_shown(what: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::new(
        ErrorCode::Io,
        format!("{} could not be shown: {e}", what.display()),
    )
}

/// Shows `file` in the desktop's file manager (selected, where the file
/// manager can), else opens its folder.
pub fn reveal(file: &Path) -> Result<(), AppError> {
    match tauri_plugin_opener::reveal_item_in_dir(file) {
        Ok(()) => Ok(()),
        Err(e) => {
            log::info!("no file manager selects files here ({e}); opening the folder");
            let dir = file.parent().unwrap_or(Path::new("/"));
            tauri_plugin_opener::open_path(dir, None::<&str>).map_err(|e| not_shown(dir, e))
        }
    }
}

/// The folder the log is written to.
pub fn log_folder<R: Runtime>(app: &tauri::AppHandle<R>) -> Result<PathBuf, AppError> {
    app.path()
        .app_log_dir()
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
}

/// Help → Open logs folder.
pub fn open_logs_folder<R: Runtime>(cx: &Cx<R>) -> Result<(), AppError> {
    let dir = log_folder(cx.app())?;
    std::fs::create_dir_all(&dir).map_err(|e| not_shown(&dir, e))?;
    tauri_plugin_opener::open_path(&dir, None::<&str>).map_err(|e| not_shown(&dir, e))
}

/// What "Copy as image" put on the clipboard.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct CopiedImage {
    pub width: u32,
    pub height: u32,
}

/// Pixels a Scene pixel in a copied picture: sharp on a high-density screen
/// and in a document it is pasted into.
pub const COPY_SCALE: f32 = 2.0;
/// Room left around the cards copied, in Scene pixels.
const COPY_MARGIN: f32 = 16.0;

/// The part of the Scene a copy takes: the cards `cards` (with a margin), or
/// the whole map when none is given or none is drawn.
pub fn copy_region(scene: &travesia_layout::Scene, cards: &[String]) -> (f32, f32, f32, f32) {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for h in &scene.hits {
        if let Target::Card { id } = &h.target {
            if cards.contains(id) {
                (x0, y0) = (x0.min(h.x), y0.min(h.y));
                (x1, y1) = (x1.max(h.x + h.w), y1.max(h.y + h.h));
            }
        }
    }
    if x0 > x1 {
        return (0.0, 0.0, scene.width, scene.height);
    }
    let (x0, y0) = ((x0 - COPY_MARGIN).max(0.0), (y0 - COPY_MARGIN).max(0.0));
    let (x1, y1) = (
        (x1 + COPY_MARGIN).min(scene.width),
        (y1 + COPY_MARGIN).min(scene.height),
    );
    (x0, y0, x1 - x0, y1 - y0)
}

/// Edit → Copy as image: the chosen cards, or the whole map, as a picture
/// on the clipboard (drawn as the poster draws it).
pub fn copy_image<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    cards: Vec<String>,
) -> Result<CopiedImage, AppError> {
    let state = cx.state();
    let source = state.with_library(|lib| Source::from_library(lib, &id))?;
    let scene = state.engine.scene_with(
        &source.printed(source.persona.as_deref()),
        source.look(false, true),
    )?;
    let region = copy_region(&scene, &cards);
    let (width, height, rgba) = travesia_render::preview::region_rgba(&scene, region, COPY_SCALE)
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    let clipboard = cx
        .app()
        .try_state::<tauri_plugin_clipboard_manager::Clipboard<R>>()
        .ok_or_else(|| AppError::new(ErrorCode::Internal, "no clipboard here"))?;
    clipboard
        .write_image(&tauri::image::Image::new_owned(rgba, width, height))
        .map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("the clipboard refused the picture: {e}"),
            )
        })?;
    log::info!("copied {width} × {height} px of the map to the clipboard");
    Ok(CopiedImage { width, height })
}

#[cfg(test)]
mod tests {
    use super::*;

    static LINES: Mutex<Vec<String>> = Mutex::new(Vec::new());

    struct Keep;
    impl log::Log for Keep {
        fn enabled(&self, _: &log::Metadata) -> bool {
            true
        }
        fn log(&self, record: &log::Record) {
            LINES
                .lock()
                .unwrap()
                .push(format!("{} {}", record.level(), record.args()));
        }
        fn flush(&self) {}
    }

    /// A panic anywhere in the app reaches the log with its message and place.
    #[test]
    fn a_panic_is_logged_with_its_message_and_place() {
        log::set_logger(&Keep).unwrap();
        log::set_max_level(log::LevelFilter::Info);
        log_panics();
        let r = std::thread::Builder::new()
            .name("worker".into())
            .spawn(|| panic!("the layout of «Compra» failed"))
            .unwrap()
            .join();
        assert!(r.is_err());
        let _ = std::panic::take_hook();
        let lines = LINES.lock().unwrap().clone();
        let line = lines
            .iter()
            .find(|l| l.contains("panic"))
            .unwrap_or_else(|| panic!("no panic in the log: {lines:?}"));
        assert!(
            line.starts_with("ERROR panic in thread worker at "),
            "{line}"
        );
        assert!(line.contains("src/desktop.rs:"), "{line}");
        assert!(line.ends_with(": the layout of «Compra» failed"), "{line}");
    }

    #[test]
    fn the_window_keeps_size_place_and_maximized_but_not_full_screen() {
        let f = window_flags();
        assert!(f.contains(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED));
        assert!(!f.contains(StateFlags::FULLSCREEN));
        assert!(!f.contains(StateFlags::VISIBLE));
    }

    #[test]
    fn a_copy_takes_the_chosen_cards_with_a_margin_or_the_whole_map() {
        let map = travesia_core::templates::load("three-stages", "es").unwrap();
        let scene = travesia_layout::layout(&map, &mut travesia_layout::TextEngine::new());
        assert_eq!(
            copy_region(&scene, &[]),
            (0.0, 0.0, scene.width, scene.height)
        );
        assert_eq!(
            copy_region(&scene, &["no-such-card".into()]),
            (0.0, 0.0, scene.width, scene.height)
        );
        let card = |id: &str| {
            scene
                .hits
                .iter()
                .find(|h| matches!(&h.target, Target::Card { id: c } if c == id))
                .unwrap()
                .clone()
        };
        let (a, b) = (&map.cards[0].id, &map.cards[map.cards.len() - 1].id);
        let (ha, hb) = (card(a), card(b));
        let (x, y, w, h) = copy_region(&scene, &[a.clone(), b.clone()]);
        assert!(x <= ha.x.min(hb.x) - COPY_MARGIN + 0.01 || x == 0.0);
        assert!(y <= ha.y.min(hb.y) - COPY_MARGIN + 0.01 || y == 0.0);
        assert!(x + w >= (ha.x + ha.w).max(hb.x + hb.w));
        assert!(y + h >= (ha.y + ha.h).max(hb.y + hb.h));
        assert!(
            w < scene.width || h < scene.height,
            "less than the whole map"
        );
    }
}
