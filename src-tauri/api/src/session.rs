//! A session on one library: the library (or why it did not open), the text
//! engine that lays maps out, and the view last answered, which the next
//! answer is a patch of. The window keeps one for its life; the command line,
//! which answers no views, opens the library itself for each command.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

use travesia_core::{Edit, Map};
use travesia_layout::poster::Look;
use travesia_layout::{Scene, TextEngine};
use travesia_store::{HistoryEntry, HistoryState, Library, StoreError};

use crate::error::{AppError, ErrorCode};
use crate::hidden::{
    drawn, hidden_routes, newest_version, persona_filter, set_persona_filter, set_route_visible,
};
use crate::view::{CardLook, CardsAhead, MapView, ViewPatch, ViewUpdate};

fn poisoned(what: &str) -> AppError {
    AppError::new(ErrorCode::Internal, format!("the {what} lock was poisoned"))
}

/// Lays maps out. Shaped lines are kept between layouts, so after a
/// one-card edit only that card is shaped again.
#[derive(Default)]
pub struct Engine(Mutex<TextEngine>);

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// The Scene of `map` as drawn on screen and in every export.
    pub fn scene_of(&self, map: &Map) -> Result<Scene, AppError> {
        let mut engine = self.0.lock().map_err(|_| poisoned("layout"))?;
        Ok(travesia_layout::layout(map, &mut engine))
    }

    /// The Scene as a poster sets it: columns widened for a wide page,
    /// routes and curves told apart by pattern.
    pub fn scene_with(&self, map: &Map, look: Look) -> Result<Scene, AppError> {
        let mut engine = self.0.lock().map_err(|_| poisoned("layout"))?;
        Ok(travesia_layout::poster::layout_with(map, &mut engine, look))
    }
}

/// Keeps `view` in `sent` as the base of the next patch. The view it
/// replaces is dropped off the answering thread: freeing a large map's Scene
/// (thousands of items) takes a fair part of an answer.
fn remember(sent: &mut Option<MapView>, view: MapView) {
    if let Some(old) = sent.replace(view) {
        // Should no thread start, it is dropped here, as it would have been.
        let _ = std::thread::Builder::new()
            .name("discard".into())
            .spawn(move || drop(old));
    }
}

/// A step taken on a map: a new edit, an undo or a redo.
enum Taken<'a> {
    Edit(&'a Edit),
    Undo,
    Redo,
}

/// What, besides the map, decides how it is drawn: the routes hidden, the
/// persona shown, and what the poster look needs from the library.
struct Drawing {
    hidden_routes: Vec<String>,
    persona: Option<String>,
    look: Look,
}

impl Drawing {
    fn of(lib: &Library, id: &str, map: &Map) -> Result<Drawing, StoreError> {
        let hidden_routes = hidden_routes(lib, id);
        let persona = persona_filter(lib, id, map);
        // The version's name is looked up only for a footer that names it.
        let names_version = map
            .theme
            .as_ref()
            .and_then(|t| t.footer.as_ref())
            .is_some_and(|f| f.iter().any(|w| w == "version"));
        let look = Look {
            version: names_version.then(|| newest_version(lib, id)).flatten(),
            links: lib.link_titles(map)?,
            ..Look::default()
        };
        Ok(Drawing {
            hidden_routes,
            persona,
            look,
        })
    }

    fn lay_out(&self, engine: &Engine, map: &Map) -> Result<Scene, AppError> {
        self.lay_out_dated(engine, map, None)
    }

    /// [`Drawing::lay_out`] for a map without its timestamps, last changed
    /// at `date`.
    fn lay_out_dated(
        &self,
        engine: &Engine,
        map: &Map,
        date: Option<&str>,
    ) -> Result<Scene, AppError> {
        let look = Look {
            date: date.map(str::to_string),
            ..self.look.clone()
        };
        engine.scene_with(
            &drawn(map, &self.hidden_routes, self.persona.as_deref()),
            look,
        )
    }

    /// The view of `map` laid out as `scene`.
    fn view(self, id: &str, rev: u32, map: Map, scene: Scene, history: HistoryState) -> MapView {
        MapView {
            id: id.to_string(),
            rev,
            map,
            scene,
            history,
            hidden_routes: self.hidden_routes,
            persona: self.persona,
        }
    }
}

pub struct Session {
    library: Mutex<Result<Library, AppError>>,
    pub engine: Engine,
    pub path: PathBuf,
    /// The view last answered (one map is open at a time): the base of the
    /// next patch for that map.
    sent: Mutex<Option<MapView>>,
    /// Numbers the views answered (`MapView::rev`).
    revision: AtomicU32,
    /// Counts the requests that will answer a view, from when they start:
    /// what is laid out ahead stops for them (see [`Session::cards_ahead`]).
    asked: AtomicU32,
}

impl Session {
    /// Opens the library; a refusal is kept and given back by every
    /// operation, so a window can show it instead of failing to start.
    pub fn open(path: PathBuf) -> Session {
        let library = Library::open(&path).map_err(AppError::from);
        Session {
            library: Mutex::new(library),
            engine: Engine::new(),
            path,
            sent: Mutex::new(None),
            revision: AtomicU32::new(0),
            asked: AtomicU32::new(0),
        }
    }

    /// The whole view of map `id`, which later answers are patches of.
    pub fn open_map(&self, id: &str) -> Result<MapView, AppError> {
        self.view(id, |_| Ok(()))
    }

    /// Applies `edit` to map `id` (one transaction, stored before it
    /// answers). The map is laid out while the store writes it to disk.
    pub fn apply_edit(&self, id: &str, edit: &Edit) -> Result<ViewUpdate, AppError> {
        self.stepped(id, Taken::Edit(edit))
    }

    /// Undoes the last edit of map `id`.
    pub fn undo(&self, id: &str) -> Result<ViewUpdate, AppError> {
        self.stepped(id, Taken::Undo)
    }

    /// Redoes the last undone edit of map `id`.
    pub fn redo(&self, id: &str) -> Result<ViewUpdate, AppError> {
        self.stepped(id, Taken::Redo)
    }

    /// Takes one step on map `id`, an edit, an undo or a redo, laying the map
    /// out while the step is written to disk (see
    /// [`Library::apply_alongside`]), and answers the view after it. An undo
    /// or a redo with nothing left to take answers the map as it is.
    fn stepped(&self, id: &str, taken: Taken<'_>) -> Result<ViewUpdate, AppError> {
        self.asked.fetch_add(1, Ordering::Relaxed);
        let view = self.with_library(|lib| {
            let prepare = |lib: &Library, map: &Map| Drawing::of(lib, id, map);
            let during = |drawing: Drawing, map: &Map, date: &str| {
                let scene = drawing.lay_out_dated(&self.engine, map, Some(date));
                (scene, drawing)
            };
            let made = match taken {
                Taken::Edit(edit) => lib.apply_alongside(id, edit, prepare, during).map(Some),
                Taken::Undo => lib.step_alongside(id, true, prepare, during),
                Taken::Redo => lib.step_alongside(id, false, prepare, during),
            }?;
            let Some(((scene, drawing), map)) = made else {
                return Ok(None);
            };
            let history = lib.history_state(id)?;
            Ok(Some(drawing.view(
                id,
                self.next_rev(),
                map,
                scene?,
                history,
            )))
        })?;
        match view {
            Some(view) => self.answer(id, view),
            None => self.view_update(id, |_| Ok(())),
        }
    }

    /// What map `id` would look like after `edit`, without storing it: the
    /// text of a card while it is typed, laid out so the card grows in place.
    /// Answered like an edit (a patch of the view last answered), so the
    /// answers after it are patches of it.
    pub fn preview_edit(&self, id: &str, edit: &Edit) -> Result<ViewUpdate, AppError> {
        let view = self.laid_out(id, |_| Ok(()), Some(edit))?;
        self.answer(id, view)
    }

    /// The view after each of `edits`, each applied alone to the view last
    /// answered (nothing is stored, and later answers still patch that
    /// view), as a patch of it; and how the cards `looks[i]` look after edit
    /// `i` (their hit regions and what the Scene draws inside them): the
    /// page asks for the selected cards' after a move, none otherwise. It asks
    /// while nothing else is under way. At a key press it draws those looks
    /// in that very frame, then the whole view, laid out as the edit's answer
    /// will be; the answer, when it comes, changes nothing on screen. Stops
    /// early once a request that answers a view has started (an edit waits at
    /// most for the layout under way), or another answer has been made.
    pub fn cards_ahead(
        &self,
        id: &str,
        edits: &[Edit],
        looks: &[Vec<String>],
    ) -> Result<CardsAhead, AppError> {
        let asked = self.asked.load(Ordering::Relaxed);
        let Some(sent) = self.sent_view()?.as_ref().filter(|v| v.id == id).cloned() else {
            return Ok(CardsAhead::default());
        };
        let drawing = self.with_library(|lib| Ok(Drawing::of(lib, id, &sent.map)?))?;
        let mut ahead = CardsAhead {
            base: sent.rev,
            ..CardsAhead::default()
        };
        for (i, edit) in edits.iter().enumerate() {
            let current = self.sent_view()?.as_ref().map(|v| v.rev);
            if current != Some(sent.rev) || self.asked.load(Ordering::Relaxed) != asked {
                break;
            }
            let mut map = sent.map.clone();
            if travesia_core::edit::apply(&mut map, edit).is_err() {
                ahead.looks.push(None);
                ahead.patches.push(None);
                continue;
            }
            let scene = drawing.lay_out(&self.engine, &map)?;
            let mut cards: Vec<&str> = looks
                .get(i)
                .map(|ids| ids.iter().map(String::as_str).collect())
                .unwrap_or_default();
            // The cards that move along with them (or with the ones deleted) too, after them:
            // each look is drawn at the key over the last Scene. None when more moves.
            let along = crate::view::moved_along(&sent.scene, &scene, &cards);
            ahead.looks.push(along.as_ref().and_then(|along| {
                cards.extend(along.iter().map(String::as_str));
                CardLook::all_of(&scene, &cards)
            }));
            // Numbered 0, which no answer is: it is never the base of one.
            let view = MapView {
                id: sent.id.clone(),
                rev: 0,
                map,
                scene,
                history: sent.history.clone(),
                hidden_routes: sent.hidden_routes.clone(),
                persona: sent.persona.clone(),
            };
            ahead.patches.push(Some(ViewPatch::between(&sent, &view)));
        }
        Ok(ahead)
    }

    /// Every stored step of map `id`, oldest first.
    pub fn history(&self, id: &str) -> Result<Vec<HistoryEntry>, AppError> {
        self.with_library(|lib| Ok(lib.history(id)?))
    }

    /// Undoes or redoes the steps of map `id` until step `seq` is the last
    /// done (0: none is); one answer for all of them.
    pub fn go_to_step(&self, id: &str, seq: i64) -> Result<ViewUpdate, AppError> {
        self.view_update(id, |lib| lib.go_to_step(id, seq).map(|_| ()))
    }

    /// Shows or hides one route of map `id`, on screen and in every export.
    pub fn set_route_visible(
        &self,
        id: &str,
        route: &str,
        visible: bool,
    ) -> Result<ViewUpdate, AppError> {
        self.view_update(id, |lib| set_route_visible(lib, id, route, visible))
    }

    /// Shows map `id` as one persona's journey (`persona`), or every
    /// persona's (none), on screen; the export dialog starts from it.
    pub fn set_persona_filter(
        &self,
        id: &str,
        persona: Option<&str>,
    ) -> Result<ViewUpdate, AppError> {
        self.view_update(id, |lib| set_persona_filter(lib, id, persona))
    }

    /// Runs `change` on the library, then lays out the map `id` as it is now:
    /// the whole view, which later answers for this map are patches of.
    pub fn view(
        &self,
        id: &str,
        change: impl FnOnce(&mut Library) -> Result<(), StoreError>,
    ) -> Result<MapView, AppError> {
        let view = self.new_view(id, change)?;
        remember(&mut *self.sent_view()?, view.clone());
        Ok(view)
    }

    /// Like [`Session::view`], answered as a patch of the view last answered
    /// for this map (the whole view when there is none).
    pub fn view_update(
        &self,
        id: &str,
        change: impl FnOnce(&mut Library) -> Result<(), StoreError>,
    ) -> Result<ViewUpdate, AppError> {
        let view = self.new_view(id, change)?;
        self.answer(id, view)
    }

    /// `view` as a patch of the view last answered for map `id` (the whole
    /// view when there is none); it becomes the one later answers patch.
    fn answer(&self, id: &str, view: MapView) -> Result<ViewUpdate, AppError> {
        let mut sent = self.sent_view()?;
        let update = match sent.as_ref().filter(|old| old.id == id) {
            Some(old) => ViewUpdate::Patch {
                patch: ViewPatch::between(old, &view),
            },
            None => ViewUpdate::Full { view: view.clone() },
        };
        remember(&mut sent, view);
        Ok(update)
    }

    fn sent_view(&self) -> Result<MutexGuard<'_, Option<MapView>>, AppError> {
        self.sent.lock().map_err(|_| poisoned("views"))
    }

    fn new_view(
        &self,
        id: &str,
        change: impl FnOnce(&mut Library) -> Result<(), StoreError>,
    ) -> Result<MapView, AppError> {
        self.laid_out(id, change, None)
    }

    /// Runs `change` on the library, then lays out map `id` as it is stored,
    /// or as it would be after `preview` (applied to a copy, nothing stored).
    fn laid_out(
        &self,
        id: &str,
        change: impl FnOnce(&mut Library) -> Result<(), StoreError>,
        preview: Option<&Edit>,
    ) -> Result<MapView, AppError> {
        self.asked.fetch_add(1, Ordering::Relaxed);
        self.with_library(|lib| {
            change(lib)?;
            let history = lib.history_state(id)?;
            let mut map = lib.load(id)?;
            if let Some(edit) = preview {
                travesia_core::edit::apply(&mut map, edit).map_err(StoreError::from)?;
            }
            let drawing = Drawing::of(lib, id, &map)?;
            let scene = drawing.lay_out(&self.engine, &map)?;
            Ok(drawing.view(id, self.next_rev(), map, scene, history))
        })
    }

    fn next_rev(&self) -> u32 {
        self.revision
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_add(1)
    }

    /// Why the library did not open, if it did not.
    pub fn open_error(&self) -> Option<AppError> {
        match self.library.lock() {
            Ok(guard) => guard.as_ref().err().cloned(),
            Err(_) => Some(poisoned("library")),
        }
    }

    /// Runs `fix` on the library file while nothing has it open, then opens
    /// it again (restoring a backup).
    pub fn replace_library<T>(
        &self,
        fix: impl FnOnce() -> Result<T, StoreError>,
    ) -> Result<T, AppError> {
        let mut guard = self.library.lock().map_err(|_| poisoned("library"))?;
        // Close whatever is open first.
        *guard = Err(AppError::new(
            ErrorCode::Internal,
            "the library is being replaced",
        ));
        let result = fix().map_err(AppError::from);
        *guard = Library::open(&self.path).map_err(AppError::from);
        let value = result?;
        if let Err(e) = guard.as_ref() {
            return Err(e.clone());
        }
        Ok(value)
    }

    /// Lays out a map without storing anything (previews, exports).
    pub fn scene_of(&self, map: &Map) -> Result<Scene, AppError> {
        self.engine.scene_of(map)
    }

    pub fn with_library<T>(
        &self,
        f: impl FnOnce(&mut Library) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let mut guard = self.library.lock().map_err(|_| poisoned("library"))?;
        match guard.as_mut() {
            Ok(lib) => f(lib),
            Err(e) => Err(e.clone()),
        }
    }
}
