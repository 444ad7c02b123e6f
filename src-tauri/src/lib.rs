//! The Travesía app: the Tauri window and, in the same binary, the command line.
//! This is the only crate that imports `tauri`.

pub mod actions;
pub mod bindings;
pub mod cli;
pub mod commands;
pub mod error;
pub mod state;

use std::path::PathBuf;

use tauri::Runtime;

/// The identifier the library folder is named after (`~/.local/share/<id>/`).
pub const IDENTIFIER: &str = "app.travesia.editor";

/// The library path: `--db`, else `TRAVESIA_DB`, else the OS data dir.
pub fn library_path(db: Option<PathBuf>) -> PathBuf {
    db.unwrap_or_else(|| travesia_store::default_path(IDENTIFIER))
}

/// Entry point of the binary: a subcommand runs headless, otherwise the window opens.
pub fn main_entry() -> i32 {
    match cli::parse() {
        cli::Parsed::Exit(code) => code,
        cli::Parsed::Command(args) => cli::run(args),
        cli::Parsed::Gui { db } => {
            run(library_path(db));
            0
        }
    }
}

/// Builds the app on any runtime, so tests can use a mock runtime.
pub fn builder<R: Runtime>(db: PathBuf) -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .manage(state::AppState::open(db))
        .invoke_handler(tauri::generate_handler![
            commands::list_maps,
            commands::list_templates,
            commands::create_map,
            commands::delete_map,
            commands::open_map,
            commands::apply_edit,
            commands::undo,
            commands::redo,
            commands::system_locale,
            commands::get_setting,
            commands::set_setting,
            commands::set_window_title,
        ])
}

/// Starts the window.
pub fn run(db: PathBuf) {
    if let Err(e) = builder::<tauri::Wry>(db).run(tauri::generate_context!()) {
        eprintln!("travesia: the window could not start: {e}");
        std::process::exit(1);
    }
}
