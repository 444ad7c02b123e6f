//! The bodies of the fuzz targets in `fuzz/` (cargo-fuzz, libFuzzer).
//!
//! Each takes any bytes and must neither panic nor hang nor blow up memory.
//! They also check properties a crash-only fuzzer would miss: a file that is
//! read writes back to a file that reads the same; an edit that applies is
//! undone exactly by its inverse; every renderer accepts every valid map.
//! `tests/regressions.rs` replays every input kept in `tests/fixtures/fuzz/`.

use travesia_core::format::{self, Document};
use travesia_core::model::Map;
use travesia_core::{edit, sample, templates, Edit};
use travesia_layout::TextEngine;
use travesia_render::paper::{Orientation, PageSetup, Paper};
use travesia_render::pdf::{self, PdfOptions};
use travesia_render::png::{self, PngOptions};
use travesia_render::sheet::PrintSetup;
use travesia_render::svg::{self, SvgOptions};

/// The `.travesia` reader: any bytes are refused with an error or read; what
/// is read writes back to text that reads to the same map.
pub fn read_file(data: &[u8]) {
    let Ok(doc) = format::read_bytes(data) else {
        return;
    };
    let text = format::to_string(&doc);
    let again = format::read_bytes(text.as_bytes())
        .unwrap_or_else(|e| panic!("a map that was read does not read back after writing: {e}"));
    assert_eq!(again.map, doc.map, "writing and reading changed the map");
}

fn start_map(which: u8) -> Map {
    let mut map = match which % 3 {
        0 => sample::map_with_cards(24),
        1 => templates::load("omnichannel", "es").expect("template"),
        _ => templates::example().expect("example").map,
    };
    map.tidy_lists();
    map
}

/// The edit applier. The first byte picks the mode:
/// - even: the rest is read four bytes at a time as edits that make sense
///   for the map as it is (the property tests' generator), applied in turn;
/// - odd: the rest is an `Edit` in JSON, as the webview could send anything.
///
/// Every edit that applies must leave a valid map, and its inverse must
/// bring back exactly the map before it.
pub fn edits(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let mut map = start_map(mode >> 1);
    let step = |map: &mut Map, e: &Edit| {
        let before = map.clone();
        match edit::apply(map, e) {
            Ok(inverse) => {
                let issues = travesia_core::validate::validate_map(map);
                assert!(
                    issues.is_empty(),
                    "edit {e:?} left an invalid map: {issues:?}"
                );
                let after = map.clone();
                edit::apply(map, &inverse)
                    .unwrap_or_else(|err| panic!("the inverse of {e:?} was refused: {err}"));
                assert_eq!(*map, before, "undoing {e:?} did not restore the map");
                *map = after;
            }
            Err(_) => assert_eq!(*map, before, "a refused edit {e:?} changed the map"),
        }
    };
    if mode % 2 == 0 {
        let mut serial = 0;
        for chunk in rest.chunks(4).take(256) {
            let at = |i: usize| chunk.get(i).copied().unwrap_or(0) as usize;
            let e = sample::random_edit(&map, chunk[0], at(1), at(2), at(3), &mut serial);
            step(&mut map, &e);
        }
    } else if let Ok(e) = serde_json::from_slice::<Edit>(rest) {
        step(&mut map, &e);
    }
}

/// Layout and the three renderers, on any map the reader accepts.
pub fn render(data: &[u8]) {
    let Ok(Document { map, .. }) = format::read_bytes(data) else {
        return;
    };
    render_map(&map);
}

/// Lays out a map and draws it as SVG (which must parse as XML), PDF and a
/// small PNG.
pub fn render_map(map: &Map) {
    let mut engine = TextEngine::new();
    let scene = travesia_layout::layout(map, &mut engine);
    let again = travesia_layout::layout(map, &mut TextEngine::new());
    assert_eq!(scene, again, "the layout is not deterministic");
    let text = svg::to_svg(&scene, &SvgOptions::FONTS_GIVEN);
    if let Err(e) = resvg_parse(&text) {
        panic!("our SVG does not parse: {e}");
    }
    let page = PageSetup {
        paper: Paper::A4,
        orientation: Orientation::Auto,
        margin_mm: 10.0,
    };
    let print = PrintSetup::plain(page);
    pdf::to_pdf(
        &scene,
        &PdfOptions {
            print,
            title: map.title.clone(),
            author: String::new(),
            lang: "es".into(),
            embed: None,
        },
    )
    .unwrap_or_else(|e| panic!("the PDF writer refused a valid map: {e}"));
    let mut out = Vec::new();
    png::write_png(
        &scene,
        &PngOptions {
            print,
            dpi: 72,
            smaller: false,
            embed: None,
        },
        &mut out,
        |_| true,
    )
    .unwrap_or_else(|e| panic!("the PNG writer refused a valid map: {e}"));
    assert!(out.starts_with(b"\x89PNG"));
}

fn resvg_parse(text: &str) -> Result<(), String> {
    travesia_render::preview::parse_svg(text).map_err(|e| e.to_string())
}
