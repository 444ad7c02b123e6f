//! Text shaping and line breaking with parley and the bundled fonts only
//! (never the system's: output would differ between machines).

use hashbrown::{Equivalent, HashMap};
use std::sync::{Arc, OnceLock};

use parley::fontique::{Blob, Collection, CollectionOptions, FallbackKey, Script, SourceCache};
use parley::style::{
    FontFamily, FontFamilyName, FontWeight, LineHeight, OverflowWrap, StyleProperty,
};
use parley::{FontContext, Layout, LayoutContext, PositionedLayoutItem};

/// The UI family name; the same files are served to the webview.
pub const FAMILY: &str = "Inter";

pub const FONT_FILES: &[(&str, &[u8])] = &[
    (
        "Inter-Regular.otf",
        include_bytes!("../../../ui/public/fonts/Inter-Regular.otf"),
    ),
    (
        "Inter-SemiBold.otf",
        include_bytes!("../../../ui/public/fonts/Inter-SemiBold.otf"),
    ),
    (
        "Inter-Bold.otf",
        include_bytes!("../../../ui/public/fonts/Inter-Bold.otf"),
    ),
    (
        "NotoSansArabic-Regular.ttf",
        include_bytes!("../../../ui/public/fonts/NotoSansArabic-Regular.ttf"),
    ),
    (
        "NotoSansHebrew-Regular.ttf",
        include_bytes!("../../../ui/public/fonts/NotoSansHebrew-Regular.ttf"),
    ),
    (EMOJI_FILE, EMOJI_FONT),
    (CJK_FILE, CJK_FONT),
    (
        "SourceSerif4-Regular.ttf",
        include_bytes!("../../../ui/public/fonts/SourceSerif4-Regular.ttf"),
    ),
    (
        "SourceSerif4-SemiBold.ttf",
        include_bytes!("../../../ui/public/fonts/SourceSerif4-SemiBold.ttf"),
    ),
    (
        "SourceSerif4-Bold.ttf",
        include_bytes!("../../../ui/public/fonts/SourceSerif4-Bold.ttf"),
    ),
    (
        "Nunito-Regular.ttf",
        include_bytes!("../../../ui/public/fonts/Nunito-Regular.ttf"),
    ),
    (
        "Nunito-SemiBold.ttf",
        include_bytes!("../../../ui/public/fonts/Nunito-SemiBold.ttf"),
    ),
    (
        "Nunito-Bold.ttf",
        include_bytes!("../../../ui/public/fonts/Nunito-Bold.ttf"),
    ),
];

/// The typeface a map is set in (`theme.font`): Inter, the default; Source
/// Serif 4; or Nunito, a rounded face. Each has the three weights the
/// layout uses; a character one lacks comes from Inter, then from the
/// fallbacks, as for Inter.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Face {
    #[default]
    Sans,
    Serif,
    Rounded,
}

impl Face {
    pub const ALL: [Face; 3] = [Face::Sans, Face::Serif, Face::Rounded];

    /// The face `theme.font` names; Inter for none (or a name it does not know).
    pub fn of(name: Option<&str>) -> Face {
        match name {
            Some("serif") => Face::Serif,
            Some("rounded") => Face::Rounded,
            _ => Face::Sans,
        }
    }

    pub fn is_sans(&self) -> bool {
        *self == Face::Sans
    }

    /// Its family name, as the fonts, the page and every export name it.
    pub fn family(self) -> &'static str {
        match self {
            Face::Sans => FAMILY,
            Face::Serif => "Source Serif 4",
            Face::Rounded => "Nunito",
        }
    }

    /// The file that draws `weight` (600 and up: semibold; 700 and up: bold).
    pub fn file(self, weight: u16) -> &'static str {
        let i = if weight >= 700 {
            2
        } else if weight >= 600 {
            1
        } else {
            0
        };
        self.files()[i]
    }

    /// Its Regular, SemiBold and Bold files.
    pub fn files(self) -> [&'static str; 3] {
        match self {
            Face::Sans => ["Inter-Regular.otf", "Inter-SemiBold.otf", "Inter-Bold.otf"],
            Face::Serif => [
                "SourceSerif4-Regular.ttf",
                "SourceSerif4-SemiBold.ttf",
                "SourceSerif4-Bold.ttf",
            ],
            Face::Rounded => [
                "Nunito-Regular.ttf",
                "Nunito-SemiBold.ttf",
                "Nunito-Bold.ttf",
            ],
        }
    }

    /// The families a line in it is shaped with, in order: the face, Inter
    /// for what it lacks, the emoji font, the CJK fallback (then the script
    /// fallbacks).
    fn families(self) -> &'static [FontFamilyName<'static>] {
        match self {
            Face::Sans => FAMILIES,
            Face::Serif => SERIF_FAMILIES,
            Face::Rounded => ROUNDED_FAMILIES,
        }
    }
}

/// The fallback for Chinese, Japanese and Korean (Han, kana and Hangul;
/// Apache 2.0): Inter has none of them. Its lines are cut into pieces where
/// the font changes, as emoji lines are, so every renderer draws a piece in
/// one font.
pub const CJK_FILE: &str = "DroidSansFallback.ttf";
const CJK_FONT: &[u8] = include_bytes!("../../../ui/public/fonts/DroidSansFallback.ttf");
/// The CJK fallback's family name.
pub const CJK_FAMILY: &str = "Droid Sans Fallback";

/// Whether a character is drawn from the CJK fallback: Han, kana, Hangul,
/// Bopomofo, and their punctuation and full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
        | 0x2E80..=0x2FDF
        | 0x3000..=0x30FF
        | 0x3100..=0x318F
        | 0x31A0..=0x31FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7FF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF
        | 0x20000..=0x2FA1F)
}

/// The emoji font's file (PDF text never uses it: emoji go in as outlines).
pub const EMOJI_FILE: &str = "TwemojiMozilla.ttf";
const EMOJI_FONT: &[u8] = include_bytes!("../../../ui/public/fonts/TwemojiMozilla.ttf");

/// The colour emoji family (COLR layers): after Inter, so digits, `#` and
/// `*` (which it also maps, for keycaps) stay Inter's.
pub const EMOJI_FAMILY: &str = "Twemoji Mozilla";

/// Characters the emoji font draws and Inter does not (emoji, skin tones,
/// regional indicators), and the joiners and selectors of emoji sequences:
/// a line with one needs that font in the SVG and is drawn from outlines in
/// the PDF. Told from the fonts' own character maps.
pub fn is_emoji(c: char) -> bool {
    use skrifa::MetadataProvider;
    static MAPS: OnceLock<
        Option<(
            skrifa::charmap::Charmap<'static>,
            skrifa::charmap::Charmap<'static>,
        )>,
    > = OnceLock::new();
    match c as u32 {
        // Letters, digits and the punctuation of every script we draw: text.
        0..0x2000 => return false,
        0x200D | 0xFE0F | 0x20E3 | 0xE0020..=0xE007F => return true,
        _ => {}
    }
    let maps = MAPS.get_or_init(|| {
        let inter = skrifa::FontRef::new(FONT_FILES[0].1).ok()?;
        let emoji = skrifa::FontRef::new(EMOJI_FONT).ok()?;
        Some((inter.charmap(), emoji.charmap()))
    });
    maps.as_ref()
        .is_some_and(|(inter, emoji)| emoji.map(c).is_some() && inter.map(c).is_none())
}

/// The families a line is shaped with, in order: a character Inter lacks
/// is taken from the emoji font, then the CJK fallback (which has nothing
/// else), then from the script fallbacks.
const FAMILIES: &[FontFamilyName<'static>] = &[
    FontFamilyName::named(FAMILY),
    FontFamilyName::named(EMOJI_FAMILY),
    FontFamilyName::named(CJK_FAMILY),
];

const SERIF_FAMILIES: &[FontFamilyName<'static>] = &[
    FontFamilyName::named("Source Serif 4"),
    FontFamilyName::named(FAMILY),
    FontFamilyName::named(EMOJI_FAMILY),
    FontFamilyName::named(CJK_FAMILY),
];

const ROUNDED_FAMILIES: &[FontFamilyName<'static>] = &[
    FontFamilyName::named("Nunito"),
    FontFamilyName::named(FAMILY),
    FontFamilyName::named(EMOJI_FAMILY),
    FontFamilyName::named(CJK_FAMILY),
];

/// Shown instead of a character no bundled font has.
pub const REPLACEMENT: char = '\u{FFFD}';

/// One laid-out line: its text, where its baseline is, how wide it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    pub baseline: f32,
    pub width: f32,
    pub rtl: bool,
    /// A left-to-right line with emoji, cut where the font changes: each
    /// piece is drawn at its own place, so a renderer draws an emoji piece
    /// with the emoji font alone (a joined sequence as one picture) and
    /// never relies on its own font fallback. Empty: the line is one piece.
    pub pieces: Vec<Piece>,
}

/// Part of a [`Line`]: its text, where it starts from the line's start, its width.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    pub text: String,
    pub x: f32,
    pub width: f32,
    /// Drawn from Inter in a line of another face (a character that face
    /// lacks).
    pub sans: bool,
}

/// Whether a piece of text is all emoji (drawn with [`EMOJI_FAMILY`] first).
pub fn all_emoji(text: &str) -> bool {
    !text.is_empty() && text.chars().all(is_emoji)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub lines: Vec<Line>,
    pub height: f32,
    pub width: f32,
    /// The width the lines were broken to.
    pub wrap: f32,
    /// The text is a right-to-left paragraph (its first strong letter is
    /// Arabic or Hebrew, say): its lines start at the box's right.
    pub rtl: bool,
    /// Characters drawn as [`REPLACEMENT`].
    pub missing: Vec<char>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Style {
    pub size: f32,
    pub weight: u16,
    pub line_height: f32,
    pub face: Face,
}

/// What a shaped block is kept under. Looked up through [`KeyRef`], so a
/// lookup (thousands per layout) neither copies the text nor hashes it slowly.
#[derive(Hash, PartialEq, Eq)]
struct Key {
    text: String,
    params: Params,
}

#[derive(Hash, PartialEq, Eq, Clone, Copy)]
struct Params {
    max_width: u32,
    size: u32,
    weight: u16,
    line_height: u32,
    face: Face,
}

/// A [`Key`] that borrows its text; it hashes exactly as the key does.
#[derive(Hash, PartialEq, Eq, Clone, Copy)]
struct KeyRef<'a> {
    text: &'a str,
    params: Params,
}

impl Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.params == key.params && self.text == key.text
    }
}

/// The fonts and scratch space one thread shapes with.
struct Shaper {
    font_cx: FontContext,
    layout_cx: LayoutContext<()>,
    /// The ids of the emoji font's and the CJK fallback's data as
    /// registered, to tell their glyph runs.
    own_blobs: [u64; 2],
    /// The ids of Inter's files, to tell its runs in a line of another face.
    inter_blobs: Vec<u64>,
}

/// Shapes text into lines, keeping every result so that laying out the map
/// again after a one-card edit re-shapes only that card.
pub struct TextEngine {
    shaper: Shaper,
    /// A second shaper for a second core, made on first need.
    helper: Option<Shaper>,
    cache: HashMap<Key, Arc<Block>>,
    /// Blocks used since the last [`TextEngine::trim`]; the rest are dropped then.
    used: HashMap<Key, Arc<Block>>,
    /// The cells of cards the last layout drew, which the next one keeps
    /// when nothing they were drawn from changed.
    pub(crate) cells: crate::poster::cells::Memo,
    /// How many items and hit regions the last Scene had: the next one is
    /// made with room for as many, not grown a doubling at a time.
    pub(crate) sizes: (usize, usize),
}

impl Default for TextEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl TextEngine {
    pub fn new() -> TextEngine {
        TextEngine {
            shaper: Shaper::new(),
            helper: None,
            cache: HashMap::new(),
            used: HashMap::new(),
            cells: Default::default(),
            sizes: (0, 0),
        }
    }

    /// Shapes many texts at once, on two threads when the machine has two
    /// cores, so that a cold layout of a large map is not bound to one core.
    pub fn prefetch(&mut self, jobs: &[(&str, f32, Style)]) {
        let mut todo: Vec<(Key, &str, f32, Style)> = Vec::new();
        let mut seen = hashbrown::HashSet::new();
        for (text, w, style) in jobs {
            let w = w.max(8.0);
            let key = KeyRef::new(text, w, *style);
            if self.used.contains_key(&key) {
                continue;
            }
            if let Some((k, b)) = self.cache.remove_entry(&key) {
                self.used.insert(k, b);
                continue;
            }
            if seen.insert(key) {
                todo.push((key.owned(), text, w, *style));
            }
        }
        // Asked once: the answer reads the process's limits from /proc and
        // cgroup files, a fair part of a small layout.
        static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        let cores =
            *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        if todo.len() < 64 || cores < 2 {
            for (key, text, w, style) in todo {
                let b = Arc::new(self.shaper.shape(text, w, style));
                self.used.insert(key, b);
            }
            return;
        }
        let helper = self.helper.get_or_insert_with(Shaper::new);
        let half = todo.len() / 2;
        let (mine, theirs) = todo.split_at(half);
        let shaper = &mut self.shaper;
        let (a, b) = std::thread::scope(|scope| {
            let other = scope.spawn(move || {
                theirs
                    .iter()
                    .map(|(_, t, w, st)| helper.shape(t, *w, *st))
                    .collect::<Vec<_>>()
            });
            let here: Vec<Block> = mine
                .iter()
                .map(|(_, t, w, st)| shaper.shape(t, *w, *st))
                .collect();
            (here, other.join())
        });
        let b = match b {
            Ok(b) => b,
            // A panic on the helper thread: shape its half here instead.
            Err(_) => theirs
                .iter()
                .map(|(_, t, w, st)| self.shaper.shape(t, *w, *st))
                .collect(),
        };
        for ((key, ..), block) in todo.into_iter().zip(a.into_iter().chain(b)) {
            self.used.insert(key, Arc::new(block));
        }
    }

    /// Lines of `text` broken to `max_width` (long words break too).
    pub fn block(&mut self, text: &str, max_width: f32, style: Style) -> Arc<Block> {
        let key = KeyRef::new(text, max_width, style);
        if let Some(b) = self.used.get(&key) {
            return b.clone();
        }
        let (key, block) = match self.cache.remove_entry(&key) {
            Some(kept) => kept,
            None => (
                key.owned(),
                Arc::new(self.shaper.shape(text, max_width, style)),
            ),
        };
        self.used.insert(key, block.clone());
        block
    }

    /// How many cells of cards the last layout kept from the one before
    /// instead of drawing them again.
    pub fn cells_kept(&self) -> usize {
        self.cells.kept()
    }

    /// Keeps the cells of maps of `cards` cards or more (300 unless told:
    /// below, a map is laid out whole in a few milliseconds and keeping its
    /// cells would only take memory).
    pub fn keep_cells_from(&mut self, cards: usize) {
        self.cells.keep_from(cards);
    }

    /// Forgets what the last layout did not use (call once per layout).
    pub fn trim(&mut self) {
        self.cache = std::mem::take(&mut self.used);
    }
}

impl<'a> KeyRef<'a> {
    fn new(text: &'a str, max_width: f32, style: Style) -> KeyRef<'a> {
        KeyRef {
            text,
            params: Params {
                max_width: max_width.to_bits(),
                size: style.size.to_bits(),
                weight: style.weight,
                line_height: style.line_height.to_bits(),
                face: style.face,
            },
        }
    }

    fn owned(&self) -> Key {
        Key {
            text: self.text.to_string(),
            params: self.params,
        }
    }
}

/// The pieces of a laid-out line that uses the emoji font or the CJK
/// fallback, in order; empty when it uses neither. Glyph runs in a row from
/// the same font make one piece; trailing spaces are left out, as from the
/// line.
fn pieces_of(
    line: &parley::Line<'_, ()>,
    text: &str,
    end: usize,
    own: [u64; 2],
    inter: Option<&[u64]>,
) -> Vec<Piece> {
    // By the registered data's id: a constant's address may differ between
    // its uses (debug builds), a blob's id does not. 0: the line's face (or
    // another script's fallback), 1: the emoji font, 2: the CJK fallback,
    // 3: Inter in a line of another face (`inter`: its files' ids).
    let font_of = |run: &parley::GlyphRun<'_, ()>| {
        let id = run.run().font().data.id();
        match own.iter().position(|o| *o == id) {
            Some(i) => i + 1,
            None if inter.is_some_and(|ids| ids.contains(&id)) => 3,
            None => 0,
        }
    };
    let mut runs: Vec<(usize, std::ops::Range<usize>, f32, f32)> = Vec::new();
    for item in line.items() {
        let PositionedLayoutItem::GlyphRun(run) = item else {
            continue;
        };
        let font = font_of(&run);
        let range = run.run().text_range();
        let range = range.start..range.end.min(end);
        match runs.last_mut() {
            Some(last) if last.0 == font && last.1.end == range.start => {
                last.1.end = range.end;
                last.3 = run.offset() + run.advance() - last.2;
            }
            _ => runs.push((font, range, run.offset(), run.advance())),
        }
    }
    if runs.iter().all(|r| r.0 == 0) {
        return Vec::new();
    }
    runs.into_iter()
        .filter_map(|(font, range, x, width)| {
            let piece = text.get(range)?.trim_end();
            (!piece.is_empty()).then(|| Piece {
                text: piece.to_string(),
                x,
                width,
                sans: font == 3,
            })
        })
        .collect()
}

impl Shaper {
    fn new() -> Shaper {
        let mut collection = Collection::new(CollectionOptions {
            shared: false,
            system_fonts: false,
        });
        let mut arabic = Vec::new();
        let mut hebrew = Vec::new();
        let mut own_blobs = [u64::MAX; 2];
        let mut inter_blobs = Vec::new();
        let mut cjk = Vec::new();
        for (name, bytes) in FONT_FILES {
            let blob = Blob::new(Arc::new(*bytes));
            if *name == EMOJI_FILE {
                own_blobs[0] = blob.id();
            } else if *name == CJK_FILE {
                own_blobs[1] = blob.id();
            } else if Face::Sans.files().contains(name) {
                inter_blobs.push(blob.id());
            }
            let families = collection.register_fonts(blob, None);
            for (family, _) in families {
                if name.contains("Arabic") {
                    arabic.push(family);
                } else if name.contains("Hebrew") {
                    hebrew.push(family);
                } else if *name == CJK_FILE {
                    cjk.push(family);
                }
            }
        }
        for (script, fams) in [
            (*b"Arab", &arabic),
            (*b"Hebr", &hebrew),
            (*b"Hani", &cjk),
            (*b"Hira", &cjk),
            (*b"Kana", &cjk),
            (*b"Hang", &cjk),
            (*b"Bopo", &cjk),
        ] {
            let key = FallbackKey::new(Script::from_bytes(script), None);
            collection.append_fallbacks(key, fams.iter().copied());
        }
        Shaper {
            font_cx: FontContext {
                collection,
                source_cache: SourceCache::default(),
            },
            layout_cx: LayoutContext::new(),
            own_blobs,
            inter_blobs,
        }
    }

    fn shape(&mut self, text: &str, max_width: f32, style: Style) -> Block {
        let mut builder = self
            .layout_cx
            .ranged_builder(&mut self.font_cx, text, 1.0, true);
        builder.push_default(StyleProperty::FontFamily(FontFamily::from(
            style.face.families(),
        )));
        builder.push_default(StyleProperty::FontSize(style.size));
        builder.push_default(StyleProperty::FontWeight(FontWeight::new(
            style.weight as f32,
        )));
        builder.push_default(StyleProperty::LineHeight(LineHeight::Absolute(
            style.line_height,
        )));
        builder.push_default(StyleProperty::OverflowWrap(OverflowWrap::Anywhere));
        let mut layout: Layout<()> = builder.build(text);
        layout.break_all_lines(Some(max_width));
        let mut missing: Vec<char> = Vec::new();
        let mut lines = Vec::new();
        for line in layout.lines() {
            let range = line.text_range();
            let mut rtl = false;
            let mut holes: Vec<std::ops::Range<usize>> = Vec::new();
            for item in line.items() {
                if let PositionedLayoutItem::GlyphRun(run) = item {
                    rtl |= run.run().is_rtl();
                    for cluster in run.run().clusters() {
                        if cluster.glyphs().any(|g| g.id == 0) {
                            holes.push(cluster.text_range());
                        }
                    }
                }
            }
            let has_holes = !holes.is_empty();
            let mut s = String::with_capacity(range.len());
            let mut at = range.start;
            holes.sort_by_key(|r| r.start);
            for h in holes {
                // An empty text still has one (empty) cluster, whose range
                // runs past the end of the text: only real text is a hole.
                let end = h.end.min(range.end);
                if h.start < at || h.start >= end {
                    continue;
                }
                let (Some(before), Some(hole)) = (text.get(at..h.start), text.get(h.start..end))
                else {
                    continue;
                };
                s.push_str(before);
                for c in hole.chars() {
                    if !missing.contains(&c) && !c.is_whitespace() {
                        missing.push(c);
                    }
                }
                s.push(REPLACEMENT);
                at = end;
            }
            s.push_str(text.get(at.min(range.end)..range.end).unwrap_or(""));
            let trimmed = s.trim_end().to_string();
            let m = line.metrics();
            let pieces = if rtl || has_holes {
                Vec::new()
            } else {
                let inter = (!style.face.is_sans()).then_some(self.inter_blobs.as_slice());
                pieces_of(&line, text, range.end, self.own_blobs, inter)
            };
            lines.push(Line {
                text: trimmed,
                baseline: m.baseline,
                width: m.advance,
                rtl,
                pieces,
            });
        }
        Block {
            height: layout.height(),
            width: layout.width(),
            wrap: max_width,
            rtl: layout.is_rtl(),
            lines,
            missing,
        }
    }
}
