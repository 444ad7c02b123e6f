//! Golden images: posters drawn with the bundled fonts and compared with the
//! PNGs checked in under `tests/golden/`. On a difference the test writes the
//! new image and a diff (changed pixels in red over a faded copy) to
//! `target/golden/`, and names them. `TRAVESIA_UPDATE_GOLDEN=1 cargo test -p
//! travesia-render --test golden` writes the checked-in images anew; look at
//! them before committing.

use std::path::{Path, PathBuf};

use travesia_core::edit::{apply, CardPatch, Edit};
use travesia_core::{templates, Map};
use travesia_layout::{layout, TextEngine};
use travesia_render::paper::{Orientation, PageSetup, Paper};
use travesia_render::png::{write_png, PngOptions};
use travesia_render::sheet::PrintSetup;

/// Half of screen size keeps the files small and the text still legible.
const DPI: u32 = 72;

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/golden");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn set_text(m: &mut Map, index: usize, text: &str) {
    let id = m.cards[index].id.clone();
    apply(
        m,
        &Edit::UpdateCard {
            id,
            patch: CardPatch {
                text: Some(text.into()),
                ..Default::default()
            },
        },
    )
    .unwrap();
}

fn render(m: &Map) -> Vec<u8> {
    let scene = layout(m, &mut TextEngine::new());
    let mut bytes = Vec::new();
    write_png(
        &scene,
        &PngOptions {
            print: PrintSetup::plain(PageSetup {
                paper: Paper::Fit,
                orientation: Orientation::Auto,
                margin_mm: 0.0,
            }),
            dpi: DPI,
            smaller: true,
            embed: None,
        },
        &mut bytes,
        |_| true,
    )
    .unwrap();
    bytes
}

fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn write_rgb(path: &Path, w: u32, h: u32, rgb: &[u8]) {
    let f = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(f), w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header().unwrap().write_image_data(rgb).unwrap();
}

/// Compares with the golden image, or writes it when asked to.
fn check(name: &str, m: &Map) {
    let actual = render(m);
    let golden = golden_dir().join(format!("{name}.png"));
    if std::env::var_os("TRAVESIA_UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&golden, &actual).unwrap();
        return;
    }
    let expected = std::fs::read(&golden).unwrap_or_else(|_| {
        panic!(
            "no golden image {}; run with TRAVESIA_UPDATE_GOLDEN=1",
            golden.display()
        )
    });
    let (w, h, a) = decode(&actual);
    let (ew, eh, e) = decode(&expected);
    let actual_path = out_dir().join(format!("{name}.actual.png"));
    if (w, h) != (ew, eh) {
        std::fs::write(&actual_path, &actual).unwrap();
        panic!(
            "{name}: the poster is {w} × {h}, the golden image {ew} × {eh}; see {}",
            actual_path.display()
        );
    }
    // A pixel differs when a channel moves by more than 24 of 255: far above
    // rounding noise, below any glyph, line or box that moved.
    let mut diff = Vec::with_capacity(a.len());
    let mut differing = 0usize;
    for (p, q) in a.chunks(3).zip(e.chunks(3)) {
        if p.iter().zip(q).any(|(x, y)| x.abs_diff(*y) > 24) {
            differing += 1;
            diff.extend_from_slice(&[230, 0, 0]);
        } else {
            diff.extend(p.iter().map(|v| 191 + v / 4));
        }
    }
    // A handful of pixels may differ where two of the PNG writer's strips
    // meet (anti-aliasing of a shape cut by the strip edge); a real change
    // (a box, a line or a glyph moved) changes hundreds.
    let allowed = 16;
    if differing > allowed {
        let diff_path = out_dir().join(format!("{name}.diff.png"));
        std::fs::write(&actual_path, &actual).unwrap();
        write_rgb(&diff_path, w, h, &diff);
        panic!(
            "{name}: {differing} pixels differ from {}; see {} and {}",
            golden.display(),
            actual_path.display(),
            diff_path.display()
        );
    }
}

#[test]
fn spanish_text_with_accents() {
    let mut m = templates::load("ecommerce", "es").unwrap();
    set_text(
        &mut m,
        0,
        "Señal débil: el cliente ¿duda? ¡Sí! Acción, pingüino, ñandú, 12,50 € «oferta» “última” …",
    );
    check("spanish", &m);
}

#[test]
fn a_card_of_thirty_lines_grows_its_row() {
    let mut m = templates::load("three-stages", "es").unwrap();
    let text: Vec<String> = (1..=30)
        .map(|i| format!("Línea {i}: paso del cliente"))
        .collect();
    set_text(&mut m, 0, &text.join("\n"));
    check("thirty-lines", &m);
}

#[test]
fn right_to_left_and_cjk_cards() {
    let mut m = templates::load("three-stages", "es").unwrap();
    set_text(
        &mut m,
        0,
        "מסע הלקוח בחנות: משווה מחירים באינטרנט ואחר כך מגיע לחנות",
    );
    set_text(&mut m, 1, "رحلة العميل: يقارن الأسعار ثم يزور المتجر");
    set_text(&mut m, 2, "顾客在网上比较价格，然后去商店");
    set_text(&mut m, 3, "カスタマージャーニー：店舗で試す");
    set_text(&mut m, 4, "고객 여정 지도: App 다운로드");
    check("rtl-cjk", &m);
}

#[test]
fn an_empty_map() {
    let m = templates::load("blank", "es").unwrap();
    check("empty", &m);
}

#[test]
fn hostile_text_is_drawn_literally() {
    let mut m = templates::load("omnichannel", "es").unwrap();
    m.title = "<svg onload=alert(1)> & «título»".into();
    set_text(
        &mut m,
        0,
        "<script>alert(1)</script> </text> &amp; \"comillas\" 'simples'",
    );
    set_text(&mut m, 1, "عربي: رحلة العميل — עברית: מסע הלקוח");
    set_text(
        &mut m,
        2,
        "Emoji 😀🎉 y un\u{200B}espacio\u{200B}de\u{200B}ancho\u{200B}cero",
    );
    set_text(
        &mut m,
        3,
        "Palabralarguísimasinespaciosquedebepartirseenvariaslíneasparacaberenlatarjeta",
    );
    check("hostile", &m);
}

/// A small logo: an orange square and a navy bar on a transparent ground.
fn logo_uri() -> String {
    use base64::Engine;
    let (w, h) = (180u32, 60u32);
    let mut rgba = vec![0u8; (w * h * 4) as usize];
    for y in 0..h {
        for x in 0..w {
            let px = if (6..54).contains(&x) && (6..54).contains(&y) {
                [0xE8, 0x59, 0x0C, 0xFF]
            } else if (66..174).contains(&x) && (20..40).contains(&y) {
                [0x1F, 0x3A, 0x60, 0xFF]
            } else {
                [0, 0, 0, 0]
            };
            let i = ((y * w + x) * 4) as usize;
            rgba[i..i + 4].copy_from_slice(&px);
        }
    }
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.write_header().unwrap().write_image_data(&rgba).unwrap();
    }
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    )
}

/// A workshop's wall: six cards in most cells of two lanes, wide stages,
/// the company's name, logo and footer.
fn workshop(density: Option<&str>) -> Map {
    let mut m = templates::load("three-stages", "es").unwrap();
    m.routes = None;
    m.updated_at = Some("2026-03-05T10:00:00Z".into());
    for s in &mut m.stages {
        s.width = Some(420.0);
    }
    let ideas = [
        "Cola larga en caja",
        "No encuentra la talla",
        "Pregunta por WhatsApp",
        "Compara precios en el móvil",
        "Pide factura con NIF",
        "Vuelve al día siguiente",
    ];
    let lanes: Vec<String> = m.lanes.iter().take(2).map(|l| l.id.clone()).collect();
    let stages: Vec<String> = m.stages.iter().map(|s| s.id.clone()).collect();
    m.cards.retain(|c| !lanes.contains(&c.lane));
    for (li, lane) in lanes.iter().enumerate() {
        for (si, stage) in stages.iter().enumerate() {
            for (k, idea) in ideas.iter().enumerate().take(6 - (si + li) % 3) {
                m.cards.push(travesia_core::model::Card {
                    id: format!("w{li}{si}{k}"),
                    stage: stage.clone(),
                    lane: lane.clone(),
                    text: (*idea).into(),
                    ..Default::default()
                });
            }
        }
    }
    m.theme = Some(travesia_core::model::Theme {
        accent: Some("#0B5D3B".into()),
        company: Some("Ñandú Muebles S.L.".into()),
        logo: Some(logo_uri()),
        density: density.map(str::to_string),
        footer: Some(vec!["company".into(), "date".into(), "confidential".into()]),
        ..Default::default()
    });
    m
}

#[test]
fn a_comfortable_branded_poster() {
    check("comfortable", &workshop(None));
}

#[test]
fn a_compact_branded_poster() {
    check("compact", &workshop(Some("compact")));
}

/// Three stages set in another typeface, with accents, ñ and ã.
fn in_face(font: &str) -> Map {
    let mut m = templates::load("three-stages", "es").unwrap();
    set_text(
        &mut m,
        0,
        "Señal débil: ¿duda? ¡Sí! Acción, pingüino, ñandú, São Paulo, 12,50 €",
    );
    m.theme = Some(travesia_core::model::Theme {
        font: Some(font.into()),
        ..Default::default()
    });
    m
}

#[test]
fn a_poster_in_serif() {
    check("serif", &in_face("serif"));
}

#[test]
fn a_poster_in_the_rounded_face() {
    check("rounded", &in_face("rounded"));
}
