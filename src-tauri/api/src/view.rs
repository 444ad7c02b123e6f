//! What the editor is answered: a map's whole view, or a patch of the view
//! answered before it.

use serde::Serialize;
use travesia_core::patch::MapPatch;
use travesia_core::Map;
use travesia_layout::{Scene, ScenePatch};
use travesia_store::HistoryState;

/// An open map as the editor needs it: the model (for the inspector), the
/// Scene to draw, and whether undo and redo are possible. Every editing
/// command answers with one, so the UI never lays anything out itself.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MapView {
    pub id: String,
    /// Which answer this is: a later patch names it as its base.
    pub rev: u32,
    pub map: Map,
    pub scene: Scene,
    pub history: HistoryState,
    /// Routes the person hid: not drawn on screen nor in exports.
    pub hidden_routes: Vec<String>,
    /// The persona whose journey the window shows (its curves and the
    /// general curve); none: every persona.
    pub persona: Option<String>,
}

/// A map's view as what changed since the view answered before (`base`):
/// after an edit to a large map, a few kilobytes instead of megabytes.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewPatch {
    pub id: String,
    pub base: u32,
    pub rev: u32,
    pub map: MapPatch,
    pub scene: ScenePatch,
    pub history: HistoryState,
    pub hidden_routes: Vec<String>,
    pub persona: Option<String>,
}

impl ViewPatch {
    pub fn between(old: &MapView, new: &MapView) -> ViewPatch {
        ViewPatch {
            id: new.id.clone(),
            base: old.rev,
            rev: new.rev,
            map: MapPatch::between(&old.map, &new.map),
            scene: ScenePatch::between(&old.scene, &new.scene),
            history: new.history.clone(),
            hidden_routes: new.hidden_routes.clone(),
            persona: new.persona.clone(),
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
            history: self.history.clone(),
            hidden_routes: self.hidden_routes.clone(),
            persona: self.persona.clone(),
        })
    }
}

/// How the editing commands answer: the whole view when the page has none
/// of this map from before, else a patch of the last one.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ViewUpdate {
    Full { view: MapView },
    Patch { patch: ViewPatch },
}
