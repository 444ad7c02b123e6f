//! What the running app holds: the library, or why it could not be opened.

use std::path::PathBuf;
use std::sync::Mutex;

use travesia_store::Library;

use crate::error::{AppError, ErrorCode};

pub struct AppState {
    library: Mutex<Result<Library, AppError>>,
    pub path: PathBuf,
}

impl AppState {
    /// Opens the library; a refusal is kept and shown to the user by every
    /// command, instead of the app failing to start.
    pub fn open(path: PathBuf) -> AppState {
        let library = Library::open(&path).map_err(AppError::from);
        AppState {
            library: Mutex::new(library),
            path,
        }
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
