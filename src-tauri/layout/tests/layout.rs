//! The layout: deterministic, re-shapes only what changed, breaks long words,
//! grows cards and rows to fit, and reports glyphs no bundled font has.

use travesia_core::edit::{apply, CardPatch, Edit};
use travesia_core::{sample, templates, Map};
use travesia_layout::poster::{layout_with, Look, Marker, Pattern};
use travesia_layout::{layout, Color, Item, Scene, Seg, Target, TextEngine, Warning};

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
    // Ethiopic: no bundled font has it.
    let (m, _) = with_first_card_text("Antes ሰ después");
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
        .any(|w| matches!(w, Warning::MissingGlyphs { chars } if chars.contains('ሰ'))));
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

/// The text lines of a card's text, each as its left edge, width and text.
fn lines_of(s: &travesia_layout::Scene, words: &str) -> Vec<(f32, f32, String)> {
    s.items
        .iter()
        .filter_map(|i| match i {
            // Whole lines of the text (a word alone may be another card's).
            Item::Text { x, w, text, .. }
                if words.contains(text.as_str()) && text.chars().count() > 8 =>
            {
                Some((*x, *w, text.to_string()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn a_right_to_left_paragraph_starts_at_the_card_s_right() {
    let hebrew = "מסע הלקוח בחנות: הלקוח משווה מחירים באינטרנט ואחר כך מגיע לחנות כדי לגעת במוצר ולשאול שאלות";
    let (m, _) = with_first_card_text(hebrew);
    let s = layout(&m, &mut TextEngine::new());
    let lines = lines_of(&s, hebrew);
    assert!(lines.len() >= 3, "a long paragraph: {lines:?}");
    // Every line ends at one right edge; the last, shorter, starts further right.
    let right = lines[0].0 + lines[0].1;
    for (x, w, _) in &lines {
        assert!((x + w - right).abs() < 0.5, "{lines:?}");
    }
    let last = lines.last().unwrap();
    assert!(last.0 > lines[0].0 + 10.0, "{lines:?}");
    // A left-to-right card of the same map starts its lines at one left edge.
    let spanish = "Compara precios en la web y después va a la tienda para tocar el producto y preguntar dudas al personal";
    let (m, _) = with_first_card_text(spanish);
    let s = layout(&m, &mut TextEngine::new());
    let lines = lines_of(&s, spanish);
    assert!(lines.len() >= 3, "{lines:?}");
    assert!(
        lines.iter().all(|(x, _, _)| (x - lines[0].0).abs() < 0.5),
        "{lines:?}"
    );
    // The Hebrew lines end where the Spanish ones could reach: the card's text box.
    assert!(right > lines[0].0 + lines.iter().map(|l| l.1).fold(0.0, f32::max) - 12.0);
}

#[test]
fn chinese_japanese_and_korean_use_the_bundled_fallback() {
    for text in [
        "顾客在网上比较价格",
        "カスタマージャーニー",
        "고객 여정 지도",
        "Web 下载",
    ] {
        let (m, _) = with_first_card_text(text);
        let s = layout(&m, &mut TextEngine::new());
        assert!(s.warnings.is_empty(), "{text}: {:?}", s.warnings);
        // Cut where the font changes, as emoji lines are: a piece all CJK.
        let cjk_piece = s.items.iter().any(|i| {
            matches!(i, Item::Text { text: t, .. }
                if !t.trim().is_empty()
                    && text.contains(t.as_str())
                    && t.chars().all(|c| travesia_layout::text::is_cjk(c) || c == ' '))
        });
        assert!(cjk_piece, "{text}");
    }
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

/// The patch compares an item with another moved down without copying it:
/// that comparison must say what copying and comparing would, for every
/// kind of item and hit region, moved or not, alike or not.
#[test]
fn an_item_compared_moved_agrees_with_the_item_moved() {
    use travesia_core::patch::Shift;
    let mut engine = TextEngine::new();
    let mut map = sample::map_with_cards(60);
    map.cards[3].text = "شكرا جزيلا".into();
    let scene = layout(&map, &mut engine);
    let kinds: std::collections::BTreeSet<&str> = scene
        .items
        .iter()
        .map(|i| match i {
            Item::Rect { .. } => "rect",
            Item::Path { .. } => "path",
            Item::Text { .. } => "text",
            Item::Icon { .. } => "icon",
            Item::Image { .. } => "image",
        })
        .collect();
    assert!(kinds.len() >= 4, "{kinds:?}");
    let mut agreed = 0;
    for dy in [0.0, 12.5, -3.25] {
        for (i, a) in scene.items.iter().enumerate() {
            // The item itself moved, its neighbours, and one far away.
            for b in [
                a.shifted(dy),
                scene.items[(i + 1) % scene.items.len()].clone(),
                scene.items[(i + 1) % scene.items.len()].shifted(dy),
                scene.items[(i * 7 + 3) % scene.items.len()].shifted(dy),
            ] {
                assert_eq!(
                    a.same_shifted(&b, dy),
                    a.shifted(dy) == b,
                    "{a:?} {b:?} {dy}"
                );
                agreed += usize::from(a.same_shifted(&b, dy));
            }
        }
        for (i, a) in scene.hits.iter().enumerate() {
            for b in [
                a.shifted(dy),
                scene.hits[(i + 1) % scene.hits.len()].shifted(dy),
            ] {
                assert_eq!(
                    a.same_shifted(&b, dy),
                    a.shifted(dy) == b,
                    "{a:?} {b:?} {dy}"
                );
            }
        }
    }
    // Paths never come moved; every other item matched itself moved.
    assert!(agreed > scene.items.len(), "{agreed}");
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

/// The colours a person can give stages, lanes, the header and cards: the
/// app's palettes (ui/src/lib/palette.ts) and custom ones at the extremes.
const FILLS: &[&str] = &[
    "#1F3A60", "#1971C2", "#0C8599", "#2F9E44", "#F59F00", "#E8590C", "#E03131", "#D6336C",
    "#7950F2", "#495057", "#FFF3BF", "#FFE8CC", "#FFE3E3", "#FFDEEB", "#E5DBFF", "#D0EBFF",
    "#C3FAE8", "#D3F9D8", "#F1F3F5", "#FFFF00", "#00FF00", "#00FFFF", "#808080", "#767676",
    "#000000", "#FFFFFF", "#5C7CFA",
];

/// The bounds of a filled, opaque shape, or `None`.
fn filled_bounds(item: &Item) -> Option<(Color, f32, f32, f32, f32)> {
    use travesia_layout::Seg;
    match item {
        Item::Rect {
            x,
            y,
            w,
            h,
            fill: Some(f),
            ..
        } if f.a == 255 => Some((*f, *x, *y, *x + *w, *y + *h)),
        Item::Path {
            d, fill: Some(f), ..
        } if f.a == 255 => {
            let pts = d.0.iter().flat_map(|s| match *s {
                Seg::Move(p) | Seg::Line(p) => vec![p],
                Seg::Cubic(a, b, c) => vec![a, b, c],
                Seg::Close => vec![],
            });
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for (x, y) in pts {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
            Some((*f, x0, y0, x1, y1))
        }
        _ => None,
    }
}

/// Every line of text with the colour it is drawn on (the last opaque
/// shape drawn before it under the middle of the line, else the page) and
/// their contrast.
fn text_contrasts(s: &Scene) -> Vec<(String, Color, Color, f32)> {
    let mut out = Vec::new();
    for (i, item) in s.items.iter().enumerate() {
        let Item::Text {
            x,
            y,
            w,
            size,
            color,
            text,
            ..
        } = item
        else {
            continue;
        };
        let (cx, cy) = (x + w / 2.0, y - size * 0.35);
        let bg = s.items[..i]
            .iter()
            .rev()
            .filter_map(filled_bounds)
            .find(|(_, x0, y0, x1, y1)| cx >= *x0 && cx <= *x1 && cy >= *y0 && cy <= *y1)
            .map(|(f, ..)| f)
            .unwrap_or(s.background);
        out.push((text.to_string(), *color, bg, color.contrast(bg)));
    }
    out
}

#[test]
fn every_text_reads_on_what_it_is_drawn_on_whatever_the_colours() {
    use travesia_layout::paint::MIN_TEXT_CONTRAST;
    let mut engine = TextEngine::new();
    let mut checked = 0;
    let mut fills_under_text = std::collections::BTreeSet::new();
    for (k, accent) in FILLS.iter().enumerate() {
        let mut m = example();
        m.theme.get_or_insert_with(Default::default).accent = Some(accent.to_string());
        for (i, s) in m.stages.iter_mut().enumerate() {
            s.color = Some(FILLS[(k + i) % FILLS.len()].into());
            s.description = Some("Lo que pasa en esta etapa, en pocas palabras".into());
        }
        for (i, l) in m.lanes.iter_mut().enumerate() {
            l.color = Some(FILLS[(k + 3 * i + 1) % FILLS.len()].into());
        }
        for (i, c) in m.cards.iter_mut().enumerate() {
            c.color = Some(FILLS[(k + 5 * i + 2) % FILLS.len()].into());
        }
        let scene = layout(&m, &mut engine);
        for (text, ink, bg, ratio) in text_contrasts(&scene) {
            assert!(
                ratio >= MIN_TEXT_CONTRAST,
                "«{text}» in {ink} on {bg}: {ratio:.2}:1 (accent {accent})"
            );
            fills_under_text.insert(bg.to_string());
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked} lines checked");
    // The check saw text on the strong colours, not only on paper.
    for strong in [
        "#F59F00", "#0C8599", "#2F9E44", "#E8590C", "#1F3A60", "#FFFF00",
    ] {
        assert!(
            fills_under_text.contains(strong),
            "no text on {strong}: {fills_under_text:?}"
        );
    }
}

#[test]
fn white_stays_on_dark_fills_and_dark_ink_goes_on_light_ones() {
    use travesia_layout::paint::MIN_TEXT_CONTRAST;
    let ink = Color::rgb(0x1F2933);
    let navy = Color::parse("#1F3A60").unwrap();
    assert_eq!(navy.ink(ink), Color::WHITE);
    let yellow = Color::parse("#F59F00").unwrap();
    assert_eq!(yellow.ink(ink), ink, "white is 2.1:1 on yellow");
    assert!((Color::WHITE.contrast(yellow) - 2.15).abs() < 0.05);
    assert!((Color::WHITE.contrast(Color::BLACK) - 21.0).abs() < 0.01);
    // A quiet line under a title keeps its fill's hue and still reads.
    for fill in [navy, yellow, Color::parse("#0C8599").unwrap()] {
        let q = fill.quiet_ink(0.8);
        assert!(q.contrast(fill) >= MIN_TEXT_CONTRAST, "{q} on {fill}");
        assert_ne!(q, Color::WHITE);
        assert_ne!(q, Color::BLACK);
    }
}

// --- Told apart without colour ------------------------------------------------

/// A path's points, each as offsets from its first, in hundredths: the
/// shape wherever it is drawn.
fn shape(d: &travesia_layout::PathData) -> Shape {
    let points: Vec<(f32, f32)> =
        d.0.iter()
            .flat_map(|s| match s {
                Seg::Move(p) | Seg::Line(p) => vec![*p],
                Seg::Cubic(a, b, c) => vec![*a, *b, *c],
                Seg::Close => vec![],
            })
            .collect();
    let (x0, y0) = points[0];
    points
        .iter()
        .map(|(x, y)| (((x - x0) * 100.0) as i32, ((y - y0) * 100.0) as i32))
        .collect()
}

fn first_point(d: &travesia_layout::PathData) -> (f32, f32) {
    match d.0[0] {
        Seg::Move(p) | Seg::Line(p) => p,
        Seg::Cubic(_, _, p) => p,
        Seg::Close => (f32::NAN, f32::NAN),
    }
}

/// Eight routes over the same two cards and two emotion curves, every route
/// in one colour and both curves in another: only a pattern can tell them
/// apart.
fn one_colour_routes_and_curves() -> Map {
    let mut m = example();
    let mut routes = Vec::new();
    for n in 0..8 {
        routes.push(travesia_core::model::Route {
            id: format!("r{n}"),
            name: format!("Ruta {n}"),
            color: Some("#123456".into()),
            steps: vec!["t4".into(), "t5".into()],
            extra: Default::default(),
        });
    }
    m.routes = Some(routes);
    let mut second = m.lane("l-emotions").unwrap().clone();
    second.id = "l-emotions-2".into();
    second.title = "Emociones (tienda)".into();
    m.lanes.push(second);
    let scored: Vec<_> = m
        .cards
        .iter()
        .filter(|c| c.lane == "l-emotions")
        .cloned()
        .collect();
    for mut c in scored {
        c.id = format!("{}-2", c.id);
        c.lane = "l-emotions-2".into();
        c.score = c.score.map(|s| -s);
        m.cards.push(c);
    }
    m
}

/// A marker's outline, its points rounded to whole pixels.
type Shape = Vec<(i32, i32)>;

/// A path of the scene, as the checks below read it.
struct Drawn<'a> {
    d: &'a travesia_layout::PathData,
    fill: Option<Color>,
    stroke: Option<Color>,
    width: f32,
    dash: &'a Vec<f32>,
}

struct Told {
    /// Per route, in the legend: its line's dash and its marker's shape.
    legend: Vec<(Vec<f32>, Option<Shape>)>,
    /// The dashes of the connectors between cards.
    connectors: Vec<Vec<f32>>,
    /// The shapes of the badges on the first card all the routes cross.
    badges: Vec<Shape>,
    /// The dash of each emotion curve.
    curves: Vec<Vec<f32>>,
}

fn told(s: &Scene) -> Told {
    let route = Color::parse("#123456").unwrap();
    let inside = |h: &travesia_layout::Hit, (x, y): (f32, f32)| {
        x >= h.x - 8.0 && x <= h.x + h.w && y >= h.y - 8.0 && y <= h.y + h.h + 8.0
    };
    let paths: Vec<Drawn> = s
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Path {
                d,
                fill,
                stroke,
                stroke_width,
                dash,
            } => Some(Drawn {
                d,
                fill: *fill,
                stroke: *stroke,
                width: *stroke_width,
                dash,
            }),
            _ => None,
        })
        .collect();
    let mut legend = Vec::new();
    for h in s
        .hits
        .iter()
        .filter(|h| matches!(h.target, Target::Route { .. }))
    {
        let line = paths
            .iter()
            .find(|p| p.stroke == Some(route) && p.width == 4.0 && inside(h, first_point(p.d)))
            .expect("each route has a line in the legend");
        let marker = paths
            .iter()
            .find(|p| p.fill == Some(route) && inside(h, first_point(p.d)))
            .map(|p| shape(p.d));
        legend.push((line.dash.clone(), marker));
    }
    let connectors = paths
        .iter()
        .filter(|p| p.stroke == Some(route) && p.width == 3.0)
        .map(|p| p.dash.clone())
        .collect();
    let (cx, cy, cw, _) = card_box(s, "t4");
    let badges = paths
        .iter()
        .filter(|p| p.fill == Some(route) && p.width == 2.0)
        .filter(|p| {
            let (x, y) = first_point(p.d);
            x >= cx - 200.0 && x <= cx + cw + 20.0 && (y - (cy - 4.0)).abs() < 20.0
        })
        .map(|p| shape(p.d))
        .collect();
    let curve = Color::parse("#F59F00").unwrap();
    let curves = paths
        .iter()
        .filter(|p| p.stroke == Some(curve) && p.width == 3.0)
        .map(|p| p.dash.clone())
        .collect();
    Told {
        legend,
        connectors,
        badges,
        curves,
    }
}

fn distinct<T: PartialEq>(list: &[T]) -> usize {
    let mut seen: Vec<&T> = Vec::new();
    for x in list {
        if !seen.contains(&x) {
            seen.push(x);
        }
    }
    seen.len()
}

#[test]
fn with_patterns_routes_and_curves_are_told_apart_without_colour() {
    let m = one_colour_routes_and_curves();
    let look = Look {
        patterns: true,
        ..Look::default()
    };
    let t = told(&layout_with(&m, &mut TextEngine::new(), look));
    // Every route's entry in the legend differs from every other one's.
    assert_eq!(t.legend.len(), 8);
    assert!(t.legend.iter().all(|(_, marker)| marker.is_some()));
    assert_eq!(distinct(&t.legend), 8, "{:?}", t.legend);
    // On the map: six line patterns and six badge shapes.
    assert_eq!(t.connectors.len(), 8);
    assert_eq!(distinct(&t.connectors), 6);
    assert_eq!(t.badges.len(), 8);
    assert_eq!(distinct(&t.badges), 6);
    // Each badge's shape and each line's pattern is the one its legend shows.
    for (n, (dash, marker)) in t.legend.iter().enumerate() {
        assert_eq!(&t.connectors[n], dash);
        let Some(marker) = marker else { unreachable!() };
        assert_eq!(marker.len(), t.badges[n].len(), "route {n}");
    }
    // The two curves: one solid, one dashed, each shown under its lane's name.
    assert_eq!(t.curves.len(), 4, "two curves and their two samples");
    assert_eq!(distinct(&t.curves), 2);
}

#[test]
fn without_patterns_the_map_is_as_on_screen() {
    let m = one_colour_routes_and_curves();
    let screen = layout(&m, &mut TextEngine::new());
    assert_eq!(
        json(&screen),
        json(&layout_with(&m, &mut TextEngine::new(), Look::default()))
    );
    // Colour alone, which this map takes away: every route looks the same.
    let t = told(&screen);
    assert_eq!(t.legend.len(), 8);
    assert_eq!(distinct(&t.legend), 1);
    assert_eq!(distinct(&t.connectors), 1);
    assert_eq!(distinct(&t.badges), 1);
    assert_eq!(t.curves.len(), 2);
    assert_eq!(distinct(&t.curves), 1);
}

#[test]
fn the_first_36_patterns_all_differ_and_every_marker_holds_its_number() {
    let all: Vec<Pattern> = (0..36).map(Pattern::of).collect();
    assert_eq!(distinct(&all), 36);
    for m in Marker::ALL {
        // The number (about 7 px across) fits in the circle the marker
        // holds around its centre: every edge is at least 7 px away.
        let d = m.path(0.0, 0.0, 10.0);
        let pts: Vec<(f32, f32)> =
            d.0.iter()
                .filter_map(|s| match s {
                    Seg::Move(p) | Seg::Line(p) => Some(*p),
                    _ => None,
                })
                .collect();
        if m == Marker::Circle {
            // Curves only: a circle of radius 10.
            assert_eq!(pts.len(), 1);
            continue;
        }
        assert!(pts.len() >= 3, "{m:?}");
        for (i, a) in pts.iter().enumerate() {
            let b = pts[(i + 1) % pts.len()];
            let (ex, ey) = (b.0 - a.0, b.1 - a.1);
            let dist = (a.0 * ey - a.1 * ex).abs() / (ex * ex + ey * ey).sqrt();
            assert!(dist >= 7.0, "{m:?}: an edge {dist} px from the centre");
        }
    }
}

/// The lane's title band: its top and bottom.
fn lane_rows(s: &Scene) -> Vec<(String, f32, f32)> {
    s.hits
        .iter()
        .filter_map(|h| match &h.target {
            Target::Lane { id } => Some((id.clone(), h.y, h.y + h.h)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_service_blueprint_draws_and_names_its_three_lines_between_its_zones() {
    for (lang, names) in [
        (
            "es",
            [
                "Línea de interacción",
                "Línea de visibilidad",
                "Línea de interacción interna",
            ],
        ),
        (
            "pt-BR",
            [
                "Linha de interação",
                "Linha de visibilidade",
                "Linha de interação interna",
            ],
        ),
    ] {
        let m = templates::load("blueprint", lang).unwrap();
        let s = layout(&m, &mut TextEngine::new());
        let rows = lane_rows(&s);
        let row = |id: &str| rows.iter().find(|r| r.0 == id).cloned().unwrap();
        let width = s.width;
        let line_ink = Color::parse("#3D4852").unwrap();
        // Lines run across the map: the lane column and every stage.
        let lines: Vec<(f32, Vec<f32>)> = s
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Path {
                    d,
                    dash,
                    stroke: Some(ink),
                    stroke_width,
                    ..
                } if d.0.len() == 2 && *ink == line_ink && *stroke_width == 1.5 => {
                    let (x0, y0) = first_point(d);
                    let (x1, y1) = match d.0[1] {
                        Seg::Line(p) => p,
                        _ => return None,
                    };
                    ((y0 - y1).abs() < 0.01 && x1 - x0 > width * 0.8).then(|| (y0, dash.clone()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(lines.len(), 3, "{lang}: {lines:?}");
        // Each between the lanes of its zones, each with its own stroke.
        for ((y, _), (above, below)) in lines.iter().zip([
            ("l-emotions", "l-frontstage"),
            ("l-frontstage", "l-backstage"),
            ("l-backstage", "l-support"),
        ]) {
            assert!(
                row(above).2 < *y && *y < row(below).1,
                "{lang}: a line at {y} between {above} {:?} and {below} {:?}",
                row(above),
                row(below)
            );
        }
        assert_eq!(
            distinct(&lines.iter().map(|l| l.1.clone()).collect::<Vec<_>>()),
            3
        );
        // Named at its start, between the same lanes.
        for (name, (y, _)) in names.iter().zip(&lines) {
            let label = s
                .items
                .iter()
                .find_map(|i| match i {
                    Item::Text { text, y: base, .. } if text == name => Some(*base),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{lang}: {name} is written"));
            assert!(
                (label - y).abs() < 10.0,
                "{lang}: {name} at {label}, its line at {y}"
            );
        }
    }
    // A journey map has none of it.
    let s = layout(&example(), &mut TextEngine::new());
    assert!(!json(&s).contains("Línea de"));
}

/// The curves of a scene: each stroked, unfilled path of more than two
/// segments (a curve through several points), with its colour and dash.
fn curve_strokes(s: &Scene) -> Vec<(Color, Vec<f32>)> {
    s.items
        .iter()
        .filter_map(|i| match i {
            Item::Path {
                d,
                fill: None,
                stroke: Some(ink),
                dash,
                stroke_width,
                ..
            } if *stroke_width == 3.0
                && d.0.iter().filter(|s| matches!(s, Seg::Cubic(..))).count() >= 3 =>
            {
                Some((*ink, dash.clone()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn each_personas_curve_is_drawn_in_its_colour_named_in_a_legend_and_to_be_dashed() {
    let m = sample::two_personas("es");
    let s = layout(&m, &mut TextEngine::new());
    let carmen = Color::parse(travesia_core::PERSONA_COLORS[0]).unwrap();
    let luis = Color::parse(travesia_core::PERSONA_COLORS[1]).unwrap();
    let curves = curve_strokes(&s);
    assert_eq!(curves.len(), 3, "{curves:?}");
    // In the legend's order: Carmen as-is, Carmen to-be (dashed), Luis.
    assert_eq!(curves[0], (carmen, vec![]));
    assert_eq!(curves[1].0, carmen);
    assert!(!curves[1].1.is_empty(), "the to-be curve is dashed");
    assert_eq!(curves[2], (luis, vec![]));
    let t = texts(&s);
    for name in ["Carmen Ortega", "Carmen Ortega · deseada", "Luis Medina"] {
        assert!(t.contains(&name), "{name} in the legend: {t:?}");
    }
    // Every point is a face the editor can hit, on its own curve.
    for c in m.cards.iter().filter(|c| c.lane == "l-emotions") {
        card_box(&s, &c.id);
    }
    // Every note under the points is drawn.
    for c in m
        .cards
        .iter()
        .filter(|c| c.lane == "l-emotions" && !c.text.is_empty())
    {
        let first = c.text.split_whitespace().next().unwrap();
        assert!(t.iter().any(|l| l.contains(first)), "{:?}", c.text);
    }
    // A colour of the persona's own wins over its place's.
    let mut own = m.clone();
    own.personas.as_mut().unwrap()[1].color = Some("#E03131".into());
    let s = layout(&own, &mut TextEngine::new());
    assert_eq!(curve_strokes(&s)[2].0, Color::parse("#E03131").unwrap());
}

#[test]
fn one_personas_journey_draws_only_their_curves_and_no_legend_for_one_curve() {
    let m = sample::two_personas("en");
    let luis = m.for_persona("persona-luis");
    let s = layout(&luis, &mut TextEngine::new());
    let curves = curve_strokes(&s);
    assert_eq!(curves.len(), 1, "{curves:?}");
    let t = texts(&s);
    assert!(t.contains(&"Luis Medina"), "his card in the header");
    assert!(!t.iter().any(|l| l.contains("Carmen")), "no Carmen: {t:?}");
    assert!(
        !t.iter().any(|l| l.contains("to-be")),
        "one curve needs no legend"
    );
    // The map as on screen is the same map laid out whole.
    let whole = layout(&m, &mut TextEngine::new());
    assert_eq!(curve_strokes(&whole).len(), 3);
}

#[test]
fn each_metric_is_a_line_across_the_stages_with_its_values_and_unit() {
    let m = sample::with_metrics("es");
    let s = layout(&m, &mut TextEngine::new());
    let t = texts(&s);
    for label in [
        "CSAT (/5)",
        "NPS (pts)",
        "4,2/5",
        "3,5/5",
        "-10 pts",
        "30 pts",
    ] {
        assert!(t.contains(&label), "{label} in {t:?}");
    }
    // Two lines of five points each, in the lane's colour.
    let ink = Color::parse(travesia_core::LaneKind::Metrics.spec().color).unwrap();
    let lines = s
        .items
        .iter()
        .filter(|i| {
            matches!(i, Item::Path { d, stroke: Some(c), fill: None, .. }
                if *c == ink && d.0.iter().filter(|s| matches!(s, Seg::Line(_))).count() == 4)
        })
        .count();
    assert_eq!(lines, 2);
    // Each value is a card the editor can select.
    for c in m.cards.iter().filter(|c| c.lane == "l-metrics") {
        card_box(&s, &c.id);
    }
    // A higher value sits higher on its line.
    let y = |id: &str| card_box(&s, id).1;
    assert!(y("nps-s5") < y("nps-s2") && y("nps-s2") < y("nps-s1"));
}
