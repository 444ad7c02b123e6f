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
