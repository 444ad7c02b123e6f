//! What the running app holds: the library, or why it could not be opened.

use std::path::PathBuf;
use std::sync::Mutex;

use travesia_layout::TextEngine;
use travesia_store::{Library, StoreError};

use crate::commands::MapView;
use crate::error::{AppError, ErrorCode};

pub struct AppState {
    library: Mutex<Result<Library, AppError>>,
    /// Shaped lines are kept between edits, so a one-card edit re-shapes one card.
    engine: Mutex<TextEngine>,
    pub path: PathBuf,
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
        }
    }

    /// Runs `change` on the library, then lays out the map `id` as it is now.
    pub fn view(
        &self,
        id: &str,
        change: impl FnOnce(&mut Library) -> Result<(), StoreError>,
    ) -> Result<MapView, AppError> {
        self.with_library(|lib| {
            change(lib)?;
            let history = lib.history_state(id)?;
            let map = lib.load(id)?;
            let mut engine = self
                .engine
                .lock()
                .map_err(|_| AppError::new(ErrorCode::Internal, "the layout lock was poisoned"))?;
            let scene = travesia_layout::layout(&map, &mut engine);
            Ok(MapView {
                id: id.to_string(),
                map,
                scene,
                history,
            })
        })
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
