//! The window around the page: the native menu bar, full screen for
//! presenting, and one running instance per library.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tauri::menu::{Menu, MenuItem, MenuItemBuilder, PredefinedMenuItem, Submenu, SubmenuBuilder};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use travesia_api::{AppError, ErrorCode};
use travesia_i18n::Catalogue;

use crate::ipc::Cx;

/// One entry of the menu bar: its id (sent to the page as the `menu` event;
/// its label is the catalogue's `menu.item.<id>`), and its accelerator.
///
/// Keys that text fields use themselves (Ctrl+Z, Ctrl+C, Ctrl+V, Delete…)
/// are not given to GTK, which would take them from the field being typed
/// in; the page handles them, and the label shows them.
pub struct Entry {
    pub id: &'static str,
    pub accel: Option<&'static str>,
    /// Needs an open map.
    pub needs_map: bool,
}

const fn e(id: &'static str, accel: Option<&'static str>, needs_map: bool) -> Entry {
    Entry {
        id,
        accel,
        needs_map,
    }
}

/// The menu bar: (submenu, its entries); a submenu's label is the catalogue's
/// `menu.<submenu>`. `None` entries are separators.
pub const MENUS: &[(&str, &[Option<Entry>])] = &[
    (
        "file",
        &[
            Some(e("new_map", Some("CmdOrCtrl+N"), false)),
            Some(e("open_file", Some("CmdOrCtrl+O"), false)),
            Some(e("save_as", Some("CmdOrCtrl+Shift+S"), true)),
            Some(e("update_from_sheet", None, true)),
            None,
            Some(e("export", Some("CmdOrCtrl+E"), true)),
            Some(e("print", Some("CmdOrCtrl+P"), true)),
            None,
            Some(e("library", Some("CmdOrCtrl+L"), true)),
            Some(e("settings", Some("CmdOrCtrl+Comma"), false)),
            None,
            Some(e("quit", Some("CmdOrCtrl+Q"), false)),
        ],
    ),
    (
        "edit",
        &[
            Some(e("undo", None, true)),
            Some(e("redo", None, true)),
            Some(e("history", None, true)),
            None,
            Some(e("copy", None, true)),
            Some(e("copy_image", Some("CmdOrCtrl+Shift+C"), true)),
            Some(e("paste", None, true)),
            Some(e("duplicate", None, true)),
            Some(e("delete", None, true)),
        ],
    ),
    (
        "view",
        &[
            Some(e("zoom_in", Some("CmdOrCtrl+="), true)),
            Some(e("zoom_out", Some("CmdOrCtrl+-"), true)),
            Some(e("zoom_reset", Some("CmdOrCtrl+0"), true)),
            Some(e("zoom_fit", Some("CmdOrCtrl+9"), true)),
            None,
            Some(e("present", Some("F5"), true)),
        ],
    ),
    (
        "map",
        &[
            Some(e("personas", Some("CmdOrCtrl+Shift+P"), true)),
            Some(e("routes", Some("CmdOrCtrl+Shift+R"), true)),
            Some(e("channels", None, true)),
            None,
            Some(e("snapshot", Some("CmdOrCtrl+Shift+V"), true)),
            Some(e("versions", Some("CmdOrCtrl+Shift+H"), true)),
        ],
    ),
    (
        "help",
        &[
            Some(e("shortcuts", Some("F1"), false)),
            Some(e("guide", None, false)),
            None,
            Some(e("logs", None, false)),
            Some(e("about", None, false)),
        ],
    ),
];

/// Menu items by id.
pub type ItemsById<R> = HashMap<&'static str, MenuItem<R>>;

/// The menu bar's parts, kept to relabel and enable them in place (building
/// a new menu would make GTK drop and re-add every accelerator).
pub struct MenuParts<R: Runtime> {
    items: ItemsById<R>,
    submenus: Vec<Submenu<R>>,
    lang: String,
}

/// The menu bar's parts, once installed.
pub struct MenuState<R: Runtime>(pub Mutex<MenuParts<R>>);

/// Builds the menu bar in `lang` (any locale: the catalogue it picks).
pub fn build_menu<R: Runtime>(
    app: &AppHandle<R>,
    lang: &str,
) -> tauri::Result<(Menu<R>, MenuParts<R>)> {
    let c = Catalogue::of(lang);
    let mut items = HashMap::new();
    let mut subs: Vec<Submenu<R>> = Vec::new();
    for (key, entries) in MENUS {
        let mut sub = SubmenuBuilder::new(app, c.t(&format!("menu.{key}")));
        for entry in entries.iter() {
            match entry {
                None => sub = sub.item(&PredefinedMenuItem::separator(app)?),
                Some(entry) => {
                    let label = c.t(&format!("menu.item.{}", entry.id)).to_string();
                    let mut b = MenuItemBuilder::with_id(entry.id, label);
                    if let Some(a) = entry.accel {
                        b = b.accelerator(a);
                    }
                    let item = b.enabled(!entry.needs_map).build(app)?;
                    sub = sub.item(&item);
                    items.insert(entry.id, item);
                }
            }
        }
        subs.push(sub.build()?);
    }
    let refs: Vec<&dyn tauri::menu::IsMenuItem<R>> = subs
        .iter()
        .map(|s| s as &dyn tauri::menu::IsMenuItem<R>)
        .collect();
    let menu = Menu::with_items(app, &refs)?;
    Ok((
        menu,
        MenuParts {
            items,
            submenus: subs,
            lang: lang.to_string(),
        },
    ))
}

/// Puts the menu bar on the app and keeps its parts.
pub fn install_menu<R: Runtime>(app: &AppHandle<R>, lang: &str) -> tauri::Result<()> {
    let (menu, parts) = build_menu(app, lang)?;
    app.set_menu(menu)?;
    app.manage(MenuState(Mutex::new(parts)));
    Ok(())
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::new(ErrorCode::Internal, e.to_string())
}

/// The menu in the UI's language, and which items make sense now.
pub fn set_menu_state<R: Runtime>(
    cx: &Cx<R>,
    lang: String,
    map_open: bool,
    can_undo: bool,
    can_redo: bool,
) -> Result<(), AppError> {
    let Some(state) = cx.app().try_state::<MenuState<R>>() else {
        return Ok(());
    };
    let mut parts = state.0.lock().map_err(internal)?;
    let c = Catalogue::of(&lang);
    let relabel = Catalogue::of(&parts.lang).lang != c.lang;
    for (i, (key, entries)) in MENUS.iter().enumerate() {
        if relabel {
            if let Some(sub) = parts.submenus.get(i) {
                sub.set_text(c.t(&format!("menu.{key}")))
                    .map_err(internal)?;
            }
        }
        for entry in entries.iter().flatten() {
            let enabled = match entry.id {
                "undo" => map_open && can_undo,
                "redo" => map_open && can_redo,
                _ => !entry.needs_map || map_open,
            };
            if let Some(item) = parts.items.get(entry.id) {
                if relabel {
                    item.set_text(c.t(&format!("menu.item.{}", entry.id)))
                        .map_err(internal)?;
                }
                item.set_enabled(enabled).map_err(internal)?;
            }
        }
    }
    parts.lang = lang;
    Ok(())
}

/// Presentation mode: the window fills the screen, or stops doing so.
pub fn set_fullscreen<R: Runtime>(cx: &Cx<R>, on: bool) -> Result<(), AppError> {
    cx.window().set_fullscreen(on).map_err(internal)
}

pub fn quit_app<R: Runtime>(cx: &Cx<R>) -> Result<(), AppError> {
    cx.app().exit(0);
    Ok(())
}

/// Sends menu clicks to the page as the `menu` event (its payload is the id).
pub fn forward_menu_events<R: Runtime>(app: &AppHandle<R>) {
    app.on_menu_event(|app, event| {
        let _ = app.emit("menu", event.id().0.clone());
    });
}

// ---- one instance per library ----

pub use travesia_api::instance::socket_path;

/// Hands the files to an app already running on this library; true when
/// one took them (this process should then end).
pub fn hand_over(socket: &Path, files: &[PathBuf]) -> bool {
    let Ok(mut stream) = UnixStream::connect(socket) else {
        return false;
    };
    let _ = stream.set_write_timeout(Some(std::time::Duration::from_secs(2)));
    let mut msg = String::from("focus\n");
    for f in files {
        let abs = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        msg.push_str("open\t");
        msg.push_str(&abs.to_string_lossy().replace('\n', " "));
        msg.push('\n');
    }
    stream.write_all(msg.as_bytes()).is_ok()
}

/// Listens for later starts on the same library: they hand over their files
/// and this window comes to the front.
pub fn listen<R: Runtime>(app: AppHandle<R>, socket: PathBuf) {
    let listener = match UnixListener::bind(&socket) {
        Ok(l) => l,
        Err(_) => {
            // A socket left by an app that crashed: nobody answers on it.
            if UnixStream::connect(&socket).is_err() {
                let _ = std::fs::remove_file(&socket);
            }
            match UnixListener::bind(&socket) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("travesia: cannot listen on {}: {e}", socket.display());
                    return;
                }
            }
        }
    };
    let _ = std::thread::Builder::new()
        .name("single-instance".into())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut files = Vec::new();
                for line in BufReader::new(stream)
                    .lines()
                    .map_while(Result::ok)
                    .take(1000)
                {
                    if let Some(p) = line.strip_prefix("open\t") {
                        files.push(PathBuf::from(p));
                    }
                    // The end-to-end tests' stand-in for a file dropped from
                    // the desktop: "drop\tX\tY\tPATH" (only in their build).
                    #[cfg(feature = "test-hooks")]
                    if let Some((x, y, p)) = line.strip_prefix("drop\t").and_then(|rest| {
                        let mut parts = rest.splitn(3, '\t');
                        Some((
                            parts.next()?.parse::<f64>().ok()?,
                            parts.next()?.parse::<f64>().ok()?,
                            PathBuf::from(parts.next()?),
                        ))
                    }) {
                        crate::files::dropped(&app, vec![p], x, y);
                    }
                }
                if let Some(w) = app.get_webview_window("main") {
                    let _ = w.unminimize();
                    let _ = w.show();
                    let _ = w.set_focus();
                }
                crate::files::open_paths(&app, files);
            }
        });
}

/// Removes the socket when the app ends.
pub struct SocketGuard(pub PathBuf);

impl Drop for SocketGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every label of the menu bar is in every catalogue, so a new language
    /// gets a whole menu bar from its file alone.
    #[test]
    fn every_menu_label_is_in_every_catalogue() {
        let mut keys = Vec::new();
        for (sub, entries) in MENUS {
            keys.push(format!("menu.{sub}"));
            keys.extend(
                entries
                    .iter()
                    .flatten()
                    .map(|e| format!("menu.item.{}", e.id)),
            );
        }
        assert!(keys.len() > 25, "{keys:?}");
        for lang in travesia_i18n::langs() {
            let c = Catalogue::of(lang);
            for key in &keys {
                assert_ne!(c.t(key), key.as_str(), "{lang} lacks {key}");
            }
        }
        assert_eq!(Catalogue::of("pt_BR.UTF-8").t("menu.file"), "Arquivo");
    }
}
