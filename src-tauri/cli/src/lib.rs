//! What the command line and the window share without Tauri: parsing the
//! command line and running its commands, the error type that crosses IPC,
//! and where the library lives.

pub mod actions;
pub mod cli;
pub mod error;

use std::path::PathBuf;

/// The identifier the library folder is named after (`~/.local/share/<id>/`).
pub const IDENTIFIER: &str = "app.travesia.editor";

/// The window's binary, installed beside `travesia`.
pub const APP_BINARY: &str = "travesia-app";

/// The library path: `--db`, else `TRAVESIA_DB`, else the OS data dir.
pub fn library_path(db: Option<PathBuf>) -> PathBuf {
    db.unwrap_or_else(|| travesia_store::default_path(IDENTIFIER))
}
