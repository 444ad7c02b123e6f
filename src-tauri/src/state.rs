//! What the running window holds: the shared layer's session on the library,
//! and what only a window has (files dropped on it, the export under way).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use travesia_api::import::OpenedFile;
use travesia_api::Session;
use travesia_core::format::Document;

/// Valid parts of refused files kept for the window to import; the oldest
/// go first past this many.
const VALID_PARTS_KEPT: usize = 16;

pub struct AppState {
    /// The library, the layout engine and the view last answered.
    pub session: Session,
    /// Files opened from outside the page, waiting for it to take them.
    opened: Mutex<Vec<OpenedFile>>,
    /// Set by the export dialog's Cancel; the running export stops at its next step.
    pub export_cancel: AtomicBool,
    /// The last file an export wrote: the only folder "show in folder" opens.
    pub last_export: Mutex<Option<PathBuf>>,
    /// The valid parts of refused files, by token, newest last.
    valid_parts: Mutex<(u32, Vec<(u32, Document)>)>,
    /// Images dropped on the window, by token, newest last: the page says
    /// which persona each is for, and only these files can become photos.
    dropped_images: Mutex<(u32, Vec<(u32, PathBuf)>)>,
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
            valid_parts: Mutex::new((0, Vec::new())),
            dropped_images: Mutex::new((0, Vec::new())),
        }
    }

    /// Keeps the valid part of each refused file, and gives it its token.
    pub fn keep_valid_part(&self, file: &mut OpenedFile) {
        let Some(part) = file.error.as_mut().and_then(|e| e.valid_part.as_mut()) else {
            return;
        };
        let Some(doc) = part.doc.take() else { return };
        if let Ok(mut kept) = self.valid_parts.lock() {
            kept.0 = kept.0.wrapping_add(1).max(1);
            let token = kept.0;
            kept.1.push((token, *doc));
            if kept.1.len() > VALID_PARTS_KEPT {
                kept.1.remove(0);
            }
            part.token = token;
        }
    }

    /// The valid part a token names, taken (it is imported once).
    pub fn take_valid_part(&self, token: u32) -> Option<Document> {
        let mut kept = self.valid_parts.lock().ok()?;
        let at = kept.1.iter().position(|(t, _)| *t == token)?;
        Some(kept.1.remove(at).1)
    }

    /// Keeps a dropped image for the page to ask for; answers its token.
    pub fn keep_dropped_image(&self, path: PathBuf) -> u32 {
        let Ok(mut kept) = self.dropped_images.lock() else {
            return 0;
        };
        kept.0 = kept.0.wrapping_add(1).max(1);
        let token = kept.0;
        kept.1.push((token, path));
        if kept.1.len() > VALID_PARTS_KEPT {
            kept.1.remove(0);
        }
        token
    }

    /// The dropped image a token names, taken (it is used once).
    pub fn take_dropped_image(&self, token: u32) -> Option<PathBuf> {
        let mut kept = self.dropped_images.lock().ok()?;
        let at = kept.1.iter().position(|(t, _)| *t == token)?;
        Some(kept.1.remove(at).1)
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
