//! The library home: thumbnails, search, trash, duplicates, the example map
//! and template previews.

use tauri::State;
use travesia_api::export::data_uri;
use travesia_api::{AppError, ErrorCode};
use travesia_core::templates;
use travesia_store::home::{SearchHit, TrashedMap};

use crate::state::AppState;

/// A thumbnail's box, in pixels (twice the card it sits in, for sharp screens).
pub const THUMB_W: u32 = 480;
pub const THUMB_H: u32 = 300;

fn render_error(e: travesia_render::png::PngError) -> AppError {
    AppError::new(ErrorCode::Internal, e.to_string())
}

#[tauri::command]
pub fn list_trash(state: State<'_, AppState>) -> Result<Vec<TrashedMap>, AppError> {
    state.with_library(|lib| Ok(lib.list_trash()?))
}

#[tauri::command]
pub fn restore_map(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    state.with_library(|lib| Ok(lib.restore_map(&id)?))
}

#[tauri::command]
pub fn delete_forever(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    state.with_library(|lib| Ok(lib.delete_forever(&id)?))
}

#[tauri::command]
pub fn empty_trash(state: State<'_, AppState>) -> Result<u32, AppError> {
    state.with_library(|lib| Ok(lib.empty_trash()? as u32))
}

#[tauri::command]
pub fn duplicate_map(
    state: State<'_, AppState>,
    id: String,
    title: String,
) -> Result<String, AppError> {
    state.with_library(|lib| Ok(lib.duplicate_map(&id, &title)?))
}

#[tauri::command]
pub fn rename_map(state: State<'_, AppState>, id: String, title: String) -> Result<(), AppError> {
    state.with_library(|lib| Ok(lib.rename_map(&id, &title)?))
}

#[tauri::command(async)]
pub fn search_maps(state: State<'_, AppState>, query: String) -> Result<Vec<SearchHit>, AppError> {
    state.with_library(|lib| Ok(lib.search(&query)?))
}

/// A map's thumbnail as a `data:` URI, drawn from its Scene and kept in the
/// library until the map changes.
#[tauri::command(async)]
pub fn map_thumbnail(state: State<'_, AppState>, id: String) -> Result<String, AppError> {
    let (revision, cached, map) = state.with_library(|lib| {
        let revision = lib.revision(&id)?;
        match lib.thumbnail(&id, revision)? {
            Some(png) => Ok((revision, Some(png), None)),
            None => Ok((revision, None, Some(lib.load(&id)?))),
        }
    })?;
    if let Some(png) = cached {
        return Ok(data_uri(&png));
    }
    let map = map.ok_or_else(|| AppError::new(ErrorCode::Internal, "no map to draw"))?;
    let scene = state.scene_of(&map)?;
    let png =
        travesia_render::preview::thumbnail(&scene, THUMB_W, THUMB_H).map_err(render_error)?;
    // A thumbnail that cannot be kept is still shown.
    let _ = state.with_library(|lib| Ok(lib.store_thumbnail(&id, revision, &png)?));
    Ok(data_uri(&png))
}

/// A template's picture for the "new map" screen.
#[tauri::command(async)]
pub fn template_preview(
    state: State<'_, AppState>,
    template: String,
    lang: String,
) -> Result<String, AppError> {
    let map = templates::load(&template, templates::lang_for(&lang))?;
    let scene = state.scene_of(&map)?;
    let png =
        travesia_render::preview::thumbnail(&scene, THUMB_W, THUMB_H).map_err(render_error)?;
    Ok(data_uri(&png))
}

/// Puts the example map in the library (a first start offers it) and
/// answers with its id.
#[tauri::command]
pub fn open_example(state: State<'_, AppState>) -> Result<String, AppError> {
    let doc = templates::example()?;
    state.with_library(|lib| Ok(lib.import(doc)?))
}
