//! What the running app holds: the library, or why it could not be opened.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

use travesia_core::Map;
use travesia_layout::TextEngine;
use travesia_store::{Library, StoreError};

use crate::commands::{MapView, ViewPatch, ViewUpdate};
use crate::error::{AppError, ErrorCode};
use crate::files::OpenedFile;

/// The settings key that lists a map's hidden routes (a JSON array of ids).
fn hidden_key(id: &str) -> String {
    format!("hidden_routes.{id}")
}

/// The routes of map `id` the person has hidden (on screen and in exports).
pub fn hidden_routes(lib: &Library, id: &str) -> Vec<String> {
    lib.get_setting(&hidden_key(id))
        .ok()
        .flatten()
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default()
}

pub fn set_hidden_routes(lib: &Library, id: &str, hidden: &[String]) -> Result<(), StoreError> {
    if hidden.is_empty() {
        lib.remove_setting(&hidden_key(id))
    } else {
        lib.set_setting(
            &hidden_key(id),
            &serde_json::to_string(hidden).unwrap_or_else(|_| "[]".into()),
        )
    }
}

/// The map as it is drawn: without its hidden routes.
pub fn drawn<'a>(map: &'a Map, hidden: &[String]) -> Cow<'a, Map> {
    match &map.routes {
        Some(routes) if routes.iter().any(|r| hidden.contains(&r.id)) => {
            let mut m = map.clone();
            if let Some(rs) = m.routes.as_mut() {
                rs.retain(|r| !hidden.contains(&r.id));
            }
            Cow::Owned(m)
        }
        _ => Cow::Borrowed(map),
    }
}

/// Keeps `view` in `sent` as the base of the next patch. The view it
/// replaces is dropped off the answering thread: freeing a large map's Scene
/// (thousands of items) takes a fair part of an answer.
fn remember(sent: &mut Option<MapView>, view: MapView) {
    if let Some(old) = sent.replace(view) {
        // Should no thread start, it is dropped here, as it would have been.
        let _ = std::thread::Builder::new()
            .name("discard".into())
            .spawn(move || drop(old));
    }
}

pub struct AppState {
    library: Mutex<Result<Library, AppError>>,
    /// Shaped lines are kept between edits, so a one-card edit re-shapes one card.
    engine: Mutex<TextEngine>,
    pub path: PathBuf,
    /// Files opened from outside the page, waiting for it to take them.
    opened: Mutex<Vec<OpenedFile>>,
    /// Set by the export dialog's Cancel; the running export stops at its next step.
    pub export_cancel: AtomicBool,
    /// The last file an export wrote: the only folder "show in folder" opens.
    pub last_export: Mutex<Option<PathBuf>>,
    /// The view last answered (one map is open at a time): the base of the
    /// next patch for that map.
    sent: Mutex<Option<MapView>>,
    /// Numbers the views answered (`MapView::rev`).
    revision: AtomicU32,
}

impl AppState {
    /// Opens the library; a refusal is kept and shown to the user by every
    /// command, instead of the app failing to start.
    pub fn open(path: PathBuf) -> AppState {
        let library = Library::open(&path).map_err(AppError::from);
        AppState {
            library: Mutex::new(library),
            engine: Mutex::new(TextEngine::new()),
            path,
            opened: Mutex::new(Vec::new()),
            export_cancel: AtomicBool::new(false),
            last_export: Mutex::new(None),
            sent: Mutex::new(None),
            revision: AtomicU32::new(0),
        }
    }

    /// Runs `change` on the library, then lays out the map `id` as it is now:
    /// the whole view, which later answers for this map are patches of.
    pub fn view(
        &self,
        id: &str,
        change: impl FnOnce(&mut Library) -> Result<(), StoreError>,
    ) -> Result<MapView, AppError> {
        let view = self.new_view(id, change)?;
        remember(&mut *self.sent_view()?, view.clone());
        Ok(view)
    }

    /// Like [`AppState::view`], answered as a patch of the view last answered
    /// for this map (the whole view when there is none).
    pub fn view_update(
        &self,
        id: &str,
        change: impl FnOnce(&mut Library) -> Result<(), StoreError>,
    ) -> Result<ViewUpdate, AppError> {
        let view = self.new_view(id, change)?;
        let mut sent = self.sent_view()?;
        let update = match sent.as_ref().filter(|old| old.id == id) {
            Some(old) => ViewUpdate::Patch {
                patch: ViewPatch::between(old, &view),
            },
            None => ViewUpdate::Full { view: view.clone() },
        };
        remember(&mut sent, view);
        Ok(update)
    }

    fn sent_view(&self) -> Result<MutexGuard<'_, Option<MapView>>, AppError> {
        self.sent
            .lock()
            .map_err(|_| AppError::new(ErrorCode::Internal, "the views lock was poisoned"))
    }

    fn new_view(
        &self,
        id: &str,
        change: impl FnOnce(&mut Library) -> Result<(), StoreError>,
    ) -> Result<MapView, AppError> {
        self.with_library(|lib| {
            change(lib)?;
            let history = lib.history_state(id)?;
            let map = lib.load(id)?;
            let hidden_routes = hidden_routes(lib, id);
            let mut engine = self
                .engine
                .lock()
                .map_err(|_| AppError::new(ErrorCode::Internal, "the layout lock was poisoned"))?;
            let scene = travesia_layout::layout(&drawn(&map, &hidden_routes), &mut engine);
            Ok(MapView {
                id: id.to_string(),
                rev: self
                    .revision
                    .fetch_add(1, Ordering::Relaxed)
                    .wrapping_add(1),
                map,
                scene,
                history,
                hidden_routes,
            })
        })
    }

    /// Why the library did not open, if it did not.
    pub fn open_error(&self) -> Option<AppError> {
        match self.library.lock() {
            Ok(guard) => guard.as_ref().err().cloned(),
            Err(_) => Some(AppError::new(
                ErrorCode::Internal,
                "the library lock was poisoned",
            )),
        }
    }

    /// Runs `fix` on the library file while nothing has it open, then opens
    /// it again (restoring a backup).
    pub fn replace_library<T>(
        &self,
        fix: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, AppError> {
        let mut guard = self
            .library
            .lock()
            .map_err(|_| AppError::new(ErrorCode::Internal, "the library lock was poisoned"))?;
        // Close whatever is open first.
        *guard = Err(AppError::new(
            ErrorCode::Internal,
            "the library is being replaced",
        ));
        let result = fix().map_err(AppError::from);
        *guard = Library::open(&self.path).map_err(AppError::from);
        let value = result?;
        if let Err(e) = guard.as_ref() {
            return Err(e.clone());
        }
        Ok(value)
    }

    pub fn push_opened(&self, files: Vec<OpenedFile>) {
        if let Ok(mut q) = self.opened.lock() {
            q.extend(files);
        }
    }

    pub fn take_opened(&self) -> Vec<OpenedFile> {
        self.opened
            .lock()
            .map(|mut q| std::mem::take(&mut *q))
            .unwrap_or_default()
    }

    pub fn cancelled(&self) -> bool {
        self.export_cancel.load(Ordering::Relaxed)
    }

    /// Lays out a map without storing anything (previews, exports).
    pub fn scene_of(&self, map: &travesia_core::Map) -> Result<travesia_layout::Scene, AppError> {
        let mut engine = self
            .engine
            .lock()
            .map_err(|_| AppError::new(ErrorCode::Internal, "the layout lock was poisoned"))?;
        Ok(travesia_layout::layout(map, &mut engine))
    }

    pub fn with_library<T>(
        &self,
        f: impl FnOnce(&mut Library) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut guard = self
            .library
            .lock()
            .map_err(|_| AppError::new(ErrorCode::Internal, "the library lock was poisoned"))?;
        match guard.as_mut() {
            Ok(lib) => f(lib),
            Err(e) => Err(e.clone()),
        }
    }
}
