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

#[test]
fn a_map_set_in_serif_or_rounded_draws_its_texts_in_that_face_and_what_it_lacks_in_inter() {
    use travesia_layout::Face;
    let sans = layout(&example(), &mut TextEngine::new());
    for (name, face) in [("serif", Face::Serif), ("rounded", Face::Rounded)] {
        let mut m = themed(Theme {
            font: Some(name.into()),
            ..Default::default()
        });
        m.cards[0].text = "¿Qué‽ ñandú 😀".into();
        let s = layout(&m, &mut TextEngine::new());
        assert_eq!(s.face, face);
        assert!(s.warnings.is_empty(), "{name}: {:?}", s.warnings);
        let faces: Vec<(&str, Face)> = s
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, face, .. } => Some((text.as_str(), *face)),
                _ => None,
            })
            .collect();
        // The interrobang is Inter's alone: its piece is drawn from Inter.
        assert!(faces.contains(&("‽", Face::Sans)), "{name}: {faces:?}");
        assert!(faces.contains(&("¿Qué", face)), "{name}: {faces:?}");
        let others: Vec<_> = faces
            .iter()
            .filter(|(t, f)| *f != face && *t != "‽" && *t != "😀")
            .collect();
        assert!(others.is_empty(), "{name}: {others:?}");
        // Measured in its own face: the same words take another width.
        let w = |s: &Scene| match s
            .items
            .iter()
            .find(|i| matches!(i, Item::Text { text, .. } if text == "Inspiración"))
        {
            Some(Item::Text { w, .. }) => *w,
            _ => panic!("no stage title"),
        };
        assert!(
            (w(&s) - w(&sans)).abs() > 1.0,
            "{name}: {} against {}",
            w(&s),
            w(&sans)
        );
    }
    // An unknown name is Inter's.
    let other = layout(
        &themed(Theme {
            font: Some("comic".into()),
            ..Default::default()
        }),
        &mut TextEngine::new(),
    );
    assert_eq!(other.face, Face::Sans);
}

#[test]
fn compact_keeps_one_card_a_row_where_a_route_passes_and_a_long_channel_name_pushes_the_text_down()
{
    let mut m = example();
    m.theme = Some(Theme {
        density: Some("compact".into()),
        ..Default::default()
    });
    for s in &mut m.stages {
        s.width = Some(330.0);
    }
    let s = layout(&m, &mut TextEngine::new());
    let cards_in = |stage: &str, lane: &str| -> Vec<(f32, f32, f32, f32)> {
        m.cards
            .iter()
            .filter(|c| c.stage == stage && c.lane == lane)
            .map(|c| card_box(&s, &c.id))
            .collect()
    };
    let steps: Vec<&str> = m
        .routes()
        .iter()
        .flat_map(|r| r.steps.iter().map(String::as_str))
        .collect();
    let (mut side_by_side, mut stacked) = (0, 0);
    for st in &m.stages {
        for lane in &m.lanes {
            let boxes = cards_in(&st.id, &lane.id);
            if boxes.len() < 2 {
                continue;
            }
            let on_route = m
                .cards
                .iter()
                .any(|c| c.stage == st.id && c.lane == lane.id && steps.contains(&c.id.as_str()));
            let xs: std::collections::BTreeSet<u32> =
                boxes.iter().map(|b| b.0.round() as u32).collect();
            if on_route {
                assert_eq!(xs.len(), 1, "a route's cell stacks its cards: {boxes:?}");
                stacked += 1;
            } else if xs.len() > 1 {
                side_by_side += 1;
            }
        }
    }
    assert!(
        stacked > 0 && side_by_side > 0,
        "{stacked} stacked, {side_by_side} side by side"
    );
    // Every channel name ends above its card's text, however many lines it takes.
    for c in m.cards.iter().filter(|c| c.channel.is_some()) {
        let (x, y, w, h) = card_box(&s, &c.id);
        let inside = |t: &(&str, f32, f32, f32)| t.2 >= x && t.2 < x + w && t.3 > y && t.3 < y + h;
        let lines: Vec<_> = lines(&s).into_iter().filter(inside).collect();
        let first_text = lines
            .iter()
            .filter(|l| l.1 >= 11.0)
            .map(|l| l.3)
            .fold(f32::MAX, f32::min);
        let last_label = lines
            .iter()
            .filter(|l| l.1 < 11.0)
            .map(|l| l.3)
            .fold(f32::MIN, f32::max);
        assert!(
            last_label + 8.0 < first_text,
            "{}: the channel's name at {last_label} runs into the text at {first_text}",
            c.id
        );
    }
}
