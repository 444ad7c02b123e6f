//! What the running window holds: the shared layer's session on the library,
//! and what only a window has (files dropped on it, the export under way).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use travesia_api::import::OpenedFile;
use travesia_api::Session;

pub struct AppState {
    /// The library, the layout engine and the view last answered.
    pub session: Session,
    /// Files opened from outside the page, waiting for it to take them.
    opened: Mutex<Vec<OpenedFile>>,
    /// Set by the export dialog's Cancel; the running export stops at its next step.
    pub export_cancel: AtomicBool,
    /// The last file an export wrote: the only folder "show in folder" opens.
    pub last_export: Mutex<Option<PathBuf>>,
}

impl AppState {
    /// Opens the library; a refusal is kept and shown to the user by every
    /// command, instead of the app failing to start.
    pub fn open(path: PathBuf) -> AppState {
        AppState {
            session: Session::open(path),
            opened: Mutex::new(Vec::new()),
            export_cancel: AtomicBool::new(false),
            last_export: Mutex::new(None),
        }
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
}

/// The window's commands reach the session's operations directly
/// (`state.with_library(…)`, `state.view(…)`).
impl std::ops::Deref for AppState {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.session
    }
}
