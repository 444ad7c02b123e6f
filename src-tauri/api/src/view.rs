//! What the editor is answered: a map's whole view, or a patch of the view
//! answered before it.

use serde::Serialize;
use travesia_core::patch::MapPatch;
use travesia_core::Map;
use travesia_layout::{Hit, Item, Scene, ScenePatch, Seg, Target};
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

/// A card as a Scene draws it: its hit region, and the items drawn wholly
/// inside it (its box, lines, icons and marks), in paint order.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardLook {
    pub hit: Hit,
    pub items: Vec<Item>,
}

impl CardLook {
    /// Card `id` in `scene`; none where it is not drawn, or where it holds a
    /// picture (megabytes to send for one frame).
    pub fn of(scene: &Scene, id: &str) -> Option<CardLook> {
        CardLook::all_of(scene, &[id]).and_then(|mut looks| looks.pop())
    }

    /// Cards `ids` in `scene`, in that order, read in one pass over its
    /// items; none where one of them is not drawn, or holds a picture.
    pub fn all_of(scene: &Scene, ids: &[&str]) -> Option<Vec<CardLook>> {
        let mut hits: Vec<Option<&Hit>> = vec![None; ids.len()];
        let mut missing = ids.len();
        for hit in &scene.hits {
            let Target::Card { id } = &hit.target else {
                continue;
            };
            for (k, wanted) in ids.iter().enumerate() {
                if hits[k].is_none() && wanted == id {
                    hits[k] = Some(hit);
                    missing -= 1;
                }
            }
            if missing == 0 {
                break;
            }
        }
        let hits: Vec<&Hit> = hits.into_iter().collect::<Option<_>>()?;
        let mut looks: Vec<CardLook> = hits
            .iter()
            .map(|hit| CardLook {
                hit: (*hit).clone(),
                items: Vec::new(),
            })
            .collect();
        for item in &scene.items {
            for (look, hit) in looks.iter_mut().zip(&hits) {
                if !within(item, hit) {
                    continue;
                }
                if matches!(item, Item::Image { .. }) {
                    return None;
                }
                look.items.push(item.clone());
            }
        }
        Some(looks)
    }
}

/// How many cards moved along with an edit's own cards [`moved_along`]
/// answers at most: more, and the whole view is as quick to take in.
pub const MOVED_ALONG_MAX: usize = 50;

/// The cards of `after` not where they were in `before`, other than `own`:
/// those an edit moves along with the cards it is about (the cards below a
/// card that leaves its cell close up; those below a card put in a cell make
/// room). None when more than [`MOVED_ALONG_MAX`] move, or when any other
/// hit region differs (a row grew or shrank, a cell or a header moved): then
/// only the whole view after the edit is right.
pub fn moved_along(before: &Scene, after: &Scene, own: &[&str]) -> Option<Vec<String>> {
    let others = |scene: &'_ Scene| -> Vec<Hit> {
        scene
            .hits
            .iter()
            .filter(|h| !matches!(h.target, Target::Card { .. }))
            .cloned()
            .collect()
    };
    if others(before) != others(after) {
        return None;
    }
    let was: std::collections::HashMap<&str, &Hit> = before
        .hits
        .iter()
        .filter_map(|h| match &h.target {
            Target::Card { id } => Some((id.as_str(), h)),
            _ => None,
        })
        .collect();
    let mut moved = Vec::new();
    for hit in &after.hits {
        let Target::Card { id } = &hit.target else {
            continue;
        };
        if own.contains(&id.as_str()) || was.get(id.as_str()).is_some_and(|h| *h == hit) {
            continue;
        }
        // A card new to the map (a copy) is no card moved along: the whole view shows it.
        was.get(id.as_str())?;
        moved.push(id.clone());
        if moved.len() > MOVED_ALONG_MAX {
            return None;
        }
    }
    Some(moved)
}

/// Whether `item` is drawn inside `hit` (half a pixel of slack): a text line
/// by where it starts, as the page groups a card's items.
fn within(item: &Item, hit: &Hit) -> bool {
    const EPS: f32 = 0.5;
    let (x0, y0, x1, y1) = (
        hit.x - EPS,
        hit.y - EPS,
        hit.x + hit.w + EPS,
        hit.y + hit.h + EPS,
    );
    let boxed = |x: f32, y: f32, w: f32, h: f32| x >= x0 && y >= y0 && x + w <= x1 && y + h <= y1;
    match item {
        Item::Rect { x, y, w, h, .. } => boxed(*x, *y, *w, *h),
        Item::Icon { x, y, size, .. } => boxed(*x, *y, *size, *size),
        Item::Text { x, y, .. } => *x >= x0 && *x <= x1 && *y >= y0 && *y <= y1,
        Item::Image { x, y, w, h, .. } => boxed(*x, *y, *w, *h),
        // Every point, control points included (a curve lies within them):
        // a card's own mark is inside it, a route's line leaves it.
        Item::Path { d, .. } => {
            let inside = |&(x, y): &(f32, f32)| boxed(x, y, 0.0, 0.0);
            !d.0.is_empty()
                && d.0.iter().all(|seg| match seg {
                    Seg::Move(p) | Seg::Line(p) => inside(p),
                    Seg::Cubic(c1, c2, p) => [c1, c2, p].into_iter().all(inside),
                    Seg::Close => true,
                })
        }
    }
}

/// What [`crate::Session::cards_ahead`] answers, made from view `base`:
/// for each edit asked about (fewer when it stopped early), the looks of the
/// cards asked about for it (see [`CardLook::all_of`]) and the view as a
/// patch of `base`; none for an edit that fails.
#[derive(Clone, Debug, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CardsAhead {
    pub base: u32,
    pub looks: Vec<Option<Vec<CardLook>>>,
    pub patches: Vec<Option<ViewPatch>>,
}
