//! Small pictures of a Scene: library thumbnails and the export dialog's page
//! preview. Both are drawn by the same SVG → resvg path as the PNG export;
//! where text would be a few pixels high, or there is a lot of it, lines are
//! drawn as soft bars ("greeked"), which is what the eye sees at that size anyway.

use resvg::{tiny_skia, usvg};
use travesia_layout::{Item, Scene};

use crate::png::{font_options, PngError};
use crate::sheet::{sheets, Area, PrintSetup};
use crate::svg::{to_svg, SvgOptions};

/// Above this many lines of text a preview greeks them, to stay quick.
const REAL_TEXT_LINES: usize = 1500;
/// Below this height on screen (px) a line of text is greeked.
const READABLE_PX: f32 = 4.0;

/// The scene with its text lines turned into bars of the text's colour.
fn greeked(scene: &Scene) -> Scene {
    let mut out = scene.clone_frame();
    out.items = scene
        .items
        .iter()
        .map(|item| match item {
            Item::Text {
                x,
                y,
                w,
                size,
                color,
                ..
            } => Item::Rect {
                x: *x,
                y: y - size * 0.62,
                w: w.max(size * 0.5),
                h: size * 0.5,
                r: size * 0.2,
                fill: Some(color.with_alpha(0x55)),
                stroke: None,
                stroke_width: 0.0,
            },
            other => other.clone(),
        })
        .collect();
    out
}

fn text_lines(scene: &Scene) -> usize {
    scene
        .items
        .iter()
        .filter(|i| matches!(i, Item::Text { .. }))
        .count()
}

fn tree(scene: &Scene, greek: bool) -> Result<usvg::Tree, PngError> {
    let svg = if greek {
        to_svg(&greeked(scene), &SvgOptions::FONTS_GIVEN)
    } else {
        to_svg(scene, &SvgOptions::FONTS_GIVEN)
    };
    usvg::Tree::from_str(&svg, &font_options()).map_err(|e| PngError::Svg(e.to_string()))
}

fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, PngError> {
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

/// The whole map in at most `max_w` × `max_h` pixels, as PNG bytes.
pub fn thumbnail(scene: &Scene, max_w: u32, max_h: u32) -> Result<Vec<u8>, PngError> {
    let k = (max_w as f32 / scene.width.max(1.0)).min(max_h as f32 / scene.height.max(1.0));
    let (w, h) = (
        ((scene.width * k).round() as u32).max(1),
        ((scene.height * k).round() as u32).max(1),
    );
    let greek = scene.min_font_size * k < READABLE_PX || text_lines(scene) > REAL_TEXT_LINES;
    let tree = tree(scene, greek)?;
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(PngError::TooLarge(w, h))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(k, k),
        &mut pixmap.as_mut(),
    );
    encode(&pixmap)
}

/// The poster page as the export dialog shows it.
pub struct PagePreview {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// The page's size in CSS px (1/96 in).
    pub page_w: f32,
    pub page_h: f32,
    /// For tiles: the part of the page each sheet shows, in preview pixels,
    /// row by row.
    pub sheets: Vec<Area>,
}

/// The poster page (margins included) in at most `max_px` pixels a side.
pub fn page_preview(
    scene: &Scene,
    print: &PrintSetup,
    max_px: u32,
) -> Result<PagePreview, PngError> {
    let (place, all) = sheets(print, scene.width, scene.height);
    let k = max_px as f32 / place.page_w.max(place.page_h).max(1.0);
    let (w, h) = (
        ((place.page_w * k).round() as u32).max(1),
        ((place.page_h * k).round() as u32).max(1),
    );
    let scale = place.scale * k;
    let greek = scene.min_font_size * scale < READABLE_PX || text_lines(scene) > REAL_TEXT_LINES;
    let tree = tree(scene, greek)?;
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(PngError::TooLarge(w, h))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, place.dx * k, place.dy * k),
        &mut pixmap.as_mut(),
    );
    let sheets = if print.tiling.is_some() {
        all.iter()
            .map(|s| Area {
                x: s.view.x * k,
                y: s.view.y * k,
                w: s.view.w * k,
                h: s.view.h * k,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(PagePreview {
        png: encode(&pixmap)?,
        width: w,
        height: h,
        page_w: place.page_w,
        page_h: place.page_h,
        sheets,
    })
}

/// Parses one of our SVG documents with the bundled fonts (a check that
/// what `to_svg` wrote is well-formed and drawable).
pub fn parse_svg(text: &str) -> Result<(), PngError> {
    usvg::Tree::from_str(text, &font_options())
        .map(|_| ())
        .map_err(|e| PngError::Svg(e.to_string()))
}

/// The longest side a copied picture gets, in pixels.
pub const CLIP_MAX_PX: f32 = 8192.0;

/// A part of the map (`x`, `y`, `w`, `h` in Scene pixels) as straight RGBA
/// pixels at `scale` pixels a Scene pixel (less if the picture would be over
/// [`CLIP_MAX_PX`] a side), on the page's background: what "Copy as image"
/// puts on the clipboard. Answers the width, the height and the pixels.
pub fn region_rgba(
    scene: &Scene,
    region: (f32, f32, f32, f32),
    scale: f32,
) -> Result<(u32, u32, Vec<u8>), PngError> {
    let (x, y, w, h) = region;
    let k = scale.min(CLIP_MAX_PX / w.max(h).max(1.0));
    let (pw, ph) = (
        ((w * k).round() as u32).max(1),
        ((h * k).round() as u32).max(1),
    );
    let tree = tree(scene, false)?;
    let mut pixmap = tiny_skia::Pixmap::new(pw, ph).ok_or(PngError::TooLarge(pw, ph))?;
    let bg = scene.background;
    pixmap.fill(tiny_skia::Color::from_rgba8(bg.r, bg.g, bg.b, 255));
    resvg::render(
        &tree,
        tiny_skia::Transform::from_translate(-x, -y).post_scale(k, k),
        &mut pixmap.as_mut(),
    );
    // Opaque everywhere (the background is), so premultiplied is straight.
    Ok((pw, ph, pixmap.take()))
}
