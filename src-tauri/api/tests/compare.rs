//! Versions compared: a version of a map against the map now (and two
//! versions against each other), every change found and marked, and the
//! change poster printed: pdftotext finds the legend, each change's tag and
//! the removed card's words.

use std::sync::atomic::AtomicBool;

use travesia_api::compare;
use travesia_api::export::{self, ExportFormat, ExportOptions};
use travesia_api::Engine;
use travesia_core::compare::Change;
use travesia_core::edit::{CardPatch, Edit};
use travesia_core::format::Document;
use travesia_core::{templates, CardPlace};
use travesia_store::Library;

mod common;
use common::tool;

#[test]
fn a_version_compared_with_now_marks_every_change_and_prints_a_change_poster() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("lib.sqlite3")).unwrap();
    let map = templates::load("omnichannel", "es").unwrap();
    let id = lib
        .import(Document {
            map: map.clone(),
            extra: Default::default(),
        })
        .unwrap();
    let before = lib.snapshot(&id, "Antes del taller").unwrap();
    let cards = lib.load(&id).unwrap().cards;
    let (gone, moved, changed) = (&cards[1], &cards[4], &cards[6]);
    let mut new_card = cards[0].clone();
    new_card.id = "idea-nueva".into();
    new_card.text = "Probador virtual en la web".into();
    let other_stage = map
        .stages
        .iter()
        .find(|s| s.id != moved.stage)
        .unwrap()
        .id
        .clone();
    for edit in [
        Edit::InsertCard {
            card: new_card,
            place: CardPlace::InCell(0),
            steps: vec![],
        },
        Edit::DeleteCard {
            id: gone.id.clone(),
        },
        Edit::MoveCard {
            id: moved.id.clone(),
            stage: other_stage,
            lane: moved.lane.clone(),
            place: CardPlace::InCell(0),
        },
        Edit::UpdateCard {
            id: changed.id.clone(),
            patch: CardPatch {
                text: Some(format!("{} (revisado)", changed.text)),
                ..CardPatch::default()
            },
        },
    ] {
        lib.apply(&id, &edit)
            .unwrap_or_else(|e| panic!("{edit:?}: {e}"));
    }
    let later = lib.snapshot(&id, "Después del taller").unwrap();

    let (src, c) = compare::source(&mut lib, &id, Some(before), None).unwrap();
    assert_eq!(c.card("idea-nueva"), Some(Change::Added));
    assert_eq!(c.card(&gone.id), Some(Change::Removed));
    assert_eq!(c.card(&moved.id), Some(Change::Moved));
    assert_eq!(c.card(&changed.id), Some(Change::Changed));
    assert_eq!(c.cards.len(), 4);
    // The removed card is drawn again, where it was.
    assert!(src.doc.map.card(&gone.id).is_some());
    let marks = src.changes.as_ref().unwrap();
    assert_eq!(marks.title, "«Antes del taller» → ahora");
    assert_eq!(marks.counts, [1, 1, 1, 1]);

    // Two versions: the same changes; the same state twice is refused.
    let (_, between) = compare::source(&mut lib, &id, Some(before), Some(later)).unwrap();
    assert_eq!(between, c);
    assert!(compare::source(&mut lib, &id, Some(before), Some(before)).is_err());
    assert!(compare::source(&mut lib, &id, Some(9999), None).is_err());

    // The window's view: the Scene marks the four cards.
    let view = compare::view(&Engine::new(), &mut lib, &id, Some(before), None).unwrap();
    assert_eq!(view.comparison, c);
    let tags: Vec<&str> = view
        .scene
        .items
        .iter()
        .filter_map(|i| match i {
            travesia_layout::Item::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .filter(|t| ["Nueva", "Quitada", "Movida", "Cambiada"].contains(t))
        .collect();
    assert_eq!(tags.len(), 4, "{tags:?}");

    // The change poster.
    let pdf = dir.path().join("cambios.pdf");
    let never = AtomicBool::new(false);
    let o = ExportOptions {
        paper: "A2".into(),
        ..ExportOptions::new(ExportFormat::Pdf)
    };
    export::write(&Engine::new(), &src, &o, &pdf, |_| {}, &never).unwrap();
    let text = tool("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for w in [
        "Cambios",
        "«Antes del taller» → ahora",
        "Añadidas (1)",
        "Quitadas (1)",
        "Movidas (1)",
        "Cambiadas (1)",
        "Probador virtual en la web",
        "(revisado)",
    ] {
        assert!(words.contains(w), "{w}: {words}");
    }
    let first_words: String = gone
        .text
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains(&first_words),
        "the removed card: {first_words}"
    );
}
