//! Named versions (snapshots) of a map: take, list, preview, restore. A
//! restore is one edit, so it can be undone like any other.

use tauri::Runtime;
use travesia_store::SnapshotInfo;

use crate::home::{THUMB_H, THUMB_W};
use crate::ipc::Cx;
use travesia_api::compare::ComparisonView;
use travesia_api::export::data_uri;
use travesia_api::ViewUpdate;
use travesia_api::{AppError, ErrorCode};

pub fn take_snapshot<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    name: String,
) -> Result<Vec<SnapshotInfo>, AppError> {
    cx.state().with_library(|lib| {
        lib.snapshot(&id, name.trim())?;
        Ok(lib.list_snapshots(&id)?)
    })
}

pub fn list_snapshots<R: Runtime>(cx: &Cx<R>, id: String) -> Result<Vec<SnapshotInfo>, AppError> {
    cx.state().with_library(|lib| Ok(lib.list_snapshots(&id)?))
}

/// The map as the snapshot holds it, drawn small.
pub fn snapshot_preview<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    snapshot: i64,
) -> Result<String, AppError> {
    let state = cx.state();
    let map = state.with_library(|lib| Ok(lib.snapshot_map(&id, snapshot)?))?;
    let scene = state.scene_of(&map)?;
    let png = travesia_render::preview::thumbnail(&scene, THUMB_W * 2, THUMB_H * 2)
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
    Ok(data_uri(&png))
}

/// Two states of map `id` compared (versions; None is the map now).
pub fn compare_versions<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<ComparisonView, AppError> {
    let state = cx.state();
    state.with_library(|lib| travesia_api::compare::view(&state.engine, lib, &id, from, to))
}

pub fn restore_snapshot<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    snapshot: i64,
) -> Result<ViewUpdate, AppError> {
    cx.state()
        .view_update(&id, |lib| lib.restore_snapshot(&id, snapshot).map(|_| ()))
}
