//! A logo from an SVG file, drawn to pixels once, when it is picked: the
//! map keeps a PNG as it keeps a photo, never the SVG (no scripts, links
//! or outside files reach a poster). The SVG is read with nothing from
//! outside it: no file it names, only the pictures written inside it (PNG,
//! JPEG, GIF, WebP; not another SVG), and only the bundled fonts.

use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg::{self, ImageHrefResolver, ImageKind};

/// The longest side of the picture drawn from an SVG, in pixels.
pub const SIDE: u32 = 1024;
/// The largest SVG file read.
pub const SVG_MAX_BYTES: usize = 8 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LogoError {
    #[error("the SVG file is over 8 MiB")]
    TooLarge,
    #[error("the SVG could not be read: {0}")]
    Broken(String),
    #[error("the SVG draws nothing")]
    Empty,
}

/// Whether `bytes` look like an SVG (or SVGZ) file rather than a picture.
pub fn is_svg(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return true;
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    head.contains("<svg")
}

/// The SVG drawn as a PNG whose longest side is [`SIDE`] pixels, with its
/// transparency.
pub fn svg_to_png(bytes: &[u8]) -> Result<Vec<u8>, LogoError> {
    if bytes.len() > SVG_MAX_BYTES {
        return Err(LogoError::TooLarge);
    }
    let mut opt = crate::png::font_options();
    opt.resources_dir = None;
    let pictures = ImageHrefResolver::default_data_resolver();
    opt.image_href_resolver = ImageHrefResolver {
        resolve_data: Box::new(
            move |mime, data: Arc<Vec<u8>>, o| match pictures(mime, data, o) {
                Some(ImageKind::SVG(_)) | None => None,
                raster => raster,
            },
        ),
        resolve_string: Box::new(|_, _| None),
    };
    let tree = usvg::Tree::from_data(bytes, &opt).map_err(|e| LogoError::Broken(e.to_string()))?;
    let size = tree.size();
    let bbox = tree.root().abs_bounding_box();
    if size.width() <= 0.0 || size.height() <= 0.0 || bbox.width() <= 0.0 || bbox.height() <= 0.0 {
        return Err(LogoError::Empty);
    }
    let k = SIDE as f32 / size.width().max(size.height());
    let w = ((size.width() * k).round() as u32).max(1);
    let h = ((size.height() * k).round() as u32).max(1);
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or(LogoError::Empty)?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(k, k),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| LogoError::Broken(e.to_string()))
}
