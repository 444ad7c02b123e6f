//! The shared layer: every operation the window and the command line both
//! offer, written once. The window's Tauri commands (`src-tauri/src`) and the
//! CLI's subcommands (`src-tauri/cli`) are adapters of a few lines over it:
//! they take their arguments, call a function here and turn its answer into
//! IPC or into text. No rule lives in one front end only.
//!
//! Below it: `travesia-core` (model, edits, format), `travesia-store` (the
//! SQLite library), `travesia-layout` (map → Scene) and `travesia-render`
//! (Scene → SVG, PNG, PDF). Nothing below depends on this crate.

#![forbid(unsafe_code)]

pub mod compare;
pub mod error;
pub mod export;
pub mod hidden;
pub mod import;
pub mod instance;
pub mod maps;
pub mod problems;
pub mod session;
pub mod settings;
pub mod sheets;
pub mod view;

use std::path::PathBuf;

pub use error::{AppError, ErrorCode};
pub use session::{Engine, Session};
pub use view::{CardLook, CardsAhead, MapView, ViewPatch, ViewUpdate};

/// The identifier the library folder is named after (`~/.local/share/<id>/`).
pub const IDENTIFIER: &str = "app.travesia.editor";

/// The library path: `--db`, else `TRAVESIA_DB`, else the OS data dir.
pub fn library_path(db: Option<PathBuf>) -> PathBuf {
    db.unwrap_or_else(|| travesia_store::default_path(IDENTIFIER))
}
