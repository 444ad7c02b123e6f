//! The Scene: what to draw, fully resolved. Coordinates are CSS pixels
//! (1/96 inch) from the top-left corner of the map. The UI and every export
//! draw the same Scene, so the screen and the paper agree.

pub use crate::paint::{Color, PathData, Seg};
use serde::{Deserialize, Serialize};

use crate::text::Face;
use travesia_core::patch::{apply_list_shifting, diff_list_shifting, key_of, ListPatch, Shift};

/// A line's words, shared: a Scene laid out again after an edit copies the
/// lines it kept by reference, not letter by letter.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Words(std::sync::Arc<str>);

impl Words {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Words {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Words {
    fn from(s: &str) -> Words {
        Words(s.into())
    }
}

impl From<String> for Words {
    fn from(s: String) -> Words {
        Words(s.into())
    }
}

impl PartialEq<str> for Words {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Words {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Words {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Words {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Words, D::Error> {
        String::deserialize(d).map(Words::from)
    }
}

/// One thing to draw, in painting order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Item {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        /// Corner radius.
        r: f32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
        fill: Option<Color>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
        stroke: Option<Color>,
        stroke_width: f32,
    },
    /// SVG path data with absolute M, L, C and Z commands only.
    Path {
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        d: PathData,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
        fill: Option<Color>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
        stroke: Option<Color>,
        stroke_width: f32,
        /// Dash pattern, empty for a solid line.
        dash: Vec<f32>,
    },
    /// One line of text, already broken by the layout.
    Text {
        x: f32,
        /// The baseline.
        y: f32,
        /// The width the layout measured for this line.
        w: f32,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        text: Words,
        size: f32,
        weight: u16,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        color: Color,
        /// Right to left: `x` is still the line's left edge.
        rtl: bool,
        /// The typeface that draws it (its emoji and CJK pieces aside).
        #[serde(default, skip_serializing_if = "Face::is_sans")]
        #[cfg_attr(feature = "ts", ts(as = "Option<Face>", optional))]
        face: Face,
    },
    /// A channel icon (or another icon of the set), drawn in a square.
    Icon {
        name: String,
        x: f32,
        y: f32,
        size: f32,
        #[cfg_attr(feature = "ts", ts(type = "string"))]
        color: Color,
    },
    /// A raster image (persona photo) as a data URI, clipped to a circle when `round`.
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        href: String,
        round: bool,
    },
}

/// What a region of the Scene is, so the UI can hit-test without layout rules.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Card { id: String },
    Stage { id: String },
    Lane { id: String },
    Cell { stage: String, lane: String },
    Point { stage: String, lane: String },
    Persona { id: String },
    Route { id: String },
    Title,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hit {
    pub target: Target,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

/// Something the exports should tell the user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Warning {
    /// Characters no bundled font has; drawn as a visible replacement.
    MissingGlyphs { chars: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub background: Color,
    pub items: Vec<Item>,
    pub hits: Vec<Hit>,
    pub warnings: Vec<Warning>,
    /// The smallest font size used, in CSS px (exports compare it with 6 pt).
    pub min_font_size: f32,
    /// The grid, for the UI's sticky headers: where the lane column ends and
    /// where the stage header row ends.
    pub grid_left: f32,
    pub grid_top: f32,
    /// The footer line's words (empty: the map has none), which tiles print
    /// on every sheet as well.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, type = "string"))]
    pub footer: String,
    /// The map's typeface: what its texts are drawn in, but the pieces
    /// drawn from Inter.
    #[serde(default, skip_serializing_if = "Face::is_sans")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Face>", optional))]
    pub face: Face,
    /// Where a card or a stage links to another map: the mark drawn for it,
    /// which the canvas makes a button and a map set's PDF a link.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<LinkMark>>", optional))]
    pub links: Vec<LinkMark>,
}

/// A link to another map, as drawn: the map's id and the mark's box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LinkMark {
    pub map: String,
    /// What links: a card or a stage.
    pub from: Target,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Scene {
    /// The same page with nothing on it: size, background and grid, for
    /// drawing a part of the items.
    pub fn clone_frame(&self) -> Scene {
        Scene {
            width: self.width,
            height: self.height,
            background: self.background,
            items: Vec::new(),
            hits: Vec::new(),
            warnings: Vec::new(),
            footer: self.footer.clone(),
            face: self.face,
            min_font_size: self.min_font_size,
            grid_left: self.grid_left,
            grid_top: self.grid_top,
            links: Vec::new(),
        }
    }
}

/// A coordinate as the Scene's paths and the SVG writer print it: two
/// decimals at most (far below a printer's dot), no trailing zeros, so the
/// output is stable and small.
pub fn num(v: f32) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// A Scene as what changed since another (see `travesia_core::patch`): its
/// items and hit regions as list patches, the rest whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScenePatch {
    /// The Scene without its items and hits.
    pub frame: Scene,
    pub items: ListPatch<Item>,
    pub hits: ListPatch<Hit>,
}

impl ScenePatch {
    pub fn between(old: &Scene, new: &Scene) -> ScenePatch {
        let mut frame = new.clone_frame();
        frame.warnings = new.warnings.clone();
        frame.links = new.links.clone();
        ScenePatch {
            frame,
            items: diff_list_shifting(&old.items, &new.items, item_key),
            hits: diff_list_shifting(&old.hits, &new.hits, |h| {
                key_of((&h.target, h.x.to_bits(), h.y.to_bits()))
            }),
        }
    }

    pub fn apply(&self, old: &Scene) -> Option<Scene> {
        Some(Scene {
            items: apply_list_shifting(&old.items, &self.items)?,
            hits: apply_list_shifting(&old.hits, &self.hits)?,
            ..self.frame.clone()
        })
    }
}

/// Equal items give equal keys: a hash of what is drawn and where.
fn item_key(item: &Item) -> u64 {
    match item {
        Item::Rect { x, y, w, h, .. } | Item::Image { x, y, w, h, .. } => {
            key_of((0u8, x.to_bits(), y.to_bits(), w.to_bits(), h.to_bits()))
        }
        Item::Path { d, .. } => key_of((1u8, d)),
        Item::Text { x, y, text, .. } => key_of((2u8, x.to_bits(), y.to_bits(), text)),
        Item::Icon { name, x, y, .. } => key_of((3u8, name, x.to_bits(), y.to_bits())),
    }
}

/// Boxes, texts, icons and photos move down with their row; a path (curve,
/// connector) has its places in its data and is sent again.
impl Shift for Item {
    fn place(&self) -> Option<f32> {
        match self {
            Item::Rect { y, .. }
            | Item::Image { y, .. }
            | Item::Text { y, .. }
            | Item::Icon { y, .. } => Some(*y),
            Item::Path { .. } => None,
        }
    }

    fn shape_key(&self) -> u64 {
        match self {
            Item::Rect { x, w, h, .. } | Item::Image { x, w, h, .. } => {
                key_of((0u8, x.to_bits(), w.to_bits(), h.to_bits()))
            }
            Item::Text { x, text, .. } => key_of((2u8, x.to_bits(), text)),
            Item::Icon { name, x, .. } => key_of((3u8, name, x.to_bits())),
            Item::Path { d, .. } => key_of((1u8, d)),
        }
    }

    fn shifted(&self, dy: f32) -> Item {
        let mut item = self.clone();
        match &mut item {
            Item::Rect { y, .. }
            | Item::Image { y, .. }
            | Item::Text { y, .. }
            | Item::Icon { y, .. } => *y += dy,
            Item::Path { .. } => {}
        }
        item
    }

    fn same_shifted(&self, other: &Item, dy: f32) -> bool {
        // `other` at this item's place, compared as it is: nothing copied.
        // A path does not move.
        match (self.place(), other.place()) {
            (Some(y), Some(y2)) => y + dy == y2 && same_but_place(self, other),
            (None, None) => self == other,
            _ => false,
        }
    }
}

/// Whether two items are equal in all but their vertical place.
fn same_but_place(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (
            Item::Rect {
                x,
                y: _,
                w,
                h,
                r,
                fill,
                stroke,
                stroke_width,
            },
            Item::Rect {
                x: x2,
                y: _,
                w: w2,
                h: h2,
                r: r2,
                fill: fill2,
                stroke: stroke2,
                stroke_width: stroke_width2,
            },
        ) => {
            x == x2
                && w == w2
                && h == h2
                && r == r2
                && fill == fill2
                && stroke == stroke2
                && stroke_width == stroke_width2
        }
        (
            Item::Text {
                x,
                y: _,
                w,
                text,
                size,
                weight,
                color,
                rtl,
                face,
            },
            Item::Text {
                x: x2,
                y: _,
                w: w2,
                text: text2,
                size: size2,
                weight: weight2,
                color: color2,
                rtl: rtl2,
                face: face2,
            },
        ) => {
            x == x2
                && w == w2
                && size == size2
                && weight == weight2
                && color == color2
                && rtl == rtl2
                && face == face2
                && text == text2
        }
        (
            Item::Icon {
                name,
                x,
                y: _,
                size,
                color,
            },
            Item::Icon {
                name: name2,
                x: x2,
                y: _,
                size: size2,
                color: color2,
            },
        ) => x == x2 && size == size2 && color == color2 && name == name2,
        (
            Item::Image {
                x,
                y: _,
                w,
                h,
                href,
                round,
            },
            Item::Image {
                x: x2,
                y: _,
                w: w2,
                h: h2,
                href: href2,
                round: round2,
            },
        ) => x == x2 && w == w2 && h == h2 && round == round2 && href == href2,
        _ => false,
    }
}

impl Shift for Hit {
    fn place(&self) -> Option<f32> {
        Some(self.y)
    }

    fn shape_key(&self) -> u64 {
        key_of((
            &self.target,
            self.x.to_bits(),
            self.w.to_bits(),
            self.h.to_bits(),
        ))
    }

    fn shifted(&self, dy: f32) -> Hit {
        Hit {
            y: self.y + dy,
            ..self.clone()
        }
    }

    fn same_shifted(&self, other: &Hit, dy: f32) -> bool {
        self.y + dy == other.y
            && self.x == other.x
            && self.w == other.w
            && self.h == other.h
            && self.target == other.target
    }
}
