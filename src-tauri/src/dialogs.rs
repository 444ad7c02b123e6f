//! The native file choosers. They are opened from Rust, never from the page:
//! a path the app reads or writes always comes from the person at a dialog
//! (or the command line, or a file dropped on the window), so nothing the
//! webview runs can name a file.
//!
//! End-to-end tests cannot click inside a GTK file chooser over WebDriver, so
//! a build with the `test-hooks` feature (only the one the end-to-end tests
//! run, `make build-e2e`) reads scripted answers: when
//! `TRAVESIA_TEST_DIALOG_ANSWERS` names a file, each dialog takes its first
//! line as the chosen path (an empty line or no line is "Cancel"). The app
//! as built by `make run` and packaged in the `.deb` has no such switch: the
//! code is not in it.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

#[cfg(feature = "test-hooks")]
pub const ANSWERS_ENV: &str = "TRAVESIA_TEST_DIALOG_ANSWERS";

/// A build without test hooks: every dialog is the person's.
#[cfg(not(feature = "test-hooks"))]
fn scripted() -> Option<Option<PathBuf>> {
    None
}

/// Takes the next scripted answer, when the tests script the dialogs.
#[cfg(feature = "test-hooks")]
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

    /// What `make run` builds and the `.deb` ships: a dialog answer in the
    /// environment is never taken (the file it names is left as it was).
    #[cfg(not(feature = "test-hooks"))]
    #[test]
    fn a_build_without_test_hooks_takes_no_scripted_answer() {
        let dir = std::env::temp_dir().join(format!("travesia-hooks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let answers = dir.join("answers");
        std::fs::write(&answers, "/tmp/chosen.pdf\n").unwrap();
        std::env::set_var("TRAVESIA_TEST_DIALOG_ANSWERS", &answers);
        assert_eq!(scripted(), None);
        assert_eq!(
            std::fs::read_to_string(&answers).unwrap(),
            "/tmp/chosen.pdf\n"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The end-to-end build takes the answers in order, one per dialog.
    #[cfg(feature = "test-hooks")]
    #[test]
    fn the_test_build_takes_scripted_answers_one_per_dialog() {
        let dir = std::env::temp_dir().join(format!("travesia-hooks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let answers = dir.join("answers");
        std::fs::write(&answers, "/tmp/a.pdf\n\n").unwrap();
        std::env::set_var(ANSWERS_ENV, &answers);
        assert_eq!(scripted(), Some(Some(PathBuf::from("/tmp/a.pdf"))));
        assert_eq!(scripted(), Some(None));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
