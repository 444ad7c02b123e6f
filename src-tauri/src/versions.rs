//! Named versions (snapshots) of a map: take, list, preview, restore. A
//! restore is one edit, so it can be undone like any other.

use tauri::State;
use travesia_store::SnapshotInfo;

use crate::home::{THUMB_H, THUMB_W};
use crate::state::AppState;
use travesia_api::export::data_uri;
use travesia_api::ViewUpdate;
use travesia_api::{AppError, ErrorCode};

#[tauri::command]
pub fn take_snapshot(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<Vec<SnapshotInfo>, AppError> {
    state.with_library(|lib| {
        lib.snapshot(&id, name.trim())?;
        Ok(lib.list_snapshots(&id)?)
    })
}

#[tauri::command]
pub fn list_snapshots(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<SnapshotInfo>, AppError> {
    state.with_library(|lib| Ok(lib.list_snapshots(&id)?))
}

/// The map as the snapshot holds it, drawn small.
#[tauri::command(async)]
pub fn snapshot_preview(
    state: State<'_, AppState>,
    id: String,
    snapshot: i64,
) -> Result<String, AppError> {
    let map = state.with_library(|lib| Ok(lib.snapshot_map(&id, snapshot)?))?;
    let scene = state.scene_of(&map)?;
    let png = travesia_render::preview::thumbnail(&scene, THUMB_W * 2, THUMB_H * 2)
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(data_uri(&png))
}

#[tauri::command(async)]
pub fn restore_snapshot(
    state: State<'_, AppState>,
    id: String,
    snapshot: i64,
) -> Result<ViewUpdate, AppError> {
    state.view_update(&id, |lib| lib.restore_snapshot(&id, snapshot).map(|_| ()))
}
