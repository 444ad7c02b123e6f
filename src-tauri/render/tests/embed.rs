//! The map inside its poster: each renderer carries the bytes it is given,
//! a reader of the format finds them where the format keeps such things
//! (poppler lists the PDF's embedded file), and [`extract`] gives them back
//! exactly; a poster without them, or with them damaged, says so.

use std::process::Command;

use travesia_core::{format, templates};
use travesia_layout::{layout, TextEngine};
use travesia_render::embed::{extract, EmbedError, FILE_NAME, PNG_KEYWORD};
use travesia_render::paper::{Orientation, PageSetup, Paper};
use travesia_render::pdf::{to_pdf, PdfOptions};
use travesia_render::png::{write_png, PngOptions};
use travesia_render::sheet::PrintSetup;
use travesia_render::svg::{to_svg, SvgOptions};

fn setup() -> PrintSetup {
    PrintSetup::plain(PageSetup {
        paper: Paper::A4,
        orientation: Orientation::Landscape,
        margin_mm: 10.0,
    })
}

fn map_and_scene() -> (Vec<u8>, travesia_layout::Scene) {
    let m = templates::load("omnichannel", "es").unwrap();
    let doc = format::Document {
        map: m.clone(),
        extra: Default::default(),
    };
    let text = format::to_string(&doc).into_bytes();
    (text, layout(&m, &mut TextEngine::new()))
}

fn pdf(scene: &travesia_layout::Scene, embed: Option<Vec<u8>>) -> Vec<u8> {
    to_pdf(
        scene,
        &PdfOptions {
            print: setup(),
            title: "Mapa".into(),
            author: String::new(),
            lang: "es".into(),
            embed,
        },
    )
    .unwrap()
}

fn png(scene: &travesia_layout::Scene, embed: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    write_png(
        scene,
        &PngOptions {
            print: setup(),
            dpi: 72,
            smaller: false,
            embed,
        },
        &mut out,
        |_| true,
    )
    .unwrap();
    out
}

#[test]
fn a_pdf_carries_the_map_as_an_embedded_file_poppler_lists() {
    let (map, scene) = map_and_scene();
    let bytes = pdf(&scene, Some(map.clone()));
    assert_eq!(extract(&bytes).unwrap(), map);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let out = Command::new("pdfdetach")
        .arg("-list")
        .arg(&path)
        .output()
        .expect("pdfdetach is needed (poppler-utils)");
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains("1 embedded files"), "{listed}");
    assert!(listed.contains(FILE_NAME), "{listed}");
    // poppler unpacks it to the very same bytes.
    let saved = dir.path().join("saved.travesia");
    let status = Command::new("pdfdetach")
        .args(["-save", "1", "-o"])
        .arg(&saved)
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read(&saved).unwrap(), map);
    // Without it, the poster says it carries no map.
    assert_eq!(extract(&pdf(&scene, None)), Err(EmbedError::NoMap));
}

#[test]
fn a_png_carries_the_map_in_a_compressed_text_chunk_before_the_image() {
    let (map, scene) = map_and_scene();
    let bytes = png(&scene, Some(map.clone()));
    assert_eq!(extract(&bytes).unwrap(), map);
    // The png crate, as any reader would, finds a compressed iTXt chunk.
    let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
    let reader = decoder.read_info().unwrap();
    let chunk = reader
        .info()
        .utf8_text
        .iter()
        .find(|c| c.keyword == PNG_KEYWORD)
        .expect("the chunk is read before the image data");
    assert_eq!(chunk.get_text().unwrap().as_bytes(), &map[..]);
    let plain = png(&scene, None);
    assert!(
        bytes.len() < plain.len() + map.len() / 3,
        "the chunk is compressed: {} → {}, map {}",
        plain.len(),
        bytes.len(),
        map.len()
    );
    assert_eq!(extract(&plain), Err(EmbedError::NoMap));
}

#[test]
fn an_svg_carries_the_map_in_its_metadata_and_still_draws() {
    let (map, scene) = map_and_scene();
    let svg = to_svg(
        &scene,
        &SvgOptions {
            embed: Some(map.clone()),
            ..SvgOptions::default()
        },
    );
    assert_eq!(extract(svg.as_bytes()).unwrap(), map);
    // usvg (as a viewer would) still reads the file.
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default());
    assert!(tree.is_ok());
    assert_eq!(
        extract(to_svg(&scene, &SvgOptions::default()).as_bytes()),
        Err(EmbedError::NoMap)
    );
}

#[test]
fn a_damaged_poster_is_told_apart_from_one_without_a_map() {
    let (map, scene) = map_and_scene();
    let mut bytes = pdf(&scene, Some(map));
    // Cut the file in half: no cross-reference table, no trailer.
    bytes.truncate(bytes.len() / 2);
    assert!(matches!(
        extract(&bytes),
        Err(EmbedError::Broken(_) | EmbedError::NoMap)
    ));
    assert!(matches!(
        extract(b"%PDF-1.7\nnonsense"),
        Err(EmbedError::Broken(_))
    ));
}
