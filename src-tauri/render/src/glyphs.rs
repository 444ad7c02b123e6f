//! Plain text lines of a PNG strip, drawn from a cache of glyph coverage.
//!
//! resvg fills every glyph of every line as a path: on a 250-card poster at
//! 300 dpi that is tens of thousands of small anti-aliased fills, six tenths
//! of the export's time. A card's text uses a few dozen glyphs at a few
//! sizes, so each glyph is filled once per size and quarter-pixel position
//! (with the same outlines, the same shaper and the same scan converter
//! resvg uses: skrifa, harfrust and tiny-skia) and blended wherever it
//! recurs. A line with anything else (right-to-left text, emoji, a
//! character Inter lacks, a weight without its own file) is left to resvg.

use std::collections::HashMap;
use std::sync::OnceLock;

use harfrust::{Direction, FontRef, Script, ShapeOptions, ShapePlan, ShaperData, UnicodeBuffer};
use resvg::tiny_skia;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::MetadataProvider;
use travesia_layout::text::{is_emoji, FONT_FILES};
use travesia_layout::{Color, Face};

/// Positions a glyph is drawn at, per pixel, each way.
const STEPS: f32 = 4.0;

/// One font file of a face's three.
struct Font {
    font: FontRef<'static>,
    shaping: ShaperData,
    charmap: skrifa::charmap::Charmap<'static>,
    outlines: skrifa::outline::OutlineGlyphCollection<'static>,
    units_per_em: f32,
}

/// Every face's Regular, SemiBold and Bold (Inter's first), read once; all
/// nine or none.
fn faces() -> &'static [Font] {
    static FACES: OnceLock<Vec<Font>> = OnceLock::new();
    FACES.get_or_init(|| {
        let all: Option<Vec<Font>> = Face::ALL
            .iter()
            .flat_map(|f| f.files())
            .map(|name| {
                let (_, bytes) = FONT_FILES.iter().find(|(file, _)| *file == name)?;
                let bytes: &'static [u8] = bytes;
                let font = FontRef::new(bytes).ok()?;
                Some(Font {
                    shaping: ShaperData::new(&font),
                    charmap: font.charmap(),
                    outlines: font.outline_glyphs(),
                    units_per_em: font
                        .metrics(Size::unscaled(), LocationRef::default())
                        .units_per_em as f32,
                    font,
                })
            })
            .collect();
        all.unwrap_or_default()
    })
}

/// Which file draws a weight of a face; `None` for a weight without a file
/// of its own.
fn face_of(weight: u16, face: Face) -> Option<usize> {
    let i = match weight {
        400 => 0,
        600 => 1,
        700 => 2,
        _ => return None,
    };
    let at = Face::ALL.iter().position(|f| *f == face)? * 3 + i;
    (at < faces().len()).then_some(at)
}

/// Whether a line can be drawn here: left to right, one of its face's
/// weights, every character in that face (no emoji, nothing from a
/// fallback font), an opaque colour.
pub fn drawable(text: &str, weight: u16, face: Face, rtl: bool, color: Color) -> bool {
    let Some(face) = face_of(weight, face).map(|i| &faces()[i]) else {
        return false;
    };
    !rtl && color.a == 255
        && text
            .chars()
            .all(|c| !c.is_control() && !is_emoji(c) && face.charmap.map(c).is_some())
}

/// A glyph's coverage at one size and sub-pixel position: `left`, `top`
/// from the pixel the pen is in.
struct Coverage {
    left: i32,
    top: i32,
    width: usize,
    alpha: Vec<u8>,
}

#[derive(Hash, PartialEq, Eq, Clone, Copy)]
struct GlyphKey {
    face: u8,
    glyph: u32,
    size: u32,
    step_x: u8,
    step_y: u8,
}

/// Draws lines onto RGBA strips; one per drawing thread, kept from strip to
/// strip with what it has filled.
pub struct GlyphPainter {
    shapers: Vec<Option<harfrust::Shaper<'static>>>,
    plans: HashMap<(usize, Script), ShapePlan>,
    glyphs: HashMap<GlyphKey, Option<Coverage>>,
}

impl Default for GlyphPainter {
    fn default() -> Self {
        Self::new()
    }
}

/// Builds a glyph's outline as a tiny-skia path, y down, from a pen position.
struct Pen {
    path: tiny_skia::PathBuilder,
    x: f32,
    y: f32,
}

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.path.move_to(self.x + x, self.y - y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.path.line_to(self.x + x, self.y - y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        self.path
            .quad_to(self.x + cx, self.y - cy, self.x + x, self.y - y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.path.cubic_to(
            self.x + cx0,
            self.y - cy0,
            self.x + cx1,
            self.y - cy1,
            self.x + x,
            self.y - y,
        );
    }
    fn close(&mut self) {
        self.path.close();
    }
}

/// `value / 255`, rounded, for products of two bytes.
fn div255(value: u32) -> u32 {
    (value + 128 + ((value + 128) >> 8)) >> 8
}

/// A coordinate as the pixel it falls in and the step within that pixel.
fn split(v: f32) -> (i32, u8) {
    let q = (v * STEPS).round() as i64;
    (
        q.div_euclid(STEPS as i64) as i32,
        q.rem_euclid(STEPS as i64) as u8,
    )
}

impl GlyphPainter {
    pub fn new() -> GlyphPainter {
        GlyphPainter {
            // Made for a face when a line first needs it: most posters use one.
            shapers: faces().iter().map(|_| None).collect(),
            plans: HashMap::new(),
            glyphs: HashMap::new(),
        }
    }

    /// Draws one line, shaped as resvg shapes it, with its baseline's left
    /// end at (`x`, `y`) in the strip's pixels and `size` pixels to the em.
    /// The strip must be opaque. Lines [`drawable`] refuses are not drawn.
    #[allow(clippy::too_many_arguments)]
    pub fn draw(
        &mut self,
        strip: &mut tiny_skia::Pixmap,
        text: &str,
        (weight, face): (u16, Face),
        color: Color,
        size: f32,
        x: f32,
        y: f32,
    ) {
        let Some(face) = face_of(weight, face) else {
            return;
        };
        let color = [color.r, color.g, color.b];
        if text.is_empty() || !(size > 0.0 && size < 4096.0) {
            return;
        }
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        // `drawable` let only left-to-right lines through: never dropped here.
        buffer.set_direction(Direction::LeftToRight);
        let script = buffer.script();
        let shaper = &*self.shapers[face].get_or_insert_with(|| {
            let f = &faces()[face];
            f.shaping.shaper(&f.font).build()
        });
        let plan = self.plans.entry((face, script)).or_insert_with(|| {
            ShapePlan::new(
                shaper,
                Direction::LeftToRight,
                Some(script),
                buffer.language().as_ref(),
                &[],
            )
        });
        let shaped = shaper.shape(buffer, ShapeOptions::new().plan(Some(plan)));
        let k = size / faces()[face].units_per_em;
        let mut pen = x;
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            let (px, step_x) = split(pen + pos.x_offset as f32 * k);
            let (py, step_y) = split(y - pos.y_offset as f32 * k);
            pen += pos.x_advance as f32 * k;
            let key = GlyphKey {
                face: face as u8,
                glyph: info.glyph_id,
                size: size.to_bits(),
                step_x,
                step_y,
            };
            let coverage = self
                .glyphs
                .entry(key)
                .or_insert_with(|| fill_glyph(key, size));
            if let Some(c) = coverage {
                blend(strip, c, px + c.left, py + c.top, color);
            }
        }
    }
}

/// A glyph's coverage, filled by tiny-skia as resvg would fill its outline.
fn fill_glyph(key: GlyphKey, size: f32) -> Option<Coverage> {
    let face = &faces()[key.face as usize];
    let outline = face.outlines.get(key.glyph.into())?;
    let mut pen = Pen {
        path: tiny_skia::PathBuilder::new(),
        x: key.step_x as f32 / STEPS,
        y: key.step_y as f32 / STEPS,
    };
    outline
        .draw(
            DrawSettings::unhinted(Size::new(size), LocationRef::default()),
            &mut pen,
        )
        .ok()?;
    let path = pen.path.finish()?;
    let b = path.bounds();
    let (left, top) = (b.left().floor(), b.top().floor());
    let (w, h) = (
        (b.right().ceil() - left) as u32 + 1,
        (b.bottom().ceil() - top) as u32 + 1,
    );
    let mut mask = tiny_skia::Mask::new(w, h)?;
    mask.fill_path(
        &path,
        tiny_skia::FillRule::Winding,
        true,
        tiny_skia::Transform::from_translate(-left, -top),
    );
    Some(Coverage {
        left: left as i32,
        top: top as i32,
        width: w as usize,
        alpha: mask.data().to_vec(),
    })
}

/// Source-over of an opaque colour through `c` onto the strip at (x, y).
fn blend(strip: &mut tiny_skia::Pixmap, c: &Coverage, x: i32, y: i32, color: [u8; 3]) {
    let (sw, sh) = (strip.width() as i32, strip.height() as i32);
    let rows = (c.alpha.len() / c.width.max(1)) as i32;
    let (x0, x1) = (x.max(0), (x + c.width as i32).min(sw));
    let (y0, y1) = (y.max(0), (y + rows).min(sh));
    if x0 >= x1 || y0 >= y1 {
        return;
    }
    let src = [color[0] as u32, color[1] as u32, color[2] as u32, 255];
    let data = strip.data_mut();
    for row in y0..y1 {
        let from = (row - y) as usize * c.width + (x0 - x) as usize;
        let alpha = &c.alpha[from..from + (x1 - x0) as usize];
        let at = (row * sw + x0) as usize * 4;
        let pixels = &mut data[at..at + (x1 - x0) as usize * 4];
        for (px, &a) in pixels.chunks_exact_mut(4).zip(alpha) {
            match a {
                0 => {}
                255 => {
                    px[0] = color[0];
                    px[1] = color[1];
                    px[2] = color[2];
                    px[3] = 255;
                }
                a => {
                    let (a, na) = (a as u32, 255 - a as u32);
                    for (d, s) in px.iter_mut().zip(src) {
                        *d = div255(s * a + *d as u32 * na) as u8;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::usvg;

    const W: u32 = 640;
    const H: u32 = 60;

    /// The same line drawn by resvg from a `<text>` element.
    fn by_resvg(text: &str, weight: u16, size: f32, x: f32, y: f32) -> tiny_skia::Pixmap {
        let mut escaped = String::new();
        crate::svg::escape(text, &mut escaped);
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\">\
             <text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" font-weight=\"{weight}\" \
             fill=\"#1f2937\" xml:space=\"preserve\">{escaped}</text></svg>"
        );
        let tree = usvg::Tree::from_str(&svg, &crate::png::font_options()).unwrap();
        let mut pixmap = tiny_skia::Pixmap::new(W, H).unwrap();
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::identity(),
            &mut pixmap.as_mut(),
        );
        pixmap
    }

    fn by_cache(
        painter: &mut GlyphPainter,
        text: &str,
        weight: u16,
        size: f32,
        x: f32,
        y: f32,
    ) -> tiny_skia::Pixmap {
        let mut pixmap = tiny_skia::Pixmap::new(W, H).unwrap();
        pixmap.fill(tiny_skia::Color::WHITE);
        painter.draw(
            &mut pixmap,
            text,
            (weight, Face::Sans),
            Color::rgb(0x1F2937),
            size,
            x,
            y,
        );
        pixmap
    }

    /// Ink (darkness summed over the green channel) and the share of
    /// pixels that differ by more than a quarter of the range.
    fn compare(a: &tiny_skia::Pixmap, b: &tiny_skia::Pixmap) -> (f64, f64, f64) {
        let ink = |p: &tiny_skia::Pixmap| {
            p.data()
                .chunks_exact(4)
                .map(|px| 255.0 - px[1] as f64)
                .sum::<f64>()
        };
        let differing = a
            .data()
            .chunks_exact(4)
            .zip(b.data().chunks_exact(4))
            .filter(|(p, q)| (p[1] as i32 - q[1] as i32).abs() > 64)
            .count();
        (ink(a), ink(b), differing as f64 / (W * H) as f64)
    }

    #[test]
    fn lines_from_the_cache_look_like_resvgs_at_any_size_and_fraction() {
        let mut painter = GlyphPainter::new();
        let text = "Señal débil: el cliente ¿duda? ñandú € “fi” … AVA";
        for (weight, size, x, y) in [
            (400, 13.75, 4.0, 30.0),
            (400, 17.3, 5.37, 33.81),
            (600, 21.0, 2.5, 40.25),
            (700, 9.6, 10.125, 20.6),
        ] {
            let ours = by_cache(&mut painter, text, weight, size, x, y);
            let theirs = by_resvg(text, weight, size, x, y);
            let (ink_ours, ink_theirs, differing) = compare(&ours, &theirs);
            assert!(
                ink_theirs > 1000.0,
                "resvg drew the line ({weight}, {size})"
            );
            // The same outlines at the same places: the ink agrees within 3 %
            // (glyphs are placed to a quarter pixel, and touching glyphs are
            // blended one over the other rather than filled as one path).
            let ratio = ink_ours / ink_theirs;
            assert!(
                (0.97..=1.03).contains(&ratio),
                "ink {ink_ours} against {ink_theirs} at {weight} {size}"
            );
            // And it lies where resvg's does: under 0.5 % of the pixels
            // differ by more than a quarter of the range.
            assert!(
                differing < 0.005,
                "{:.3} % of pixels differ at {weight} {size}",
                differing * 100.0
            );
        }
    }

    #[test]
    fn a_line_shifted_by_a_pixel_is_told_apart() {
        // The comparison above can fail: a one-pixel shift is far outside it.
        let mut painter = GlyphPainter::new();
        let text = "Señal débil: el cliente ¿duda?";
        let ours = by_cache(&mut painter, text, 400, 17.0, 5.0, 30.0);
        let theirs = by_resvg(text, 400, 17.0, 6.0, 30.0);
        assert!(compare(&ours, &theirs).2 > 0.005);
    }

    #[test]
    fn only_plain_left_to_right_inter_lines_are_drawn_from_the_cache() {
        let inter = |text: &str, weight: u16, rtl: bool, color: Color| {
            drawable(text, weight, Face::Sans, rtl, color)
        };
        assert!(inter(
            "Señal débil ¿duda? ñandú € “”…",
            400,
            false,
            Color::rgb(0x1F2937)
        ));
        assert!(inter("Título", 700, false, Color::rgb(0xFFFFFF)));
        assert!(inter("", 600, false, Color::rgb(0x000000)));
        // Right to left, another script, emoji, a weight without its own
        // file, a colour that is not opaque: resvg draws them.
        assert!(!inter("שלום", 400, true, Color::rgb(0x000000)));
        assert!(!inter("مرحبا", 400, false, Color::rgb(0x000000)));
        assert!(!inter("hola 👋", 400, false, Color::rgb(0x000000)));
        assert!(!inter("hola", 500, false, Color::rgb(0x000000)));
        assert!(!inter("hola", 400, false, Color::BLACK.with_alpha(0x80)));
        assert!(!inter("tab\there", 400, false, Color::rgb(0x000000)));
        // A face's own file draws its lines; what it lacks goes to resvg.
        assert!(drawable(
            "ñandú",
            700,
            Face::Serif,
            false,
            Color::rgb(0x000000)
        ));
        assert!(!drawable(
            "¿Qué‽",
            400,
            Face::Rounded,
            false,
            Color::rgb(0x000000)
        ));
    }

    #[test]
    fn glyphs_are_filled_once_per_size_and_position() {
        let mut painter = GlyphPainter::new();
        let mut pixmap = tiny_skia::Pixmap::new(W, H).unwrap();
        for _ in 0..3 {
            painter.draw(
                &mut pixmap,
                "aaaa",
                (400, Face::Sans),
                Color::rgb(0x000000),
                16.0,
                4.0,
                30.0,
            );
        }
        // "a" at four quarter-pixel positions at most.
        assert!(
            (1..=4).contains(&painter.glyphs.len()),
            "{}",
            painter.glyphs.len()
        );
        painter.draw(
            &mut pixmap,
            "a",
            (400, Face::Sans),
            Color::rgb(0x000000),
            17.0,
            4.0,
            30.0,
        );
        assert!(painter.glyphs.len() <= 5);
    }

    #[test]
    fn coverage_is_clipped_to_the_strip() {
        let mut painter = GlyphPainter::new();
        let mut pixmap = tiny_skia::Pixmap::new(40, 10).unwrap();
        pixmap.fill(tiny_skia::Color::WHITE);
        // Half above the strip, running off its right edge: no panic, some ink.
        painter.draw(
            &mut pixmap,
            "Ñandú Ñandú",
            (700, Face::Sans),
            Color::rgb(0x000000),
            20.0,
            20.0,
            5.0,
        );
        painter.draw(
            &mut pixmap,
            "x",
            (400, Face::Sans),
            Color::rgb(0x000000),
            20.0,
            -30.0,
            -40.0,
        );
        assert!(pixmap.data().chunks_exact(4).any(|p| p[0] < 128));
        assert!(pixmap.data().chunks_exact(4).all(|p| p[3] == 255));
    }
}
