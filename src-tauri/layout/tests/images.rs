//! A card's picture: as wide as the card inside its padding, keeping its
//! shape (a tall one narrower, at most 1.25 times as tall as wide), above
//! the card's words, which stay whole; a picture without words takes no
//! empty line.

use base64::Engine;
use travesia_core::{templates, Map};
use travesia_layout::{layout, Item, Scene, Target, TextEngine};

/// A PNG's data URI of `w` × `h` pixels (only its header is read for the
/// layout, but it is a whole picture).
fn png_uri(w: u32, h: u32) -> String {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([30, 140, 200]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    format!(
        "data:image/png;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(out)
    )
}

fn card_box(s: &Scene, id: &str) -> (f32, f32, f32, f32) {
    s.hits
        .iter()
        .find(|h| matches!(&h.target, Target::Card { id: c } if c == id))
        .map(|h| (h.x, h.y, h.w, h.h))
        .unwrap()
}

fn images(s: &Scene) -> Vec<(f32, f32, f32, f32)> {
    s.items
        .iter()
        .filter_map(|i| match i {
            Item::Image {
                x,
                y,
                w,
                h,
                round: false,
                ..
            } => Some((*x, *y, *w, *h)),
            _ => None,
        })
        .collect()
}

fn draw(m: &Map) -> Scene {
    layout(m, &mut TextEngine::new())
}

#[test]
fn a_picture_is_drawn_in_its_card_keeping_its_shape_above_the_words() {
    let mut m = templates::load("omnichannel", "es").unwrap();
    let plain = draw(&m);
    let id = m.cards[0].id.clone();
    m.cards[0].image = Some(png_uri(800, 400));
    let s = draw(&m);
    let card = card_box(&s, &id);
    let pics = images(&s);
    assert_eq!(pics.len(), 1);
    let (x, y, w, h) = pics[0];
    assert!((w / h - 2.0).abs() < 0.01, "its shape: {w} × {h}");
    assert!(x >= card.0 && x + w <= card.0 + card.2 && y >= card.1 && y + h <= card.1 + card.3);
    // The card grows by the picture; its words are under it.
    assert!((card.3 - card_box(&plain, &id).3 - (h + 6.0)).abs() < 1.5);
    let words = s
        .items
        .iter()
        .find_map(|i| match i {
            Item::Text { text, y: ty, .. } if m.cards[0].text.starts_with(text.as_str()) => {
                Some(*ty)
            }
            _ => None,
        })
        .unwrap();
    assert!(words > y + h);
}

#[test]
fn a_tall_picture_is_narrower_and_one_without_words_takes_no_line() {
    let mut m = templates::load("omnichannel", "es").unwrap();
    let id = m.cards[0].id.clone();
    m.cards[0].image = Some(png_uri(300, 900));
    let tall = draw(&m);
    let (_, _, w, h) = images(&tall)[0];
    assert!((h / w - 3.0).abs() < 0.01, "its shape kept");
    let card = card_box(&tall, &id);
    assert!(
        h <= (card.2 - 20.0) * 1.25 + 0.5,
        "at most 1.25 times the room"
    );
    let with_words = card.3;
    m.cards[0].text = String::new();
    let bare = draw(&m);
    assert!(card_box(&bare, &id).3 < with_words - 10.0);
    // A picture that cannot be read is left out, and the card stays.
    m.cards[0].image = Some("data:image/png;base64,AAAA".into());
    let s = draw(&m);
    assert!(images(&s).is_empty());
    let _ = card_box(&s, &id);
}

#[test]
fn a_lane_of_pictures_sets_one_a_row_across_the_cell_with_small_captions_and_keeps_room_for_a_missing_one(
) {
    let mut m = templates::load("omnichannel", "es").unwrap();
    m.lanes.push(travesia_core::model::Lane {
        id: "fotos".into(),
        kind: travesia_core::LaneKind::Images,
        title: "Fotos de la tienda".into(),
        ..m.lanes[0].clone()
    });
    let stage = m.stages[0].id.clone();
    let card = |id: &str, text: &str, image: Option<String>| travesia_core::model::Card {
        id: id.into(),
        stage: stage.clone(),
        lane: "fotos".into(),
        text: text.into(),
        image,
        ..Default::default()
    };
    m.cards.push(card(
        "f1",
        "El escaparate en enero",
        Some(png_uri(900, 600)),
    ));
    m.cards
        .push(card("f2", "La caja, con cola", Some(png_uri(600, 600))));
    m.cards.push(card("f3", "Falta la foto del probador", None));
    let s = draw(&m);
    let (f1, f2, f3) = (card_box(&s, "f1"), card_box(&s, "f2"), card_box(&s, "f3"));
    // One a row, each as wide as the cell inside its padding.
    let cell = s
        .hits
        .iter()
        .find(|h| matches!(&h.target, Target::Cell { lane, stage: st } if lane == "fotos" && *st == stage))
        .unwrap();
    for b in [f1, f2, f3] {
        assert!(
            (b.0 - f1.0).abs() < 0.5 && (b.2 - (cell.w - 16.0)).abs() < 0.5,
            "{b:?} in {cell:?}"
        );
    }
    assert!(
        f2.1 >= f1.1 + f1.3 && f3.1 >= f2.1 + f2.3,
        "in their order, one under the other"
    );
    let pics = images(&s);
    assert_eq!(pics.len(), 2);
    assert!(
        (pics[0].2 - (f1.2 - 20.0)).abs() < 0.5,
        "across the card: {:?}",
        pics[0]
    );
    // The caption is set smaller than a card's words elsewhere.
    let size_of = |t: &str| {
        s.items
            .iter()
            .find_map(|i| match i {
                Item::Text { text, size, y, .. } if t.starts_with(text.as_str()) => {
                    Some((*size, *y))
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{t} drawn"))
    };
    let (caption, cy) = size_of("El escaparate en enero");
    let (words, _) = size_of(&m.cards[0].text);
    assert!(caption < words, "{caption} < {words}");
    assert!(cy > pics[0].1 + pics[0].3, "under its picture");
    // A card without its picture keeps a dashed frame that says so.
    let missing = size_of("Sin imagen todavía");
    assert!(missing.1 > f3.1 && missing.1 < f3.1 + f3.3);
    assert!(s.items.iter().any(|i| matches!(i,
        Item::Path { dash, stroke: Some(_), .. } if !dash.is_empty())));
    // Elsewhere a card without a picture keeps no room for one.
    m.lanes.pop();
    m.cards.retain(|c| c.lane != "fotos");
    let plain = draw(&m);
    assert!(!plain
        .items
        .iter()
        .any(|i| matches!(i, Item::Text { text, .. } if text.contains("Sin imagen"))));
}
