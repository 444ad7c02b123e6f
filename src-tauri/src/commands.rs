//! The Tauri commands: thin wrappers that take the state, call the library and
//! map the error. Each one is also listed in build.rs and granted in
//! capabilities/default.json.

use serde::Serialize;
use tauri::State;
use travesia_core::{templates, Edit, Map};
use travesia_layout::Scene;
use travesia_store::{HistoryState, MapSummary};

use crate::error::AppError;
use crate::state::AppState;

/// A template as the "new map" screen shows it.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct TemplateInfo {
    pub id: String,
    pub lang: String,
    pub title: String,
    pub description: String,
    pub stages: u32,
    pub lanes: u32,
    pub cards: u32,
}

#[tauri::command]
pub fn list_maps(state: State<'_, AppState>) -> Result<Vec<MapSummary>, AppError> {
    state.with_library(|lib| Ok(lib.list_maps()?))
}

#[tauri::command]
pub fn list_templates(lang: String) -> Result<Vec<TemplateInfo>, AppError> {
    template_infos(&lang)
}

#[tauri::command]
pub fn create_map(
    state: State<'_, AppState>,
    template: String,
    lang: String,
    title: Option<String>,
) -> Result<String, AppError> {
    state.with_library(|lib| crate::actions::create_from_template(lib, &template, &lang, title))
}

#[tauri::command]
pub fn delete_map(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    state.with_library(|lib| Ok(lib.trash_map(&id)?))
}

/// An open map as the editor needs it: the model (for the inspector), the
/// Scene to draw, and whether undo and redo are possible. Every editing
/// command answers with one, so the UI never lays anything out itself.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct MapView {
    pub id: String,
    pub map: Map,
    pub scene: Scene,
    pub history: HistoryState,
}

/// Editing commands run on Tauri's worker threads (`async`), never on the
/// thread that drives the window, so a long layout cannot freeze it.
#[tauri::command(async)]
pub fn open_map(state: State<'_, AppState>, id: String) -> Result<MapView, AppError> {
    state.view(&id, |_| Ok(()))
}

#[tauri::command(async)]
pub fn apply_edit(state: State<'_, AppState>, id: String, edit: Edit) -> Result<MapView, AppError> {
    state.view(&id, |lib| lib.apply(&id, &edit).map(|_| ()))
}

#[tauri::command(async)]
pub fn undo(state: State<'_, AppState>, id: String) -> Result<MapView, AppError> {
    state.view(&id, |lib| lib.undo(&id).map(|_| ()))
}

#[tauri::command(async)]
pub fn redo(state: State<'_, AppState>, id: String) -> Result<MapView, AppError> {
    state.view(&id, |lib| lib.redo(&id).map(|_| ()))
}

pub fn template_infos(lang: &str) -> Result<Vec<TemplateInfo>, AppError> {
    templates::NAMES
        .iter()
        .map(|name| {
            let m = templates::load(name, lang)?;
            Ok(TemplateInfo {
                id: name.to_string(),
                lang: lang.to_string(),
                title: m.title,
                description: m.description.unwrap_or_default(),
                stages: m.stages.len() as u32,
                lanes: m.lanes.len() as u32,
                cards: m.cards.len() as u32,
            })
        })
        .collect()
}
