//! Cards' evidence on the poster: a confidence badge told apart by shape
//! and colour, the source and date under the text, the note quoted, a legend
//! of the badges; none of it when an export leaves evidence out.

use travesia_core::model::{Evidence, LaneKind};
use travesia_core::{templates, Map};
use travesia_layout::poster::{layout_with, Confidence, Look};
use travesia_layout::{Color, Item, Scene, Seg, Target, TextEngine};

fn example() -> Map {
    templates::load("omnichannel", "es").unwrap()
}

/// The example with evidence on a card of a text lane (`text`) and on a
/// touchpoint (`touch`): their ids.
fn with_evidence(m: &mut Map) -> (String, String) {
    let text_lanes: Vec<String> = m
        .lanes
        .iter()
        .filter(|l| l.kind == LaneKind::Actions)
        .map(|l| l.id.clone())
        .collect();
    let touch_lanes: Vec<String> = m
        .lanes
        .iter()
        .filter(|l| l.kind == LaneKind::Touchpoints)
        .map(|l| l.id.clone())
        .collect();
    let text = m
        .cards
        .iter_mut()
        .find(|c| text_lanes.contains(&c.lane))
        .unwrap();
    text.text = "Compara precios en el móvil delante del estante".into();
    text.evidence = Some(Evidence {
        confidence: Some("assumption".into()),
        source: Some("interview".into()),
        note: Some("Lo miro todo en el móvil antes de pagar".into()),
        date: Some("2026-11-20".into()),
        ..Evidence::default()
    });
    let text = text.id.clone();
    let touch = m
        .cards
        .iter_mut()
        .find(|c| touch_lanes.contains(&c.lane))
        .unwrap();
    touch.evidence = Some(Evidence {
        confidence: Some("validated".into()),
        source: Some("analytics".into()),
        ..Evidence::default()
    });
    (text, touch.id.clone())
}

fn card_box(s: &Scene, id: &str) -> (f32, f32, f32, f32) {
    s.hits
        .iter()
        .find(|h| matches!(&h.target, Target::Card { id: c } if c == id))
        .map(|h| (h.x, h.y, h.w, h.h))
        .unwrap_or_else(|| panic!("no hit region for card {id}"))
}

fn texts(s: &Scene) -> Vec<(&str, f32, f32, f32)> {
    s.items
        .iter()
        .filter_map(|i| match i {
            Item::Text { text, x, y, w, .. } => Some((text.as_str(), *x, *y, *w)),
            _ => None,
        })
        .collect()
}

fn has_text(s: &Scene, t: &str) -> bool {
    texts(s).iter().any(|l| l.0 == t)
}

/// Paths filled or stroked in `color`, inside the box.
fn paths_in(s: &Scene, color: Color, b: (f32, f32, f32, f32)) -> usize {
    s.items
        .iter()
        .filter(|i| match i {
            Item::Path {
                d, fill, stroke, ..
            } => {
                (*fill == Some(color) || *stroke == Some(color))
                    && d.0
                        .iter()
                        .flat_map(|seg| match seg {
                            Seg::Move(p) | Seg::Line(p) => vec![*p],
                            Seg::Cubic(a, b, c) => vec![*a, *b, *c],
                            Seg::Close => vec![],
                        })
                        .all(|(x, y)| x >= b.0 && x <= b.0 + b.2 && y >= b.1 && y <= b.1 + b.3)
            }
            _ => false,
        })
        .count()
}

fn draw(m: &Map, hide_evidence: bool) -> Scene {
    let mut engine = TextEngine::new();
    layout_with(
        m,
        &mut engine,
        Look {
            hide_evidence,
            ..Look::default()
        },
    )
}

#[test]
fn a_card_wears_its_badge_source_date_and_note() {
    let mut m = example();
    let (text, touch) = with_evidence(&mut m);
    let s = draw(&m, false);
    let tb = card_box(&s, &text);
    assert!(
        paths_in(&s, Confidence::Assumption.color(), tb) >= 1,
        "the assumption's badge"
    );
    assert!(has_text(&s, "Entrevista · 20 nov 2026"));
    let note = texts(&s)
        .into_iter()
        .find(|l| l.0.starts_with("«Lo miro"))
        .expect("the note, quoted");
    // The note is inside its card, under the card's text.
    assert!(note.2 > tb.1 && note.2 < tb.1 + tb.3);
    let first = texts(&s)
        .into_iter()
        .find(|l| l.0.starts_with("Compara"))
        .unwrap();
    assert!(note.2 > first.2);
    // No line of the card's text runs under the badge at its right.
    for l in texts(&s) {
        if l.2 > tb.1 && l.2 < tb.1 + 40.0 && l.1 >= tb.0 && l.1 < tb.0 + tb.2 {
            assert!(
                l.1 + l.3 <= tb.0 + tb.2 - 10.0 - 12.0,
                "{l:?} reaches the badge"
            );
        }
    }
    // The touchpoint's badge is in its channel's row.
    let kb = card_box(&s, &touch);
    assert!(paths_in(&s, Confidence::Validated.color(), (kb.0, kb.1, kb.2, 30.0)) >= 1);
    assert!(has_text(&s, "Analítica"));
    // The legend names the three.
    for word in ["Confianza", "Suposición", "Algunas pruebas", "Validado"] {
        assert!(has_text(&s, word), "{word}");
    }
}

#[test]
fn an_export_without_evidence_draws_the_map_as_if_it_had_none() {
    let mut m = example();
    let plain = draw(&m, false);
    let (text, _) = with_evidence(&mut m);
    let mut bare = m.clone();
    for c in &mut bare.cards {
        c.evidence = None;
    }
    let hidden = draw(&m, true);
    assert_eq!(hidden, draw(&bare, false));
    assert!(!has_text(&hidden, "Confianza"));
    assert!(!texts(&hidden).iter().any(|l| l.0.contains("Lo miro")));
    // Shown, the card grows by the evidence's lines.
    let shown = draw(&m, false);
    assert!(card_box(&shown, &text).3 > card_box(&hidden, &text).3 + 20.0);
    assert!(shown.height > plain.height);
}

#[test]
fn no_legend_without_a_confidence_and_a_note_keeps_its_own_quotes() {
    let mut m = example();
    let id = m.cards[0].id.clone();
    m.cards[0].evidence = Some(Evidence {
        note: Some("«Tardaron tres días en contestar»".into()),
        ..Evidence::default()
    });
    let s = draw(&m, false);
    assert!(!has_text(&s, "Confianza"));
    assert!(has_text(&s, "«Tardaron tres días en contestar»"));
    let _ = card_box(&s, &id);
    // In English the words change, the shapes do not.
    m.locale = Some("en".into());
    m.cards[0].evidence = Some(Evidence {
        confidence: Some("some_evidence".into()),
        source: Some("survey".into()),
        ..Evidence::default()
    });
    let s = draw(&m, false);
    for word in [
        "Confidence",
        "Assumption",
        "Some evidence",
        "Validated",
        "Survey",
    ] {
        assert!(has_text(&s, word), "{word}");
    }
}
