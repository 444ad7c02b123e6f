//! When the library cannot be opened: what is wrong, which backups there
//! are, and putting the newest good one back (the damaged file is moved
//! aside, never deleted). The page offers this instead of an empty app.

use serde::Serialize;
use tauri::Runtime;
use travesia_store::backup;

use crate::ipc::Cx;
use travesia_api::{AppError, ErrorCode};

/// One automatic backup of the library.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct BackupInfo {
    /// The day it was taken, YYYY-MM-DD.
    pub date: String,
    /// It opens and passes SQLite's integrity check.
    pub good: bool,
}

/// Why the library did not open, and what can be done.
#[derive(Clone, Debug, PartialEq, Serialize, ts_rs::TS)]
pub struct LibraryProblem {
    pub error: AppError,
    /// The library file.
    pub path: String,
    /// Newest first.
    pub backups: Vec<BackupInfo>,
}

/// `None` when the library is open and well.
pub fn library_problem<R: Runtime>(cx: &Cx<R>) -> Result<Option<LibraryProblem>, AppError> {
    let state = cx.state();
    let Some(error) = state.open_error() else {
        return Ok(None);
    };
    let mut backups: Vec<BackupInfo> = backup::list_backups(&state.path)
        .into_iter()
        .map(|(date, file)| BackupInfo {
            date: date.format("%Y-%m-%d").to_string(),
            good: backup::is_good(&file),
        })
        .collect();
    backups.sort_by(|a, b| b.date.cmp(&a.date));
    Ok(Some(LibraryProblem {
        error,
        path: state.path.display().to_string(),
        backups,
    }))
}

/// Puts the backup of `date` (or the newest good one) in place of the
/// damaged library and opens it. Answers with where the damaged file went.
pub fn restore_library_backup<R: Runtime>(
    cx: &Cx<R>,
    date: Option<String>,
) -> Result<Option<String>, AppError> {
    let state = cx.state();
    let all = backup::list_backups(&state.path);
    let chosen = match date {
        Some(d) => all
            .into_iter()
            .find(|(day, _)| day.format("%Y-%m-%d").to_string() == d)
            .map(|(_, f)| f)
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("no backup of {d}")))?,
        None => backup::newest_good_backup(&state.path)
            .map(|(_, f)| f)
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, "there is no good backup"))?,
    };
    if !backup::is_good(&chosen) {
        return Err(AppError::new(
            ErrorCode::Damaged,
            "that backup is damaged too; choose another",
        ));
    }
    let aside = state.replace_library(|| {
        let aside = backup::restore_backup(&state.path, &chosen)?;
        Ok(aside)
    })?;
    Ok(aside.map(|p| p.display().to_string()))
}
