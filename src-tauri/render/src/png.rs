//! Scene → PNG: our SVG, parsed by usvg with the bundled fonts only, drawn by
//! resvg in horizontal strips that are streamed into the PNG encoder, so
//! memory stays flat whatever the paper size and DPI.

use std::io::Write;
use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};
use travesia_layout::text::FONT_FILES;
use travesia_layout::Scene;

use crate::paper::{Placement, PX_PER_PT};
use crate::sheet::{sheets, PrintSetup, Sheet};
use crate::svg::{to_svg, SvgOptions};

pub const DPI_MIN: u32 = 72;
pub const DPI_MAX: u32 = 600;
/// Rows drawn at a time.
const STRIP: u32 = 256;

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

#[derive(Clone, Copy, Debug)]
pub struct PngOptions {
    pub print: PrintSetup,
    pub dpi: u32,
    /// Smaller files, slower to write.
    pub smaller: bool,
}

/// The fonts usvg may use: ours, nothing from the system (loaded once).
pub fn font_options() -> usvg::Options<'static> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    let db = DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for (_, bytes) in FONT_FILES {
            db.load_font_data(bytes.to_vec());
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

fn parse_color(hex: &str) -> tiny_skia::Color {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0xFFFFFF);
    tiny_skia::Color::from_rgba8((v >> 16) as u8, (v >> 8) as u8, v as u8, 255)
}

/// Draws the scene on its page and writes the PNG to `out`. `progress` gets
/// the fraction done and returns false to cancel.
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
    let svg = to_svg(scene, &SvgOptions { embed_fonts: false });
    let tree =
        usvg::Tree::from_str(&svg, &font_options()).map_err(|e| PngError::Svg(e.to_string()))?;
    let k = opts.dpi as f32 / 96.0;
    let mut enc = png::Encoder::new(out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(if opts.smaller {
        png::Compression::High
    } else {
        png::Compression::Fast
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
    let mut stream = writer.stream_writer().map_err(enc_err)?;
    let mut strip = tiny_skia::Pixmap::new(w, STRIP.min(h)).ok_or(PngError::TooLarge(w, h))?;
    let mut row = vec![0u8; w as usize * 3];
    let background = {
        let mut p = tiny_skia::Paint::default();
        p.set_color(parse_color(&scene.background));
        p
    };
    let ink = {
        let mut p = tiny_skia::Paint::default();
        p.set_color(tiny_skia::Color::BLACK);
        p.anti_alias = true;
        p
    };
    let hairline = tiny_skia::Stroke {
        width: 0.25 * PX_PER_PT * k,
        ..tiny_skia::Stroke::default()
    };
    let marks = {
        let mut pb = tiny_skia::PathBuilder::new();
        for &(x1, y1, x2, y2) in &sheet.marks {
            pb.move_to(x1 * k, y1 * k);
            pb.line_to(x2 * k, y2 * k);
        }
        pb.finish()
    };
    // Scene px → poster page px → sheet px → device px.
    let ox = place.dx + sheet.at.0 - sheet.view.x;
    let oy = place.dy + sheet.at.1 - sheet.view.y;
    let mut y0 = 0;
    while y0 < h {
        let rows = STRIP.min(h - y0);
        strip.fill(tiny_skia::Color::WHITE);
        let shift = tiny_skia::Transform::from_translate(0.0, -(y0 as f32));
        // The poster's own colour runs to the edge of the bleed.
        if let Some(r) = tiny_skia::Rect::from_xywh(
            sheet.bleed.x * k,
            sheet.bleed.y * k,
            sheet.bleed.w * k,
            sheet.bleed.h * k,
        ) {
            strip.fill_rect(r, &background, shift, None);
        }
        let t = tiny_skia::Transform::from_row(
            place.scale * k,
            0.0,
            0.0,
            place.scale * k,
            ox * k,
            oy * k - y0 as f32,
        );
        resvg::render(&tree, t, &mut strip.as_mut());
        if let Some(path) = &marks {
            strip.stroke_path(path, &ink, &hairline, shift, None);
        }
        let data = strip.data();
        for r in 0..rows as usize {
            let src = &data[r * w as usize * 4..(r + 1) * w as usize * 4];
            // The page is opaque white, so premultiplied RGBA is plain RGB.
            for (d, s) in row.chunks_exact_mut(3).zip(src.chunks_exact(4)) {
                d.copy_from_slice(&s[..3]);
            }
            stream
                .write_all(&row)
                .map_err(|e| PngError::Encode(e.to_string()))?;
        }
        y0 += rows;
        if !progress(y0 as f32 / h as f32) {
            return Err(PngError::Cancelled);
        }
    }
    stream.finish().map_err(enc_err)?;
    Ok(())
}
