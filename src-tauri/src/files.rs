//! `.travesia` files in and out of the library, and persona photos from disk.
//!
//! A file reaches the app from the Open dialog, from the command line
//! (`travesia FILE.travesia`, which is also how the desktop's file association
//! starts it), from a second start while the app runs, or dropped on the
//! window. Each is imported whole or not at all, and the outcome waits in
//! [`AppState`] until the page takes it (`take_opened_files`), so a file given
//! before the page has loaded is not lost.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};
use travesia_core::format::{self, FormatError};

use crate::dialogs;
use crate::error::{AppError, ErrorCode};
use crate::state::AppState;

/// One problem in a file: where (the JSON path), what is there, and why it is refused.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct FileIssue {
    pub path: String,
    /// The offending value as JSON, shortened to 200 characters; none when
    /// the path is missing from the file.
    pub value: Option<String>,
    pub message: String,
}

/// Why a file was refused, in full.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct FileError {
    pub code: ErrorCode,
    pub message: String,
    pub issues: Vec<FileIssue>,
}

/// What became of one file given to the app.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct OpenedFile {
    pub path: String,
    /// The map's id in the library, when it was imported.
    pub id: Option<String>,
    pub error: Option<FileError>,
}

/// The value at a path such as `map.cards[3].score` in a parsed file.
pub fn value_at<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = root;
    for part in path.split('.') {
        let (name, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            cur = cur.get(name)?;
        }
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            let i: usize = index.trim_end_matches(']').parse().ok()?;
            cur = cur.get(i)?;
        }
    }
    Some(cur)
}

fn shorten(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 200 {
        let cut: String = s.chars().take(199).collect();
        format!("{cut}…")
    } else {
        s
    }
}

fn file_error(e: &FormatError, bytes: Option<&[u8]>) -> FileError {
    let code = match e {
        FormatError::Io { .. } => ErrorCode::Io,
        FormatError::NewerVersion(_) => ErrorCode::TooNew,
        _ => ErrorCode::InvalidInput,
    };
    let issues = match e {
        FormatError::Invalid(list) => {
            let root = bytes.and_then(|b| serde_json::from_slice::<Value>(b).ok());
            list.iter()
                .map(|i| FileIssue {
                    path: i.path.clone(),
                    value: root
                        .as_ref()
                        .and_then(|r| value_at(r, &i.path))
                        .map(shorten),
                    message: i.message.clone(),
                })
                .collect()
        }
        _ => Vec::new(),
    };
    FileError {
        code,
        message: e.to_string(),
        issues,
    }
}

/// Reads and imports one file; the library is untouched when it is refused.
pub fn import_path(state: &AppState, path: &Path) -> OpenedFile {
    let shown = path.display().to_string();
    let refused = |error: FileError| OpenedFile {
        path: shown.clone(),
        id: None,
        error: Some(error),
    };
    let bytes = match std::fs::metadata(path) {
        Ok(m) if m.len() > format::MAX_FILE_BYTES => None,
        _ => std::fs::read(path).ok(),
    };
    let doc = match format::read_file(path) {
        Ok(doc) => doc,
        Err(e) => return refused(file_error(&e, bytes.as_deref())),
    };
    match state.with_library(|lib| Ok(lib.import(doc)?)) {
        Ok(id) => OpenedFile {
            path: shown,
            id: Some(id),
            error: None,
        },
        Err(e) => refused(FileError {
            code: e.code,
            message: e.message,
            issues: Vec::new(),
        }),
    }
}

/// Imports files handed to the app from outside the page (command line,
/// second start, drop) and tells the page they are waiting.
pub fn open_paths<R: Runtime>(app: &AppHandle<R>, paths: Vec<std::path::PathBuf>) {
    if paths.is_empty() {
        return;
    }
    let state = app.state::<AppState>();
    let opened: Vec<OpenedFile> = paths.iter().map(|p| import_path(&state, p)).collect();
    state.push_opened(opened);
    let _ = app.emit("files-opened", ());
}

/// The files opened from outside the page since it last asked.
#[tauri::command]
pub fn take_opened_files(state: State<'_, AppState>) -> Vec<OpenedFile> {
    state.take_opened()
}

/// File → Open: the chooser, then the import. `None` when cancelled.
#[tauri::command(async)]
pub fn open_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: String,
) -> Option<OpenedFile> {
    let path = dialogs::pick_file(&app, &title, &[("Travesía", &["travesia", "json"])])?;
    Some(import_path(&state, &path))
}

/// File → Save as: writes the map as a `.travesia` file where the person
/// chose. Answers with the path, or `None` when cancelled.
#[tauri::command(async)]
pub fn save_map_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
    title: String,
) -> Result<Option<String>, AppError> {
    let doc = state.with_library(|lib| Ok(lib.export(&id)?))?;
    let name = dialogs::file_name(&doc.map.title, "travesia");
    let Some(path) = dialogs::save_file(&app, &title, &name, &[("Travesía", &["travesia"])])
    else {
        return Ok(None);
    };
    travesia_core::files::write_atomically(&path, format::to_string(&doc).as_bytes()).map_err(
        |e| {
            AppError::new(
                ErrorCode::Io,
                format!("cannot write {}: {e}", path.display()),
            )
        },
    )?;
    Ok(Some(path.display().to_string()))
}

/// A persona photo from a file: decoded and written again as PNG or JPEG
/// (at most 512 px a side). `None` when cancelled.
#[tauri::command(async)]
pub fn pick_photo<R: Runtime>(
    app: AppHandle<R>,
    title: String,
) -> Result<Option<String>, AppError> {
    let Some(path) = dialogs::pick_file(
        &app,
        &title,
        &[("PNG, JPEG", &["png", "jpg", "jpeg", "PNG", "JPG", "JPEG"])],
    ) else {
        return Ok(None);
    };
    let meta = std::fs::metadata(&path).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    if meta.len() > 32 * 1024 * 1024 {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            "the photo file is over 32 MiB",
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        AppError::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    travesia_store::photo::clean_bytes(&bytes)
        .map(Some)
        .map_err(|e| AppError::new(ErrorCode::InvalidInput, e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_path_finds_the_offending_value() {
        let v: Value = serde_json::json!({
            "map": {"cards": [{"score": 1}, {"score": 9}], "title": "x"}
        });
        assert_eq!(value_at(&v, "map.cards[1].score"), Some(&Value::from(9)));
        assert_eq!(value_at(&v, "map.title"), Some(&Value::from("x")));
        assert_eq!(value_at(&v, "map.cards[7].score"), None);
    }

    #[test]
    fn long_values_are_shortened() {
        let v = Value::from("a".repeat(500));
        let s = shorten(&v);
        assert_eq!(s.chars().count(), 200);
        assert!(s.ends_with('…'));
    }
}
