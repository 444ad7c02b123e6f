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

#[cfg(test)]
mod tests {
    use super::*;

    /// The pixels of a PNG: width, height, RGBA.
    fn pixels(png: &[u8]) -> (u32, u32, Vec<u8>) {
        let p = tiny_skia::Pixmap::decode_png(png).unwrap();
        (p.width(), p.height(), p.data().to_vec())
    }

    fn count(rgba: &[u8], hit: impl Fn(&[u8]) -> bool) -> usize {
        rgba.chunks(4).filter(|p| hit(p)).count()
    }

    #[test]
    fn an_svg_is_drawn_to_a_png_1024_pixels_on_its_longest_side() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">
            <rect width="100" height="100" fill="#E8590C"/></svg>"##;
        assert!(is_svg(svg));
        let (w, h, px) = pixels(&svg_to_png(svg).unwrap());
        assert_eq!((w, h), (1024, 341));
        // The orange third, the rest transparent.
        let orange = count(&px, |p| p[0] > 200 && p[1] < 120 && p[3] == 255);
        assert!((orange as f32 / (w * h) as f32 - 1.0 / 3.0).abs() < 0.01);
        assert!(count(&px, |p| p[3] == 0) > (w * h / 2) as usize);
    }

    #[test]
    fn nothing_outside_the_svg_is_read() {
        let dir = std::env::temp_dir().join(format!("travesia-logo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let red = dir.join("red.png");
        let mut p = tiny_skia::Pixmap::new(8, 8).unwrap();
        p.fill(tiny_skia::Color::from_rgba8(255, 0, 0, 255));
        p.save_png(&red).unwrap();
        // A file named by path and by URL, and an SVG inside the SVG: none drawn.
        let inner = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxMCIgaGVpZ2h0PSIxMCI+PHJlY3Qgd2lkdGg9IjEwIiBoZWlnaHQ9IjEwIiBmaWxsPSJyZWQiLz48L3N2Zz4=";
        let svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="10">
            <rect x="30" width="10" height="10" fill="#1F3A60"/>
            <image href="{path}" width="10" height="10"/>
            <image xlink:href="file://{path}" x="10" width="10" height="10"/>
            <image href="data:image/svg+xml;base64,{inner}" x="20" width="10" height="10"/>
            </svg>"##,
            path = red.display()
        );
        let (_, _, px) = pixels(&svg_to_png(svg.as_bytes()).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(count(&px, |p| p[0] > 200 && p[1] < 60 && p[3] > 0), 0);
        assert!(
            count(&px, |p| p[2] > 80 && p[3] == 255) > 0,
            "the SVG's own shapes are drawn"
        );
    }

    #[test]
    fn an_svg_that_draws_nothing_or_is_broken_is_refused() {
        let empty = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>"#;
        assert_eq!(svg_to_png(empty), Err(LogoError::Empty));
        assert!(matches!(svg_to_png(b"<svg"), Err(LogoError::Broken(_))));
        assert!(!is_svg(b"\x89PNG\r\n\x1a\n"));
        let big = vec![b' '; SVG_MAX_BYTES + 1];
        assert_eq!(svg_to_png(&big), Err(LogoError::TooLarge));
    }
}
