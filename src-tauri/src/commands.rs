//! The Tauri commands: thin wrappers that take the state, call the library and
//! map the error. Each one is also listed in build.rs and granted in
//! capabilities/default.json.

use tauri::State;
use travesia_api::maps::{self, TemplateInfo};
use travesia_api::{settings, AppError, ErrorCode, MapView, ViewUpdate};
use travesia_core::Edit;
use travesia_store::MapSummary;

use crate::state::AppState;

#[tauri::command]
pub fn list_maps(state: State<'_, AppState>) -> Result<Vec<MapSummary>, AppError> {
    state.with_library(|lib| Ok(lib.list_maps()?))
}

#[tauri::command]
pub fn list_templates(lang: String) -> Result<Vec<TemplateInfo>, AppError> {
    maps::template_infos(&lang)
}

#[tauri::command]
pub fn create_map(
    state: State<'_, AppState>,
    template: String,
    lang: String,
    title: Option<String>,
) -> Result<String, AppError> {
    state.with_library(|lib| maps::create_from_template(lib, &template, &lang, title))
}

#[tauri::command]
pub fn delete_map(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    state.with_library(|lib| Ok(lib.trash_map(&id)?))
}

/// Editing commands run on Tauri's worker threads (`async`), never on the
/// thread that drives the window, so a long layout cannot freeze it.
#[tauri::command(async)]
pub fn open_map(state: State<'_, AppState>, id: String) -> Result<MapView, AppError> {
    state.open_map(&id)
}

#[tauri::command(async)]
pub fn apply_edit(
    state: State<'_, AppState>,
    id: String,
    edit: Edit,
) -> Result<ViewUpdate, AppError> {
    state.apply_edit(&id, &edit)
}

#[tauri::command(async)]
pub fn undo(state: State<'_, AppState>, id: String) -> Result<ViewUpdate, AppError> {
    state.undo(&id)
}

#[tauri::command(async)]
pub fn redo(state: State<'_, AppState>, id: String) -> Result<ViewUpdate, AppError> {
    state.redo(&id)
}

/// Shows or hides one route of a map (kept in the library, not in the map:
/// it is a way of looking, not part of the journey).
#[tauri::command(async)]
pub fn set_route_visible(
    state: State<'_, AppState>,
    id: String,
    route: String,
    visible: bool,
) -> Result<ViewUpdate, AppError> {
    state.set_route_visible(&id, &route, visible)
}

/// The language the system asks for, e.g. "es_ES.UTF-8".
#[tauri::command]
pub fn system_locale() -> String {
    settings::system_locale()
}

/// A setting the UI keeps in the library (last map, language).
#[tauri::command]
pub fn get_setting(state: State<'_, AppState>, key: String) -> Result<Option<String>, AppError> {
    state.with_library(|lib| settings::get(lib, &key))
}

#[tauri::command]
pub fn set_setting(
    state: State<'_, AppState>,
    key: String,
    value: Option<String>,
) -> Result<(), AppError> {
    state.with_library(|lib| settings::set(lib, &key, value.as_deref()))
}

/// The window's title bar: the UI says which map is open and whether its
/// last edit is stored ("Compra de zapatillas — Guardado — Travesía").
#[tauri::command]
pub fn set_window_title<R: tauri::Runtime>(
    window: tauri::WebviewWindow<R>,
    title: String,
) -> Result<(), AppError> {
    window
        .set_title(&clean_title(&title))
        .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))
}

/// A title bar shows one line: control characters go, and 300 characters is plenty.
pub fn clean_title(title: &str) -> String {
    title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_titles_are_one_short_line() {
        assert_eq!(clean_title("Mapa\n\u{7}— Guardado"), "Mapa  — Guardado");
        assert_eq!(clean_title(&"ñ".repeat(400)).chars().count(), 300);
    }
}
