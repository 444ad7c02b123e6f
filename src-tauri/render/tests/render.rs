//! SVG and PNG from the same Scene: valid, escaped, sized for the paper.

use resvg::usvg;
use travesia_core::edit::{apply, CardPatch, Edit};
use travesia_core::{templates, Map};
use travesia_layout::{layout, TextEngine};
use travesia_render::paper::{Orientation, PageSetup, Paper, PX_PER_MM};
use travesia_render::png::{font_options, write_png, PngOptions};
use travesia_render::sheet::PrintSetup;
use travesia_render::svg::{to_svg, to_svg_with, SvgOptions};

fn map_with_text(text: &str) -> Map {
    let mut m = templates::load("omnichannel", "es").unwrap();
    let id = m.cards[0].id.clone();
    apply(
        &mut m,
        &Edit::UpdateCard {
            id,
            patch: CardPatch {
                text: Some(text.into()),
                ..Default::default()
            },
        },
    )
    .unwrap();
    m
}

const HOSTILE: &str =
    "<script>alert(1)</script> </text> &amp; \"comillas\" 'simples' ]]> <!-- x --> \u{7}";

#[test]
fn hostile_text_is_escaped_and_the_svg_is_valid_xml() {
    let mut m = map_with_text(HOSTILE);
    m.title = "<svg onload=alert(1)> & título".into();
    let scene = layout(&m, &mut TextEngine::new());
    let svg = to_svg(&scene, &SvgOptions::default());
    assert!(!svg.contains("<script"), "a script element reached the SVG");
    assert!(!svg.contains("<svg onload"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        svg.contains("&lt;/text&gt;")
            && svg.contains("&amp;amp;")
            && svg.contains("&quot;comillas&quot;")
    );
    // A strict XML parser accepts it, and reads the text back literally.
    let tree = usvg::Tree::from_str(&svg, &font_options()).expect("valid SVG");
    assert!(tree.size().width() > 100.0);
    let doc = svg
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    assert!(
        doc.contains("<script>alert(1)</script>"),
        "the text is kept, only escaped"
    );
}

#[test]
fn the_svg_embeds_fonts_and_inlines_icons() {
    let m = templates::load("omnichannel", "en").unwrap();
    let svg = to_svg(&layout(&m, &mut TextEngine::new()), &SvgOptions::default());
    assert!(svg.contains("@font-face") && svg.contains("font/otf;base64,"));
    assert!(
        svg.contains("<symbol id=\"icon-store\""),
        "icons are defined inside the file"
    );
    // The CJK fallback (3.4 MB) goes in only when a line needs it.
    assert!(!svg.contains("font-family: 'Droid Sans Fallback'"));
    let mut cjk = m.clone();
    cjk.cards[0].text = "顾客旅程 고객 여정".into();
    let with = to_svg(
        &layout(&cjk, &mut TextEngine::new()),
        &SvgOptions::default(),
    );
    assert!(with.contains("font-family: 'Droid Sans Fallback'"));
    // Cut down to the characters used, not the whole 3.4 MB.
    assert!(
        with.len() < svg.len() + 100_000,
        "{} bytes",
        with.len() - svg.len()
    );
    usvg::Tree::from_str(&with, &font_options()).expect("valid SVG");
    assert!(
        !svg.contains("http://")
            || svg.matches("http://").count() == svg.matches("http://www.w3.org/").count(),
        "nothing external is referenced"
    );
}

#[test]
fn an_svg_in_serif_names_the_face_and_carries_it_cut_to_the_characters_used() {
    let m = templates::load("omnichannel", "en").unwrap();
    let sans = to_svg(&layout(&m, &mut TextEngine::new()), &SvgOptions::default());
    assert!(
        !sans.contains("Source Serif 4"),
        "no other face in an Inter map"
    );
    let mut serif = m.clone();
    serif.theme = Some(travesia_core::model::Theme {
        font: Some("serif".into()),
        ..Default::default()
    });
    serif.cards[0].text = "What‽".into();
    let svg = to_svg(
        &layout(&serif, &mut TextEngine::new()),
        &SvgOptions::default(),
    );
    assert!(svg.contains("<g font-family=\"&apos;Source Serif 4&apos;, Inter,"));
    for weight in [400, 600, 700] {
        assert!(
            svg.contains(&format!(
                "font-family: 'Source Serif 4'; font-weight: {weight};"
            )),
            "weight {weight}"
        );
    }
    // The piece only Inter has names Inter's list.
    assert!(svg.contains("font-family=\"Inter, &apos;Twemoji Mozilla&apos;"));
    // Three subset files, far under the 330 kB of each whole one.
    assert!(
        svg.len() < sans.len() + 150_000,
        "{} bytes more",
        svg.len() - sans.len()
    );
    usvg::Tree::from_str(&svg, &font_options()).expect("valid SVG");
}

#[test]
fn png_has_the_paper_size_at_the_chosen_dpi() {
    let m = templates::load("ecommerce", "es").unwrap();
    let scene = layout(&m, &mut TextEngine::new());
    let page = PageSetup {
        paper: Paper::A4,
        orientation: Orientation::Landscape,
        margin_mm: 10.0,
    };
    let mut bytes = Vec::new();
    let mut seen = 0.0;
    write_png(
        &scene,
        &PngOptions {
            print: PrintSetup::plain(page),
            dpi: 100,
            smaller: false,
            embed: None,
        },
        &mut bytes,
        |p| {
            seen = p;
            true
        },
    )
    .unwrap();
    assert_eq!(seen, 1.0, "progress reaches the end");
    let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    // A4 landscape, 297 × 210 mm at 100 dpi.
    assert_eq!(
        (info.width, info.height),
        (
            (297.0 / 25.4 * 100.0f32).round() as u32,
            (210.0 / 25.4 * 100.0f32).round() as u32
        )
    );
    assert!((PX_PER_MM - 3.7795).abs() < 0.001);
}

#[test]
fn png_draws_the_map_not_a_blank_page() {
    let m = templates::load("five-phases", "es").unwrap();
    let scene = layout(&m, &mut TextEngine::new());
    let (_, px) = png_of_fit(&scene);
    let px = &px[..];
    // The header band (dark) fills the top-left corner; cards are white.
    assert!(
        px[0] < 80 && px[1] < 100,
        "top-left pixel is {:?}",
        &px[..3]
    );
    let non_white = px.chunks(3).filter(|p| p != &[255, 255, 255]).count();
    assert!(
        non_white > px.len() / 3 / 5,
        "only {non_white} pixels drawn"
    );
}

#[test]
fn bad_dpi_and_cancel_are_errors() {
    let scene = layout(
        &templates::load("blank", "es").unwrap(),
        &mut TextEngine::new(),
    );
    let page = PageSetup::default();
    assert!(write_png(
        &scene,
        &PngOptions {
            print: PrintSetup::plain(page),
            dpi: 20,
            smaller: false,
            embed: None,
        },
        Vec::new(),
        |_| true
    )
    .is_err());
    let e = write_png(
        &scene,
        &PngOptions {
            print: PrintSetup::plain(page),
            dpi: 72,
            smaller: false,
            embed: None,
        },
        Vec::new(),
        |_| false,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "cancelled");
}

#[test]
fn the_background_rect_is_left_out_only_when_asked() {
    let m = templates::load("five-phases", "es").unwrap();
    let scene = layout(&m, &mut TextEngine::new());
    let page = "<rect width=\"100%\" height=\"100%\"";
    assert!(to_svg(&scene, &SvgOptions::default()).contains(page));
    assert!(to_svg(&scene, &SvgOptions::FONTS_GIVEN).contains(page));
    let bare = to_svg(
        &scene,
        &SvgOptions {
            embed_fonts: false,
            background: false,
            embed: None,
        },
    );
    assert!(!bare.contains(page));
    assert!(usvg::Tree::from_str(&bare, &font_options()).is_ok());
}

/// Decoded RGB of a PNG export of `scene` on a page the size of the map.
fn png_of_fit(scene: &travesia_layout::Scene) -> (u32, Vec<u8>) {
    let page = PageSetup {
        paper: Paper::Fit,
        orientation: Orientation::Auto,
        margin_mm: 0.0,
    };
    let mut bytes = Vec::new();
    write_png(
        scene,
        &PngOptions {
            print: PrintSetup::plain(page),
            dpi: 96,
            smaller: false,
            embed: None,
        },
        &mut bytes,
        |_| true,
    )
    .unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(&bytes))
        .read_info()
        .unwrap();
    let mut rgb = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut rgb).unwrap();
    (info.width, rgb)
}

#[test]
fn png_keeps_the_painting_order_of_text_and_the_shapes_over_it() {
    use travesia_layout::{Color, Item};
    let text = |x: f32, y: f32, color: &str| Item::Text {
        x,
        y,
        w: 300.0,
        text: "Señal débil ñandú".into(),
        size: 40.0,
        weight: 700,
        color: Color::parse(color).unwrap(),
        rtl: false,
        face: Default::default(),
    };
    let rect = |x: f32, y: f32, fill: &str| Item::Rect {
        x,
        y,
        w: 120.0,
        h: 60.0,
        r: 0.0,
        fill: Some(Color::parse(fill).unwrap()),
        stroke: None,
        stroke_width: 0.0,
    };
    let m = templates::load("ecommerce", "es").unwrap();
    let mut scene = layout(&m, &mut TextEngine::new()).clone_frame();
    (scene.width, scene.height, scene.background) = (400.0, 240.0, Color::WHITE);
    scene.items = vec![
        // A line, then a red box over its middle: the box hides the text.
        text(10.0, 60.0, "#000000"),
        rect(100.0, 20.0, "#ff0000"),
        // A blue box, then a line over it: the text shows on the box.
        rect(100.0, 140.0, "#0000ff"),
        text(10.0, 180.0, "#000000"),
    ];
    let (w, rgb) = png_of_fit(&scene);
    let px = |x: u32, y: u32| {
        let i = ((y * w + x) * 3) as usize;
        [rgb[i], rgb[i + 1], rgb[i + 2]]
    };
    let dark = |x0: u32, x1: u32, y0: u32, y1: u32| {
        (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .filter(|&(x, y)| px(x, y).iter().all(|&c| c < 80))
            .count()
    };
    // Inside the red box: red only, no letter on top.
    assert!((104..216).all(|x| (24..76).all(|y| px(x, y) == [255, 0, 0])));
    // Left of it, the line is there.
    assert!(dark(10, 96, 25, 70) > 100);
    // On the blue box, the letters of the second line are drawn over it.
    assert!(dark(104, 216, 144, 196) > 100);
}

#[test]
fn an_svg_reports_its_progress_and_stops_when_told() {
    let map = travesia_core::sample::map_with_cards(1500);
    let scene = layout(&map, &mut TextEngine::new());
    let mut seen = Vec::new();
    let svg = to_svg_with(&scene, &SvgOptions::default(), &mut |f| {
        seen.push(f);
        true
    })
    .unwrap();
    assert_eq!(svg, to_svg(&scene, &SvgOptions::default()));
    assert_eq!(seen.first(), Some(&0.0));
    assert_eq!(seen.last(), Some(&1.0));
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert!(seen.len() as f32 > scene.items.len() as f32 / 64.0);
    let mut heard = 0;
    let stopped = to_svg_with(&scene, &SvgOptions::default(), &mut |f| {
        heard += 1;
        f < 0.5
    });
    assert!(stopped.is_none());
    assert!(heard < seen.len(), "it stopped at the first step past half");
}

/// Prints the reported fractions beside the share of the time (to set the
/// share in svg.rs). Run in release:
/// `cargo test -p travesia-render --release --test render -- --ignored svg_progress_shares --nocapture`
#[test]
#[ignore]
fn svg_progress_shares() {
    let map = travesia_core::sample::map_with_cards(1500);
    let scene = layout(&map, &mut TextEngine::new());
    for _ in 0..2 {
        let start = std::time::Instant::now();
        let mut seen = Vec::new();
        to_svg_with(&scene, &SvgOptions::default(), &mut |f| {
            seen.push((f, start.elapsed()));
            true
        })
        .unwrap();
        let total = seen.last().unwrap().1.as_secs_f32();
        let mut last = -1.0;
        for (f, t) in &seen {
            if f - last >= 0.1 || *f == 1.0 {
                println!("{f:8.3}  {:8.3}", t.as_secs_f32() / total);
                last = *f;
            }
        }
        println!("total {:.1} ms", total * 1e3);
    }
}
