//! The workshop loop: a worksheet exported for a map, filled in elsewhere
//! (here by openpyxl, as LibreOffice or Excel would save it), read back into
//! that same map as one edit. New lines add cards, changed lines update
//! their cards in place (keeping what a worksheet does not show: ids,
//! channels, route steps), a line taken out removes its card, and nothing
//! else is touched; one undo gives the map back as it was.

mod common;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use travesia_api::export::{self, ExportFormat, ExportOptions, Source};
use travesia_api::sheets::{self, SheetLayout};
use travesia_api::{maps, Engine};
use travesia_core::{LaneKind, Map};
use travesia_store::Library;

use common::python;

fn worksheet(lib: &mut Library, id: &str, path: &Path) {
    let never = AtomicBool::new(false);
    export::write(
        &Engine::new(),
        &Source::from_library(lib, id).unwrap(),
        &ExportOptions {
            layout: SheetLayout::Worksheet,
            ..ExportOptions::new(ExportFormat::of_path(path).unwrap())
        },
        path,
        |_| {},
        &never,
    )
    .unwrap();
}

fn cell_texts(m: &Map, stage: usize, lane: &str) -> Vec<String> {
    let lane = m.lanes.iter().find(|l| l.title == lane).unwrap();
    m.cell_cards(&m.stages[stage].id, &lane.id)
        .map(|c| c.text.clone())
        .collect()
}

#[test]
fn a_worksheet_filled_in_elsewhere_comes_back_as_one_undoable_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("l.db")).unwrap();
    let id = maps::create_from_template(&mut lib, "omnichannel", "es", None, true).unwrap();
    let before = lib.load(&id).unwrap();
    let book = dir.path().join("taller.xlsx");
    worksheet(&mut lib, &id, &book);

    // At the workshop: a sticky note added, one reworded, one taken off,
    // an emotion moved, a new stage and a new lane.
    python(
        r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = list(ws.iter_rows())
def row(title):
    return next(r for r in rows if r[0].value == title)
acts = row("Qué hace")
first = acts[2].value.split("\n")
acts[2].value = "\n".join(first + ["Pregunta en el grupo de WhatsApp"])
second = acts[3].value.split("\n")
second[0] = second[0] + " (en el móvil)"
acts[3].value = "\n".join(second)
third = acts[4].value.split("\n")
acts[4].value = "\n".join(third[1:])
emo = row("Cómo se siente")
emo[2].value = "-1 — duda"
last = ws.max_column + 1
ws.cell(row=1, column=last, value="Recomendación")
ws.cell(row=acts[0].row, column=last, value="Lo cuenta a sus amigas")
ws.append(["Ideas del taller", "Oportunidades", "Probar un chat"])
wb.save(sys.argv[1])
"#,
        &[&book],
    );
    let m = lib.load(&id).unwrap();
    let merged = sheets::merge(&m, &book, "es").unwrap();
    assert_eq!(
        merged.words,
        "Hoja leída en el mapa: 3 tarjetas nuevas, 2 cambiadas, 1 quitada, 1 etapa nueva y 1 carril nuevo. Ctrl+Z lo deshace todo de una vez."
    );
    let edit = merged.edit.expect("something changed");
    lib.apply(&id, &edit).unwrap();
    let after = lib.load(&id).unwrap();

    let acts = "Qué hace";
    let was = |s| cell_texts(&before, s, acts);
    let mut want = was(0);
    want.push("Pregunta en el grupo de WhatsApp".into());
    assert_eq!(cell_texts(&after, 0, acts), want);
    // Reworded in place: the same card, its id, channel and route steps kept.
    let old = before
        .cell_cards(
            &before.stages[1].id,
            &before.lanes.iter().find(|l| l.title == acts).unwrap().id,
        )
        .next()
        .unwrap()
        .clone();
    let new = after.card(&old.id).expect("the same card");
    assert_eq!(new.text, format!("{} (en el móvil)", old.text));
    assert_eq!(new.channel, old.channel);
    assert_eq!(cell_texts(&after, 2, acts), was(2)[1..].to_vec());
    let emotion = after
        .cards
        .iter()
        .find(|c| {
            c.stage == after.stages[0].id
                && after.lane(&c.lane).unwrap().kind == LaneKind::Emotions
                && c.persona.is_none()
        })
        .unwrap();
    assert_eq!((emotion.score, emotion.text.as_str()), (Some(-1), "duda"));
    assert_eq!(after.stages.last().unwrap().title, "Recomendación");
    assert_eq!(
        cell_texts(&after, after.stages.len() - 1, acts),
        ["Lo cuenta a sus amigas"]
    );
    let idea = after.lanes.last().unwrap();
    assert_eq!(
        (idea.title.as_str(), idea.kind),
        ("Ideas del taller", LaneKind::Opportunities)
    );
    // Nothing else touched: every card of the other cells, whole.
    let untouched: Vec<_> = before
        .cards
        .iter()
        .filter(|c| {
            let lane = before.lane(&c.lane).unwrap();
            lane.title != acts && lane.kind != LaneKind::Emotions
        })
        .collect();
    for c in untouched {
        assert_eq!(after.card(&c.id), Some(c), "{}", c.text);
    }
    assert_eq!(
        after.routes,
        before.routes.map(|mut rs| {
            // The removed card's steps leave with it.
            let gone: Vec<_> = before
                .cards
                .iter()
                .filter(|c| after.card(&c.id).is_none())
                .map(|c| c.id.clone())
                .collect();
            for r in rs.iter_mut() {
                r.steps.retain(|s| !gone.contains(s));
            }
            rs
        })
    );
    assert_eq!(after.personas, before.personas);

    // One undo: the map as it was.
    assert!(lib.undo(&id).unwrap());
    let undone = lib.load(&id).unwrap();
    assert_eq!(undone.cards, before.cards);
    assert_eq!(undone.stages, before.stages);
    assert_eq!(undone.lanes, before.lanes);
}

#[test]
fn an_unchanged_worksheet_changes_nothing_and_a_bad_cell_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("l.db")).unwrap();
    let id = maps::create_from_template(&mut lib, "five-phases", "es", None, true).unwrap();
    let csv = dir.path().join("taller.csv");
    worksheet(&mut lib, &id, &csv);
    let m = lib.load(&id).unwrap();
    let merged = sheets::merge(&m, &csv, "es").unwrap();
    assert_eq!(merged.edit, None);
    assert_eq!(
        merged.words,
        "La hoja dice lo mismo que el mapa: no cambia nada."
    );

    // An emotion out of range: named at its cell, nothing applied.
    let text = std::fs::read_to_string(&csv).unwrap();
    let emotions = text
        .lines()
        .position(|l| l.starts_with("Emociones") || l.contains(";Emociones;"))
        .expect("an emotions row");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[emotions].split(';').map(str::to_string).collect();
    cells[2] = "9".into();
    lines[emotions] = cells.join(";");
    std::fs::write(&csv, lines.join("\r\n")).unwrap();
    let e = sheets::merge(&m, &csv, "es").unwrap_err();
    assert_eq!(e.issues.len(), 1, "{:?}", e.issues);
    assert!(
        e.issues[0].words.starts_with(&format!(
            "Fila {}, columna «{}»",
            emotions + 1,
            m.stages[0].title
        )),
        "{}",
        e.issues[0].words
    );
    assert_eq!(lib.load(&id).unwrap(), m);
}

#[test]
fn stages_and_lanes_of_one_title_and_cards_without_words_read_back_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("l.db")).unwrap();
    let id = maps::create_from_template(&mut lib, "three-stages", "es", None, true).unwrap();
    let mut m = lib.load(&id).unwrap();
    // What editing leaves behind: two "Etapa nueva", two "Carril nuevo", an empty card.
    let (s0, s1) = (m.stages[0].id.clone(), m.stages[1].id.clone());
    m.stages[0].title = "Etapa nueva".into();
    m.stages[1].title = "Etapa nueva".into();
    let text_lanes: Vec<usize> = (0..m.lanes.len())
        .filter(|&i| m.lanes[i].kind.spec().holds == travesia_core::Holds::Text)
        .take(2)
        .collect();
    for &i in &text_lanes {
        m.lanes[i].title = "Carril nuevo".into();
    }
    let lane = m.lanes[text_lanes[1]].id.clone();
    for (n, stage) in [(0, &s0), (1, &s1)] {
        m.cards.push(travesia_core::Card {
            id: format!("dup-{n}"),
            stage: stage.clone(),
            lane: lane.clone(),
            text: format!("En la etapa {n}"),
            ..Default::default()
        });
    }
    m.cards.push(travesia_core::Card {
        id: "vacia".into(),
        stage: s0.clone(),
        lane: lane.clone(),
        text: String::new(),
        ..Default::default()
    });
    lib.apply(
        &id,
        &travesia_core::Edit::ReplaceMap {
            map: Box::new(m.clone()),
        },
    )
    .unwrap();
    let m = lib.load(&id).unwrap();
    for ext in ["csv", "xlsx"] {
        let path = dir.path().join(format!("igual.{ext}"));
        worksheet(&mut lib, &id, &path);
        let merged = sheets::merge(&m, &path, "es").unwrap();
        assert_eq!(merged.edit, None, "{ext}: {}", merged.words);
    }
}
