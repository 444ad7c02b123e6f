//! The commands on maps and settings (see `command_list.rs`): each takes the
//! caller's [`Cx`], asks the shared layer and answers.

use tauri::Runtime;
use travesia_api::maps::{self, TemplateInfo};
use travesia_api::{settings, AppError, CardsAhead, ErrorCode, MapView, ViewUpdate};
use travesia_core::Edit;
use travesia_store::{HistoryEntry, MapSummary};

use crate::ipc::Cx;

pub fn list_maps<R: Runtime>(cx: &Cx<R>) -> Result<Vec<MapSummary>, AppError> {
    cx.state().with_library(|lib| Ok(lib.list_maps()?))
}

pub fn list_templates<R: Runtime>(_: &Cx<R>, lang: String) -> Result<Vec<TemplateInfo>, AppError> {
    maps::template_infos(&lang)
}

pub fn create_map<R: Runtime>(
    cx: &Cx<R>,
    template: String,
    lang: String,
    title: Option<String>,
    example: bool,
) -> Result<String, AppError> {
    cx.state()
        .with_library(|lib| maps::create_from_template(lib, &template, &lang, title, example))
}

pub fn delete_map<R: Runtime>(cx: &Cx<R>, id: String) -> Result<(), AppError> {
    cx.state().with_library(|lib| Ok(lib.trash_map(&id)?))
}

pub fn open_map<R: Runtime>(cx: &Cx<R>, id: String) -> Result<MapView, AppError> {
    cx.state().open_map(&id)
}

pub fn apply_edit<R: Runtime>(cx: &Cx<R>, id: String, edit: Edit) -> Result<ViewUpdate, AppError> {
    cx.state().apply_edit(&id, &edit)
}

pub fn cards_ahead<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    edits: Vec<Edit>,
    looks: Vec<Vec<String>>,
) -> Result<CardsAhead, AppError> {
    cx.state().cards_ahead(&id, &edits, &looks)
}

pub fn undo<R: Runtime>(cx: &Cx<R>, id: String) -> Result<ViewUpdate, AppError> {
    cx.state().undo(&id)
}

pub fn redo<R: Runtime>(cx: &Cx<R>, id: String) -> Result<ViewUpdate, AppError> {
    cx.state().redo(&id)
}

pub fn preview_edit<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    edit: Edit,
) -> Result<ViewUpdate, AppError> {
    cx.state().preview_edit(&id, &edit)
}

pub fn map_history<R: Runtime>(cx: &Cx<R>, id: String) -> Result<Vec<HistoryEntry>, AppError> {
    cx.state().history(&id)
}

pub fn go_to_step<R: Runtime>(cx: &Cx<R>, id: String, seq: i64) -> Result<ViewUpdate, AppError> {
    cx.state().go_to_step(&id, seq)
}

/// Shows or hides one route of a map (kept in the library, not in the map:
/// it is a way of looking, not part of the journey).
pub fn set_route_visible<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    route: String,
    visible: bool,
) -> Result<ViewUpdate, AppError> {
    cx.state().set_route_visible(&id, &route, visible)
}

/// Shows a map as one persona's journey, or (null) every persona's (kept in
/// the library, not in the map, like hidden routes).
pub fn set_persona_filter<R: Runtime>(
    cx: &Cx<R>,
    id: String,
    persona: Option<String>,
) -> Result<ViewUpdate, AppError> {
    cx.state().set_persona_filter(&id, persona.as_deref())
}

/// The language the system asks for, e.g. "es_ES.UTF-8".
pub fn system_locale<R: Runtime>(_: &Cx<R>) -> Result<String, AppError> {
    Ok(settings::system_locale())
}

/// A setting the UI keeps in the library (last map, language).
pub fn get_setting<R: Runtime>(cx: &Cx<R>, key: String) -> Result<Option<String>, AppError> {
    cx.state().with_library(|lib| settings::get(lib, &key))
}

pub fn set_setting<R: Runtime>(
    cx: &Cx<R>,
    key: String,
    value: Option<String>,
) -> Result<(), AppError> {
    cx.state()
        .with_library(|lib| settings::set(lib, &key, value.as_deref()))
}

/// The window's title bar: the UI says which map is open and whether its
/// last edit is stored ("Compra de zapatillas — Guardado — Travesía").
pub fn set_window_title<R: Runtime>(cx: &Cx<R>, title: String) -> Result<(), AppError> {
    cx.window()
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
