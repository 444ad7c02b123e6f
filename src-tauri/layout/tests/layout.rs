//! The layout: deterministic, re-shapes only what changed, breaks long words,
//! grows cards and rows to fit, and reports glyphs no bundled font has.

use travesia_core::edit::{apply, CardPatch, Edit};
use travesia_core::{sample, templates, Map};
use travesia_layout::{layout, Item, Scene, Target, TextEngine, Warning};

fn example() -> Map {
    templates::load("omnichannel", "es").unwrap()
}

/// The example with its first card's text replaced; returns the card's id too.
fn with_first_card_text(text: &str) -> (Map, String) {
    let mut m = example();
    let id = m.cards[0].id.clone();
    let patch = CardPatch {
        text: Some(text.into()),
        ..Default::default()
    };
    apply(
        &mut m,
        &Edit::UpdateCard {
            id: id.clone(),
            patch,
        },
    )
    .unwrap();
    (m, id)
}

fn json(s: &Scene) -> String {
    serde_json::to_string(s).unwrap()
}

fn card_box(s: &Scene, id: &str) -> (f32, f32, f32, f32) {
    s.hits
        .iter()
        .find(|h| matches!(&h.target, Target::Card { id: c } if c == id))
        .map(|h| (h.x, h.y, h.w, h.h))
        .unwrap_or_else(|| panic!("no hit region for card {id}"))
}

fn texts(s: &Scene) -> Vec<&str> {
    s.items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_same_map_gives_the_same_scene_byte_for_byte() {
    let m = example();
    let a = layout(&m, &mut TextEngine::new());
    let b = layout(&m, &mut TextEngine::new());
    assert_eq!(json(&a), json(&b));
    // A warm engine (cached shaping) gives the same bytes as a cold one.
    let mut warm = TextEngine::new();
    layout(&m, &mut warm);
    warm.trim();
    assert_eq!(json(&layout(&m, &mut warm)), json(&a));
}

#[test]
fn after_an_edit_the_cached_layout_equals_a_fresh_one() {
    let mut m = sample::map_with_cards(300);
    let mut engine = TextEngine::new();
    layout(&m, &mut engine);
    engine.trim();
    let id = m.cards[120].id.clone();
    let patch = CardPatch {
        text: Some("Texto nuevo, bastante más largo que el anterior, con acentos: ñandú".into()),
        ..Default::default()
    };
    apply(&mut m, &Edit::UpdateCard { id, patch }).unwrap();
    let cached = layout(&m, &mut engine);
    assert_eq!(json(&cached), json(&layout(&m, &mut TextEngine::new())));
}

#[test]
fn every_card_of_the_map_is_drawn_with_its_text() {
    let m = example();
    let s = layout(&m, &mut TextEngine::new());
    let all = texts(&s).join(" ");
    for c in m.cards.iter().filter(|c| !c.text.is_empty()) {
        // Lines may break anywhere between words; every word must be there.
        for word in c.text.split_whitespace() {
            assert!(
                all.contains(word),
                "word {word:?} of card {} is missing",
                c.id
            );
        }
    }
    assert!(texts(&s).contains(&m.title.as_str()));
}

#[test]
fn a_long_card_grows_and_its_row_grows_with_it() {
    let mut m = example();
    let short = layout(&m, &mut TextEngine::new());
    let id = m.cards[0].id.clone();
    let long = (0..30)
        .map(|i| format!("línea {i} del texto"))
        .collect::<Vec<_>>()
        .join(" ");
    apply(
        &mut m,
        &Edit::UpdateCard {
            id: id.clone(),
            patch: CardPatch {
                text: Some(long),
                ..Default::default()
            },
        },
    )
    .unwrap();
    let tall = layout(&m, &mut TextEngine::new());
    let (_, _, _, h0) = card_box(&short, &id);
    let (_, _, _, h1) = card_box(&tall, &id);
    assert!(h1 > h0 * 4.0, "the card grew from {h0} to only {h1}");
    assert!(
        tall.height > short.height + (h1 - h0) * 0.9,
        "rows below moved down"
    );
}

#[test]
fn a_word_longer_than_the_card_breaks() {
    let word = "Supercalifragilisticoespialidoso".repeat(6);
    let (m, id) = with_first_card_text(&word);
    let s = layout(&m, &mut TextEngine::new());
    let (x, _, w, _) = card_box(&s, &id);
    let lines: Vec<(f32, f32)> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text {
                x: tx, w: tw, text, ..
            } if word.contains(text.as_str()) && text.len() > 3 => Some((*tx, *tw)),
            _ => None,
        })
        .collect();
    assert!(lines.len() >= 3, "{lines:?}");
    for (tx, tw) in lines {
        assert!(
            tx >= x && tx + tw <= x + w + 0.5,
            "a line overflows its card"
        );
    }
}

#[test]
fn a_glyph_no_font_has_is_replaced_visibly_and_reported() {
    // Han characters: no bundled font has them (a CJK font is tens of MB).
    let (m, _) = with_first_card_text("Antes 旅 después");
    let s = layout(&m, &mut TextEngine::new());
    assert!(
        texts(&s)
            .iter()
            .any(|t| t.contains('\u{FFFD}') && t.contains("Antes")),
        "no replacement drawn"
    );
    assert!(s
        .warnings
        .iter()
        .any(|w| matches!(w, Warning::MissingGlyphs { chars } if chars.contains('旅'))));
}

#[test]
fn emoji_come_from_the_bundled_colour_font_in_pieces_of_their_own() {
    use travesia_layout::text::all_emoji;
    // Faces, a skin tone, a flag, a family joined with ZWJ, a snowman.
    let text = "Cliente 😀🎉 👍🏽 🇪🇸 👨‍👩‍👧 ☃ ¡feliz!";
    let (m, _) = with_first_card_text(text);
    let s = layout(&m, &mut TextEngine::new());
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let pieces = texts(&s);
    // Each emoji (a sequence as a whole) is a text item of its own, so each
    // renderer draws it with the emoji font alone.
    for e in ["😀🎉", "👍🏽", "🇪🇸", "👨‍👩‍👧", "☃"] {
        assert!(pieces.contains(&e), "{e} is not a piece: {pieces:?}");
        assert!(all_emoji(e));
    }
    assert!(pieces.iter().any(|t| t.starts_with("Cliente")));
    assert!(!all_emoji("Cliente"));
    // Symbols Inter draws stay text: arrows, €, ™, ✓.
    for t in ["→", "€", "™", "✓", "Web → tienda"] {
        assert!(!all_emoji(t), "{t}");
    }
    // The pieces of the line follow each other left to right, without overlap.
    let line: Vec<(f32, f32)> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { x, w, text: t, .. } if text.contains(t.as_str()) => Some((*x, *w)),
            _ => None,
        })
        .collect();
    assert!(line.len() >= 6, "{line:?}");
    for pair in line.windows(2) {
        assert!(pair[1].0 >= pair[0].0 + pair[0].1 - 0.5, "{line:?}");
    }
}

#[test]
fn arabic_and_hebrew_use_the_bundled_fallbacks() {
    let (m, _) = with_first_card_text("مرحبا بالعالم שלום עולם");
    let s = layout(&m, &mut TextEngine::new());
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert!(
        s.items
            .iter()
            .any(|i| matches!(i, Item::Text { rtl: true, .. })),
        "the line is right to left"
    );
}

#[test]
fn spanish_text_is_complete_in_the_bundled_font() {
    let text = "á é í ó ú ü ñ Á É Í Ó Ú Ü Ñ ¿ ¡ € “ ” « » — …";
    let (m, _) = with_first_card_text(text);
    let s = layout(&m, &mut TextEngine::new());
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn an_empty_map_lays_out() {
    let m = Map::new("e", "Mapa vacío");
    let s = layout(&m, &mut TextEngine::new());
    assert!(s.width > 0.0 && s.height > 0.0);
    assert!(texts(&s).contains(&"Mapa vacío"));
}

#[test]
fn the_funnel_shows_conversion_between_stages() {
    let m = templates::load("three-stages", "es").unwrap();
    let s = layout(&m, &mut TextEngine::new());
    // 1800 of 10000 reach stage 2: 18,0 %; 240 of 1800 reach stage 3: 13,3 %.
    let t = texts(&s);
    assert!(t.contains(&"18,0 %") && t.contains(&"13,3 %"), "{t:?}");
}

#[test]
fn a_card_of_10000_characters_is_drawn_whole() {
    // The longest text a card may hold, in words of varied length with accents.
    let words = [
        "señal",
        "débil",
        "cliente",
        "¿duda?",
        "ñandú",
        "€",
        "experiencia",
        "a",
    ];
    let mut text = String::new();
    let mut i = 0;
    while text.chars().count() < 10_000 {
        text.push_str(words[i % words.len()]);
        text.push(' ');
        i += 1;
    }
    let mut text: String = text.chars().take(10_000).collect();
    if text.ends_with(' ') {
        text.pop();
        text.push('x');
    }
    assert_eq!(text.chars().count(), 10_000);
    let (m, id) = with_first_card_text(&text);
    let s = layout(&m, &mut TextEngine::new());
    let (_, _, _, h) = card_box(&s, &id);
    // Every word is on the poster, in order: the lines put back together give the text.
    let drawn: String = texts(&s).join(" ");
    let first = drawn
        .find("señal débil cliente")
        .expect("the card's first line is drawn");
    let joined: String = drawn[first..]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(joined.starts_with(
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
    ));
    // Hundreds of lines, so the card is far taller than an ordinary one.
    assert!(h > 3_000.0, "a 10,000-character card is {h} px tall");
}

#[test]
fn a_map_of_10000_cards_lays_out() {
    let m = sample::map_with_cards(10_000);
    assert_eq!(m.cards.len(), 10_000);
    let s = layout(&m, &mut TextEngine::new());
    let cards = s
        .hits
        .iter()
        .filter(|h| matches!(h.target, Target::Card { .. }))
        .count();
    assert_eq!(cards, 10_000, "every card has its hit region");
}

/// After an edit the page gets the Scene as a patch of the one it has: the
/// patch gives back the new Scene exactly, and is small when little changed.
#[test]
fn a_scene_patch_gives_back_the_new_scene_and_is_small() {
    use travesia_core::edit::CardPlace;
    use travesia_layout::ScenePatch;
    let mut engine = TextEngine::new();
    let mut map = sample::map_with_cards(1500);
    let before = layout(&map, &mut engine);
    let card = map.cards[700].clone();
    let at = map.stages.iter().position(|s| s.id == card.stage).unwrap();
    let next = map.stages[(at + 1) % map.stages.len()].id.clone();
    apply(
        &mut map,
        &Edit::MoveCard {
            id: card.id.clone(),
            stage: next,
            lane: card.lane.clone(),
            place: CardPlace::InCell(0),
        },
    )
    .unwrap();
    let after = layout(&map, &mut engine);
    let patch = ScenePatch::between(&before, &after);
    assert_eq!(patch.apply(&before).as_ref(), Some(&after));
    let json = serde_json::to_string(&patch).unwrap();
    let back: ScenePatch = serde_json::from_str(&json).unwrap();
    assert_eq!(back.apply(&before).as_ref(), Some(&after));
    let whole = serde_json::to_string(&after).unwrap().len();
    assert!(
        json.len() * 20 < whole,
        "{} bytes for a {whole}-byte Scene",
        json.len()
    );

    // A longer title still comes back exactly.
    apply(
        &mut map,
        &Edit::SetTitle {
            title: "Un título mucho más largo que ocupa dos líneas en la cabecera del mapa, ¿verdad? ñandú".into(),
        },
    )
    .unwrap();
    let longer = layout(&map, &mut engine);
    let patch = ScenePatch::between(&after, &longer);
    assert_eq!(patch.apply(&after).as_ref(), Some(&longer));
    // A card in the first rows grown to 30 lines moves every row below it:
    // those items are sent as runs of what the page has, moved down.
    let moved = |p: &ScenePatch| {
        p.items
            .runs
            .iter()
            .filter_map(|r| match r {
                travesia_core::patch::Run::Moved { moved, .. } => Some(moved[1] as usize),
                _ => None,
            })
            .sum::<usize>()
    };
    let first = map.cards[0].id.clone();
    let long: Vec<String> = (1..=30)
        .map(|n| format!("línea {n}: ¿señal débil?"))
        .collect();
    apply(
        &mut map,
        &Edit::UpdateCard {
            id: first,
            patch: travesia_core::edit::CardPatch {
                text: Some(long.join("\n")),
                ..Default::default()
            },
        },
    )
    .unwrap();
    let grown = layout(&map, &mut engine);
    let patch = ScenePatch::between(&longer, &grown);
    let json = serde_json::to_string(&patch).unwrap();
    let back: ScenePatch = serde_json::from_str(&json).unwrap();
    assert_eq!(back.apply(&longer).as_ref(), Some(&grown));
    assert!(
        moved(&patch) * 2 > grown.items.len(),
        "{} items moved",
        moved(&patch)
    );
    assert!(
        json.len() * 100 < whole,
        "{} bytes after a card grew",
        json.len()
    );
    // From nothing: every item is sent.
    let empty = layout(&Map::new("m", "vacío"), &mut engine);
    assert_eq!(
        ScenePatch::between(&empty, &longer).apply(&empty).as_ref(),
        Some(&longer)
    );
}

/// A card emptied by its owner (the inspector's text field cleared) is still
/// drawn, as a box with no text (it once made the layout panic).
#[test]
fn a_card_with_no_text_lays_out() {
    for text in ["", " ", "\n"] {
        let (map, id) = with_first_card_text(text);
        let scene = layout(&map, &mut TextEngine::new());
        let (_, _, w, h) = card_box(&scene, &id);
        assert!(w > 0.0 && h > 0.0, "{text:?}: a box");
    }
    let mut map = example();
    map.title = String::new();
    layout(&map, &mut TextEngine::new());
}

#[test]
fn the_header_counts_the_cards_people_wrote_not_points_or_bars() {
    // The example: text cards, plus an emotion point a stage (and maybe funnel bars).
    let map = example();
    let holds = |c: &travesia_core::Card| map.lane(&c.lane).unwrap().kind.spec().holds;
    let written = map
        .cards
        .iter()
        .filter(|c| holds(c) == travesia_core::kinds::Holds::Text)
        .count();
    assert!(written < map.cards.len(), "the example has points");
    let s = layout(&map, &mut TextEngine::new());
    let all = texts(&s).join("\n");
    assert!(all.contains(&format!("{written} tarjetas")), "{all}");
    assert!(
        !all.contains(&format!("{} tarjetas", map.cards.len())),
        "{all}"
    );
}
