//! A poster uses its page: on a paper wider than the map, the columns widen
//! to fill it (each in proportion to its own width, at most twice it), the
//! page keeps the orientation the map chose, and an SVG or a page the size
//! of the map gets the map as on screen. The map's own channels print with
//! their names.

use std::process::Command;
use std::sync::atomic::AtomicBool;

use travesia_api::export::{self, ExportFormat, ExportOptions, PageOrientation, Source};
use travesia_api::{maps, Session};
use travesia_core::{Map, OwnChannel};
use travesia_layout::poster::Look;
use travesia_layout::{Scene, Target};
use travesia_render::paper::PX_PER_MM;

fn stage_widths(scene: &Scene) -> Vec<f32> {
    scene
        .hits
        .iter()
        .filter(|h| matches!(h.target, Target::Stage { .. }))
        .map(|h| h.w)
        .collect()
}

/// A map of `n` stages from the three-stage template (its lanes and cards).
fn map_of(session: &Session, stages: usize) -> Map {
    let id = session
        .with_library(|lib| maps::create_from_template(lib, "three-stages", "es", None, true))
        .unwrap();
    let mut map = session
        .with_library(|lib| Source::from_library(lib, &id))
        .unwrap()
        .doc
        .map;
    map.stages.truncate(stages);
    let kept: Vec<String> = map.stages.iter().map(|s| s.id.clone()).collect();
    map.cards.retain(|c| kept.contains(&c.stage));
    map.routes = None;
    map
}

/// The printable area's width over its height, for the page a setup chose.
fn area_aspect(setup: &travesia_render::sheet::PrintSetup, scene: &Scene) -> f32 {
    let place = setup.page.place(scene.width, scene.height);
    let m = setup.page.margin_mm * PX_PER_MM;
    (place.page_w - 2.0 * m) / (place.page_h - 2.0 * m)
}

#[test]
fn the_columns_widen_to_fill_a_wider_page_and_keep_their_proportions() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("library.db"));
    let mut map = map_of(&session, 2);
    map.stages[0].width = Some(400.0);
    let natural = session.engine.scene_of(&map).unwrap();
    let mut options = ExportOptions::new(ExportFormat::Pdf);
    options.orientation = PageOrientation::Landscape;
    let setup = export::print_setup(&options).unwrap();
    let page_aspect = area_aspect(&setup, &natural);
    assert!(
        natural.width / natural.height < page_aspect * 0.9,
        "the test needs a map narrower than the page ({} × {})",
        natural.width,
        natural.height
    );

    let (wide, fixed) = export::poster_scene(
        &session.engine,
        &map,
        &setup,
        ExportFormat::Pdf,
        Look::default(),
    )
    .unwrap();
    let (before, after) = (stage_widths(&natural), stage_widths(&wide));
    assert_eq!(before, vec![400.0, 248.0]);
    assert!(after[0] > before[0] && after[1] > before[1], "{after:?}");
    assert!(after.iter().zip(&before).all(|(a, b)| a / b <= 2.0 + 1e-3));
    assert!(
        (after[0] / after[1] - before[0] / before[1]).abs() < 0.01,
        "each column widens in proportion: {before:?} → {after:?}"
    );
    // Closer to the page's shape, and on the same page as before.
    let gap = |s: &Scene| (s.width / s.height - page_aspect).abs();
    assert!(gap(&wide) < gap(&natural));
    let (p0, p1) = (
        setup.page.place(natural.width, natural.height),
        fixed.page.place(wide.width, wide.height),
    );
    assert_eq!((p0.page_w, p0.page_h), (p1.page_w, p1.page_h));
    // The print is bigger on the paper: more of the page is the map.
    assert!(p1.scale * wide.width > p0.scale * natural.width);

    // An SVG, and a page the size of the map, are the map as on screen.
    let (svg, _) = export::poster_scene(
        &session.engine,
        &map,
        &setup,
        ExportFormat::Svg,
        Look::default(),
    )
    .unwrap();
    assert_eq!(stage_widths(&svg), before);
    let mut fit = options.clone();
    fit.paper = "fit".into();
    let fit_setup = export::print_setup(&fit).unwrap();
    let (same, _) = export::poster_scene(
        &session.engine,
        &map,
        &fit_setup,
        ExportFormat::Pdf,
        Look::default(),
    )
    .unwrap();
    assert_eq!(stage_widths(&same), before);
}

#[test]
fn a_map_as_wide_as_its_page_is_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("library.db"));
    let mut map = map_of(&session, 3);
    // Wide columns: the map is already wider than an A1 landscape's shape.
    for s in &mut map.stages {
        s.width = Some(1200.0);
    }
    let natural = session.engine.scene_of(&map).unwrap();
    let setup = export::print_setup(&ExportOptions::new(ExportFormat::Png)).unwrap();
    assert!(natural.width / natural.height > area_aspect(&setup, &natural));
    let (scene, _) = export::poster_scene(
        &session.engine,
        &map,
        &setup,
        ExportFormat::Png,
        Look::default(),
    )
    .unwrap();
    assert_eq!(stage_widths(&scene), stage_widths(&natural));
}

#[test]
fn the_maps_own_channels_print_with_their_names_and_no_channel_reads_the_same_as_in_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let session = Session::open(dir.path().join("library.db"));
    let id = session
        .with_library(|lib| maps::create_from_template(lib, "omnichannel", "es", None, true))
        .unwrap();
    let mut source = session
        .with_library(|lib| Source::from_library(lib, &id))
        .unwrap();
    let map = &mut source.doc.map;
    map.channels = Some(vec![OwnChannel {
        id: "ch-whatsapp".into(),
        name: "WhatsApp del obrador".into(),
        icon: Some("message".into()),
        ..OwnChannel::default()
    }]);
    let touch: Vec<usize> = map
        .cards
        .iter()
        .enumerate()
        .filter(|(_, c)| map.lane(&c.lane).is_some_and(|l| l.kind.spec().touchpoints))
        .map(|(i, _)| i)
        .collect();
    map.cards[touch[0]].channel = Some("ch-whatsapp".into());
    map.cards[touch[1]].channel = None;
    let scene = session.engine.scene_of(map).unwrap();
    assert!(scene
        .items
        .iter()
        .any(|i| matches!(i, travesia_layout::Item::Icon { name, .. } if name == "message")));
    assert!(scene
        .items
        .iter()
        .any(|i| matches!(i, travesia_layout::Item::Icon { name, .. } if name == "none")));

    let pdf = dir.path().join("poster.pdf");
    let never = AtomicBool::new(false);
    let options = ExportOptions::new(ExportFormat::Pdf);
    export::write(&session.engine, &source, &options, &pdf, |_| {}, &never).unwrap();
    let out = Command::new("pdftotext")
        .args(["-raw", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("WhatsApp del obrador"), "{text}");
    assert!(text.contains("Sin canal"), "{text}");
}
