//! The presenter's look: the text scale, compact density, the footer line,
//! the logo and company in the header, and lanes left out of print.

use travesia_core::model::{Card, Theme};
use travesia_core::{templates, Map};
use travesia_layout::poster::{layout_with, Look};
use travesia_layout::{layout, Item, Scene, Target, TextEngine};

fn example() -> Map {
    templates::load("omnichannel", "es").unwrap()
}

fn themed(theme: Theme) -> Map {
    let mut m = example();
    m.theme = Some(theme);
    m
}

fn card_box(s: &Scene, id: &str) -> (f32, f32, f32, f32) {
    s.hits
        .iter()
        .find(|h| matches!(&h.target, Target::Card { id: c } if c == id))
        .map(|h| (h.x, h.y, h.w, h.h))
        .unwrap_or_else(|| panic!("no hit region for card {id}"))
}

/// Every line of text with its size and baseline.
fn lines(s: &Scene) -> Vec<(&str, f32, f32, f32)> {
    s.items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                text, size, x, y, ..
            } => Some((text.as_str(), *size, *x, *y)),
            _ => None,
        })
        .collect()
}

fn line<'s>(s: &'s Scene, text: &str) -> (&'s str, f32, f32, f32) {
    lines(s)
        .into_iter()
        .find(|l| l.0 == text)
        .unwrap_or_else(|| panic!("no line {text:?}"))
}

/// A map of one stage wide enough for several cards a row, with `n` cards
/// in one cell of its first lane (a workshop's wall).
fn workshop(n: usize) -> Map {
    let mut m = example();
    m.routes = None;
    m.stages[0].width = Some(640.0);
    let (stage, lane) = (m.stages[0].id.clone(), m.lanes[0].id.clone());
    m.cards.retain(|c| c.lane != lane);
    for k in 0..n {
        m.cards.push(Card {
            id: format!("w{k}"),
            stage: stage.clone(),
            lane: lane.clone(),
            text: format!("Idea {k} del taller"),
            ..Default::default()
        });
    }
    m
}

#[test]
fn the_text_scale_sets_every_text_larger_and_the_map_grows() {
    let plain = layout(&example(), &mut TextEngine::new());
    let big = layout(
        &themed(Theme {
            font_scale: Some(1.3),
            ..Default::default()
        }),
        &mut TextEngine::new(),
    );
    for text in ["Inspiración", "Qué hace", "en línea"] {
        assert!(
            (line(&big, text).1 - line(&plain, text).1 * 1.3).abs() < 0.01,
            "{text}"
        );
    }
    assert!((big.min_font_size - plain.min_font_size * 1.3).abs() < 0.01);
    assert!(big.height > plain.height);
    // Every card still holds its text: its box grew with it.
    let id = &example().cards[0].id;
    assert!(card_box(&big, id).3 > card_box(&plain, id).3);
}

#[test]
fn compact_sets_smaller_cards_side_by_side_where_the_cell_is_wide() {
    let comfortable = layout(&workshop(8), &mut TextEngine::new());
    let mut m = workshop(8);
    m.theme = Some(Theme {
        density: Some("compact".into()),
        ..Default::default()
    });
    let compact = layout(&m, &mut TextEngine::new());
    // Comfortable: one card a row, whatever the cell's width.
    let xs: Vec<f32> = (0..8)
        .map(|k| card_box(&comfortable, &format!("w{k}")).0)
        .collect();
    assert!(xs.iter().all(|x| *x == xs[0]), "{xs:?}");
    // Compact: rows of four, in reading order, none overlapping, in their cell.
    let boxes: Vec<_> = (0..8)
        .map(|k| card_box(&compact, &format!("w{k}")))
        .collect();
    for row in boxes.chunks(4) {
        assert!(row.iter().all(|b| b.1 == row[0].1), "one row: {row:?}");
        for pair in row.windows(2) {
            assert!(pair[0].0 + pair[0].2 < pair[1].0, "left to right: {pair:?}");
        }
    }
    assert!(
        boxes[4].1 > boxes[0].1 + boxes[0].3,
        "the second row below the first"
    );
    let cell = compact
        .hits
        .iter()
        .find(|h| matches!(&h.target, Target::Cell { stage, lane } if *stage == m.stages[0].id && *lane == m.lanes[0].id))
        .unwrap();
    for b in &boxes {
        assert!(
            b.0 >= cell.x && b.0 + b.2 <= cell.x + cell.w + 0.01,
            "{b:?} in {cell:?}"
        );
        assert!(
            b.1 >= cell.y && b.1 + b.3 <= cell.y + cell.h + 0.01,
            "{b:?} in {cell:?}"
        );
    }
    // Smaller text and a shorter map; nothing below the smallest size.
    let text = "Idea 0 del taller";
    assert!(line(&compact, text).1 < line(&comfortable, text).1);
    assert!(compact.height < comfortable.height);
    assert!(compact.min_font_size >= 10.0);
}

#[test]
fn the_footer_says_its_fields_in_their_order_under_everything() {
    let mut m = themed(Theme {
        company: Some("Ñandú Muebles S.L.".into()),
        footer: Some(vec![
            "confidential".into(),
            "company".into(),
            "version".into(),
            "date".into(),
        ]),
        ..Default::default()
    });
    m.updated_at = Some("2026-03-05T10:00:00Z".into());
    let look = Look {
        version: Some("Taller de marzo".into()),
        ..Look::default()
    };
    let s = layout_with(&m, &mut TextEngine::new(), look);
    assert_eq!(
        s.footer,
        "Confidencial  ·  Ñandú Muebles S.L.  ·  Versión «Taller de marzo»  ·  5 mar 2026"
    );
    let (_, _, _, y) = line(&s, &s.footer);
    assert!(
        lines(&s).iter().all(|l| l.3 <= y),
        "the footer is the last line"
    );
    assert!(y < s.height);
    // In English, in the map's words.
    m.locale = Some("en".into());
    let en = layout_with(&m, &mut TextEngine::new(), Look::default());
    assert_eq!(
        en.footer,
        "Confidential  ·  Ñandú Muebles S.L.  ·  5 Mar 2026"
    );
    // Without fields, no footer and no room for one.
    let plain = layout(&example(), &mut TextEngine::new());
    m.theme.as_mut().unwrap().footer = None;
    m.locale = None;
    let none = layout(&m, &mut TextEngine::new());
    assert!(none.footer.is_empty());
    assert_eq!(none.height, plain.height);
}

/// A PNG data URI of `w` × `h` pixels (only its header is read here).
fn png_uri(w: u32, h: u32) -> String {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&w.to_be_bytes());
    png.extend_from_slice(&h.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    let table = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in png.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (b[0] as u32) << 16 | (b[1] as u32) << 8 | b[2] as u32;
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(table[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    format!("data:image/png;base64,{out}")
}

#[test]
fn the_logo_keeps_its_shape_in_the_header_and_the_company_is_above_the_title() {
    let plain = layout(&example(), &mut TextEngine::new());
    let m = themed(Theme {
        company: Some("Ñandú Muebles S.L.".into()),
        logo: Some(png_uri(600, 200)),
        ..Default::default()
    });
    let s = layout(&m, &mut TextEngine::new());
    let images: Vec<_> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Image {
                x, y, w, h, round, ..
            } if !round => Some((*x, *y, *w, *h)),
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 1, "one logo");
    let (lx, ly, lw, lh) = images[0];
    assert!((lw / lh - 3.0).abs() < 0.01, "its shape: {lw} × {lh}");
    // In the header band, left of the title, which moved right for it.
    let title = line(&s, &m.title);
    assert!(ly + lh < s.grid_top);
    assert!(lx + lw < title.2);
    assert!(title.2 > line(&plain, &m.title).2);
    let company = line(&s, "Ñandú Muebles S.L.");
    assert_eq!(company.2, title.2);
    assert!(company.3 < title.3);
    // A very tall logo is no wider than half its height's square.
    let tall = themed(Theme {
        logo: Some(png_uri(50, 1000)),
        ..Default::default()
    });
    let s = layout(&tall, &mut TextEngine::new());
    let (w, h) = s
        .items
        .iter()
        .find_map(|i| match i {
            Item::Image { w, h, round, .. } if !round => Some((*w, *h)),
            _ => None,
        })
        .unwrap();
    assert!(w >= h / 2.0 - 0.01 && h <= 64.0, "{w} × {h}");
    // What is not a picture is not drawn.
    let broken = themed(Theme {
        logo: Some("data:image/png;base64,AAAA".into()),
        ..Default::default()
    });
    let s = layout(&broken, &mut TextEngine::new());
    assert!(!s
        .items
        .iter()
        .any(|i| matches!(i, Item::Image { round: false, .. })));
}

#[test]
fn a_lane_not_printed_is_marked_on_screen_and_left_out_of_print() {
    let mut m = example();
    let touchpoints = m.lanes[1].clone();
    m.lanes[1].print = Some(false);
    let on_screen = layout(&m, &mut TextEngine::new());
    let note = line(&on_screen, "No se imprime");
    let head = on_screen
        .hits
        .iter()
        .find(|h| matches!(&h.target, Target::Lane { id } if *id == touchpoints.id))
        .unwrap();
    assert!(
        note.3 > head.y && note.3 < head.y + head.h,
        "under the lane's name"
    );
    // Printed: the lane, its cards and the routes only on them are gone.
    let printed = m.printed();
    assert!(printed.lane(&touchpoints.id).is_none());
    assert!(printed.cards.iter().all(|c| c.lane != touchpoints.id));
    assert!(printed.cards.len() < m.cards.len());
    for r in printed.routes() {
        assert!(!r.steps.is_empty());
        assert!(r
            .steps
            .iter()
            .all(|s| printed.cards.iter().any(|c| &c.id == s)));
    }
    let s = layout(&printed, &mut TextEngine::new());
    assert!(!lines(&s).iter().any(|l| l.0 == "No se imprime"));
    assert!(!lines(&s).iter().any(|l| l.0 == touchpoints.title));
    // A map that prints every lane is printed as it is.
    assert!(matches!(example().printed(), std::borrow::Cow::Borrowed(_)));
}
