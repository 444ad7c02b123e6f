//! Map → Scene: the poster's design. Everything is placed here; renderers
//! only walk the Scene.

use std::collections::HashMap;

use travesia_core::compare::Change;
use travesia_core::kinds::{blueprint_lines, BlueprintLine, Drawing, Holds};
use travesia_core::model::{Card, Channel, Curve, Lane, LaneKind, Map, Persona};
use travesia_core::validate::{
    picture_size, FONT_SCALE_MAX, FONT_SCALE_MIN, STAGE_WIDTH_MAX, STAGE_WIDTH_MIN,
};
use travesia_i18n::Catalogue;

use crate::scene::{Color, Hit, Item, LinkMark, PathData, Scene, Target, Warning};
use crate::text::{Block, Face, Style, TextEngine};

pub(crate) mod cells;
use cells::{CellKey, Cells};

// The spacing grid (CSS px). Every distance is a multiple of 4.
const PAD: f32 = 40.0;
const HEAD_W: f32 = 196.0;
/// A stage's column when the stage sets no width of its own.
pub const COL_W: f32 = 248.0;
const GAP: f32 = 12.0;
/// How closely cards are set: their padding and gaps, their text, and how
/// narrow a card may be before a wide cell takes another column of them.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Density {
    cell_pad: f32,
    card_pad: f32,
    card_gap: f32,
    row_min: f32,
    card: Style,
    /// Above a touchpoint card's text: its channel and "online".
    channel_row: f32,
    /// The narrowest a card may be (before the text scale): a cell at
    /// least twice as wide sets its cards side by side.
    card_min_w: f32,
    /// A card's evidence note, under its text.
    note: Style,
}

const COMFORTABLE: Density = Density {
    cell_pad: 8.0,
    card_pad: 10.0,
    card_gap: 8.0,
    row_min: 72.0,
    card: CARD,
    channel_row: 24.0,
    card_min_w: f32::INFINITY,
    note: Style {
        size: 12.0,
        weight: 400,
        line_height: 16.0,
        face: Face::Sans,
    },
};

const COMPACT: Density = Density {
    cell_pad: 6.0,
    card_pad: 6.0,
    card_gap: 4.0,
    row_min: 48.0,
    card: Style {
        size: 11.0,
        weight: 400,
        line_height: 14.0,
        face: Face::Sans,
    },
    channel_row: 20.0,
    card_min_w: 132.0,
    note: Style {
        size: 10.0,
        weight: 400,
        line_height: 13.0,
        face: Face::Sans,
    },
};
const PERSONA_W: f32 = 360.0;
/// The logo in the header: its height, its widest, its plate's margin.
const LOGO_H: f32 = 64.0;
const LOGO_W_MAX: f32 = 240.0;
const LOGO_PAD: f32 = 8.0;

// The type scale.
const TITLE: Style = Style {
    size: 32.0,
    weight: 700,
    line_height: 40.0,
    face: Face::Sans,
};
const SUBTITLE: Style = Style {
    size: 15.0,
    weight: 400,
    line_height: 22.0,
    face: Face::Sans,
};
const SMALL: Style = Style {
    size: 12.0,
    weight: 400,
    line_height: 16.0,
    face: Face::Sans,
};
const TINY: Style = Style {
    size: 10.0,
    weight: 600,
    line_height: 14.0,
    face: Face::Sans,
};
const STAGE: Style = Style {
    size: 15.0,
    weight: 700,
    line_height: 20.0,
    face: Face::Sans,
};
const LANE: Style = Style {
    size: 14.0,
    weight: 600,
    line_height: 19.0,
    face: Face::Sans,
};
const CARD: Style = Style {
    size: 13.0,
    weight: 400,
    line_height: 18.0,
    face: Face::Sans,
};
const NAME: Style = Style {
    size: 16.0,
    weight: 700,
    line_height: 21.0,
    face: Face::Sans,
};
const COMPANY: Style = Style {
    size: 13.0,
    weight: 600,
    line_height: 18.0,
    face: Face::Sans,
};
const NUMBER: Style = Style {
    size: 13.0,
    weight: 700,
    line_height: 18.0,
    face: Face::Sans,
};

const INK: Color = Color::rgb(0x1F2933);
const MUTED: Color = Color::rgb(0x5F6B7A);
/// The lines of a service blueprint, and their names.
const LINE_INK: Color = Color::rgb(0x3D4852);
const PAPER: Color = Color::WHITE;
const HEADER_BG: Color = Color::rgb(0x1F3A60);
/// A route's colour when it sets none.
const ROUTE: Color = Color::rgb(0x1971C2);

/// The colour of a lane kind when the lane sets none.
pub fn kind_color(kind: LaneKind) -> Color {
    Color::of(Some(kind.spec().color), Color::rgb(0x868E96))
}

/// Words of the poster in the map's language, from the shared catalogue.
struct Labels {
    c: &'static Catalogue,
    decimal: char,
    thousands: char,
}

impl Labels {
    fn for_locale(locale: Option<&str>) -> Labels {
        let c = Catalogue::of(locale.unwrap_or(travesia_i18n::FIRST));
        let char_of = |key: &str| c.t(key).chars().next().unwrap_or(' ');
        Labels {
            c,
            decimal: char_of("number.decimal"),
            thousands: char_of("number.thousands"),
        }
    }

    fn t(&self, key: &'static str) -> &'static str {
        self.c.t(key)
    }

    fn channel(&self, name: &str) -> String {
        self.c.t(&format!("channel.{name}")).to_string()
    }

    /// "22 nov 2026" from an RFC 3339 timestamp (the map's own date, so the
    /// layout stays deterministic).
    fn date(&self, ts: &str) -> Option<String> {
        let y: u32 = ts.get(0..4)?.parse().ok()?;
        let m: usize = ts.get(5..7)?.parse().ok()?;
        let d: u32 = ts.get(8..10)?.parse().ok()?;
        if !(1..=12).contains(&m) {
            return None;
        }
        let month = self.c.t(&format!("date.month.short.{m}")).to_string();
        Some(format!("{d} {month} {y}"))
    }

    fn number(&self, v: f64) -> String {
        let whole = v.trunc() as i64;
        let digits = whole.abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 && digits.len() > 4 {
                out.push(self.thousands);
            }
            out.push(c);
        }
        let frac = v.fract().abs();
        if frac > 0.0005 {
            let f = format!("{:.2}", frac);
            out.push(self.decimal);
            out.push_str(f.trim_start_matches("0.").trim_end_matches('0'));
        }
        // −0.5 is negative too, though its whole part is 0.
        if v < 0.0 && out.chars().any(|c| c != '0') {
            out.insert(0, '-');
        }
        out
    }

    fn percent(&self, p: f64) -> String {
        let value = format!("{p:.1}").replace('.', &self.decimal.to_string());
        self.c.fill("poster.percent", &[("value", &value)])
    }
}

struct Builder<'a> {
    engine: &'a mut TextEngine,
    items: Vec<Item>,
    hits: Vec<Hit>,
    missing: Vec<char>,
    min_font: f32,
    /// The map's text scale (`theme.font_scale`), applied to every style.
    scale: f32,
    /// The map's typeface (`theme.font`), given to every style.
    face: Face,
    density: Density,
    /// Cards' evidence drawn (badges, sources, notes).
    evidence: bool,
    /// The titles of the maps that links may name (see [`Look::links`]).
    titles: &'a std::collections::BTreeMap<String, String>,
    /// A comparison's marks (see [`Look::changes`]).
    changes: Option<&'a ChangeMarks>,
    links: Vec<LinkMark>,
}

impl Builder<'_> {
    /// A builder with the same settings and nothing drawn yet, for drawing
    /// a part of the Scene on its own.
    fn fork(&mut self) -> Builder<'_> {
        Builder {
            engine: &mut *self.engine,
            items: Vec::new(),
            hits: Vec::new(),
            missing: Vec::new(),
            min_font: f32::MAX,
            scale: self.scale,
            face: self.face,
            density: self.density,
            evidence: self.evidence,
            titles: self.titles,
            changes: self.changes,
            links: Vec::new(),
        }
    }

    /// `style` at the map's text scale, in the map's typeface.
    fn scaled(&self, style: Style) -> Style {
        if self.scale == 1.0 {
            return Style {
                face: self.face,
                ..style
            };
        }
        Style {
            size: style.size * self.scale,
            line_height: (style.line_height * self.scale).round(),
            weight: style.weight,
            face: self.face,
        }
    }

    /// How many cards a row of a cell `cell_w` wide holds, and how wide
    /// each is.
    fn card_columns(&self, cell_w: f32) -> (usize, f32) {
        let d = self.density;
        let room = cell_w - 2.0 * d.cell_pad;
        let fit = (room + d.card_gap) / (d.card_min_w * self.scale + d.card_gap);
        let columns = (fit.floor() as usize).max(1);
        let card_w = (room - (columns - 1) as f32 * d.card_gap) / columns as f32;
        (columns, card_w)
    }

    fn block(&mut self, text: &str, width: f32, style: Style) -> std::sync::Arc<Block> {
        let style = self.scaled(style);
        let b = self.engine.block(text, width.max(8.0), style);
        self.note_missing(&b.missing);
        b
    }

    /// Notes characters no bundled font has, each once, in the order met.
    fn note_missing(&mut self, chars: &[char]) {
        for c in chars {
            if !self.missing.contains(c) {
                self.missing.push(*c);
            }
        }
    }

    /// Draws a block with its top-left corner at (x, y); the lines of a
    /// right-to-left paragraph start at its right, as the box it was broken
    /// for ends (the block's own width when it had no bound).
    fn text(&mut self, b: &Block, x: f32, y: f32, style: Style, color: Color) {
        if b.rtl {
            let right = x + if b.wrap.is_finite() { b.wrap } else { b.width };
            self.lines(b, |w| right - w, y, style, color);
        } else {
            self.lines(b, |_| x, y, style, color);
        }
    }

    /// Draws a block at (x, y) as wide as its own text (a legend's name, a
    /// pill's word), whatever its direction.
    fn label(&mut self, b: &Block, x: f32, y: f32, style: Style, color: Color) {
        self.lines(b, |_| x, y, style, color);
    }

    /// Draws each line centred on `cx`.
    fn text_centered(&mut self, b: &Block, cx: f32, y: f32, style: Style, color: Color) {
        self.lines(b, |w| cx - w / 2.0, y, style, color);
    }

    /// Draws a block's lines, each starting where `left(line width)` says.
    fn lines(&mut self, b: &Block, left: impl Fn(f32) -> f32, y: f32, style: Style, color: Color) {
        let style = self.scaled(style);
        if !b.lines.is_empty() {
            self.min_font = self.min_font.min(style.size);
        }
        for line in &b.lines {
            let start = left(line.width);
            let mut push = |text: &str, dx: f32, width: f32, face: Face| {
                self.items.push(Item::Text {
                    x: start + dx,
                    y: y + line.baseline,
                    w: width,
                    text: text.into(),
                    size: style.size,
                    weight: style.weight,
                    color,
                    rtl: line.rtl,
                    face,
                })
            };
            // A line in one font is one piece: its whole text.
            if line.pieces.is_empty() {
                push(&line.text, 0.0, line.width, style.face);
            }
            for piece in &line.pieces {
                let face = if piece.sans { Face::Sans } else { style.face };
                push(&piece.text, piece.x, piece.width, face);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        r: f32,
        fill: Option<Color>,
        stroke: Option<Color>,
    ) {
        self.items.push(Item::Rect {
            x,
            y,
            w,
            h,
            r,
            fill,
            stroke,
            stroke_width: if stroke.is_some() { 1.0 } else { 0.0 },
        });
    }

    fn path(
        &mut self,
        d: PathData,
        fill: Option<Color>,
        stroke: Option<Color>,
        width: f32,
        dash: Vec<f32>,
    ) {
        self.items.push(Item::Path {
            d,
            fill,
            stroke,
            stroke_width: width,
            dash,
        });
    }

    fn hit(&mut self, target: Target, x: f32, y: f32, w: f32, h: f32) {
        self.hits.push(Hit { target, x, y, w, h });
    }
}

/// A circle as four cubic curves (paths only use M, L, C, Z).
fn circle_path(cx: f32, cy: f32, r: f32) -> PathData {
    let k = 0.552_284_8 * r;
    PathData::new()
        .move_to(cx + r, cy)
        .cubic_to((cx + r, cy + k), (cx + k, cy + r), (cx, cy + r))
        .cubic_to((cx - k, cy + r), (cx - r, cy + k), (cx - r, cy))
        .cubic_to((cx - r, cy - k), (cx - k, cy - r), (cx, cy - r))
        .cubic_to((cx + k, cy - r), (cx + r, cy - k), (cx + r, cy))
        .close()
}

/// A badge's outline, so a route is known by its shape as well as its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Circle,
    Square,
    Diamond,
    Triangle,
    TriangleDown,
    Star,
}

impl Marker {
    pub const ALL: [Marker; 6] = [
        Marker::Circle,
        Marker::Square,
        Marker::Diamond,
        Marker::Triangle,
        Marker::TriangleDown,
        Marker::Star,
    ];

    /// The marker around (cx, cy), as large to the eye as a circle of
    /// radius `r` (corners reach further), roomy enough for a number.
    pub fn path(self, cx: f32, cy: f32, r: f32) -> PathData {
        // A polygon whose k-th corner is `radius(k)` from the centre.
        let polygon = |corners: usize, turn: f32, radius: &dyn Fn(usize) -> f32| {
            let mut d = PathData::new();
            for k in 0..corners {
                let a = turn + k as f32 * std::f32::consts::TAU / corners as f32;
                let (x, y) = (cx + radius(k) * a.cos(), cy + radius(k) * a.sin());
                d = if k == 0 {
                    d.move_to(x, y)
                } else {
                    d.line_to(x, y)
                };
            }
            d.close()
        };
        let up = -std::f32::consts::FRAC_PI_2;
        match self {
            Marker::Circle => circle_path(cx, cy, r),
            Marker::Square => polygon(4, std::f32::consts::FRAC_PI_4, &|_| r * 1.25),
            Marker::Diamond => polygon(4, up, &|_| r * 1.35),
            // The number sits on the centroid: a triangle's edges are half
            // its corners' distance from there.
            Marker::Triangle => polygon(3, up, &|_| r * 1.5),
            Marker::TriangleDown => polygon(3, -up, &|_| r * 1.5),
            Marker::Star => polygon(10, up, &|k| if k % 2 == 0 { r * 1.6 } else { r * 0.8 }),
        }
    }
}

/// Dash patterns (CSS px, drawn with round caps that add the line's width
/// to each dash), solid first.
const DASHES: [&[f32]; 6] = [
    &[],
    &[10.0, 7.0],
    &[1.0, 7.0],
    &[12.0, 7.0, 1.0, 7.0],
    &[4.0, 7.0],
    &[12.0, 7.0, 1.0, 7.0, 1.0, 7.0],
];

/// How long a line's sample is in a legend that shows patterns.
const SAMPLE_W: f32 = 48.0;

/// The line and marker of the n-th route or curve on a poster that tells
/// them apart by pattern: six dashes and six markers, paired so that the
/// first 36 all differ.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pattern {
    pub dash: &'static [f32],
    pub marker: Marker,
}

impl Pattern {
    pub fn of(n: usize) -> Pattern {
        let k = DASHES.len();
        Pattern {
            dash: DASHES[n % k],
            marker: Marker::ALL[(n + n / k) % Marker::ALL.len()],
        }
    }
}

fn lane_color(lane: &Lane) -> Color {
    Color::of(lane.color.as_deref(), kind_color(lane.kind))
}

#[derive(Clone, Copy)]
struct Rect {
    x: f32,
    y: f32,
    w: f32,
    h: f32,
}

/// The language the poster's own words are in: the catalogue the map's
/// locale picks (`travesia_i18n::pick`), Spanish when none does or the map
/// says nothing (the app's first language).
pub fn lang_of(map: &Map) -> &'static str {
    Catalogue::of(map.locale.as_deref().unwrap_or(travesia_i18n::FIRST)).lang
}

/// Where each stage's column is: its left edge and its width (the stage's
/// own, or the standard one), plus what a wider page shares out among them.
pub struct Columns {
    x: Vec<f32>,
    w: Vec<f32>,
}

impl Columns {
    /// The columns from `left`, each widened by its share of `extra` (in
    /// proportion to its width).
    fn of(map: &Map, left: f32, extra: f32) -> Columns {
        let base: Vec<f32> = map.stages.iter().map(stage_width).collect();
        let total: f32 = base.iter().sum();
        let mut x = Vec::with_capacity(base.len());
        let mut w = Vec::with_capacity(base.len());
        let mut at = left;
        for bw in base {
            let cw = bw + extra.max(0.0) * bw / total.max(1.0);
            x.push(at);
            w.push(cw);
            at += cw + GAP;
        }
        Columns { x, w }
    }

    fn x(&self, i: usize) -> f32 {
        self.x.get(i).copied().unwrap_or(0.0)
    }

    fn w(&self, i: usize) -> f32 {
        self.w.get(i).copied().unwrap_or(COL_W)
    }

    /// From the first column's left edge to the last one's right edge (one
    /// standard column when there is no stage).
    fn span(&self) -> f32 {
        match (self.x.first(), self.x.last(), self.w.last()) {
            (Some(first), Some(last), Some(w)) => last + w - first,
            _ => COL_W,
        }
    }

    /// The narrowest column.
    fn narrowest(&self) -> f32 {
        self.w
            .iter()
            .copied()
            .fold(f32::MAX, f32::min)
            .min(10_000.0)
    }
}

/// A stage's own width, within the format's bounds, or the standard one.
pub fn stage_width(s: &travesia_core::Stage) -> f32 {
    s.width
        .map(|w| w.clamp(STAGE_WIDTH_MIN, STAGE_WIDTH_MAX) as f32)
        .unwrap_or(COL_W)
}

/// How a map is drawn beyond what the map says: for a poster.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Look {
    /// Units shared out among the columns, so a poster fills a page wider
    /// than the map.
    pub extra: f32,
    /// Routes and emotion curves told apart by line pattern and marker
    /// shape as well as by colour, for readers who do not tell the colours
    /// apart (and for grey-scale copies).
    pub patterns: bool,
    /// The name of the map's newest version, for a footer that names it.
    pub version: Option<String>,
    /// When the map was last changed, shown instead of its own timestamps:
    /// for a map laid out as it is being stored, before it has them.
    pub date: Option<String>,
    /// Cards' evidence left out: no confidence badges, no sources or
    /// notes, no legend (the file keeps them).
    pub hide_evidence: bool,
    /// The titles of the library's maps by id, for the marks of linked
    /// cards and stages; a link to a map not here is marked as not found.
    pub links: std::collections::BTreeMap<String, String>,
    /// Two versions compared: what to mark on the map (drawn from
    /// [`travesia_core::compare::merged`]) and the legend's heading.
    pub changes: Option<ChangeMarks>,
}

/// What a comparison marks: each changed card, stage and lane, by id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChangeMarks {
    pub cards: std::collections::BTreeMap<String, Change>,
    pub stages: std::collections::BTreeMap<String, Change>,
    pub lanes: std::collections::BTreeMap<String, Change>,
    /// Which two states are compared, for the legend ("«Antes del taller» → ahora").
    pub title: String,
    /// How many things had each change, in the order of [`Change::ALL`].
    pub counts: [usize; 4],
}

impl ChangeMarks {
    pub fn of(c: &travesia_core::compare::Comparison, title: String) -> ChangeMarks {
        let by_id = |list: &[travesia_core::compare::PartChange]| {
            list.iter().map(|p| (p.id.clone(), p.change)).collect()
        };
        ChangeMarks {
            cards: c.cards.iter().map(|k| (k.id.clone(), k.change)).collect(),
            stages: by_id(&c.stages),
            lanes: by_id(&c.lanes),
            title,
            counts: Change::ALL.map(|ch| c.count(ch)),
        }
    }
}

/// A change's colour on the poster; its tag's word tells it in grey too.
pub fn change_color(c: Change) -> Color {
    match c {
        Change::Added => Color::rgb(0x2B8A3E),
        Change::Removed => Color::rgb(0xC92A2A),
        Change::Moved => Color::rgb(0x1971C2),
        Change::Changed => Color::rgb(0xE67700),
    }
}

/// The map as on screen.
pub fn layout(map: &Map, engine: &mut TextEngine) -> Scene {
    layout_with(map, engine, Look::default())
}

/// The map as a poster sets it (see [`Look`]).
pub fn layout_with(map: &Map, engine: &mut TextEngine, look: Look) -> Scene {
    let extra = look.extra;
    let labels = Labels::for_locale(map.locale.as_deref());
    let theme = map.theme.as_ref();
    let (items, hits) = engine.sizes;
    let mut b = Builder {
        engine,
        items: Vec::with_capacity(items),
        hits: Vec::with_capacity(hits),
        missing: Vec::new(),
        min_font: f32::MAX,
        face: Face::of(theme.and_then(|t| t.font.as_deref())),
        scale: theme
            .and_then(|t| t.font_scale)
            .map_or(1.0, |s| s.clamp(FONT_SCALE_MIN, FONT_SCALE_MAX) as f32),
        density: if theme.is_some_and(|t| t.compact()) {
            COMPACT
        } else {
            COMFORTABLE
        },
        evidence: !look.hide_evidence,
        titles: &look.links,
        changes: look.changes.as_ref(),
        links: Vec::new(),
    };
    let grid_x = PAD + HEAD_W + GAP;
    let personas = map.personas();
    let cols = Columns::of(map, grid_x, extra);
    let width = (grid_x + cols.span() + PAD)
        .max(PAD * 2.0 + 480.0 + personas.len().min(3) as f32 * (PERSONA_W + GAP));
    let accent = Color::of(
        map.theme.as_ref().and_then(|t| t.accent.as_deref()),
        HEADER_BG,
    );

    // The day the map says it is of, at its top and in its footer.
    let date = look
        .date
        .as_deref()
        .or(map.updated_at.as_deref())
        .or(map.created_at.as_deref());
    let header_h = draw_header(&mut b, map, date, &labels, width, accent);
    let stage_top = header_h + 24.0;
    let stage_h = draw_stages(&mut b, map, &labels, accent, stage_top, &cols);
    let grid_top = stage_top + stage_h + GAP;
    let (y, card_rects) = draw_lanes(&mut b, map, &labels, grid_top, &cols, &look);
    let y = draw_routes(&mut b, map, &labels, &card_rects, width, y, &look);
    let y = draw_evidence_legend(&mut b, map, &labels, width, y);
    let y = draw_change_legend(&mut b, &labels, width, y);
    let footer = footer_words(map, date, &labels, look.version.as_deref());
    let y = draw_footer(&mut b, &footer, width, y);
    let height = y - GAP + PAD;

    let mut warnings = Vec::new();
    if !b.missing.is_empty() {
        warnings.push(Warning::MissingGlyphs {
            chars: b.missing.iter().collect(),
        });
    }
    let min_font_size = if b.min_font == f32::MAX {
        0.0
    } else {
        b.min_font
    };
    b.engine.sizes = (b.items.len(), b.hits.len());
    Scene {
        width,
        height,
        background: PAPER,
        items: b.items,
        hits: b.hits,
        warnings,
        min_font_size,
        grid_left: grid_x,
        grid_top,
        footer,
        face: b.face,
        links: b.links,
    }
}

/// The footer line's words, from the fields the map's theme names, in its
/// order: empty when it names none (or none has words).
fn footer_words(map: &Map, date: Option<&str>, labels: &Labels, version: Option<&str>) -> String {
    let Some(theme) = &map.theme else {
        return String::new();
    };
    let mut words: Vec<String> = Vec::new();
    for field in theme.footer.iter().flatten() {
        let said = match field.as_str() {
            "company" => theme
                .company
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            "version" => version.map(|v| labels.c.fill("poster.footer.version", &[("name", v)])),
            "date" => date.and_then(|t| labels.date(t)),
            "confidential" => Some(labels.t("poster.footer.confidential").to_string()),
            _ => None,
        };
        if let Some(w) = said.filter(|w| !words.contains(w)) {
            words.push(w);
        }
    }
    words.join("  ·  ")
}

/// The footer line under everything else, from `y` (where the next band
/// would start): a hairline and the words. Answers where the next band
/// would start after it.
fn draw_footer(b: &mut Builder, words: &str, width: f32, y: f32) -> f32 {
    if words.is_empty() {
        return y;
    }
    let top = y - GAP + 16.0;
    b.rect(
        PAD,
        top,
        width - 2.0 * PAD,
        1.0,
        0.0,
        Some(Color::rgb(0xD5DBE3)),
        None,
    );
    let line = b.block(words, width - 2.0 * PAD, SMALL);
    b.text(&line, PAD, top + 9.0, SMALL, MUTED);
    top + 9.0 + line.height + GAP
}

/// The header band: title, description, date and card count, personas.
/// Answers its height.
fn draw_header(
    b: &mut Builder,
    map: &Map,
    date: Option<&str>,
    labels: &Labels,
    width: f32,
    accent: Color,
) -> f32 {
    let personas = map.personas();
    let shown_personas = &personas[..personas.len().min(3)];
    let persona_area = shown_personas.len() as f32 * (PERSONA_W + GAP);
    let theme = map.theme.as_ref();
    // The logo, on a white plate at the band's left, whatever the accent.
    let logo = theme
        .and_then(|t| t.logo.as_deref())
        .and_then(|uri| picture_size(uri).map(|size| (uri, size)));
    let plate = logo.map(|(_, (w, h))| {
        let lw = (LOGO_H * w as f32 / h as f32).clamp(LOGO_H / 2.0, LOGO_W_MAX);
        (lw + 2.0 * LOGO_PAD, LOGO_H + 2.0 * LOGO_PAD)
    });
    let tx = PAD + plate.map_or(0.0, |(w, _)| w + 20.0);
    let title_w = (width - PAD - tx - persona_area).max(320.0);
    let mut hy = PAD;
    let company = theme
        .and_then(|t| t.company.as_deref())
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| b.block(c, title_w, COMPANY));
    let company_top = hy;
    if let Some(c) = &company {
        hy += c.height + 4.0;
    }
    let title = b.block(&map.title, title_w, TITLE);
    let title_top = hy;
    hy += title.height + 8.0;
    let desc = map
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
        .map(|d| b.block(d, title_w, SUBTITLE));
    let desc_top = hy;
    if let Some(d) = &desc {
        hy += d.height + 8.0;
    }
    let mut meta = Vec::new();
    if let Some(date) = date.and_then(|t| labels.date(t)) {
        meta.push(date);
    }
    // Cards people wrote: the points of a curve and the bars of a funnel are not counted.
    let written = map
        .cards
        .iter()
        .filter(|c| {
            map.lane(&c.lane)
                .is_some_and(|l| l.kind.spec().holds == Holds::Text)
        })
        .count();
    meta.push(labels.c.plural("map.cards", written as u64, &[]));
    let meta_block = b.block(&meta.join("  ·  "), title_w, SMALL);
    let meta_top = hy;
    hy += meta_block.height;

    // Personas: measured first, drawn once the band's height is known.
    let mut persona_blocks = Vec::new();
    let mut persona_h: f32 = 0.0;
    for p in shown_personas {
        let pb = persona_blocks_for(b, p, labels);
        persona_h = persona_h.max(pb.height);
        persona_blocks.push(pb);
    }
    let header_h = (hy - PAD).max(persona_h).max(plate.map_or(0.0, |(_, h)| h)) + 2.0 * PAD;
    b.rect(0.0, 0.0, width, header_h, 0.0, Some(accent), None);
    if let (Some((uri, _)), Some((pw, ph))) = (logo, plate) {
        b.rect(PAD, PAD, pw, ph, 8.0, Some(PAPER), None);
        b.items.push(Item::Image {
            x: PAD + LOGO_PAD,
            y: PAD + LOGO_PAD,
            w: pw - 2.0 * LOGO_PAD,
            h: ph - 2.0 * LOGO_PAD,
            href: uri.to_string(),
            round: false,
        });
    }
    // Text colours chosen by the band's own colour, readable on any accent.
    if let Some(c) = &company {
        b.text(c, tx, company_top, COMPANY, accent.quiet_ink(0.85));
    }
    b.text(&title, tx, title_top, TITLE, accent.ink(INK));
    b.hit(Target::Title, tx, title_top, title_w, title.height);
    if let Some(d) = &desc {
        b.text(d, tx, desc_top, SUBTITLE, accent.quiet_ink(0.85));
    }
    b.text(&meta_block, tx, meta_top, SMALL, accent.quiet_ink(0.7));
    let mut px = width - PAD - persona_area + GAP;
    for (p, pb) in shown_personas.iter().zip(&persona_blocks) {
        draw_persona(b, p, pb, px, PAD, persona_h);
        px += PERSONA_W + GAP;
    }
    header_h
}

/// The stage headers, chevrons from `stage_top`. Answers their height.
fn draw_stages(
    b: &mut Builder,
    map: &Map,
    labels: &Labels,
    accent: Color,
    stage_top: f32,
    cols: &Columns,
) -> f32 {
    let stage_blocks: Vec<_> = map
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let t = b.block(&s.title, cols.w(i) - 48.0, STAGE);
            let d = s
                .description
                .as_deref()
                .filter(|d| !d.trim().is_empty())
                .map(|d| b.block(d, cols.w(i) - 48.0, SMALL));
            let link = s
                .link
                .as_deref()
                .map(|l| link_words(b, labels, l, cols.w(i) - 48.0 - LINK_ICON));
            (t, d, link)
        })
        .collect();
    let stage_h = stage_blocks
        .iter()
        .map(|(t, d, l)| {
            t.height
                + d.as_ref().map_or(0.0, |d| d.height + 4.0)
                + l.as_ref().map_or(0.0, |l| l.height + 6.0)
                + 24.0
        })
        .fold(56.0f32, f32::max);
    for (i, (s, (t, d, link))) in map.stages.iter().zip(&stage_blocks).enumerate() {
        let x = cols.x(i);
        let col_w = cols.w(i);
        let color = Color::of(s.color.as_deref(), accent);
        let tip = 16.0;
        let notch = if i == 0 { 0.0 } else { tip };
        let d_path = PathData::new()
            .move_to(x, stage_top)
            .line_to(x + col_w + GAP - 2.0, stage_top)
            .line_to(x + col_w + GAP - 2.0 + tip, stage_top + stage_h / 2.0)
            .line_to(x + col_w + GAP - 2.0, stage_top + stage_h)
            .line_to(x, stage_top + stage_h)
            .line_to(x + notch, stage_top + stage_h / 2.0)
            .close();
        let d_path = if i + 1 == map.stages.len() {
            // The last stage ends square, at the grid's edge.
            PathData::new()
                .move_to(x, stage_top)
                .line_to(x + col_w, stage_top)
                .line_to(x + col_w, stage_top + stage_h)
                .line_to(x, stage_top + stage_h)
                .line_to(x + notch, stage_top + stage_h / 2.0)
                .close()
        } else {
            d_path
        };
        b.path(d_path, Some(color), None, 0.0, Vec::new());
        let tx = x + notch + 14.0;
        b.text(t, tx, stage_top + 12.0, STAGE, color.ink(INK));
        if let Some(d) = d {
            b.text(
                d,
                tx,
                stage_top + 12.0 + t.height + 4.0,
                SMALL,
                color.quiet_ink(0.8),
            );
        }
        if let Some(change) = b.changes.and_then(|m| m.stages.get(&s.id)).copied() {
            let word = b.block(labels.t(change.tag_key()), 200.0, TINY);
            let left = x + col_w - 8.0 - word.width - 12.0;
            draw_tag(b, &word, change_color(change), left, stage_top - 8.0);
        }
        if let (Some(words), Some(map_id)) = (link, &s.link) {
            let ly = stage_top + 12.0 + t.height + d.as_ref().map_or(0.0, |d| d.height + 4.0) + 6.0;
            let from = Target::Stage { id: s.id.clone() };
            draw_link(b, words, map_id, from, tx, ly, color.ink(INK));
        }
        b.hit(
            Target::Stage { id: s.id.clone() },
            x,
            stage_top,
            col_w,
            stage_h,
        );
    }
    stage_h
}

/// The lanes from `grid_top`, each with its cells and what they hold.
/// Answers where they end and where each card was drawn.
fn draw_lanes<'m>(
    b: &mut Builder,
    map: &'m Map,
    labels: &Labels,
    grid_top: f32,
    cols: &Columns,
    look: &Look,
) -> (f32, HashMap<&'m str, Rect>) {
    // Cards by cell, once (a scan of all cards per cell would grow with the map squared).
    let mut cells: HashMap<(&str, &str), Vec<&Card>> = HashMap::new();
    for c in &map.cards {
        cells
            .entry((c.stage.as_str(), c.lane.as_str()))
            .or_default()
            .push(c);
    }
    let inner: HashMap<&str, f32> = map
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (_, card_w) = b.card_columns(cols.w(i));
            (s.id.as_str(), card_w - 2.0 * b.density.card_pad)
        })
        .collect();
    let inner_w = |stage: &str| inner.get(stage).copied().unwrap_or(COL_W);
    let empty: Vec<&Card> = Vec::new();
    let cell = |stage: &str, lane: &str| cells.get(&(stage, lane)).unwrap_or(&empty).clone();
    // The cards a route passes through.
    let stepped: hashbrown::HashSet<&str> = map
        .routes()
        .iter()
        .flat_map(|r| r.steps.iter().map(String::as_str))
        .collect();
    // What a cell of cards is drawn with besides its cards. A route's line
    // would cross the cards beside its step, and a picture is read at the
    // cell's whole width: their cells set one card a row.
    let key_of = |lane: &Lane, i: usize, cards: &[&Card]| CellKey {
        kind: lane.kind,
        color: lane_color(lane),
        x: cols.x(i),
        w: cols.w(i),
        one_a_row: lane.kind.spec().pictures
            || cards.iter().any(|c| stepped.contains(c.id.as_str())),
    };
    // The cells of cards drawn before from the same cards are kept; only
    // the others' cards are shaped, up front, on both cores when many.
    let context = cells::Context::of(b, map);
    let mut memo = Cells::begin(&mut b.engine.cells, context, map.cards.len());
    let mut kept: HashMap<(usize, usize), cells::Drawn> = HashMap::new();
    for (l, lane) in map.lanes.iter().enumerate() {
        if lane.collapsed == Some(true) || !matches!(lane.kind.spec().drawing, Drawing::Cards) {
            continue;
        }
        for (i, s) in map.stages.iter().enumerate() {
            let cards = cell(&s.id, &lane.id);
            if let Some(d) = memo.take(&lane.id, &s.id, key_of(lane, i, &cards), &cards) {
                kept.insert((l, i), d);
            }
        }
    }
    let kept_cells: hashbrown::HashSet<(&str, &str)> = kept
        .keys()
        .map(|&(l, i)| (map.stages[i].id.as_str(), map.lanes[l].id.as_str()))
        .collect();
    let card_style = b.scaled(b.density.card);
    let jobs: Vec<(&str, f32, Style)> = map
        .cards
        .iter()
        .filter(|c| !kept_cells.contains(&(c.stage.as_str(), c.lane.as_str())))
        .map(|c| (c.text.as_str(), inner_w(&c.stage), card_style))
        .collect();
    b.engine.prefetch(&jobs);
    let mut y = grid_top;
    let mut card_rects: HashMap<&str, Rect> = HashMap::new();
    let grid_w = cols.span();
    // Emotion curves in the order they come, for their line patterns; a
    // curve's line is shown under its lane's name when there are several.
    let mut curves = 0;
    let several_curves = map
        .lanes
        .iter()
        .filter(|l| l.collapsed != Some(true) && matches!(l.kind.spec().drawing, Drawing::Curve))
        .map(|l| curves_of(map, l).len().max(1))
        .sum::<usize>()
        > 1;
    let lines = blueprint_lines(map.lanes.iter().map(|l| l.kind));
    for (l, (lane, line)) in map.lanes.iter().zip(lines).enumerate() {
        if let Some(line) = line {
            y = draw_blueprint_line(b, labels, line, y, grid_w);
        }
        let color = lane_color(lane);
        let title = b.block(&lane.title, HEAD_W - 32.0, LANE);
        // A lane left out of posters says so under its name (it is only
        // ever drawn on screen: exports leave it out).
        let note = (lane.print == Some(false))
            .then(|| b.block(labels.t("poster.notPrinted"), HEAD_W - 32.0, TINY));
        let note_h = note.as_ref().map_or(0.0, |n| n.height + 2.0);
        let draw_note = |b: &mut Builder, top: f32, band: Color| {
            if let Some(n) = &note {
                b.text(n, PAD + 20.0, top, TINY, MUTED.readable_on(band));
            }
        };
        if lane.collapsed == Some(true) {
            let h = title.height + note_h + 24.0;
            let band = color.lighten(0.92);
            b.rect(PAD, y, HEAD_W + GAP + grid_w, h, 8.0, Some(band), None);
            b.rect(PAD, y, 6.0, h, 3.0, Some(color), None);
            b.text(
                &title,
                PAD + 20.0,
                y + 12.0,
                LANE,
                color.darken(0.3).readable_on(band),
            );
            draw_note(b, y + 12.0 + title.height + 2.0, band);
            b.hit(
                Target::Lane {
                    id: lane.id.clone(),
                },
                PAD,
                y,
                HEAD_W,
                h,
            );
            y += h + GAP;
            continue;
        }
        // Each stage's cards in a lane of cards, drawn from its cell's corner.
        let mut laid: Vec<cells::Drawn> = Vec::new();
        let inks = CardInks::of(color);
        let row_h = match lane.kind.spec().drawing {
            Drawing::Curve => {
                let legend = curve_legend(b, map, lane, labels);
                emotion_height(b, map, lane, cols).max(14.0 + title.height + note_h + legend + 16.0)
            }
            Drawing::Funnel => funnel_height(b, map, lane, cols),
            Drawing::Metrics => metrics_height(map, lane),
            Drawing::Cards => {
                laid = map
                    .stages
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        kept.remove(&(l, i)).unwrap_or_else(|| {
                            let cards = cell(&s.id, &lane.id);
                            let key = key_of(lane, i, &cards);
                            let at = Cell {
                                map,
                                labels,
                                lane,
                                w: key.w,
                                one_a_row: key.one_a_row,
                            };
                            let ink = cells::Ink {
                                map,
                                lane,
                                labels,
                                inks: &inks,
                            };
                            cells::draw(b, &cards, key, at, ink)
                        })
                    })
                    .collect();
                laid.iter()
                    .map(|d| d.height)
                    .fold(b.density.row_min, f32::max)
            }
        }
        .max(14.0 + title.height + note_h + 12.0);
        // The lane's title column and its tinted band.
        let band = color.lighten(0.88);
        b.rect(PAD, y, HEAD_W, row_h, 8.0, Some(band), None);
        b.rect(PAD, y, 6.0, row_h, 3.0, Some(color), None);
        b.text(
            &title,
            PAD + 20.0,
            y + 14.0,
            LANE,
            color.darken(0.35).readable_on(band),
        );
        draw_note(b, y + 14.0 + title.height + 2.0, band);
        b.hit(
            Target::Lane {
                id: lane.id.clone(),
            },
            PAD,
            y,
            HEAD_W,
            row_h,
        );
        if let Some(change) = b.changes.and_then(|m| m.lanes.get(&lane.id)).copied() {
            let word = b.block(labels.t(change.tag_key()), 200.0, TINY);
            let left = PAD + HEAD_W - 6.0 - word.width - 12.0;
            draw_tag(b, &word, change_color(change), left, y - 8.0);
        }
        let cell_fill = color.lighten(0.96);
        for (i, s) in map.stages.iter().enumerate() {
            let x = cols.x(i);
            b.rect(x, y, cols.w(i), row_h, 8.0, Some(cell_fill), None);
            b.hit(
                Target::Cell {
                    stage: s.id.clone(),
                    lane: lane.id.clone(),
                },
                x,
                y,
                cols.w(i),
                row_h,
            );
        }
        match lane.kind.spec().drawing {
            Drawing::Curve => {
                let first = curves;
                curves += curves_of(map, lane).len().max(1);
                let line = look.patterns.then(|| Pattern::of(first));
                let ly = y + 14.0 + title.height + note_h + 12.0;
                if curves_of(map, lane).len() > 1 {
                    draw_curve_legend(b, map, lane, labels, ly, look.patterns.then_some(first));
                } else if let Some(line) = line.filter(|_| several_curves) {
                    // The curve's line under the lane's name, as its legend.
                    b.path(
                        PathData::new()
                            .move_to(PAD + 20.0, ly)
                            .line_to(PAD + 20.0 + SAMPLE_W, ly),
                        None,
                        Some(color),
                        3.0,
                        line.dash.to_vec(),
                    );
                }
                draw_emotions(b, map, lane, cols, y, row_h, look.patterns.then_some(first))
            }
            Drawing::Funnel => draw_funnel(b, map, lane, labels, cols, y),
            Drawing::Metrics => draw_metrics(b, map, lane, labels, cols, y),
            Drawing::Cards => {
                for ((i, s), drawn) in map.stages.iter().enumerate().zip(laid) {
                    drawn.put(b, y);
                    for (c, r) in cell(&s.id, &lane.id).into_iter().zip(&drawn.rects) {
                        let at = Rect {
                            x: cols.x(i) + r.x,
                            y: y + r.y,
                            ..*r
                        };
                        card_rects.insert(c.id.as_str(), at);
                    }
                    memo.keep(&lane.id, &s.id, drawn);
                }
            }
        }
        y += row_h + GAP;
    }
    memo.end(&mut b.engine.cells);
    (y, card_rects)
}

/// A service blueprint's line across the map, named at its left, in a band
/// of its own above the lane it starts (from `y`). Each line has its own
/// stroke, so they are told apart without reading their names. Answers where
/// the lane starts.
fn draw_blueprint_line(
    b: &mut Builder,
    labels: &Labels,
    line: BlueprintLine,
    y: f32,
    grid_w: f32,
) -> f32 {
    let name = b.block(labels.t(line.key()), HEAD_W - 24.0, TINY);
    let band = name.height + 12.0;
    // Halfway between the lane above (which ends a gap before `y`) and the next.
    let ly = y + (band - GAP) / 2.0;
    let dash = match line {
        BlueprintLine::Interaction => vec![],
        BlueprintLine::Visibility => vec![10.0, 6.0],
        BlueprintLine::InternalInteraction => vec![3.0, 5.0],
    };
    b.path(
        PathData::new()
            .move_to(PAD, ly)
            .line_to(PAD + HEAD_W + GAP + grid_w, ly),
        None,
        Some(LINE_INK),
        1.5,
        dash,
    );
    // The name on the paper, over the line's start.
    b.rect(
        PAD + 8.0,
        ly - name.height / 2.0,
        name.width + 12.0,
        name.height,
        4.0,
        Some(PAPER),
        None,
    );
    b.text(&name, PAD + 14.0, ly - name.height / 2.0, TINY, LINE_INK);
    y + band
}

/// The routes: connectors over the cards, numbered badges, then the legend
/// from `y`. Answers where the legend ends.
fn draw_routes(
    b: &mut Builder,
    map: &Map,
    labels: &Labels,
    card_rects: &HashMap<&str, Rect>,
    width: f32,
    mut y: f32,
    look: &Look,
) -> f32 {
    let routes = map.routes();
    let mut badges: HashMap<&str, usize> = HashMap::new();
    // Badges sit further apart when some are wider than a circle.
    let badge_step = if look.patterns { 30.0 } else { 22.0 };
    for (n, r) in routes.iter().enumerate() {
        let color = Color::of(r.color.as_deref(), ROUTE);
        let pattern = look.patterns.then(|| Pattern::of(n));
        let dash = pattern.map(|p| p.dash.to_vec()).unwrap_or_default();
        let rects: Vec<(&str, Rect)> = r
            .steps
            .iter()
            .filter_map(|s| card_rects.get(s.as_str()).map(|rc| (s.as_str(), *rc)))
            .collect();
        for pair in rects.windows(2) {
            let (a, z) = (pair[0].1, pair[1].1);
            let d = connector(a, z);
            b.path(d.clone(), None, Some(PAPER), 7.0, Vec::new());
            b.path(d, None, Some(color), 3.0, dash.clone());
            let (ex, ey, dir) = if z.x > a.x + 1.0 {
                (z.x, z.y + z.h / 2.0, 1.0)
            } else {
                (z.x + z.w, z.y + z.h / 2.0, -1.0)
            };
            let head = PathData::new()
                .move_to(ex, ey)
                .line_to(ex - 9.0 * dir, ey - 5.0)
                .line_to(ex - 9.0 * dir, ey + 5.0)
                .close();
            b.path(head, Some(color), None, 0.0, Vec::new());
        }
        for (k, (id, rc)) in rects.iter().enumerate() {
            let slot = badges.entry(id).or_insert(0);
            // On the card's top edge, right of the channel pill's row.
            let cx = rc.x + rc.w - 10.0 - *slot as f32 * badge_step;
            *slot += 1;
            let cy = rc.y - 4.0;
            let marker = pattern.map_or(Marker::Circle, |p| p.marker);
            b.path(
                marker.path(cx, cy, 10.0),
                Some(color),
                Some(PAPER),
                2.0,
                Vec::new(),
            );
            let num = b.block(&(k + 1).to_string(), 40.0, TINY);
            b.text_centered(&num, cx, cy - 7.0, TINY, color.ink(INK));
        }
    }
    if !routes.is_empty() {
        y += 8.0;
        let head = b.block(labels.t("route.title"), 200.0, LANE);
        b.text(&head, PAD, y, LANE, INK);
        let mut lx = PAD + head.width + 24.0;
        let mut ly = y;
        // The line's sample: longer when it shows a pattern.
        let sample = if look.patterns { SAMPLE_W } else { 28.0 };
        for (n, r) in routes.iter().enumerate() {
            let color = Color::of(r.color.as_deref(), ROUTE);
            let name = b.block(&r.name, 320.0, SMALL);
            if lx + sample + 12.0 + name.width > width - PAD {
                lx = PAD + head.width + 24.0;
                ly += 28.0;
            }
            let mid = ly + 10.0;
            let pattern = look.patterns.then(|| Pattern::of(n));
            b.path(
                PathData::new().move_to(lx, mid).line_to(lx + sample, mid),
                None,
                Some(color),
                4.0,
                pattern.map(|p| p.dash.to_vec()).unwrap_or_default(),
            );
            if let Some(p) = pattern {
                b.path(
                    p.marker.path(lx + sample / 2.0, mid, 7.0),
                    Some(color),
                    Some(PAPER),
                    1.5,
                    Vec::new(),
                );
            }
            b.label(&name, lx + sample + 8.0, ly + 2.0, SMALL, INK);
            b.hit(
                Target::Route { id: r.id.clone() },
                lx,
                ly,
                sample + 8.0 + name.width,
                20.0,
            );
            lx += sample + 8.0 + name.width + 28.0;
        }
        y = ly + 28.0;
    }
    y
}

/// A connector from one card to the next: left to right when the next card
/// is further right, else a loop on the right side.
fn connector(a: Rect, z: Rect) -> PathData {
    if z.x > a.x + 1.0 {
        let (sx, sy) = (a.x + a.w, a.y + a.h / 2.0);
        let (ex, ey) = (z.x, z.y + z.h / 2.0);
        let dx = ((ex - sx) / 2.0).max(24.0);
        PathData::new()
            .move_to(sx, sy)
            .cubic_to((sx + dx, sy), (ex - dx, ey), (ex, ey))
    } else {
        let (sx, sy) = (a.x + a.w, a.y + a.h / 2.0);
        let (ex, ey) = (z.x + z.w, z.y + z.h / 2.0);
        let out = sx.max(ex) + 28.0;
        PathData::new()
            .move_to(sx, sy)
            .cubic_to((out, sy), (out, ey), (ex, ey))
    }
}

/// Where a cell's cards go, from the cell's top left corner, in reading
/// order: in rows of as many columns as the cell's width takes (see
/// [`Builder::card_columns`]), the cards of a row as tall as its tallest.
/// Answers each card's place and the cell's height (0 when it is empty).
fn place_cards(b: &mut Builder, cards: &[&Card], at: Cell) -> (Vec<Rect>, f32) {
    let d = b.density;
    let (columns, card_w) = if at.one_a_row {
        (1, at.w - 2.0 * d.cell_pad)
    } else {
        b.card_columns(at.w)
    };
    let mut rects = Vec::with_capacity(cards.len());
    let mut y = d.cell_pad;
    for row in cards.chunks(columns) {
        let row_h = row
            .iter()
            .map(|c| card_height(b, at.map, at.labels, c, at.lane, card_w))
            .fold(0.0, f32::max);
        for k in 0..row.len() {
            rects.push(Rect {
                x: d.cell_pad + k as f32 * (card_w + d.card_gap),
                y,
                w: card_w,
                h: row_h,
            });
        }
        y += row_h + d.card_gap;
    }
    let h = if cards.is_empty() {
        0.0
    } else {
        y - d.card_gap + d.cell_pad
    };
    (rects, h)
}

/// A cell of cards, as [`place_cards`] sets it: its lane, its width, and
/// whether its cards go one a row whatever the width.
#[derive(Clone, Copy)]
struct Cell<'a> {
    map: &'a Map,
    labels: &'a Labels,
    lane: &'a Lane,
    w: f32,
    one_a_row: bool,
}

/// A card `w` wide: its padding, its channel's row and its text.
fn card_height(b: &mut Builder, map: &Map, labels: &Labels, c: &Card, lane: &Lane, w: f32) -> f32 {
    let d = b.density;
    let touchpoints = lane.kind.spec().touchpoints;
    let style = text_style(b, lane);
    let text = b.block(&c.text, text_room(b, c, lane, w), style);
    let picture = card_picture(b, c, w).or_else(|| blank_picture(b, lane, c, w));
    let lines = text_height(b, c, &text, style, picture.is_some());
    let top = if touchpoints {
        channel_head(b, map, labels, c, w).height
    } else {
        0.0
    };
    let image = picture.map_or(0.0, |(_, ih)| ih + PICTURE_GAP);
    let below = card_evidence(b, labels, c, w).map_or(0.0, |e| e.height);
    let link = c.link.as_deref().map_or(0.0, |l| {
        link_words(b, labels, l, w - 2.0 * d.card_pad - LINK_ICON).height + LINK_GAP
    });
    (lines + top + image + below + link + 2.0 * d.card_pad).ceil()
}

/// The height of a card's text: at least a line, but none for a picture
/// without words.
fn text_height(b: &Builder, c: &Card, text: &Block, style: Style, picture: bool) -> f32 {
    if picture && c.text.trim().is_empty() {
        return 0.0;
    }
    text.height.max(b.scaled(style).line_height)
}

/// The style of a card's text: a picture's caption in a lane of pictures
/// is set as small as an evidence note.
fn text_style(b: &Builder, lane: &Lane) -> Style {
    if lane.kind.spec().pictures {
        b.density.note
    } else {
        b.density.card
    }
}

/// The room kept for the picture a card of a lane of pictures has not got
/// yet: as wide as the card inside its padding, half as tall.
fn blank_picture(b: &Builder, lane: &Lane, c: &Card, w: f32) -> Option<(f32, f32)> {
    if !lane.kind.spec().pictures || c.image.is_some() {
        return None;
    }
    let room = w - 2.0 * b.density.card_pad;
    Some((room, (room / 2.0).round()))
}

/// The space under a card's picture.
const PICTURE_GAP: f32 = 6.0;

/// How large a card's picture is drawn, `w` the card's width: as wide as
/// the card inside its padding, keeping its shape, at most 1.25 times as
/// tall as wide (a tall one is narrower instead). None without a picture
/// (or one whose size cannot be read).
fn card_picture(b: &Builder, c: &Card, w: f32) -> Option<(f32, f32)> {
    let (pw, ph) = travesia_core::validate::picture_size(c.image.as_deref()?)?;
    if pw == 0 || ph == 0 {
        return None;
    }
    let room = w - 2.0 * b.density.card_pad;
    let ratio = ph as f32 / pw as f32;
    let ih = (room * ratio).min(room * 1.25);
    Some((ih / ratio, ih))
}

/// How wide a card's text may run: the card's width inside its padding,
/// less the confidence badge's room beside the first line (a touchpoint's
/// badge is in its channel's row instead, a lane of pictures' on the
/// picture).
fn text_room(b: &Builder, c: &Card, lane: &Lane, w: f32) -> f32 {
    let room = w - 2.0 * b.density.card_pad;
    let spec = lane.kind.spec();
    if badge_of(b, c).is_some() && !spec.touchpoints && !spec.pictures {
        room - BADGE_ROOM
    } else {
        room
    }
}

/// The room a confidence badge takes at the right of a card's first row.
const BADGE_ROOM: f32 = 18.0;
const BADGE_R: f32 = 6.0;

/// How sure the team is of a card, when the poster draws it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confidence {
    Assumption,
    SomeEvidence,
    Validated,
}

impl Confidence {
    pub const ALL: [Confidence; 3] = [
        Confidence::Assumption,
        Confidence::SomeEvidence,
        Confidence::Validated,
    ];

    pub fn of(word: &str) -> Option<Confidence> {
        match word {
            "assumption" => Some(Confidence::Assumption),
            "some_evidence" => Some(Confidence::SomeEvidence),
            "validated" => Some(Confidence::Validated),
            _ => None,
        }
    }

    /// The badge's colour, on the poster and on the page's buttons.
    pub fn color(self) -> Color {
        match self {
            Confidence::Assumption => Color::rgb(0xD9480F),
            Confidence::SomeEvidence => Color::rgb(0x1971C2),
            Confidence::Validated => Color::rgb(0x2B8A3E),
        }
    }

    fn label_key(self) -> &'static str {
        match self {
            Confidence::Assumption => "evidence.confidence.assumption",
            Confidence::SomeEvidence => "evidence.confidence.some_evidence",
            Confidence::Validated => "evidence.confidence.validated",
        }
    }
}

/// The badge a card wears, if the poster draws evidence and the card says
/// how sure the team is of it.
fn badge_of(b: &Builder, c: &Card) -> Option<Confidence> {
    if !b.evidence {
        return None;
    }
    Confidence::of(c.confidence()?)
}

/// A confidence badge centred on (cx, cy): a hollow circle for an
/// assumption, a half-filled one for some evidence, a filled one with a
/// tick for validated; told apart by shape in grey as well as by colour.
fn draw_badge(b: &mut Builder, cx: f32, cy: f32, r: f32, conf: Confidence) {
    let color = conf.color();
    match conf {
        Confidence::Assumption | Confidence::SomeEvidence => {
            b.path(
                circle_path(cx, cy, r),
                Some(PAPER),
                Some(color),
                1.6,
                Vec::new(),
            );
            if conf == Confidence::SomeEvidence {
                // The left half, filled: from the top round to the bottom.
                let k = 0.552_284_8 * r;
                let half = PathData::new()
                    .move_to(cx, cy - r)
                    .cubic_to((cx - k, cy - r), (cx - r, cy - k), (cx - r, cy))
                    .cubic_to((cx - r, cy + k), (cx - k, cy + r), (cx, cy + r))
                    .close();
                b.path(half, Some(color), None, 0.0, Vec::new());
            }
        }
        Confidence::Validated => {
            b.path(circle_path(cx, cy, r), Some(color), None, 0.0, Vec::new());
            let s = r / 6.0;
            let tick = PathData::new()
                .move_to(cx - 3.0 * s, cy + 0.2 * s)
                .line_to(cx - 0.8 * s, cy + 2.4 * s)
                .line_to(cx + 3.2 * s, cy - 2.2 * s);
            b.path(tick, None, Some(PAPER), 1.6 * s, Vec::new());
        }
    }
}

/// What a card shows of its evidence under its text: a line with the
/// source and the date, and the note in quotation marks.
struct EvidenceBlocks {
    source: Option<std::sync::Arc<Block>>,
    note: Option<std::sync::Arc<Block>>,
    /// From the card's text to the card's bottom padding.
    height: f32,
}

/// The space between a card's text and its evidence.
const EVIDENCE_GAP: f32 = 6.0;

fn card_evidence(b: &mut Builder, labels: &Labels, c: &Card, w: f32) -> Option<EvidenceBlocks> {
    if !b.evidence {
        return None;
    }
    let e = c.evidence.as_ref()?;
    let room = w - 2.0 * b.density.card_pad;
    let mut words = Vec::new();
    if let Some(s) = e.source.as_deref() {
        if travesia_core::model::SOURCES.contains(&s) {
            words.push(labels.c.t(&format!("evidence.source.{s}")).to_string());
        }
    }
    if let Some(d) = e.date.as_deref().and_then(|d| labels.date(d)) {
        words.push(d);
    }
    let source = (!words.is_empty()).then(|| b.block(&words.join(" · "), room, TINY));
    let note = e
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| {
            // A note that opens with its own quotation mark keeps it.
            let quoted = if n.starts_with(['«', '“', '‘', '"', '\'', '„', '‹']) {
                n.to_string()
            } else {
                labels.c.fill("evidence.quoted", &[("note", n)])
            };
            b.block(&quoted, room, b.density.note)
        });
    if source.is_none() && note.is_none() {
        return None;
    }
    let height = EVIDENCE_GAP
        + 1.0
        + EVIDENCE_GAP
        + source.as_ref().map_or(0.0, |s| s.height)
        + note.as_ref().map_or(0.0, |n| n.height + 2.0);
    Some(EvidenceBlocks {
        source,
        note,
        height,
    })
}

/// The legend of the confidence badges, above the footer: drawn when a card
/// drawn as a card wears one. Answers where the next band starts.
fn draw_evidence_legend(b: &mut Builder, map: &Map, labels: &Labels, width: f32, y: f32) -> f32 {
    let carded: std::collections::HashSet<&str> = map
        .lanes
        .iter()
        .filter(|l| l.kind.spec().drawing == Drawing::Cards && l.collapsed != Some(true))
        .map(|l| l.id.as_str())
        .collect();
    let worn = map
        .cards
        .iter()
        .any(|c| carded.contains(c.lane.as_str()) && badge_of(b, c).is_some());
    if !worn {
        return y;
    }
    let top = y + 8.0;
    let head = b.block(labels.t("evidence.legend"), 240.0, LANE);
    b.text(&head, PAD, top, LANE, INK);
    let start = PAD + head.width + 24.0;
    let mut lx = start;
    let mut ly = top;
    for conf in Confidence::ALL {
        let name = b.block(labels.t(conf.label_key()), 320.0, SMALL);
        let wide = 2.0 * BADGE_R + 8.0 + name.width;
        if lx + wide > width - PAD && lx > start {
            lx = start;
            ly += 28.0;
        }
        draw_badge(b, lx + BADGE_R, ly + 10.0, BADGE_R + 1.0, conf);
        b.label(&name, lx + 2.0 * BADGE_R + 8.0, ly + 2.0, SMALL, INK);
        lx += wide + 28.0;
    }
    ly + 28.0
}

/// What a touchpoint card shows above its text: its channel's icon and
/// name, and "online" or "in person" at the right.
struct ChannelHead<'a> {
    icon: &'a str,
    name: std::sync::Arc<Block>,
    /// Online or not, the word, the pill's width.
    pill: Option<(bool, std::sync::Arc<Block>, f32)>,
    /// The row's height: one more line for each line the name takes
    /// beyond its first (a long name on a narrow card).
    height: f32,
}

fn channel_head<'a>(
    b: &mut Builder,
    map: &'a Map,
    labels: &Labels,
    c: &Card,
    w: f32,
) -> ChannelHead<'a> {
    let pad = b.density.card_pad;
    let (icon, name) = channel_face(map, labels, c.channel.as_deref());
    // "Online" at the right, measured first: the channel's name has the rest.
    let pill = c.online.map(|online| {
        let word = if online {
            labels.t("poster.online")
        } else {
            labels.t("poster.offline")
        };
        let block = b.block(word, 100.0, TINY);
        let pw = block.width + 16.0;
        (online, block, pw)
    });
    let badge = if badge_of(b, c).is_some() {
        BADGE_ROOM
    } else {
        0.0
    };
    let room = w - 2.0 * pad - 22.0 - pill.as_ref().map_or(0.0, |(_, _, pw)| pw + 4.0) - badge;
    let name = b.block(&name, room, TINY);
    let line = b.scaled(TINY).line_height;
    let height = b.density.channel_row + (name.height - line).max(0.0);
    ChannelHead {
        icon,
        name,
        pill,
        height,
    }
}

/// The colours of a lane's cards, from the lane's colour: worked out once
/// per lane, not for each card.
struct CardInks {
    border: Color,
    icon: Color,
    channel: Color,
    online_fill: Color,
    online_ink: Color,
}

impl CardInks {
    fn of(color: Color) -> CardInks {
        CardInks {
            border: color.lighten(0.55),
            icon: color.darken(0.2),
            channel: color.darken(0.3),
            online_fill: color.lighten(0.8),
            online_ink: color.darken(0.4),
        }
    }
}

#[allow(clippy::too_many_arguments)]
/// The icon and the words a card's channel is shown with: a built-in
/// channel's own, the map's channel's name and icon, or "no channel" (the
/// same words the inspector says).
fn channel_face<'a>(map: &'a Map, labels: &Labels, channel: Option<&str>) -> (&'a str, String) {
    match channel {
        None => ("none", labels.t("channel.none").to_string()),
        Some(name) => match Channel::parse(name) {
            Some(ch) => (ch.as_str(), labels.channel(ch.as_str())),
            None => match map.own_channel(name) {
                Some(own) => (own.icon.as_deref().unwrap_or("other"), own.name.clone()),
                None => ("other", labels.channel("other")),
            },
        },
    }
}

fn draw_card(
    b: &mut Builder,
    map: &Map,
    c: &Card,
    lane: &Lane,
    inks: &CardInks,
    labels: &Labels,
    at: Rect,
) {
    let Rect { x, y, w, h } = at;
    let d = b.density;
    let pad = d.card_pad;
    let fill = Color::of(c.color.as_deref(), PAPER);
    b.rect(x, y, w, h, 8.0, Some(fill), Some(inks.border));
    let mut ty = y + pad;
    if lane.kind.spec().touchpoints {
        let head = channel_head(b, map, labels, c, w);
        b.items.push(Item::Icon {
            name: head.icon.to_string(),
            x: x + pad,
            y: ty,
            size: 16.0,
            color: inks.icon,
        });
        b.text(
            &head.name,
            x + pad + 22.0,
            ty + 1.0,
            TINY,
            inks.channel.readable_on(fill),
        );
        let pill_room = head.pill.as_ref().map_or(0.0, |(_, _, pw)| pw + 4.0);
        if let Some((online, pill, pill_w)) = head.pill {
            let px = x + w - pad - pill_w;
            let (pfill, ink) = if online {
                (inks.online_fill, inks.online_ink)
            } else {
                (Color::rgb(0xFFF4E6), Color::rgb(0xA1470A))
            };
            let ph = b.scaled(TINY).line_height + 4.0;
            b.rect(px, ty - 1.0, pill_w, ph, ph / 2.0, Some(pfill), None);
            b.label(&pill, px + 8.0, ty + 1.0, TINY, ink.readable_on(pfill));
        }
        if let Some(conf) = badge_of(b, c) {
            draw_badge(
                b,
                x + w - pad - pill_room - BADGE_R,
                ty + 8.0,
                BADGE_R,
                conf,
            );
        }
        ty += head.height;
    }
    let picture = card_picture(b, c, w);
    let blank = blank_picture(b, lane, c, w);
    let words = !c.text.trim().is_empty();
    let touchpoints = lane.kind.spec().touchpoints;
    // The top right corner of the picture, or of the room kept for it.
    let mut corner = None;
    if let Some((bw, bh)) = blank {
        // A dashed frame where the picture goes, named so a printed poster
        // says what is missing.
        let (bx, by) = (x + pad, ty);
        let frame = box_path(bx, by, bx + bw, by + bh);
        b.path(frame, None, Some(inks.border), 1.2, vec![6.0, 4.0]);
        let name = b.block(labels.t("images.none"), bw - 16.0, TINY);
        let muted = MUTED.readable_on(fill);
        b.text_centered(
            &name,
            bx + bw / 2.0,
            by + (bh - name.height) / 2.0,
            TINY,
            muted,
        );
        corner = Some((bx + bw, by));
        ty += bh + PICTURE_GAP;
    }
    if let (Some((iw, ih)), Some(href)) = (picture, &c.image) {
        let room = w - 2.0 * pad;
        b.items.push(Item::Image {
            x: x + pad + (room - iw) / 2.0,
            y: ty,
            w: iw,
            h: ih,
            href: href.clone(),
            round: false,
        });
        corner = Some((x + pad + (room + iw) / 2.0, ty));
        ty += ih + PICTURE_GAP;
    }
    // A picture wears the badge on its corner when it has no words beside
    // it, or is a lane of pictures' own; other cards, beside the first line.
    if let Some(conf) = badge_of(b, c).filter(|_| !touchpoints) {
        match corner.filter(|_| !words || lane.kind.spec().pictures) {
            Some((cx, cy)) => draw_badge(b, cx - BADGE_R - 3.0, cy + BADGE_R + 3.0, BADGE_R, conf),
            None => {
                let line = b.scaled(text_style(b, lane)).line_height;
                draw_badge(b, x + w - pad - BADGE_R, ty + line / 2.0, BADGE_R, conf);
            }
        }
    }
    let style = text_style(b, lane);
    let text = b.block(&c.text, text_room(b, c, lane, w), style);
    b.text(&text, x + pad, ty, style, INK.readable_on(fill));
    if let Some(e) = card_evidence(b, labels, c, w) {
        let lines = text_height(b, c, &text, style, picture.is_some() || blank.is_some());
        let mut ey = ty + lines + EVIDENCE_GAP;
        b.rect(
            x + pad,
            ey,
            w - 2.0 * pad,
            1.0,
            0.0,
            Some(inks.border),
            None,
        );
        ey += 1.0 + EVIDENCE_GAP;
        let muted = MUTED.readable_on(fill);
        if let Some(src) = &e.source {
            b.text(src, x + pad, ey, TINY, muted);
            ey += src.height + 2.0;
        }
        if let Some(note) = &e.note {
            b.text(note, x + pad, ey, d.note, INK.readable_on(fill));
        }
    }
    if let Some(change) = b.changes.and_then(|m| m.cards.get(&c.id)).copied() {
        draw_change_frame(b, labels, change, at);
    }
    if let Some(map_id) = &c.link {
        let words = link_words(b, labels, map_id, w - 2.0 * pad - LINK_ICON);
        let ly = y + h - pad - words.height;
        let from = Target::Card { id: c.id.clone() };
        draw_link(
            b,
            &words,
            map_id,
            from,
            x + pad,
            ly,
            LINK_INK.readable_on(fill),
        );
    }
    b.hit(Target::Card { id: c.id.clone() }, x, y, w, h);
}

/// A changed card's frame in its change's colour (dashed when removed) and
/// its tag at the top left, over the frame (the top right is the routes'
/// badges').
fn draw_change_frame(b: &mut Builder, labels: &Labels, change: Change, at: Rect) {
    let color = change_color(change);
    let Rect { x, y, w, h } = at;
    let (x0, y0, x1, y1) = (x - 2.0, y - 2.0, x + w + 2.0, y + h + 2.0);
    b.path(
        box_path(x0, y0, x1, y1),
        None,
        Some(color),
        2.5,
        change_dash(change),
    );
    let word = b.block(labels.t(change.tag_key()), 200.0, TINY);
    draw_tag(b, &word, color, x0 + 8.0, y0 - 9.0);
}

/// A removed thing's frame is dashed; the others' are whole.
fn change_dash(change: Change) -> Vec<f32> {
    if change == Change::Removed {
        vec![7.0, 4.0]
    } else {
        Vec::new()
    }
}

/// A box with square corners from (x0, y0) to (x1, y1), as a path (which,
/// unlike a rect, may be dashed).
fn box_path(x0: f32, y0: f32, x1: f32, y1: f32) -> PathData {
    PathData::new()
        .move_to(x0, y0)
        .line_to(x1, y0)
        .line_to(x1, y1)
        .line_to(x0, y1)
        .close()
}

/// A small tag, `word` in white on `color`, from (`left`, `top`).
fn draw_tag(b: &mut Builder, word: &Block, color: Color, left: f32, top: f32) {
    let h = b.scaled(TINY).line_height + 4.0;
    b.rect(left, top, word.width + 12.0, h, h / 2.0, Some(color), None);
    b.label(word, left + 6.0, top + 2.0, TINY, PAPER.readable_on(color));
}

/// A comparison's legend, above the footer: which states are compared,
/// then each change's frame and how many things had it.
fn draw_change_legend(b: &mut Builder, labels: &Labels, width: f32, y: f32) -> f32 {
    let Some(marks) = b.changes else {
        return y;
    };
    let top = y + 8.0;
    let head = b.block(labels.t("compare.legend"), 240.0, LANE);
    b.text(&head, PAD, top, LANE, INK);
    let what = b.block(&marks.title, width - 2.0 * PAD, SMALL);
    b.text(&what, PAD, top + head.height + 2.0, SMALL, MUTED);
    let start = PAD + head.width.max(what.width.min(320.0)) + 32.0;
    let mut lx = start;
    let mut ly = top;
    for (change, n) in Change::ALL.into_iter().zip(marks.counts) {
        let name = b.block(&format!("{} ({n})", labels.t(change.key())), 320.0, SMALL);
        let wide = 36.0 + 8.0 + name.width;
        if lx + wide > width - PAD && lx > start {
            lx = start;
            ly += 30.0;
        }
        let sample = box_path(lx, ly + 3.0, lx + 36.0, ly + 19.0);
        let color = change_color(change);
        b.path(sample, Some(PAPER), Some(color), 2.5, change_dash(change));
        b.label(&name, lx + 44.0, ly + 2.0, SMALL, INK);
        lx += wide + 28.0;
    }
    (ly + 30.0).max(top + head.height + what.height + 12.0)
}

/// The room of a link's arrow, before its words.
const LINK_ICON: f32 = 16.0;
/// The space above a card's link.
const LINK_GAP: f32 = 6.0;
const LINK_INK: Color = Color::rgb(0x1864AB);

/// A link's words: the linked map's title, or that it is not in the library.
fn link_words(b: &mut Builder, labels: &Labels, map_id: &str, w: f32) -> std::sync::Arc<Block> {
    let words = match b.titles.get(map_id) {
        Some(title) if !title.trim().is_empty() => title.clone(),
        Some(_) => labels.t("link.untitled").to_string(),
        None => labels.t("link.missing").to_string(),
    };
    b.block(&words, w, LINK_TEXT)
}

const LINK_TEXT: Style = Style {
    size: 12.0,
    weight: 600,
    line_height: 16.0,
    face: Face::Sans,
};

/// A link's mark from (x, y): an arrow out of a corner, then its words,
/// underlined, in `ink`; kept in the Scene's links for the canvas's button
/// and the PDF's link.
#[allow(clippy::too_many_arguments)]
fn draw_link(
    b: &mut Builder,
    words: &Block,
    map_id: &str,
    from: Target,
    x: f32,
    y: f32,
    ink: Color,
) {
    let line = b.scaled(LINK_TEXT).line_height;
    let (ax, ay, s) = (x + 1.0, y + (line - 10.0) / 2.0, 10.0);
    let arrow = PathData::new()
        .move_to(ax, ay + s)
        .line_to(ax + s, ay)
        .move_to(ax + s * 0.35, ay)
        .line_to(ax + s, ay)
        .line_to(ax + s, ay + s * 0.65);
    b.path(arrow, None, Some(ink), 1.6, Vec::new());
    let tx = x + LINK_ICON;
    b.text(words, tx, y, LINK_TEXT, ink);
    let first = words.lines.first().map_or(words.width, |l| l.width);
    b.rect(tx, y + line - 2.0, first, 1.0, 0.0, Some(ink), None);
    b.links.push(LinkMark {
        map: map_id.to_string(),
        from,
        x,
        y,
        w: LINK_ICON + words.width,
        h: words.height,
    });
}

struct PersonaBlocks {
    name: std::sync::Arc<Block>,
    role: Option<std::sync::Arc<Block>>,
    quote: Option<std::sync::Arc<Block>>,
    lists: Vec<(std::sync::Arc<Block>, Vec<std::sync::Arc<Block>>)>,
    height: f32,
}

fn persona_blocks_for(b: &mut Builder, p: &Persona, labels: &Labels) -> PersonaBlocks {
    let text_w = PERSONA_W - 2.0 * 16.0 - 64.0 - 12.0;
    let name = b.block(&p.name, text_w, NAME);
    let role = p
        .role
        .as_deref()
        .filter(|r| !r.is_empty())
        .map(|r| b.block(r, text_w, SMALL));
    let quote = p
        .quote
        .as_deref()
        .filter(|q| !q.is_empty())
        .map(|q| b.block(&format!("«{q}»"), PERSONA_W - 32.0, SMALL));
    let mut lists = Vec::new();
    for (head, items) in [
        (labels.t("persona.goals"), &p.goals),
        (labels.t("persona.frustrations"), &p.frustrations),
    ] {
        let Some(items) = items.as_ref().filter(|i| !i.is_empty()) else {
            continue;
        };
        let h = b.block(head, PERSONA_W - 32.0, TINY);
        let blocks: Vec<std::sync::Arc<Block>> = items
            .iter()
            .take(4)
            .map(|i| b.block(&format!("• {i}"), PERSONA_W - 32.0, SMALL))
            .collect();
        lists.push((h, blocks));
    }
    let mut height =
        16.0 + (name.height + role.as_ref().map_or(0.0, |r| r.height + 2.0)).max(64.0) + 10.0;
    if let Some(q) = &quote {
        height += q.height + 8.0;
    }
    for (h, items) in &lists {
        height += h.height + 2.0 + items.iter().map(|i| i.height).sum::<f32>() + 6.0;
    }
    PersonaBlocks {
        name,
        role,
        quote,
        lists,
        height: height + 10.0,
    }
}

fn draw_persona(b: &mut Builder, p: &Persona, pb: &PersonaBlocks, x: f32, y: f32, h: f32) {
    b.rect(x, y, PERSONA_W, h, 12.0, Some(PAPER), None);
    b.hit(Target::Persona { id: p.id.clone() }, x, y, PERSONA_W, h);
    let (px, py) = (x + 16.0, y + 16.0);
    match &p.photo {
        Some(photo) => b.items.push(Item::Image {
            x: px,
            y: py,
            w: 64.0,
            h: 64.0,
            href: photo.clone(),
            round: true,
        }),
        None => {
            b.path(
                circle_path(px + 32.0, py + 32.0, 32.0),
                Some(Color::rgb(0xE7ECF3)),
                None,
                0.0,
                Vec::new(),
            );
            let initials: String = p
                .name
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .take(2)
                .collect::<String>()
                .to_uppercase();
            let ib = b.block(&initials, 60.0, NAME);
            b.text_centered(&ib, px + 32.0, py + 32.0 - ib.height / 2.0, NAME, MUTED);
        }
    }
    let tx = px + 64.0 + 12.0;
    let mut ty = py + 4.0;
    b.text(&pb.name, tx, ty, NAME, INK);
    ty += pb.name.height + 2.0;
    if let Some(r) = &pb.role {
        b.text(r, tx, ty, SMALL, MUTED);
    }
    let mut ty =
        py + (pb.name.height + pb.role.as_ref().map_or(0.0, |r| r.height + 2.0)).max(64.0) + 10.0;
    if let Some(q) = &pb.quote {
        b.text(q, px, ty, SMALL, INK);
        ty += q.height + 8.0;
    }
    for (head, items) in &pb.lists {
        b.text(head, px, ty, TINY, MUTED);
        ty += head.height + 2.0;
        for i in items {
            b.text(i, px, ty, SMALL, INK);
            ty += i.height;
        }
        ty += 6.0;
    }
}

// --- Emotion curve --------------------------------------------------------

const PLOT_TOP: f32 = 24.0;
const PLOT_H: f32 = 96.0;

fn score_y(top: f32, score: i8) -> f32 {
    top + PLOT_TOP + (2.0 - score.clamp(-2, 2) as f32) / 4.0 * PLOT_H
}

/// The curves of an emotions lane in the order they are drawn and listed:
/// the general curve, then each persona's in the personas' order; as-is
/// before to-be. Each with its points, one per stage at most.
fn curves_of<'m>(map: &'m Map, lane: &Lane) -> Vec<(Curve<'m>, Vec<&'m Card>)> {
    let mut curves: Vec<(Curve, Vec<&Card>)> = Vec::new();
    for c in map.cards.iter().filter(|c| c.lane == lane.id) {
        match curves.iter_mut().find(|(k, _)| *k == c.curve()) {
            Some((_, pts)) => pts.push(c),
            None => curves.push((c.curve(), vec![c])),
        }
    }
    let rank = |k: &Curve| {
        let p = k
            .persona
            .map_or(0, |p| map.persona_index(p).map_or(usize::MAX, |i| i + 1));
        (p, k.to_be)
    };
    curves.sort_by_key(|(k, _)| rank(k));
    curves
}

/// The colour of a curve: its persona's, or the lane's for the general curve.
fn curve_color(map: &Map, lane: &Lane, curve: Curve) -> Color {
    match curve.persona.and_then(|p| map.persona_color(p)) {
        Some(c) => Color::of(Some(c), lane_color(lane)),
        None => lane_color(lane),
    }
}

/// The name of a curve in its legend: its persona's (or "General"), and
/// whether it is the to-be curve.
fn curve_name(map: &Map, labels: &Labels, curve: Curve) -> String {
    let name = curve
        .persona
        .and_then(|p| map.persona(p))
        .map(|p| p.name.clone())
        .unwrap_or_else(|| labels.t("curve.general").to_string());
    if curve.to_be {
        labels.c.fill("curve.toBe", &[("name", &name)])
    } else {
        name
    }
}

/// Each stage's column, by the stage's id.
fn stage_columns(map: &Map) -> HashMap<&str, usize> {
    map.stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect()
}

/// The to-be curve's dash, when the poster does not tell curves apart by pattern.
const TO_BE_DASH: [f32; 2] = [9.0, 6.0];

/// The dash of the k-th curve of a lane (`first`: the number of the lane's
/// first curve on a poster that tells curves apart by pattern).
fn curve_dash(curve: Curve, k: usize, first: Option<usize>) -> Vec<f32> {
    match first {
        Some(n) => Pattern::of(n + k).dash.to_vec(),
        None if curve.to_be => TO_BE_DASH.to_vec(),
        None => Vec::new(),
    }
}

const LEGEND_LINE: f32 = 28.0;

/// How far apart the faces of points at one place stand.
const FACE_SPREAD: f32 = 26.0;

/// How tall a lane's legend of curves is (nothing for one curve).
fn curve_legend(b: &mut Builder, map: &Map, lane: &Lane, labels: &Labels) -> f32 {
    let curves = curves_of(map, lane);
    if curves.len() < 2 {
        return 0.0;
    }
    let mut h = 0.0;
    for (k, _) in &curves {
        let name = b.block(
            &curve_name(map, labels, *k),
            HEAD_W - 32.0 - LEGEND_LINE - 8.0,
            TINY,
        );
        h += name.height.max(14.0) + 6.0;
    }
    h
}

/// The legend of a lane of several curves, under its name: each curve's
/// line, in its colour and dash, and its name.
fn draw_curve_legend(
    b: &mut Builder,
    map: &Map,
    lane: &Lane,
    labels: &Labels,
    top: f32,
    first: Option<usize>,
) {
    let band = lane_color(lane).lighten(0.88);
    let mut y = top - 6.0;
    for (i, (k, _)) in curves_of(map, lane).into_iter().enumerate() {
        let color = curve_color(map, lane, k);
        let name = b.block(
            &curve_name(map, labels, k),
            HEAD_W - 32.0 - LEGEND_LINE - 8.0,
            TINY,
        );
        let h = name.height.max(14.0);
        let ly = y + h / 2.0;
        b.path(
            PathData::new()
                .move_to(PAD + 20.0, ly)
                .line_to(PAD + 20.0 + LEGEND_LINE, ly),
            None,
            Some(color),
            3.0,
            curve_dash(k, i, first),
        );
        b.text(
            &name,
            PAD + 20.0 + LEGEND_LINE + 8.0,
            y,
            TINY,
            color.darken(0.3).readable_on(band),
        );
        y += h + 6.0;
    }
}

/// The notes under a stage's points, one per curve, stacked.
fn why_blocks(b: &mut Builder, points: &[&Card], width: f32) -> Vec<std::sync::Arc<Block>> {
    points
        .iter()
        .filter(|c| !c.text.is_empty())
        .map(|c| b.block(&c.text, width, SMALL))
        .collect()
}

fn emotion_height(b: &mut Builder, map: &Map, lane: &Lane, cols: &Columns) -> f32 {
    let curves = curves_of(map, lane);
    let mut why: f32 = 0.0;
    for (i, s) in map.stages.iter().enumerate() {
        let points: Vec<&Card> = curves
            .iter()
            .filter_map(|(_, pts)| pts.iter().find(|c| c.stage == s.id).copied())
            .collect();
        let blocks = why_blocks(b, &points, cols.w(i) - 24.0);
        let gaps = blocks.len().saturating_sub(1) as f32 * 4.0;
        let h: f32 = blocks.iter().map(|w| w.height).sum::<f32>() + gaps;
        why = why.max(h);
    }
    PLOT_TOP + PLOT_H + 28.0 + why + 12.0
}

fn face_color(score: i8) -> Color {
    Color::rgb(match score {
        i8::MIN..=-2 => 0xE03131,
        -1 => 0xF76707,
        0 => 0xF59F00,
        1 => 0x74B816,
        _ => 0x2F9E44,
    })
}

/// An emotions lane: its guides; for each curve the line through its
/// points (in its persona's colour, dashed when it is the to-be curve, or by
/// its pattern when `first` numbers the lane's first curve on a poster that
/// tells curves apart by pattern) and a face per point; the points' notes.
fn draw_emotions(
    b: &mut Builder,
    map: &Map,
    lane: &Lane,
    cols: &Columns,
    top: f32,
    h: f32,
    first: Option<usize>,
) {
    let grid_w = cols.span();
    // Guides at +2, 0 and −2.
    for (score, dash) in [
        (2i8, vec![2.0, 4.0]),
        (0, vec![6.0, 4.0]),
        (-2, vec![2.0, 4.0]),
    ] {
        let gy = score_y(top, score);
        b.path(
            PathData::new()
                .move_to(cols.x(0) + 8.0, gy)
                .line_to(cols.x(0) + grid_w - 8.0, gy),
            None,
            Some(Color::rgb(0xCED4DA)),
            1.0,
            dash,
        );
    }
    let column = stage_columns(map);
    for (i, s) in map.stages.iter().enumerate() {
        b.hit(
            Target::Point {
                stage: s.id.clone(),
                lane: lane.id.clone(),
            },
            cols.x(i),
            top,
            cols.w(i),
            h,
        );
    }
    let curves = curves_of(map, lane);
    let several = curves.len() > 1;
    // Points of several curves at one place stand side by side, so none
    // hides another: each takes its share of a row centred on the column.
    let mut shared: HashMap<(&str, i8), Vec<&str>> = HashMap::new();
    for (_, cards) in &curves {
        for c in cards {
            if let Some(score) = c.score {
                shared
                    .entry((c.stage.as_str(), score))
                    .or_default()
                    .push(c.id.as_str());
            }
        }
    }
    let nudge = |c: &Card, score: i8| -> f32 {
        let row = &shared[&(c.stage.as_str(), score)];
        let k = row.iter().position(|id| *id == c.id).unwrap_or(0) as f32;
        (k - (row.len() - 1) as f32 / 2.0) * FACE_SPREAD
    };
    // Where each stage's next note goes.
    let mut why_y: Vec<f32> = vec![top + PLOT_TOP + PLOT_H + 28.0; map.stages.len()];
    let mut faces = Vec::new();
    for (k, (curve, cards)) in curves.iter().enumerate() {
        let color = curve_color(map, lane, *curve);
        let mut pts: Vec<(f32, f32, i8, usize, &Card)> = cards
            .iter()
            .filter_map(|c| {
                let i = *column.get(c.stage.as_str())?;
                let score = c.score?;
                let cx = cols.x(i) + cols.w(i) / 2.0 + nudge(c, score);
                Some((cx, score_y(top, score), score, i, *c))
            })
            .collect();
        pts.sort_by_key(|p| p.3);
        if pts.len() >= 2 {
            // Catmull-Rom through the points, as cubic Béziers.
            let mut d = PathData::new().move_to(pts[0].0, pts[0].1);
            for i in 0..pts.len() - 1 {
                let p0 = if i == 0 { pts[0] } else { pts[i - 1] };
                let (p1, p2) = (pts[i], pts[i + 1]);
                let p3 = if i + 2 < pts.len() {
                    pts[i + 2]
                } else {
                    pts[i + 1]
                };
                let c1 = (p1.0 + (p2.0 - p0.0) / 6.0, p1.1 + (p2.1 - p0.1) / 6.0);
                let c2 = (p2.0 - (p3.0 - p1.0) / 6.0, p2.1 - (p3.1 - p1.1) / 6.0);
                d = d.cubic_to(c1, c2, (p2.0, p2.1));
            }
            b.path(d, None, Some(color), 3.0, curve_dash(*curve, k, first));
        }
        for (cx, cy, score, i, c) in pts {
            faces.push((cx, cy, score, *curve, several.then_some(color), c));
            if !c.text.is_empty() {
                let why = b.block(&c.text, cols.w(i) - 24.0, SMALL);
                let ink = if several {
                    color.darken(0.3).readable_on(PAPER)
                } else {
                    INK
                };
                b.text_centered(&why, cols.x(i) + cols.w(i) / 2.0, why_y[i], SMALL, ink);
                why_y[i] += why.height + 4.0;
            }
        }
    }
    // Faces over every line, so no curve hides another's points.
    for (cx, cy, score, curve, ring, c) in faces {
        face(b, cx, cy, score, curve.to_be, ring);
        b.hit(
            Target::Card { id: c.id.clone() },
            cx - 16.0,
            cy - 16.0,
            32.0,
            32.0,
        );
    }
}

/// A face: its mouth smiles or frowns with the score. A to-be point's face
/// is drawn hollow; `ring` rings it in its curve's colour when a lane has
/// several curves.
fn face(b: &mut Builder, cx: f32, cy: f32, score: i8, to_be: bool, ring: Option<Color>) {
    let mood = face_color(score);
    let (fill, features) = if to_be { (PAPER, mood) } else { (mood, PAPER) };
    let (stroke, width) = match (ring, to_be) {
        (Some(c), _) => (c, 3.0),
        (None, true) => (mood, 3.0),
        (None, false) => (PAPER, 2.0),
    };
    b.path(
        circle_path(cx, cy, 14.0),
        Some(fill),
        Some(stroke),
        width,
        Vec::new(),
    );
    for ex in [cx - 5.0, cx + 5.0] {
        b.path(
            circle_path(ex, cy - 3.5, 1.8),
            Some(features),
            None,
            0.0,
            Vec::new(),
        );
    }
    let curve = score as f32 * 2.2;
    let my = cy + 5.0 - curve / 2.0;
    b.path(
        PathData::new().move_to(cx - 6.0, my).cubic_to(
            (cx - 3.0, my + curve),
            (cx + 3.0, my + curve),
            (cx + 6.0, my),
        ),
        None,
        Some(features),
        2.0,
        Vec::new(),
    );
}

// --- Funnel ------------------------------------------------------------------

const BAR_H: f32 = 36.0;

fn funnel_height(b: &mut Builder, map: &Map, lane: &Lane, cols: &Columns) -> f32 {
    let mut label: f32 = 0.0;
    for (i, s) in map.stages.iter().enumerate() {
        if let Some(c) = map.cell_cards(&s.id, &lane.id).next() {
            if !c.text.is_empty() {
                label = label.max(b.block(&c.text, cols.w(i) - 24.0, SMALL).height);
            }
        }
    }
    16.0 + BAR_H + 10.0 + label + 16.0
}

fn draw_funnel(b: &mut Builder, map: &Map, lane: &Lane, labels: &Labels, cols: &Columns, top: f32) {
    let color = lane_color(lane);
    let values: Vec<Option<&Card>> = map
        .stages
        .iter()
        .map(|s| map.cell_cards(&s.id, &lane.id).next())
        .collect();
    let max = values
        .iter()
        .filter_map(|c| c.and_then(|c| c.value))
        .fold(0.0f64, f64::max);
    let bar_y = top + 16.0;
    let mut prev: Option<(usize, f64)> = None;
    for (i, c) in values.iter().enumerate() {
        let Some(c) = c else { continue };
        let cx = cols.x(i) + cols.w(i) / 2.0;
        if let Some(v) = c.value {
            // One scale for every bar, so bars compare across columns of any width.
            let full = cols.narrowest() - 32.0;
            let w = if max > 0.0 {
                (full * (v / max) as f32).max(6.0)
            } else {
                6.0
            };
            b.rect(cx - w / 2.0, bar_y, w, BAR_H, 6.0, Some(color), None);
            let num = b.block(&labels.number(v), full, NUMBER);
            let ink = if num.width + 12.0 < w {
                color.ink(INK)
            } else {
                color.darken(0.4).readable_on(PAPER)
            };
            let ny = bar_y + (BAR_H - num.height) / 2.0;
            if num.width + 12.0 < w {
                b.text_centered(&num, cx, ny, NUMBER, ink);
            } else {
                b.text(&num, cx + w / 2.0 + 6.0, ny, NUMBER, ink);
            }
            if let Some((pi, pv)) = prev {
                if pv > 0.0 {
                    let pct = b.block(&labels.percent(v / pv * 100.0), 120.0, TINY);
                    // Between the two columns' bars, on the boundary before this one.
                    let bx = if pi + 1 == i {
                        cols.x(i) - GAP / 2.0
                    } else {
                        cols.x(i)
                    };
                    let pw = pct.width + 14.0;
                    b.rect(
                        bx - pw / 2.0,
                        bar_y + BAR_H / 2.0 - 10.0,
                        pw,
                        20.0,
                        10.0,
                        Some(PAPER),
                        Some(color),
                    );
                    let ink = color.darken(0.4).readable_on(PAPER);
                    b.text_centered(&pct, bx, bar_y + BAR_H / 2.0 - 7.0, TINY, ink);
                }
            }
            prev = Some((i, v));
        }
        if !c.text.is_empty() {
            let label = b.block(&c.text, cols.w(i) - 24.0, SMALL);
            b.text_centered(&label, cx, bar_y + BAR_H + 10.0, SMALL, INK);
        }
        b.hit(
            Target::Card { id: c.id.clone() },
            cols.x(i),
            top,
            cols.w(i),
            BAR_H + 32.0,
        );
    }
}

// --- Metrics -----------------------------------------------------------------

/// The height of one metric's chart.
const METRIC_ROW: f32 = 72.0;
/// Where a metric's line runs in its row: from the top of the plot to its bottom.
const METRIC_PLOT_TOP: f32 = 34.0;
const METRIC_PLOT_H: f32 = 24.0;

/// A metrics lane's metrics in the order they first appear: each name (as
/// first written; names that differ only in case or spaces are one metric),
/// its unit, and its cards.
fn metrics_of<'m>(map: &'m Map, lane: &Lane) -> Vec<(&'m str, Option<&'m str>, Vec<&'m Card>)> {
    let mut metrics: Vec<(String, &str, Option<&str>, Vec<&Card>)> = Vec::new();
    for c in map.cards.iter().filter(|c| c.lane == lane.id) {
        let key = c
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        match metrics.iter_mut().find(|m| m.0 == key) {
            Some(m) => {
                m.2 = m.2.or(c.unit.as_deref());
                m.3.push(c);
            }
            None => metrics.push((key, c.text.trim(), c.unit.as_deref(), vec![c])),
        }
    }
    metrics
        .into_iter()
        .map(|(_, n, u, cs)| (n, u, cs))
        .collect()
}

fn metrics_height(map: &Map, lane: &Lane) -> f32 {
    let n = metrics_of(map, lane).len();
    (n as f32 * METRIC_ROW + 8.0).max(COMFORTABLE.row_min)
}

/// A metrics lane: a row per metric, its name and unit at the left, a line
/// through its values across the stages (each metric on its own scale), and
/// each value written by its point.
fn draw_metrics(
    b: &mut Builder,
    map: &Map,
    lane: &Lane,
    labels: &Labels,
    cols: &Columns,
    top: f32,
) {
    let color = lane_color(lane);
    let ink = color.darken(0.4).readable_on(PAPER);
    let column = stage_columns(map);
    for (k, (name, unit, cards)) in metrics_of(map, lane).into_iter().enumerate() {
        let row = top + 4.0 + k as f32 * METRIC_ROW;
        let title = match unit {
            Some(u) => format!("{name} ({u})"),
            None => name.to_string(),
        };
        let title = b.block(&title, cols.span() - 16.0, TINY);
        b.text(&title, cols.x(0) + 8.0, row + 4.0, TINY, ink);
        // One value a stage: the first card of the metric there.
        let mut values: Vec<(usize, f64, &Card)> = Vec::new();
        for c in &cards {
            if let (Some(&i), Some(v)) = (column.get(c.stage.as_str()), c.value) {
                if !values.iter().any(|(j, _, _)| *j == i) {
                    values.push((i, v, c));
                }
            }
        }
        values.sort_by_key(|(i, _, _)| *i);
        let lo = values.iter().map(|v| v.1).fold(f64::INFINITY, f64::min);
        let hi = values.iter().map(|v| v.1).fold(f64::NEG_INFINITY, f64::max);
        let y_of = |v: f64| {
            let t = if hi > lo {
                ((v - lo) / (hi - lo)) as f32
            } else {
                0.5
            };
            row + METRIC_PLOT_TOP + (1.0 - t) * METRIC_PLOT_H
        };
        let pts: Vec<(f32, f32)> = values
            .iter()
            .map(|(i, v, _)| (cols.x(*i) + cols.w(*i) / 2.0, y_of(*v)))
            .collect();
        if pts.len() >= 2 {
            let mut d = PathData::new().move_to(pts[0].0, pts[0].1);
            for p in &pts[1..] {
                d = d.line_to(p.0, p.1);
            }
            b.path(d, None, Some(color), 2.0, Vec::new());
        }
        for ((i, v, c), (x, y)) in values.iter().zip(pts) {
            b.path(
                circle_path(x, y, 4.0),
                Some(color),
                Some(PAPER),
                1.5,
                Vec::new(),
            );
            let text = match unit {
                Some(u) if u.chars().next().is_some_and(char::is_alphanumeric) => {
                    format!("{} {u}", labels.number(*v))
                }
                Some(u) => format!("{}{u}", labels.number(*v)),
                None => labels.number(*v),
            };
            let label = b.block(&text, cols.w(*i) - 24.0, NUMBER);
            b.text(&label, x + 8.0, y - label.height - 2.0, NUMBER, ink);
            b.hit(
                Target::Card { id: c.id.clone() },
                x - 10.0,
                y - 10.0,
                20.0,
                20.0,
            );
        }
        // The names of cards with no value yet, so a new metric shows at once.
        for c in cards.iter().filter(|c| c.value.is_none()) {
            if let Some(&i) = column.get(c.stage.as_str()) {
                let x = cols.x(i) + cols.w(i) / 2.0;
                let y = row + METRIC_PLOT_TOP + METRIC_PLOT_H / 2.0;
                b.path(
                    circle_path(x, y, 4.0),
                    Some(PAPER),
                    Some(color),
                    1.5,
                    Vec::new(),
                );
                b.hit(
                    Target::Card { id: c.id.clone() },
                    x - 10.0,
                    y - 10.0,
                    20.0,
                    20.0,
                );
            }
        }
    }
}
