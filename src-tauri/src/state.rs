//! What the running window holds: the shared layer's session on the library,
//! and what only a window has (files dropped on it, the export under way).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use travesia_api::import::OpenedFile;
use travesia_api::Session;
use travesia_core::format::Document;

/// Things kept for the page to ask for by token (valid parts of refused
/// files, dropped images); the oldest go first past this many.
const KEPT: usize = 16;

/// Things the page asks for by a token it was given, each taken once.
struct Tokens<T> {
    last: u32,
    kept: Vec<(u32, T)>,
}

impl<T> Tokens<T> {
    const fn new() -> Tokens<T> {
        Tokens {
            last: 0,
            kept: Vec::new(),
        }
    }

    /// Keeps `thing` (the oldest goes past [`KEPT`]); answers its token.
    fn keep(&mut self, thing: T) -> u32 {
        self.last = self.last.wrapping_add(1).max(1);
        self.kept.push((self.last, thing));
        if self.kept.len() > KEPT {
            self.kept.remove(0);
        }
        self.last
    }

    fn take(&mut self, token: u32) -> Option<T> {
        let at = self.kept.iter().position(|(t, _)| *t == token)?;
        Some(self.kept.remove(at).1)
    }
}

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
    valid_parts: Mutex<Tokens<Document>>,
    /// Images dropped on the window, by token, newest last: the page says
    /// which persona each is for, and only these files can become photos.
    dropped_images: Mutex<Tokens<PathBuf>>,
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
            valid_parts: Mutex::new(Tokens::new()),
            dropped_images: Mutex::new(Tokens::new()),
        }
    }

    /// Keeps the valid part of each refused file, and gives it its token.
    pub fn keep_valid_part(&self, file: &mut OpenedFile) {
        let Some(part) = file.error.as_mut().and_then(|e| e.valid_part.as_mut()) else {
            return;
        };
        let Some(doc) = part.doc.take() else { return };
        if let Ok(mut kept) = self.valid_parts.lock() {
            part.token = kept.keep(*doc);
        }
    }

    /// The valid part a token names, taken (it is imported once).
    pub fn take_valid_part(&self, token: u32) -> Option<Document> {
        self.valid_parts.lock().ok()?.take(token)
    }

    /// Keeps a dropped image for the page to ask for; answers its token.
    pub fn keep_dropped_image(&self, path: PathBuf) -> u32 {
        self.dropped_images
            .lock()
            .map(|mut kept| kept.keep(path))
            .unwrap_or(0)
    }

    /// The dropped image a token names, taken (it is used once).
    pub fn take_dropped_image(&self, token: u32) -> Option<PathBuf> {
        self.dropped_images.lock().ok()?.take(token)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_gives_its_thing_once_and_the_oldest_go_past_the_limit() {
        let mut t = Tokens::new();
        let first = t.keep("a");
        let second = t.keep("b");
        assert_ne!(first, second);
        assert_eq!(t.take(second), Some("b"));
        assert_eq!(t.take(second), None, "taken once");
        for i in 0..KEPT {
            t.keep(if i % 2 == 0 { "c" } else { "d" });
        }
        assert_eq!(t.take(first), None, "the oldest went");
        assert_eq!(t.kept.len(), KEPT);
        assert_eq!(t.take(0), None, "no thing has token 0");
    }
}
