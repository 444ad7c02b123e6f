//! Scene → PNG: our SVG, parsed by usvg with the bundled fonts only, drawn by
//! resvg in horizontal strips that are streamed into the PNG encoder, so
//! memory stays flat whatever the paper size and DPI. Plain lines of Inter
//! are drawn from a glyph cache filled by the same outlines, shaper and
//! rasterizer (see `glyphs`): the same picture at a third of the cost.

use std::io::Write;
use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};
use travesia_layout::text::FONT_FILES;
use travesia_layout::{Color, Item, Scene, Seg};

use crate::glyphs::{self, GlyphPainter};
use crate::paper::{Placement, PX_PER_PT};
use crate::sheet::{sheets, PrintSetup, Sheet};
use crate::svg::{to_svg, SvgOptions};

pub const DPI_MIN: u32 = 72;
pub const DPI_MAX: u32 = 600;

#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("the DPI must be from {DPI_MIN} to {DPI_MAX}, not {0}")]
    Dpi(u32),
    #[error("the page would be {0} × {1} pixels, which is too large")]
    TooLarge(u32, u32),
    #[error("could not draw the map: {0}")]
    Svg(String),
    #[error("could not write the PNG: {0}")]
    Encode(String),
    #[error("cancelled")]
    Cancelled,
    #[error("tiling makes several sheets, which only a PDF can hold")]
    Tiled,
}

#[derive(Clone, Debug)]
pub struct PngOptions {
    pub print: PrintSetup,
    pub dpi: u32,
    /// Smaller files, slower to write.
    pub smaller: bool,
    /// The map the poster shows, as a `.travesia` document, carried in a
    /// text chunk so the poster opens again as the map.
    pub embed: Option<Vec<u8>>,
}

/// The fonts usvg may use: ours, nothing from the system (loaded once).
pub fn font_options() -> usvg::Options<'static> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    let db = DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for (_, bytes) in FONT_FILES {
            // The bundled bytes as they are, not a copy of them.
            let bytes: &'static [u8] = bytes;
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(bytes)));
        }
        Arc::new(db)
    });
    usvg::Options {
        font_family: "Inter".to_string(),
        fontdb: Arc::clone(db),
        ..usvg::Options::default()
    }
}

/// Pixel size of the sheet at `dpi`.
pub fn pixel_size(sheet: &Sheet, dpi: u32) -> (u32, u32) {
    let k = dpi as f32 / 96.0;
    (
        (sheet.media_w * k).round() as u32,
        (sheet.media_h * k).round() as u32,
    )
}

/// The one sheet a PNG shows, and where the map sits on the poster page.
pub fn png_sheet(scene: &Scene, print: &PrintSetup) -> Result<(Placement, Sheet), PngError> {
    if print.tiling.is_some() {
        return Err(PngError::Tiled);
    }
    let (place, mut sheets) = sheets(print, scene.width, scene.height);
    let sheet = sheets.pop().ok_or(PngError::Tiled)?;
    Ok((place, sheet))
}

fn skia(c: Color) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a)
}

/// The box an item may paint, in Scene px, as (left, top, right, bottom):
/// generous (strokes, accents, descenders and overhangs included), to know
/// which strips draw it and which items can be drawn in another order.
fn bounds(item: &Item) -> [f32; 4] {
    match item {
        Item::Rect {
            x,
            y,
            w,
            h,
            stroke_width,
            ..
        } => [
            x - stroke_width,
            y - stroke_width,
            x + w + stroke_width,
            y + h + stroke_width,
        ],
        Item::Text { x, y, w, size, .. } => [
            x - size * 0.5,
            y - size * 1.3,
            x + w + size * 0.5,
            y + size * 0.5,
        ],
        Item::Icon { x, y, size, .. } => [x - 2.0, y - 2.0, x + size + 2.0, y + size + 2.0],
        Item::Image { x, y, w, h, .. } => [*x, *y, x + w, y + h],
        Item::Path {
            d, stroke_width, ..
        } => {
            // Every point of the path, control points included: a cubic
            // lies within them.
            let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            for seg in &d.0 {
                let points: &[(f32, f32)] = match seg {
                    Seg::Move(p) | Seg::Line(p) => std::slice::from_ref(p),
                    Seg::Cubic(c1, c2, p) => &[*c1, *c2, *p],
                    Seg::Close => &[],
                };
                for &(x, y) in points {
                    b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
                }
            }
            if b[0] > b[2] || b[1] > b[3] {
                [0.0; 4]
            } else {
                let m = stroke_width + 2.0;
                [b[0] - m, b[1] - m, b[2] + m, b[3] + m]
            }
        }
    }
}

fn overlap(a: &[f32; 4], b: &[f32; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Rows a strip has: about two million pixels (8 MB as RGBA), whatever the
/// width, so the strips in flight stay small even for A0 at 600 dpi, yet tall
/// enough that few text lines straddle two strips (each strip parses and
/// shapes the lines that reach into it).
fn strip_rows(width: u32) -> u32 {
    (2_097_152 / width.max(1)).clamp(16, 512)
}

/// Premultiplied RGBA of an opaque page → RGB, four pixels at a time.
fn rgba_to_rgb(rgba: &[u8], rgb: &mut [u8]) {
    debug_assert_eq!(rgba.len() / 4 * 3, rgb.len());
    let mut to = rgb.chunks_exact_mut(12);
    let mut from = rgba.chunks_exact(16);
    for (to, from) in to.by_ref().zip(from.by_ref()) {
        let px = |i: usize| u32::from_le_bytes([from[i], from[i + 1], from[i + 2], from[i + 3]]);
        let (a, b, c, d) = (px(0), px(4), px(8), px(12));
        to[0..4].copy_from_slice(&((a & 0x00FF_FFFF) | (b << 24)).to_le_bytes());
        to[4..8].copy_from_slice(&(((b >> 8) & 0xFFFF) | (c << 16)).to_le_bytes());
        to[8..12].copy_from_slice(&(((c >> 16) & 0xFF) | (d << 8)).to_le_bytes());
    }
    for (to, from) in to
        .into_remainder()
        .chunks_exact_mut(3)
        .zip(from.remainder().chunks_exact(4))
    {
        to.copy_from_slice(&from[..3]);
    }
}

/// Draws the scene on its page and writes the PNG to `out`. `progress` gets
/// the fraction done and returns false to cancel.
///
/// The page is cut into horizontal strips. Each strip parses only the Scene
/// items that reach into it (so the whole poster's text outlines never sit
/// in memory at once, and no strip walks items it cannot show), two strips
/// are drawn at a time on two threads (each with its own glyph cache, kept
/// from strip to strip), and this thread encodes them in order.
pub fn write_png<W: Write>(
    scene: &Scene,
    opts: &PngOptions,
    out: W,
    mut progress: impl FnMut(f32) -> bool,
) -> Result<(), PngError> {
    if !(DPI_MIN..=DPI_MAX).contains(&opts.dpi) {
        return Err(PngError::Dpi(opts.dpi));
    }
    let (place, sheet) = png_sheet(scene, &opts.print)?;
    let (w, h) = pixel_size(&sheet, opts.dpi);
    if w == 0 || h == 0 || w > 40_000 || h > 40_000 {
        return Err(PngError::TooLarge(w, h));
    }
    let k = opts.dpi as f32 / 96.0;
    let mut enc = png::Encoder::new(out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(if opts.smaller {
        png::Compression::High
    } else {
        png::Compression::Fastest
    });
    // 96 dpi and up, written into the file so printers know the size.
    let ppm = (opts.dpi as f64 / 0.0254).round() as u32;
    enc.set_pixel_dims(Some(png::PixelDimensions {
        xppu: ppm,
        yppu: ppm,
        unit: png::Unit::Meter,
    }));
    let enc_err = |e: png::EncodingError| PngError::Encode(e.to_string());
    let mut writer = enc.write_header().map_err(enc_err)?;
    if let Some(map) = &opts.embed {
        let chunk = crate::embed::png_chunk(map).map_err(PngError::Encode)?;
        writer.write_text_chunk(&chunk).map_err(enc_err)?;
    }
    let mut stream = writer.stream_writer().map_err(enc_err)?;

    let painter = StripPainter::new(scene, &place, &sheet, k, w);
    let rows_per = strip_rows(w);
    let strips = h.div_ceil(rows_per);
    let stop = std::sync::atomic::AtomicBool::new(false);
    const WORKERS: u32 = 2;
    std::thread::scope(|scope| -> Result<(), PngError> {
        let mut inboxes = Vec::new();
        let mut returns = Vec::new();
        for worker in 0..WORKERS {
            // One finished strip waits per worker, so memory stays bounded;
            // its buffer comes back once written, to be filled again.
            let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Vec<u8>, PngError>>(1);
            let (back_tx, back_rx) = std::sync::mpsc::channel::<Vec<u8>>();
            inboxes.push(rx);
            returns.push(back_tx);
            let (painter, stop) = (&painter, &stop);
            scope.spawn(move || {
                let mut kept = Worker::default();
                let mut i = worker;
                while i < strips && !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let y0 = i * rows_per;
                    let rows = rows_per.min(h - y0);
                    let rgb = back_rx.try_recv().unwrap_or_default();
                    if tx.send(painter.paint(y0, rows, &mut kept, rgb)).is_err() {
                        break;
                    }
                    i += WORKERS;
                }
            });
        }
        let result = (|| {
            for i in 0..strips {
                let worker = (i % WORKERS) as usize;
                let rgb = inboxes[worker]
                    .recv()
                    .map_err(|_| PngError::Svg("a drawing thread stopped".into()))??;
                stream
                    .write_all(&rgb)
                    .map_err(|e| PngError::Encode(e.to_string()))?;
                // The worker may have finished; then the buffer just drops.
                let _ = returns[worker].send(rgb);
                let done = ((i + 1) * rows_per).min(h);
                if !progress(done as f32 / h as f32) {
                    return Err(PngError::Cancelled);
                }
            }
            Ok(())
        })();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        // Unblock workers waiting to hand over a strip.
        drop(inboxes);
        result
    })?;
    stream.finish().map_err(enc_err)?;
    Ok(())
}

/// Everything a worker needs to draw any strip of the page.
struct StripPainter<'a> {
    scene: &'a Scene,
    /// Each item's box in Scene px, in painting order.
    boxes: Vec<[f32; 4]>,
    /// Each item's vertical extent in device rows.
    extents: Vec<(f32, f32)>,
    /// Which items are text lines the glyph cache draws (the rest go to resvg).
    cached: Vec<bool>,
    /// Scene px → device px.
    scale: f32,
    ox: f32,
    oy: f32,
    width: u32,
    background: tiny_skia::Paint<'static>,
    background_color: tiny_skia::Color,
    /// Where the background colour goes, in page device px: the bleed, or
    /// the map's own rectangle without one.
    backdrop: Option<tiny_skia::Rect>,
    marks: Option<tiny_skia::Path>,
    hairline: tiny_skia::Stroke,
}

/// What a drawing thread keeps from strip to strip.
#[derive(Default)]
struct Worker {
    canvas: Option<tiny_skia::Pixmap>,
    glyphs: GlyphPainter,
}

impl<'a> StripPainter<'a> {
    fn new(scene: &'a Scene, place: &Placement, sheet: &Sheet, k: f32, width: u32) -> Self {
        // Scene px → poster page px → sheet px → device px.
        let scale = place.scale * k;
        let ox = (place.dx + sheet.at.0 - sheet.view.x) * k;
        let oy = (place.dy + sheet.at.1 - sheet.view.y) * k;
        let boxes: Vec<[f32; 4]> = scene.items.iter().map(bounds).collect();
        let extents = boxes
            .iter()
            .map(|b| (oy + b[1] * scale, oy + b[3] * scale))
            .collect();
        let cached = scene
            .items
            .iter()
            .map(|item| match item {
                Item::Text {
                    text,
                    weight,
                    rtl,
                    color,
                    face,
                    ..
                } => glyphs::drawable(text, *weight, *face, *rtl, *color),
                _ => false,
            })
            .collect();
        let mut background = tiny_skia::Paint::default();
        background.set_color(skia(scene.background));
        let marks = {
            let mut pb = tiny_skia::PathBuilder::new();
            for &(x1, y1, x2, y2) in &sheet.marks {
                pb.move_to(x1 * k, y1 * k);
                pb.line_to(x2 * k, y2 * k);
            }
            pb.finish()
        };
        StripPainter {
            scene,
            boxes,
            extents,
            cached,
            scale,
            ox,
            oy,
            width,
            background,
            background_color: skia(scene.background),
            backdrop: tiny_skia::Rect::from_xywh(
                sheet.bleed.x * k,
                sheet.bleed.y * k,
                sheet.bleed.w * k,
                sheet.bleed.h * k,
            )
            .or_else(|| {
                tiny_skia::Rect::from_xywh(ox, oy, scene.width * scale, scene.height * scale)
            }),
            marks,
            hairline: tiny_skia::Stroke {
                width: 0.25 * PX_PER_PT * k,
                ..tiny_skia::Stroke::default()
            },
        }
    }

    /// Device rows `y0 .. y0 + rows` as RGB bytes, drawn on the worker's
    /// canvas and written into `rgb`.
    ///
    /// The items that reach into the strip are drawn in batches: the shapes
    /// (and the lines the glyph cache cannot draw) by resvg from one SVG, then
    /// the lines the glyph cache draws. A shape that comes after a waiting
    /// line and overlaps it ends the batch first, so what covers what is as
    /// in the Scene.
    fn paint(
        &self,
        y0: u32,
        rows: u32,
        worker: &mut Worker,
        mut rgb: Vec<u8>,
    ) -> Result<Vec<u8>, PngError> {
        if worker.canvas.as_ref().is_none_or(|c| c.height() != rows) {
            worker.canvas = Some(
                tiny_skia::Pixmap::new(self.width, rows)
                    .ok_or(PngError::TooLarge(self.width, rows))?,
            );
        }
        let Worker { canvas, glyphs } = worker;
        let strip = canvas
            .as_mut()
            .ok_or(PngError::TooLarge(self.width, rows))?;
        self.backdrop(strip, y0, rows);
        let (top, bottom) = (y0 as f32 - 2.0, (y0 + rows) as f32 + 2.0);
        let mut shapes: Vec<Item> = Vec::new();
        let mut lines: Vec<usize> = Vec::new();
        let mut lines_box = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for (i, item) in self.scene.items.iter().enumerate() {
            let (a, b) = self.extents[i];
            if b < top || a > bottom {
                continue;
            }
            let at = &self.boxes[i];
            if self.cached[i] {
                lines.push(i);
                lines_box = [
                    lines_box[0].min(at[0]),
                    lines_box[1].min(at[1]),
                    lines_box[2].max(at[2]),
                    lines_box[3].max(at[3]),
                ];
                continue;
            }
            if overlap(at, &lines_box) && lines.iter().any(|&j| overlap(at, &self.boxes[j])) {
                self.draw_batch(strip, glyphs, y0, &mut shapes, &mut lines)?;
                lines_box = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
            }
            shapes.push(item.clone());
        }
        self.draw_batch(strip, glyphs, y0, &mut shapes, &mut lines)?;
        if let Some(path) = &self.marks {
            let mut ink = tiny_skia::Paint::default();
            ink.set_color(tiny_skia::Color::BLACK);
            let shift = tiny_skia::Transform::from_translate(0.0, -(y0 as f32));
            strip.stroke_path(path, &ink, &self.hairline, shift, None);
        }
        // The page is opaque, so premultiplied RGBA is plain RGB.
        let rgba = strip.data();
        rgb.resize(rgba.len() / 4 * 3, 0);
        rgba_to_rgb(rgba, &mut rgb);
        Ok(rgb)
    }

    /// The poster's own colour runs to the edge of the bleed (or of the map,
    /// without one); white beyond. Painted here rather than by each strip's
    /// tree: a plain rectangle fill is a fraction of the cost of an
    /// anti-aliased path as wide as the page.
    fn backdrop(&self, strip: &mut tiny_skia::Pixmap, y0: u32, rows: u32) {
        let (row_top, row_bottom) = (y0 as f32, (y0 + rows) as f32);
        match self.backdrop {
            Some(r)
                if r.left() <= 0.0
                    && r.right() >= self.width as f32
                    && r.top() <= row_top
                    && r.bottom() >= row_bottom =>
            {
                strip.fill(self.background_color);
            }
            Some(r)
                if r.bottom() > row_top
                    && r.top() < row_bottom
                    && self.background_color != tiny_skia::Color::WHITE =>
            {
                strip.fill(tiny_skia::Color::WHITE);
                if let Some(r) =
                    tiny_skia::Rect::from_xywh(r.x(), r.y() - row_top, r.width(), r.height())
                {
                    strip.fill_rect(r, &self.background, tiny_skia::Transform::identity(), None);
                }
            }
            _ => strip.fill(tiny_skia::Color::WHITE),
        }
    }

    /// Draws the waiting shapes with resvg, then the waiting lines from the
    /// glyph cache, and empties both.
    fn draw_batch(
        &self,
        strip: &mut tiny_skia::Pixmap,
        glyphs: &mut GlyphPainter,
        y0: u32,
        shapes: &mut Vec<Item>,
        lines: &mut Vec<usize>,
    ) -> Result<(), PngError> {
        if !shapes.is_empty() {
            let mut part = self.scene.clone_frame();
            part.items = std::mem::take(shapes);
            // The background is painted once by `backdrop`, not by each tree.
            let svg = to_svg(
                &part,
                &SvgOptions {
                    embed_fonts: false,
                    background: false,
                    embed: None,
                },
            );
            let tree = usvg::Tree::from_str(&svg, &font_options())
                .map_err(|e| PngError::Svg(e.to_string()))?;
            let t = tiny_skia::Transform::from_row(
                self.scale,
                0.0,
                0.0,
                self.scale,
                self.ox,
                self.oy - y0 as f32,
            );
            resvg::render(&tree, t, &mut strip.as_mut());
        }
        for i in lines.drain(..) {
            if let Item::Text {
                x,
                y,
                text,
                size,
                weight,
                color,
                face,
                ..
            } = &self.scene.items[i]
            {
                glyphs.draw(
                    strip,
                    text,
                    (*weight, *face),
                    *color,
                    size * self.scale,
                    self.ox + x * self.scale,
                    self.oy + y * self.scale - y0 as f32,
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgba_becomes_rgb_pixel_by_pixel_whatever_the_count() {
        for n in [0usize, 1, 3, 4, 5, 9, 16] {
            let rgba: Vec<u8> = (0..n * 4).map(|i| (i * 7 + 1) as u8).collect();
            let mut rgb = vec![0u8; n * 3];
            rgba_to_rgb(&rgba, &mut rgb);
            let want: Vec<u8> = rgba.chunks_exact(4).flat_map(|p| p[..3].to_vec()).collect();
            assert_eq!(rgb, want, "{n} pixels");
        }
    }

    #[test]
    fn strips_hold_about_two_million_pixels() {
        assert_eq!(strip_rows(9933), 211);
        assert_eq!(strip_rows(100), 512);
        assert_eq!(strip_rows(200_000), 16);
    }
}
