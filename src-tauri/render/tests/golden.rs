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
