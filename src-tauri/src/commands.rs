//! The Tauri commands: thin wrappers that take the state, call the library and
//! map the error. Each one is also listed in build.rs and granted in
//! capabilities/default.json.

use serde::Serialize;
use tauri::State;
use travesia_core::patch::MapPatch;
use travesia_core::{templates, Edit, Map};
use travesia_layout::{Scene, ScenePatch};
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
    /// Which answer this is: a later patch names it as its base.
    pub rev: u32,
    pub map: Map,
    pub scene: Scene,
    pub history: HistoryState,
    /// Routes the person hid: not drawn on screen nor in exports.
    pub hidden_routes: Vec<String>,
}

/// A map's view as what changed since the view answered before (`base`):
/// after an edit to a large map, a few kilobytes instead of megabytes.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
pub struct ViewPatch {
    pub id: String,
    pub base: u32,
    pub rev: u32,
    pub map: MapPatch,
    pub scene: ScenePatch,
    pub history: HistoryState,
    pub hidden_routes: Vec<String>,
}

impl ViewPatch {
    pub fn between(old: &MapView, new: &MapView) -> ViewPatch {
        ViewPatch {
            id: new.id.clone(),
            base: old.rev,
            rev: new.rev,
            map: MapPatch::between(&old.map, &new.map),
            scene: ScenePatch::between(&old.scene, &new.scene),
            history: new.history,
            hidden_routes: new.hidden_routes.clone(),
        }
    }

    /// The view this patch makes of `old`; `None` when `old` is not its base.
    pub fn apply(&self, old: &MapView) -> Option<MapView> {
        if old.rev != self.base || old.id != self.id {
            return None;
        }
        Some(MapView {
            id: self.id.clone(),
            rev: self.rev,
            map: self.map.apply(&old.map)?,
            scene: self.scene.apply(&old.scene)?,
            history: self.history,
            hidden_routes: self.hidden_routes.clone(),
        })
    }
}

/// How the editing commands answer: the whole view when the page has none
/// of this map from before, else a patch of the last one.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ViewUpdate {
    Full { view: MapView },
    Patch { patch: ViewPatch },
}

/// Editing commands run on Tauri's worker threads (`async`), never on the
/// thread that drives the window, so a long layout cannot freeze it.
#[tauri::command(async)]
pub fn open_map(state: State<'_, AppState>, id: String) -> Result<MapView, AppError> {
    state.view(&id, |_| Ok(()))
}

#[tauri::command(async)]
pub fn apply_edit(
    state: State<'_, AppState>,
    id: String,
    edit: Edit,
) -> Result<ViewUpdate, AppError> {
    state.view_update(&id, |lib| lib.apply(&id, &edit).map(|_| ()))
}

#[tauri::command(async)]
pub fn undo(state: State<'_, AppState>, id: String) -> Result<ViewUpdate, AppError> {
    state.view_update(&id, |lib| lib.undo(&id).map(|_| ()))
}

#[tauri::command(async)]
pub fn redo(state: State<'_, AppState>, id: String) -> Result<ViewUpdate, AppError> {
    state.view_update(&id, |lib| lib.redo(&id).map(|_| ()))
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
    state.view_update(&id, |lib| {
        let mut hidden = crate::state::hidden_routes(lib, &id);
        hidden.retain(|r| *r != route);
        if !visible {
            hidden.push(route.clone());
        }
        crate::state::set_hidden_routes(lib, &id, &hidden)
    })
}

/// The language the system asks for: `LC_ALL`, then `LC_MESSAGES`, then
/// `LANG` (the first that is set and not the plain C locale), e.g. "es_ES.UTF-8".
#[tauri::command]
pub fn system_locale() -> String {
    locale_from(|k| std::env::var(k).ok())
}

pub fn locale_from(var: impl Fn(&str) -> Option<String>) -> String {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| var(k))
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty() && v != "C" && v != "POSIX" && !v.starts_with("C."))
        .unwrap_or_default()
}

/// A setting the UI keeps in the library (last map, language): short keys
/// of lowercase letters, dots and underscores; values up to 4 KiB.
fn check_setting_key(key: &str) -> Result<(), AppError> {
    let ok = !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AppError::new(
            crate::error::ErrorCode::InvalidInput,
            format!("{key:?} is not a setting name"),
        ))
    }
}

#[tauri::command]
pub fn get_setting(state: State<'_, AppState>, key: String) -> Result<Option<String>, AppError> {
    check_setting_key(&key)?;
    state.with_library(|lib| Ok(lib.get_setting(&key)?))
}

#[tauri::command]
pub fn set_setting(
    state: State<'_, AppState>,
    key: String,
    value: Option<String>,
) -> Result<(), AppError> {
    check_setting_key(&key)?;
    if value.as_ref().is_some_and(|v| v.len() > 4096) {
        return Err(AppError::new(
            crate::error::ErrorCode::InvalidInput,
            "a setting holds at most 4 KiB",
        ));
    }
    state.with_library(|lib| {
        match value {
            Some(v) => lib.set_setting(&key, &v)?,
            None => lib.remove_setting(&key)?,
        }
        Ok(())
    })
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
        .map_err(|e| AppError::new(crate::error::ErrorCode::Internal, e.to_string()))
}

/// A title bar shows one line: control characters go, and 300 characters is plenty.
pub fn clean_title(title: &str) -> String {
    title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_comes_from_lc_all_then_lc_messages_then_lang() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(name, _)| *name == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(locale_from(env(&[("LANG", "es_ES.UTF-8")])), "es_ES.UTF-8");
        assert_eq!(
            locale_from(env(&[("LANG", "es_ES.UTF-8"), ("LC_ALL", "en_GB.UTF-8")])),
            "en_GB.UTF-8"
        );
        assert_eq!(
            locale_from(env(&[
                ("LC_ALL", "C"),
                ("LC_MESSAGES", "es_MX"),
                ("LANG", "en_US")
            ])),
            "es_MX"
        );
        assert_eq!(locale_from(env(&[("LANG", "C.UTF-8")])), "");
        assert_eq!(locale_from(env(&[])), "");
    }

    #[test]
    fn window_titles_are_one_short_line() {
        assert_eq!(clean_title("Mapa\n\u{7}— Guardado"), "Mapa  — Guardado");
        assert_eq!(clean_title(&"ñ".repeat(400)).chars().count(), 300);
    }

    #[test]
    fn setting_names_are_short_and_plain() {
        assert!(check_setting_key("last_map").is_ok());
        assert!(check_setting_key("ui.lang").is_ok());
        for bad in ["", "Last", "a/b", "x y", &"a".repeat(65)] {
            assert!(check_setting_key(bad).is_err(), "{bad:?}");
        }
    }
}
