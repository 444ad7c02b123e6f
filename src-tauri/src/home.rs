//! The library home: thumbnails, search, trash, duplicates, the example map
//! and template previews.

use tauri::Runtime;
use travesia_api::export::data_uri;
use travesia_api::{AppError, ErrorCode};
use travesia_core::templates;
use travesia_store::home::{SearchHit, TrashedMap};

use crate::ipc::Cx;

/// A thumbnail's box, in pixels (twice the card it sits in, for sharp screens).
pub const THUMB_W: u32 = 480;
pub const THUMB_H: u32 = 300;

fn render_error(e: travesia_render::png::PngError) -> AppError {
    AppError::new(ErrorCode::Internal, e.to_string())
}

pub fn list_trash<R: Runtime>(cx: &Cx<R>) -> Result<Vec<TrashedMap>, AppError> {
    cx.state().with_library(|lib| Ok(lib.list_trash()?))
}

pub fn restore_map<R: Runtime>(cx: &Cx<R>, id: String) -> Result<(), AppError> {
    cx.state().with_library(|lib| Ok(lib.restore_map(&id)?))
}

pub fn delete_forever<R: Runtime>(cx: &Cx<R>, id: String) -> Result<(), AppError> {
    cx.state().with_library(|lib| Ok(lib.delete_forever(&id)?))
}

pub fn empty_trash<R: Runtime>(cx: &Cx<R>) -> Result<u32, AppError> {
    cx.state().with_library(|lib| Ok(lib.empty_trash()? as u32))
}

pub fn duplicate_map<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    title: String,
) -> Result<String, AppError> {
    cx.state()
        .with_library(|lib| Ok(lib.duplicate_map(&id, &title)?))
}

pub fn rename_map<R: Runtime>(cx: &Cx<R>, id: String, title: String) -> Result<(), AppError> {
    cx.state()
        .with_library(|lib| Ok(lib.rename_map(&id, &title)?))
}

pub fn search_maps<R: Runtime>(cx: &Cx<R>, query: String) -> Result<Vec<SearchHit>, AppError> {
    cx.state().with_library(|lib| Ok(lib.search(&query)?))
}

/// A map's thumbnail as a `data:` URI, drawn from its Scene and kept in the
/// library until the map changes.
pub fn map_thumbnail<R: Runtime>(cx: &Cx<R>, id: String) -> Result<String, AppError> {
    let state = cx.state();
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
pub fn template_preview<R: Runtime>(
    cx: &Cx<R>,
    template: String,
    lang: String,
) -> Result<String, AppError> {
    let state = cx.state();
    let map = templates::load(&template, templates::lang_for(&lang))?;
    let scene = state.scene_of(&map)?;
    let png =
        travesia_render::preview::thumbnail(&scene, THUMB_W, THUMB_H).map_err(render_error)?;
    Ok(data_uri(&png))
}

/// Puts the example map in the library (a first start offers it) and
/// answers with its id.
pub fn open_example<R: Runtime>(cx: &Cx<R>) -> Result<String, AppError> {
    let doc = templates::example()?;
    cx.state().with_library(|lib| Ok(lib.import(doc)?))
}
