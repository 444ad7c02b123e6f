//! The native file choosers. They are opened from Rust, never from the page:
//! a path the app reads or writes always comes from the person at a dialog
//! (or the command line, or a file dropped on the window), so nothing the
//! webview runs can name a file.
//!
//! End-to-end tests cannot click inside a GTK file chooser over WebDriver, so
//! when `TRAVESIA_TEST_DIALOG_ANSWERS` names a file, each dialog takes its
//! first line as the chosen path (an empty line or no line is "Cancel").

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

pub const ANSWERS_ENV: &str = "TRAVESIA_TEST_DIALOG_ANSWERS";

/// Takes the next scripted answer, when the tests script the dialogs.
fn scripted() -> Option<Option<PathBuf>> {
    let file = PathBuf::from(std::env::var_os(ANSWERS_ENV)?);
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("").trim().to_string();
    let rest: Vec<&str> = lines.collect();
    let _ = std::fs::write(&file, rest.join("\n"));
    Some((!first.is_empty()).then(|| PathBuf::from(first)))
}

/// Filters a dialog shows: (name, extensions).
pub type Filter<'a> = (&'a str, &'a [&'a str]);

pub fn pick_file<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    filters: &[Filter],
) -> Option<PathBuf> {
    if let Some(answer) = scripted() {
        return answer;
    }
    let mut d = app.dialog().file().set_title(title);
    for (name, ext) in filters {
        d = d.add_filter(*name, ext);
    }
    d.blocking_pick_file().and_then(|p| p.into_path().ok())
}

pub fn save_file<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    filters: &[Filter],
) -> Option<PathBuf> {
    if let Some(answer) = scripted() {
        return answer;
    }
    let mut d = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name);
    for (name, ext) in filters {
        d = d.add_filter(*name, ext);
    }
    d.blocking_save_file().and_then(|p| p.into_path().ok())
}

/// A file name made from a map's title: letters, digits, spaces and dashes,
/// at most 80 characters ("Compra de zapatillas online.pdf").
pub fn file_name(title: &str, ext: &str) -> String {
    let clean: String = title
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' || c == '-' || c == '_' {
                c
            } else {
                ' '
            }
        })
        .take(80)
        .collect();
    let words: Vec<&str> = clean.split_whitespace().collect();
    let stem = if words.is_empty() {
        "mapa".to_string()
    } else {
        words.join(" ")
    };
    format!("{stem}.{ext}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_letters_and_drop_path_characters() {
        assert_eq!(
            file_name("Compra de zapatillas", "pdf"),
            "Compra de zapatillas.pdf"
        );
        assert_eq!(file_name("../../etc/passwd", "png"), "etc passwd.png");
        assert_eq!(file_name("Señal: ¿duda?", "svg"), "Señal duda.svg");
        assert_eq!(file_name("///", "travesia"), "mapa.travesia");
    }
}
