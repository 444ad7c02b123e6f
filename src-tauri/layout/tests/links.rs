//! Links to other maps: a linked card or stage is marked with the linked
//! map's title (or "not found" when the library has no such map), the mark
//! is kept in the Scene for the canvas's button and the PDF's link, and a
//! linked card grows by the mark's row only.

use std::collections::BTreeMap;

use travesia_core::sample;
use travesia_layout::poster::{layout_with, Look};
use travesia_layout::{Item, Scene, Target, TextEngine};

fn draw(m: &travesia_core::Map, titles: &[(&str, &str)]) -> Scene {
    let links: BTreeMap<String, String> = titles
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    layout_with(
        m,
        &mut TextEngine::new(),
        Look {
            links,
            ..Look::default()
        },
    )
}

fn card_box(s: &Scene, id: &str) -> (f32, f32, f32, f32) {
    s.hits
        .iter()
        .find(|h| matches!(&h.target, Target::Card { id: c } if c == id))
        .map(|h| (h.x, h.y, h.w, h.h))
        .unwrap()
}

fn drawn(s: &Scene, words: &str) -> bool {
    s.items
        .iter()
        .any(|i| matches!(i, Item::Text { text, .. } if text.contains(words)))
}

#[test]
fn a_linked_card_and_stage_are_marked_with_the_linked_maps_title_and_kept_as_links() {
    let set = sample::map_set("es");
    let main = &set[0];
    let s = draw(
        main,
        &[
            ("subviaje-pago", "Pago en la tienda"),
            ("subviaje-devoluciones", "Devoluciones"),
        ],
    );
    assert!(drawn(&s, "Pago en la tienda") && drawn(&s, "Devoluciones"));
    assert_eq!(s.links.len(), 2, "{:?}", s.links);
    let card = main.cards.iter().find(|c| c.link.is_some()).unwrap();
    let stage = main.stages.iter().find(|st| st.link.is_some()).unwrap();
    let mark = |from: &Target| s.links.iter().find(|l| &l.from == from).unwrap();
    let on_card = mark(&Target::Card {
        id: card.id.clone(),
    });
    assert_eq!(on_card.map, "subviaje-devoluciones");
    let (x, y, w, h) = card_box(&s, &card.id);
    assert!(on_card.x >= x && on_card.x + on_card.w <= x + w + 0.5);
    assert!(on_card.y >= y && on_card.y + on_card.h <= y + h + 0.5);
    let on_stage = mark(&Target::Stage {
        id: stage.id.clone(),
    });
    assert_eq!(on_stage.map, "subviaje-pago");
    let head = s
        .hits
        .iter()
        .find(|h| matches!(&h.target, Target::Stage { id } if *id == stage.id))
        .unwrap();
    assert!(on_stage.y >= head.y && on_stage.y + on_stage.h <= head.y + head.h);

    // Without the link the card is shorter by the mark's row, and nothing is marked.
    let mut plain = main.clone();
    for c in &mut plain.cards {
        c.link = None;
    }
    for st in &mut plain.stages {
        st.link = None;
    }
    let p = draw(&plain, &[]);
    assert!(p.links.is_empty());
    let grew = h - card_box(&p, &card.id).3;
    assert!((16.0..=30.0).contains(&grew), "{grew}");
}

#[test]
fn a_link_to_a_map_the_library_has_not_got_says_so() {
    let set = sample::map_set("es");
    let s = draw(&set[0], &[]);
    assert!(drawn(&s, "Mapa enlazado no encontrado"));
    assert_eq!(s.links.len(), 2, "still a mark, to say what is missing");
    let en = sample::map_set("en");
    assert!(drawn(&draw(&en[0], &[]), "Linked map not found"));
}
