//! The cards of each cell as the last layout drew them, kept with what they
//! were drawn from, so that the layout after an edit draws again only the
//! cells the edit touched (on a 10,000-card map, about one in a hundred) and
//! puts the others back where their lane is now.
//!
//! A cell's cards are always drawn as if their lane's row began at the top
//! of the page, then moved down to it, whether just drawn or kept: a kept
//! cell gives the very numbers a fresh one would, and the Scene stays the
//! same whatever was laid out before it.

use std::collections::{BTreeMap, HashMap};

use travesia_core::model::{Card, Lane, LaneKind, Map, OwnChannel};

use super::{draw_card, place_cards, Builder, CardInks, Cell, ChangeMarks, Density, Labels, Rect};
use travesia_core::patch::Shift;

use crate::scene::{Color, Hit, Item, LinkMark};
use crate::text::Face;

/// What the cells were last drawn from, by lane and stage id.
pub struct Memo {
    context: Option<Context>,
    cells: HashMap<String, HashMap<String, Drawn>>,
    /// How many cells the last layout kept (for tests and benchmarks).
    kept: usize,
    /// How many cards a map has before its cells are kept.
    from: usize,
}

/// Below this many cards a map is laid out whole in about a millisecond,
/// and keeping its cells would only take memory (a copy of every card's
/// drawing). Above, drawing every card again is most of an edit's answer:
/// on the 1,500-card map, keeping them halves it (3–4 MiB for the copy).
pub const KEPT_FROM: usize = 300;

impl Default for Memo {
    fn default() -> Memo {
        Memo {
            context: None,
            cells: HashMap::new(),
            kept: 0,
            from: KEPT_FROM,
        }
    }
}

impl Memo {
    /// Keeps cells for maps of `cards` cards or more.
    pub fn keep_from(&mut self, cards: usize) {
        self.from = cards;
    }

    /// How many cells the last layout kept instead of drawing them again.
    pub fn kept(&self) -> usize {
        self.kept
    }
}

/// What every card of a map is drawn with besides its cell: the map's text
/// settings, its language and own channels, and what the poster look marks.
#[derive(PartialEq)]
pub(super) struct Context {
    density: Density,
    scale: f32,
    face: Face,
    evidence: bool,
    titles: BTreeMap<String, String>,
    changes: Option<ChangeMarks>,
    locale: Option<String>,
    channels: Option<Vec<OwnChannel>>,
}

impl Context {
    pub(super) fn of(b: &Builder, map: &Map) -> Context {
        Context {
            density: b.density,
            scale: b.scale,
            face: b.face,
            evidence: b.evidence,
            titles: b.titles.clone(),
            changes: b.changes.cloned(),
            locale: map.locale.clone(),
            channels: map.channels.clone(),
        }
    }
}

/// What a cell's cards are drawn with besides the cards themselves.
#[derive(Clone, Copy, PartialEq)]
pub(super) struct CellKey {
    pub kind: LaneKind,
    pub color: Color,
    pub x: f32,
    pub w: f32,
    pub one_a_row: bool,
}

/// A cell's cards as drawn at the top of the page.
pub(super) struct Drawn {
    key: CellKey,
    cards: Vec<Card>,
    /// Where each card is, from the cell's corner.
    pub rects: Vec<Rect>,
    /// How tall the cell's cards make it.
    pub height: f32,
    items: Vec<Item>,
    hits: Vec<Hit>,
    links: Vec<LinkMark>,
    missing: Vec<char>,
    min_font: f32,
}

/// The cells one layout keeps from the last, and those it draws.
pub(super) struct Cells {
    before: HashMap<String, HashMap<String, Drawn>>,
    now: HashMap<String, HashMap<String, Drawn>>,
    context: Context,
    kept: usize,
    from: usize,
    keeping: bool,
}

impl Cells {
    /// Starts a layout in `context`: the cells drawn before are kept only
    /// when drawn in the same one.
    /// Cells are kept only for a map of many `cards` (see [`KEPT_FROM`]).
    pub(super) fn begin(memo: &mut Memo, context: Context, cards: usize) -> Cells {
        let memo = std::mem::take(memo);
        let keeping = cards >= memo.from;
        let before = if keeping && memo.context.as_ref() == Some(&context) {
            memo.cells
        } else {
            HashMap::new()
        };
        Cells {
            before,
            now: HashMap::new(),
            context,
            kept: 0,
            from: memo.from,
            keeping,
        }
    }

    /// The cell of `lane` and `stage` as drawn before, when it was drawn
    /// from the same cards with the same key.
    pub(super) fn take(
        &mut self,
        lane: &str,
        stage: &str,
        key: CellKey,
        cards: &[&Card],
    ) -> Option<Drawn> {
        let drawn = self.before.get_mut(lane)?.remove(stage)?;
        let same = drawn.key == key
            && drawn.cards.len() == cards.len()
            && drawn.cards.iter().zip(cards).all(|(a, b)| a == *b);
        same.then(|| {
            self.kept += 1;
            drawn
        })
    }

    /// Keeps `drawn` as the cell of `lane` and `stage` for the next layout.
    pub(super) fn keep(&mut self, lane: &str, stage: &str, drawn: Drawn) {
        if !self.keeping {
            return;
        }
        self.now
            .entry(lane.to_string())
            .or_default()
            .insert(stage.to_string(), drawn);
    }

    /// Ends the layout: what it drew is what the next one keeps from.
    pub(super) fn end(self, memo: &mut Memo) {
        *memo = Memo {
            context: Some(self.context),
            cells: self.now,
            kept: self.kept,
            from: self.from,
        };
    }
}

/// What [`draw`] draws a cell's cards with.
pub(super) struct Ink<'a> {
    pub map: &'a Map,
    pub lane: &'a Lane,
    pub labels: &'a Labels,
    pub inks: &'a CardInks,
}

/// Places and draws a cell's cards at the top of the page.
pub(super) fn draw(b: &mut Builder, cards: &[&Card], key: CellKey, at: Cell, ink: Ink) -> Drawn {
    let (rects, height) = place_cards(b, cards, at);
    let mut f = b.fork();
    for (c, r) in cards.iter().zip(&rects) {
        let at = Rect {
            x: key.x + r.x,
            ..*r
        };
        draw_card(&mut f, ink.map, c, ink.lane, ink.inks, ink.labels, at);
    }
    Drawn {
        key,
        cards: cards.iter().map(|c| (*c).clone()).collect(),
        rects,
        height,
        items: f.items,
        hits: f.hits,
        links: f.links,
        missing: f.missing,
        min_font: f.min_font,
    }
}

impl Drawn {
    /// Puts the cell's cards into the Scene, `y` down: where its lane is.
    pub(super) fn put(&self, b: &mut Builder, y: f32) {
        b.items
            .extend(self.items.iter().map(|item| lowered(item, y)));
        b.hits.extend(self.hits.iter().map(|h| h.shifted(y)));
        b.links.extend(self.links.iter().map(|l| LinkMark {
            y: l.y + y,
            ..l.clone()
        }));
        b.note_missing(&self.missing);
        b.min_font = b.min_font.min(self.min_font);
    }
}

/// `item` moved `dy` down.
fn lowered(item: &Item, dy: f32) -> Item {
    match item {
        Item::Path {
            d,
            fill,
            stroke,
            stroke_width,
            dash,
        } => Item::Path {
            d: d.lowered(dy),
            fill: *fill,
            stroke: *stroke,
            stroke_width: *stroke_width,
            dash: dash.clone(),
        },
        // Boxes, texts, icons and pictures move as a patch moves them.
        _ => item.shifted(dy),
    }
}
