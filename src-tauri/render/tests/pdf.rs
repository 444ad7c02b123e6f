//! The PDF, checked with poppler's tools as a reader would: the text of
//! every card is selectable, every font is embedded, and the page looks like
//! the PNG of the same Scene.

use std::path::Path;
use std::process::Command;

use travesia_core::templates;
use travesia_layout::{layout, Item, TextEngine};
use travesia_render::paper::{Orientation, PageSetup, Paper};
use travesia_render::pdf::{to_pdf, to_pdf_with, PdfOptions};
use travesia_render::png::{write_png, PngOptions};
use travesia_render::sheet::PrintSetup;

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn page() -> PageSetup {
    PageSetup {
        paper: Paper::A3,
        orientation: Orientation::Landscape,
        margin_mm: 10.0,
    }
}

fn write_pdf(
    dir: &Path,
    name: &str,
) -> (
    std::path::PathBuf,
    travesia_core::Map,
    travesia_layout::Scene,
) {
    let m = templates::load(name, "es").unwrap();
    let scene = layout(&m, &mut TextEngine::new());
    let bytes = to_pdf(
        &scene,
        &PdfOptions {
            print: PrintSetup::plain(page()),
            lang: "es".into(),
            title: m.title.clone(),
            author: "Prueba".into(),
            embed: None,
        },
    )
    .unwrap();
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    (path, m, scene)
}

#[test]
fn pdftotext_finds_every_card_and_pdffonts_every_font_embedded() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["omnichannel", "three-stages"] {
        let (path, m, _) = write_pdf(dir.path(), name);
        let text = tool("pdftotext", &["-layout", path.to_str().unwrap(), "-"]);
        let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for c in m.cards.iter().filter(|c| !c.text.is_empty()) {
            for w in c.text.split_whitespace() {
                assert!(
                    words.contains(w),
                    "{name}: word {w:?} of card {} not in the PDF text",
                    c.id
                );
            }
        }
        assert!(words.contains(&m.title), "{name}: title missing");
        let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "no fonts listed");
        for row in rows {
            // Columns: name type encoding emb sub uni object ID; "emb" must be yes.
            let cols: Vec<&str> = row.split_whitespace().collect();
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "a font is not embedded: {row}");
        }
        let info = tool("pdfinfo", &[path.to_str().unwrap()]);
        assert!(
            info.contains(&format!("Title:           {}", m.title)),
            "{info}"
        );
        assert!(info.contains("Creator:         Travesía"), "{info}");
    }
}

#[test]
fn the_fonts_are_subset() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _) = write_pdf(dir.path(), "ecommerce");
    // Three weights of Inter are ~260 KB each; subsets of a poster's glyphs
    // are a few KB, so the whole file stays far below one full font.
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 200_000, "the PDF is {size} bytes");
}

/// Page `page` of `pdf` rasterized by poppler at `dpi` into `dir/NAME.png`,
/// read back as (width, height, RGB bytes).
fn rasterize(pdf: &Path, dpi: u32, page: u32, dir: &Path, name: &str) -> (u32, u32, Vec<u8>) {
    let (dpi, page) = (dpi.to_string(), page.to_string());
    let prefix = dir.join(name);
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            &dpi,
            "-f",
            &page,
            "-l",
            &page,
            "-singlefile",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    decode(&dir.join(format!("{name}.png")))
}

/// Reads a PNG into (width, height, RGB bytes).
fn decode(path: &Path) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let rgb: Vec<u8> = buf[..info.buffer_size()]
        .chunks(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, rgb)
}

#[test]
fn the_pdf_looks_like_the_png_at_the_same_dpi() {
    let dir = tempfile::tempdir().unwrap();
    let (pdf, _, scene) = write_pdf(dir.path(), "omnichannel");
    assert!(scene.items.iter().any(|i| matches!(i, Item::Icon { .. })));
    let share = pdf_vs_png(dir.path(), &pdf, &scene);
    // Under 1 % of the page, as the issue sets: text and shapes at the same places.
    assert!(share < 0.01, "{:.3} % of pixels differ", share * 100.0);
}

#[test]
fn a_map_in_serif_or_rounded_prints_in_that_face_searchable_and_like_the_png() {
    let dir = tempfile::tempdir().unwrap();
    for (name, file) in [("serif", "SourceSerif4"), ("rounded", "Nunito")] {
        let mut m = templates::load("omnichannel", "es").unwrap();
        m.theme = Some(travesia_core::model::Theme {
            font: Some(name.into()),
            ..Default::default()
        });
        m.cards[0].text = "¿Qué‽ ñandú, acción".into();
        let scene = layout(&m, &mut TextEngine::new());
        let pdf = dir.path().join(format!("{name}.pdf"));
        export(&scene, PrintSetup::plain(page()), &pdf);
        let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
        for weight in ["Regular", "SemiBold", "Bold"] {
            assert!(
                fonts.contains(&format!("+{file}-{weight}")),
                "{name} {weight}: {fonts}"
            );
        }
        // The interrobang only Inter has comes from Inter.
        assert!(fonts.contains("+Inter-Regular"), "{name}: {fonts}");
        assert!(
            fonts.lines().skip(2).all(|r| r.contains(" yes yes ")),
            "{fonts}"
        );
        let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        for t in [
            "Inspiración",
            "ñandú, acción",
            "Recorrido omnicanal de retail",
        ] {
            assert!(text.contains(t), "{name}: {t} missing from {text}");
        }
        // Poppler and our PNG renderer anti-alias glyph edges each their own
        // way; a serif face's thin strokes and serifs are more edge than
        // Inter's, so more pixels differ (measured on this page: 1.19 % for
        // Source Serif 4, 0.89 % for Inter), spread evenly over the text. A
        // box, a line or a word out of place changes far more.
        let share = pdf_vs_png(dir.path(), &pdf, &scene);
        assert!(
            share < 0.015,
            "{name}: {:.3} % of pixels differ",
            share * 100.0
        );
    }
}

/// Rasterizes `pdf` with poppler and draws `scene` with our PNG renderer, both
/// at 96 dpi on the same page, and returns the share of pixels that differ
/// noticeably.
fn pdf_vs_png(dir: &Path, pdf: &Path, scene: &travesia_layout::Scene) -> f64 {
    let png_path = dir.join("ours.png");
    let f = std::fs::File::create(&png_path).unwrap();
    write_png(
        scene,
        &PngOptions {
            print: PrintSetup::plain(page()),
            dpi: 96,
            smaller: false,
            embed: None,
        },
        f,
        |_| true,
    )
    .unwrap();
    let (w1, h1, a) = decode(&png_path);
    let (w2, h2, b) = rasterize(pdf, 96, 1, dir, "poppler");
    assert!(
        w1.abs_diff(w2) <= 1 && h1.abs_diff(h2) <= 1,
        "{w1}×{h1} vs {w2}×{h2}"
    );
    let (w, h) = (w1.min(w2) as usize, h1.min(h2) as usize);
    let mut differing = 0usize;
    for y in 0..h {
        for x in 0..w {
            let pa = &a[(y * w1 as usize + x) * 3..][..3];
            let pb = &b[(y * w2 as usize + x) * 3..][..3];
            // "Noticeably": a channel off by more than a quarter of its range.
            // Anti-aliasing of glyph and curve edges differs between the two
            // rasterisers by less than that; a misplaced box or line does not.
            if pa.iter().zip(pb).any(|(p, q)| p.abs_diff(*q) > 64) {
                differing += 1;
            }
        }
    }
    let share = differing as f64 / (w * h) as f64;
    println!(
        "PDF vs PNG: {differing} of {} pixels differ noticeably ({:.3} %)",
        w * h,
        share * 100.0
    );
    share
}

/// A `pdfinfo -box` line's four numbers, e.g. for "TrimBox:".
fn pdf_box(info: &str, name: &str) -> [f32; 4] {
    let line = info
        .lines()
        .find(|l| l.starts_with(name))
        .unwrap_or_else(|| panic!("no {name} in {info}"));
    let v: Vec<f32> = line[name.len()..]
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    [v[0], v[1], v[2], v[3]]
}

fn export(scene: &travesia_layout::Scene, print: PrintSetup, path: &Path) {
    let bytes = to_pdf(
        scene,
        &PdfOptions {
            print,
            title: "Bleed".into(),
            author: String::new(),
            lang: "es".into(),
            embed: None,
        },
    )
    .unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn bleed_sets_the_boxes_and_crop_marks_sit_outside_them() {
    let dir = tempfile::tempdir().unwrap();
    let m = templates::load("ecommerce", "es").unwrap();
    let scene = layout(&m, &mut TextEngine::new());
    let path = dir.path().join("bleed.pdf");
    export(
        &scene,
        PrintSetup {
            bleed_mm: 3.0,
            crop_marks: true,
            ..PrintSetup::plain(page())
        },
        &path,
    );
    let info = tool("pdfinfo", &["-box", path.to_str().unwrap()]);
    let mm = |pt: f32| pt / 72.0 * 25.4;
    let trim = pdf_box(&info, "TrimBox:");
    let bleed = pdf_box(&info, "BleedBox:");
    let media = pdf_box(&info, "MediaBox:");
    // The trim is A3 landscape; the bleed is 3 mm more on every side.
    assert!((mm(trim[2] - trim[0]) - 420.0).abs() < 0.1, "{info}");
    assert!((mm(trim[3] - trim[1]) - 297.0).abs() < 0.1, "{info}");
    assert!((mm(trim[0] - bleed[0]) - 3.0).abs() < 0.1, "{info}");
    assert!((mm(bleed[3] - trim[3]) - 3.0).abs() < 0.1, "{info}");
    // The media has room for the marks beyond the bleed.
    assert!(media[0] < bleed[0] && media[2] > bleed[2], "{info}");
    // Rasterized, the corners beyond the bleed carry the black marks; the
    // bleed strip itself has none.
    let (w, h, px) = rasterize(&path, 150, 1, dir.path(), "b");
    let k = 150.0 / 72.0;
    let dark = |x0: f32, y0: f32, x1: f32, y1: f32| {
        let mut n = 0;
        for y in (y0 * k) as u32..(y1 * k) as u32 {
            for x in (x0 * k) as u32..(x1 * k) as u32 {
                let p = &px[((y.min(h - 1) * w + x.min(w - 1)) * 3) as usize..][..3];
                if p.iter().all(|&c| c < 200) {
                    n += 1;
                }
            }
        }
        n
    };
    // Top-left corner: the mark region (outside the bleed box), then the bleed strip.
    let top = media[3] - trim[3];
    // The horizontal mark on the trim's top edge, left of the bleed.
    assert!(
        dark(0.0, top - 2.0, bleed[0] - 0.5, top + 2.0) > 0,
        "no crop mark drawn"
    );
    assert_eq!(
        dark(
            bleed[0] + 0.5,
            top - (bleed[3] - trim[3]) + 0.5,
            trim[0] - 0.5,
            top - 0.5
        ),
        0,
        "ink inside the bleed strip"
    );
}

#[test]
fn tiles_show_the_poster_piece_by_piece_with_labels() {
    let dir = tempfile::tempdir().unwrap();
    let m = templates::load("omnichannel", "es").unwrap();
    let scene = layout(&m, &mut TextEngine::new());
    let poster = PageSetup {
        paper: Paper::A2,
        orientation: Orientation::Landscape,
        margin_mm: 10.0,
    };
    let tiling = Some(travesia_render::sheet::Tiling {
        paper: Paper::A4,
        overlap_mm: 10.0,
    });
    let whole = dir.path().join("whole.pdf");
    let tiled = dir.path().join("tiles.pdf");
    export(&scene, PrintSetup::plain(poster), &whole);
    let print = PrintSetup {
        tiling,
        ..PrintSetup::plain(poster)
    };
    export(&scene, print, &tiled);
    let (_, sheets) = travesia_render::sheet::sheets(&print, scene.width, scene.height);
    let info = tool("pdfinfo", &[tiled.to_str().unwrap()]);
    assert!(
        info.contains(&format!("Pages:           {}", sheets.len())),
        "{info}"
    );
    assert!(sheets.len() > 4);
    let text = tool("pdftotext", &[tiled.to_str().unwrap(), "-"]);
    for s in &sheets {
        let label = s.tile.unwrap().text("es");
        assert!(text.contains(&label), "label {label:?} missing");
    }
    let fonts = tool("pdffonts", &[tiled.to_str().unwrap()]);
    assert!(
        fonts.lines().skip(2).all(|r| r.contains(" yes ")),
        "{fonts}"
    );
    // Sheet 2 (row 1, column 2) shows, at its printed area, exactly the part
    // of the whole poster its view names.
    let dpi = 60.0;
    let (ww, _, wpx) = rasterize(&whole, 60, 1, dir.path(), "whole");
    let (tw, _, tpx) = rasterize(&tiled, 60, 2, dir.path(), "tile");
    let s = &sheets[1];
    let k = dpi / 96.0;
    // The two rasters' pixel grids meet the poster at different fractions of
    // a pixel, which moves every glyph edge; so compare 3 × 3 averages, and
    // take the best of a one-pixel shift either way. A wrong piece of the
    // poster is off by hundreds of pixels and fails by far.
    let avg = |px: &[u8], width: u32, x: i64, y: i64| {
        let mut sum = [0u32; 3];
        for yy in y - 1..=y + 1 {
            for xx in x - 1..=x + 1 {
                let p = &px[((yy * width as i64 + xx) * 3) as usize..][..3];
                for c in 0..3 {
                    sum[c] += p[c] as u32;
                }
            }
        }
        sum.map(|v| v / 9)
    };
    let share_at = |dx: i64, dy: i64| {
        let (mut differing, mut total) = (0usize, 0usize);
        for y in 3..((s.view.h * k) as i64 - 3) {
            for x in 3..((s.view.w * k) as i64 - 3) {
                let wy = (s.view.y * k).round() as i64 + y + dy;
                let wx = (s.view.x * k).round() as i64 + x + dx;
                let ty = (s.at.1 * k).round() as i64 + y;
                let tx = (s.at.0 * k).round() as i64 + x;
                let (a, b) = (avg(&wpx, ww, wx, wy), avg(&tpx, tw, tx, ty));
                total += 1;
                if a.iter().zip(&b).any(|(p, q)| p.abs_diff(*q) > 64) {
                    differing += 1;
                }
            }
        }
        differing as f64 / total as f64
    };
    let best = (-1..=1)
        .flat_map(|dy| (-1..=1).map(move |dx| (dx, dy)))
        .map(|(dx, dy)| share_at(dx, dy))
        .fold(f64::MAX, f64::min);
    println!("tile vs poster: {:.3} % of pixels differ", best * 100.0);
    assert!(
        best < 0.01,
        "{:.3} % of the tile differs from the poster",
        best * 100.0
    );
}

/// A `size` × `size` PNG of one colour, as a data URI.
fn png_data_uri(size: u32, rgb: [u8; 3]) -> String {
    use base64::Engine;
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, size, size);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let data: Vec<u8> = (0..size * size).flat_map(|_| rgb).collect();
        enc.write_header().unwrap().write_image_data(&data).unwrap();
    }
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

#[test]
fn a_persona_photo_is_drawn_in_the_pdf_inside_its_circle() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = templates::load("omnichannel", "es").unwrap();
    m.personas.as_mut().unwrap()[0].photo = Some(png_data_uri(64, [200, 30, 40]));
    let scene = layout(&m, &mut TextEngine::new());
    let (x, y, w, h) = scene
        .items
        .iter()
        .find_map(|i| match i {
            Item::Image { x, y, w, h, .. } => Some((*x, *y, *w, *h)),
            _ => None,
        })
        .expect("the layout places the photo");
    let path = dir.path().join("photo.pdf");
    let print = PrintSetup::plain(PageSetup {
        paper: Paper::Fit,
        orientation: Orientation::Auto,
        margin_mm: 0.0,
    });
    export(&scene, print, &path);
    let list = tool("pdfimages", &["-list", path.to_str().unwrap()]);
    assert_eq!(list.lines().skip(2).count(), 1, "{list}");
    let (pw, _, px) = rasterize(&path, 96, 1, dir.path(), "p");
    let at = |px_x: f32, px_y: f32| {
        let i = ((px_y as u32 * pw + px_x as u32) * 3) as usize;
        [px[i], px[i + 1], px[i + 2]]
    };
    // The centre is the photo's red; the box's corner, outside the circle, is not.
    let c = at(x + w / 2.0, y + h / 2.0);
    assert!(c[0] > 170 && c[1] < 70 && c[2] < 80, "centre is {c:?}");
    let corner = at(x + 1.0, y + 1.0);
    assert!(
        corner[1] > 100,
        "the corner {corner:?} is red: the photo is not clipped to a circle"
    );
}

#[test]
fn the_logo_is_an_image_of_the_pdf_unclipped_and_the_footer_is_on_every_tile() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = templates::load("omnichannel", "es").unwrap();
    m.theme = Some(travesia_core::model::Theme {
        company: Some("Ñandú Muebles S.L.".into()),
        logo: Some(png_data_uri(48, [20, 160, 60])),
        footer: Some(vec!["company".into(), "confidential".into()]),
        ..Default::default()
    });
    let scene = layout(&m, &mut TextEngine::new());
    assert_eq!(scene.footer, "Ñandú Muebles S.L.  ·  Confidencial");
    let (x, y, w, h) = scene
        .items
        .iter()
        .find_map(|i| match i {
            Item::Image {
                x, y, w, h, round, ..
            } if !round => Some((*x, *y, *w, *h)),
            _ => None,
        })
        .expect("the layout places the logo");
    let whole = dir.path().join("logo.pdf");
    export(
        &scene,
        PrintSetup::plain(PageSetup {
            paper: Paper::Fit,
            orientation: Orientation::Auto,
            margin_mm: 0.0,
        }),
        &whole,
    );
    let list = tool("pdfimages", &["-list", whole.to_str().unwrap()]);
    assert_eq!(
        list.lines().skip(2).count(),
        1,
        "one image, the logo: {list}"
    );
    // Its corner is the logo's green: a logo is not cut to a circle.
    let (pw, _, px) = rasterize(&whole, 96, 1, dir.path(), "logo");
    let i = (((y + 2.0) as u32 * pw + (x + 2.0) as u32) * 3) as usize;
    let corner = [px[i], px[i + 1], px[i + 2]];
    assert!(
        corner[1] > 120 && corner[0] < 60,
        "the corner is {corner:?}"
    );
    assert!((w - h).abs() < 0.01, "a square logo stays square");
    let text = tool("pdftotext", &[whole.to_str().unwrap(), "-"]);
    assert!(
        text.lines()
            .any(|l| l.contains("Ñandú Muebles S.L.") && l.contains("Confidencial")),
        "the footer line: {text}"
    );
    // Tiled: every sheet's label carries the footer line.
    let print = PrintSetup {
        tiling: Some(travesia_render::sheet::Tiling {
            paper: Paper::A4,
            overlap_mm: 10.0,
        }),
        ..PrintSetup::plain(page())
    };
    let tiled = dir.path().join("tiles.pdf");
    export(&scene, print, &tiled);
    let (_, sheets) = travesia_render::sheet::sheets(&print, scene.width, scene.height);
    assert!(sheets.len() > 1);
    for (n, s) in sheets.iter().enumerate() {
        let page = (n + 1).to_string();
        let text = tool(
            "pdftotext",
            &["-f", &page, "-l", &page, tiled.to_str().unwrap(), "-"],
        );
        let label = s.tile.unwrap().text("es");
        assert!(
            text.lines()
                .any(|l| l.contains(&label) && l.contains("Confidencial") && l.contains("Ñandú")),
            "sheet {page} has no footer beside {label:?}: {text}"
        );
    }
}

/// The first cards of `m` given `texts`, as edits do.
fn set_texts(m: &mut travesia_core::Map, texts: &[&str]) {
    for (i, text) in texts.iter().enumerate() {
        let id = m.cards[i].id.clone();
        travesia_core::edit::apply(
            m,
            &travesia_core::Edit::UpdateCard {
                id,
                patch: travesia_core::edit::CardPatch {
                    text: Some(text.to_string()),
                    ..Default::default()
                },
            },
        )
        .unwrap();
    }
}

#[test]
fn right_to_left_lines_are_shaped_in_the_pdf_and_still_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = templates::load("omnichannel", "es").unwrap();
    let arabic = "رحلة العميل في المتجر";
    let hebrew = "מסע הלקוח בחנות";
    set_texts(&mut m, &[arabic, hebrew]);
    let scene = layout(&m, &mut TextEngine::new());
    let path = dir.path().join("rtl.pdf");
    export(&scene, PrintSetup::plain(page()), &path);
    // Drawn as the PNG draws it: joined letters, right to left.
    let share = pdf_vs_png(dir.path(), &path, &scene);
    assert!(share < 0.01, "{:.3} % of pixels differ", share * 100.0);
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    for word in arabic.split(' ').chain(hebrew.split(' ')) {
        assert!(
            text.contains(word),
            "{word:?} is not in the PDF text:\n{text}"
        );
    }
}

#[test]
fn chinese_japanese_and_korean_print_from_the_bundled_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let mut m = templates::load("omnichannel", "es").unwrap();
    let texts = [
        "顾客在网上比较价格",
        "カスタマージャーニー：店舗で試す",
        "고객 여정 지도",
        "App 下载 y opiniones",
    ];
    set_texts(&mut m, &texts);
    let scene = layout(&m, &mut TextEngine::new());
    assert!(scene.warnings.is_empty(), "{:?}", scene.warnings);
    let path = dir.path().join("cjk.pdf");
    export(&scene, PrintSetup::plain(page()), &path);
    let share = pdf_vs_png(dir.path(), &path, &scene);
    assert!(share < 0.01, "{:.3} % of pixels differ", share * 100.0);
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for t in texts {
        let want: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            squeezed.contains(&want),
            "{t:?} is not in the PDF text:\n{text}"
        );
    }
    // Embedded, and cut down to the characters used (the whole font is 3.4 MB).
    let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
    assert!(fonts.contains("DroidSansFallback"), "{fonts}");
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size < 1_500_000, "{size} bytes");
}

/// printpdf names fonts and images, and writes the file's ID, from a counter
/// that lives as long as the process; the window makes many PDFs in one
/// process (previews, exports), so a poster must not depend on how many came
/// before it. Poppler must still read every font.
#[test]
fn the_same_scene_makes_the_same_bytes_every_time() {
    let m = templates::load("omnichannel", "es").unwrap();
    let scene = layout(&m, &mut TextEngine::new());
    let opts = PdfOptions {
        print: PrintSetup::plain(page()),
        lang: "es".into(),
        title: m.title.clone(),
        author: "Prueba".into(),
        embed: None,
    };
    let first = to_pdf(&scene, &opts).unwrap();
    let second = to_pdf(&scene, &opts).unwrap();
    assert!(first == second, "two PDFs of one Scene differ");
    let other = to_pdf(
        &scene,
        &PdfOptions {
            title: "Otro título".into(),
            ..opts
        },
    )
    .unwrap();
    let id = |pdf: &[u8]| {
        let doc = lopdf::Document::load_mem(pdf).unwrap();
        doc.trailer.get(b"ID").unwrap().clone()
    };
    assert_ne!(id(&first), id(&other), "another document, another ID");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.pdf");
    std::fs::write(&path, &second).unwrap();
    let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<Vec<&str>> = fonts
        .lines()
        .skip(2)
        .map(|r| r.split_whitespace().collect())
        .collect();
    assert!(rows.len() >= 2, "{fonts}");
    for cols in rows {
        // name type encoding emb sub uni object ID: embedded, marked as a
        // subset, and named after the font it came from.
        let (name, emb, sub) = (cols[0], cols[cols.len() - 5], cols[cols.len() - 4]);
        assert_eq!((emb, sub), ("yes", "yes"), "{fonts}");
        assert!(
            name.starts_with("AAAAA") && name.contains("+Inter-"),
            "{fonts}"
        );
    }
}

/// A big tiled poster: 1,500 cards on A0, cut into A4 sheets.
fn big_tiled() -> (travesia_layout::Scene, PdfOptions) {
    let map = travesia_core::sample::map_with_cards(1500);
    let scene = layout(&map, &mut TextEngine::new());
    let opts = PdfOptions {
        print: PrintSetup {
            tiling: Some(travesia_render::sheet::Tiling {
                paper: Paper::A4,
                overlap_mm: 10.0,
            }),
            ..PrintSetup::plain(PageSetup {
                paper: Paper::A0,
                orientation: Orientation::Auto,
                margin_mm: 10.0,
            })
        },
        lang: "es".into(),
        title: map.title.clone(),
        author: String::new(),
        embed: None,
    };
    (scene, opts)
}

/// The fractions a PDF reports, with when each came.
fn reports(
    scene: &travesia_layout::Scene,
    opts: &PdfOptions,
) -> (Vec<(f32, std::time::Duration)>, Vec<u8>) {
    let start = std::time::Instant::now();
    let mut seen = Vec::new();
    let bytes = to_pdf_with(scene, opts, &mut |f| {
        seen.push((f, start.elapsed()));
        true
    })
    .unwrap();
    (seen, bytes)
}

#[test]
fn a_pdf_reports_its_progress_in_many_steps_and_stops_when_told() {
    let (scene, opts) = big_tiled();
    let (seen, bytes) = reports(&scene, &opts);
    let fractions: Vec<f32> = seen.iter().map(|s| s.0).collect();
    assert_eq!(fractions.first(), Some(&0.0));
    assert_eq!(fractions.last(), Some(&1.0));
    assert!(
        fractions.windows(2).all(|w| w[0] <= w[1]),
        "progress only goes forward: {fractions:?}"
    );
    // Every few dozen items and every sheet: no jump of more than a tenth
    // but the writing steps that are one call each.
    assert!(
        fractions.len() as f32 > scene.items.len() as f32 / 64.0,
        "{} reports for {} items",
        fractions.len(),
        scene.items.len()
    );
    let jumps = fractions.windows(2).filter(|w| w[1] - w[0] > 0.1).count();
    assert!(jumps <= 3, "{fractions:?}");
    // Reproducible: the same Scene gives the same bytes with or without a
    // listener.
    assert_eq!(bytes, to_pdf(&scene, &opts).unwrap());
    // Told to stop half-way, it stops there, at the next step.
    let mut heard = Vec::new();
    let result = to_pdf_with(&scene, &opts, &mut |f| {
        heard.push(f);
        f < 0.5
    });
    assert!(
        matches!(result, Err(travesia_render::pdf::PdfError::Cancelled)),
        "{result:?}"
    );
    let last = *heard.last().unwrap();
    assert!((0.5..0.75).contains(&last), "stopped at {last}");
    assert!(
        heard.len() < fractions.len(),
        "nothing was done after the stop"
    );
}

/// Prints how the fractions reported match the share of the time each step
/// takes (to set the shares in pdf.rs). Run in release:
/// `cargo test -p travesia-render --release --test pdf -- --ignored progress_shares --nocapture`
#[test]
#[ignore]
fn progress_shares() {
    let (scene, opts) = big_tiled();
    let _ = reports(&scene, &opts);
    let (seen, _) = reports(&scene, &opts);
    let total = seen.last().unwrap().1.as_secs_f32();
    println!("reported  time share");
    let mut last = -1.0;
    for (f, t) in &seen {
        if f - last >= 0.05 || *f == 1.0 {
            println!("{f:8.3}  {:10.3}", t.as_secs_f32() / total);
            last = *f;
        }
    }
    println!("total {:.0} ms, {} reports", total * 1e3, seen.len());
}
