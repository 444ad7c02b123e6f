//! The Travesía app: the Tauri window (`travesia-app`), which also takes the
//! command line's commands (from travesia-cli, the `travesia` binary).
//! This is the only crate that imports `tauri`.

pub mod bindings;
pub mod commands;
pub mod desktop;
pub mod dialogs;
pub mod export;
pub mod files;
pub mod home;
pub mod ipc;
pub mod memory;
pub mod print;
pub mod quiet;
pub mod recovery;
pub mod rendering;
pub mod state;
pub mod versions;
pub mod window;

use std::path::PathBuf;

use tauri::{Manager, Runtime};
pub use travesia_api::{library_path, IDENTIFIER};
pub use travesia_cli::cli;

/// Entry point of the binary: a subcommand runs headless, otherwise the window opens.
pub fn main_entry() -> i32 {
    match cli::parse() {
        cli::Parsed::Exit(code) => code,
        cli::Parsed::Command(args) => {
            travesia_cli::stderr_log::init();
            cli::run(args)
        }
        cli::Parsed::Gui { db, files } => {
            let path = library_path(db);
            // Another window already has this library: it takes the files
            // and comes to the front, and this process ends.
            let socket = window::socket_path(&path);
            if window::hand_over(&socket, &files) {
                return 0;
            }
            let rendering = rendering::apply();
            memory::return_freed_memory();
            memory::trim_when_idle();
            run(path, files, socket, rendering);
            0
        }
    }
}

/// Builds the app on any runtime, so tests can use a mock runtime.
pub fn builder<R: Runtime>(db: PathBuf) -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .plugin(tauri_plugin_dialog::init())
        .manage(state::AppState::open(db))
        .invoke_handler(ipc::handler())
}

/// Starts the window; `files` are opened once it is up.
pub fn run(
    db: PathBuf,
    files: Vec<PathBuf>,
    socket: PathBuf,
    rendering: Option<rendering::Rendering>,
) {
    let _guard = window::SocketGuard(socket.clone());
    let keeper = desktop::WindowKeeper::default();
    let app = builder::<tauri::Wry>(db)
        .plugin(desktop::log_plugin())
        .plugin(desktop::window_state())
        .plugin(tauri_plugin_clipboard_manager::init())
        .setup(move |app| {
            desktop::log_panics();
            let session = &app.state::<state::AppState>().session;
            log::info!(
                "Travesía {} started on the library {}",
                env!("CARGO_PKG_VERSION"),
                session.path.display()
            );
            log::info!("rendering: {rendering:?} (None: WEBKIT_DISABLE_COMPOSITING_MODE was set)");
            if let Some(e) = session.open_error() {
                log::error!("the library did not open: {e}");
            }
            let handle = app.handle().clone();
            // The page sets the menu's language once it has read the preferences;
            // until then it follows the system (the first catalogue when it says nothing).
            let locale = travesia_api::settings::system_locale();
            let lang = match travesia_i18n::pick(&locale) {
                Some(lang) => lang,
                None if locale.is_empty() => travesia_i18n::FIRST,
                None => "en",
            };
            window::install_menu(&handle, lang)?;
            window::forward_menu_events(&handle);
            window::listen(handle.clone(), socket.clone());
            files::open_paths(&handle, files.clone());
            Ok(())
        })
        .on_window_event(move |w, event| match event {
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, position }) => {
                let at = position.to_logical::<f64>(w.scale_factor().unwrap_or(1.0));
                files::dropped(w.app_handle(), paths.clone(), at.x, at.y);
            }
            tauri::WindowEvent::Moved(_) | tauri::WindowEvent::Resized(_) => {
                keeper.changed(w.app_handle());
            }
            _ => {}
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|_, event| {
            if let tauri::RunEvent::Exit = event {
                log::info!("Travesía ended");
            }
        }),
        Err(e) => {
            log::error!("the window could not start: {e}");
            eprintln!("travesia: the window could not start: {e}");
            std::process::exit(1);
        }
    }
}
