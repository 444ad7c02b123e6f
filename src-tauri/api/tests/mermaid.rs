//! Mermaid `journey` diagrams in and out, as a developer would use them:
//! the example of Mermaid's own documentation imports; a score out of range
//! is brought into it with a warning that names its line; what is not a
//! journey is refused at its line; a map goes out as sections and tasks,
//! with what a journey cannot hold said, and comes back with its stages and
//! actions.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use travesia_api::export::{self, ExportFormat, ExportOptions, Source};
use travesia_api::{import, Engine};
use travesia_core::format::Document;
use travesia_core::{templates, LaneKind, Map};

/// The journey example of Mermaid's documentation (docs/syntax/userJourney.md).
const DOCS_EXAMPLE: &str = "journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
";

fn file(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn point(m: &Map, stage: usize, persona: &str) -> Option<i8> {
    let lane = m.lanes.iter().find(|l| l.kind == LaneKind::Emotions)?;
    let who = m.personas().iter().find(|p| p.name == persona)?.id.clone();
    m.cell_cards(&m.stages[stage].id, &lane.id)
        .find(|c| c.persona.as_deref() == Some(who.as_str()))
        .and_then(|c| c.score)
}

#[test]
fn the_example_of_mermaid_s_documentation_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), "dia.mmd", DOCS_EXAMPLE);
    let (doc, notes) = import::read_with_notes(&path, "en").unwrap();
    let m = &doc.map;
    assert_eq!(m.title, "My working day");
    let stages: Vec<_> = m.stages.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(stages, ["Go to work", "Go home"]);
    let actions = m
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Actions)
        .unwrap();
    let tasks: Vec<_> = m
        .cards
        .iter()
        .filter(|c| c.lane == actions.id)
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(
        tasks,
        [
            "Make tea",
            "Go upstairs",
            "Do work",
            "Go downstairs",
            "Sit down"
        ]
    );
    let names: Vec<_> = m.personas().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Me", "Cat"]);
    // Me: (5 + 3 + 1) / 3 = 3 → 0; Cat: 1 → −2; Me at home: 5 → +2.
    assert_eq!(point(m, 0, "Me"), Some(0));
    assert_eq!(point(m, 0, "Cat"), Some(-2));
    assert_eq!(point(m, 1, "Me"), Some(2));
    assert_eq!(point(m, 1, "Cat"), None);
    assert_eq!(
        notes,
        [
            "The stage “Go to work” has 3 tasks of one curve: its point is their mean, +0.",
            "The stage “Go home” has 2 tasks of one curve: its point is their mean, +2.",
        ]
    );
}

#[test]
fn a_score_out_of_range_is_brought_in_with_a_warning_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "journey\n  title Compra\n  section Pago\n    Paga con tarjeta: 7: Ana\n    Espera: 0\n";
    let path = file(dir.path(), "compra.mmd", text);
    let (doc, notes) = import::read_with_notes(&path, "es").unwrap();
    assert_eq!(
        notes[..2],
        [
            "Línea 4: la puntuación 7 está fuera de 1 a 5; se toma 5.",
            "Línea 5: la puntuación 0 está fuera de 1 a 5; se toma 1.",
        ]
    );
    assert_eq!(point(&doc.map, 0, "Ana"), Some(2));
    // A task with no actor is on the map's general curve.
    let general = doc
        .map
        .cards
        .iter()
        .find(|c| c.score.is_some() && c.persona.is_none())
        .unwrap();
    assert_eq!(general.score, Some(-2));
}

#[test]
fn what_is_not_a_journey_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = file(dir.path(), "flujo.mmd", "flowchart LR\n  A --> B\n");
    let e = import::read(&path, "es").unwrap_err();
    assert_eq!(
        e.issues[0].words,
        "Línea 1: un diagrama de viaje empieza por «journey»"
    );
    let path = file(
        dir.path(),
        "malo.mmd",
        "journey\n section A\n  Tarea: mucho: Ana\n  Otra sin puntuación\n",
    );
    let e = import::read(&path, "es").unwrap_err();
    let words: Vec<_> = e.issues.iter().map(|i| i.words.as_str()).collect();
    assert_eq!(
        words,
        [
            "Línea 3: «mucho» no es una puntuación de 1 a 5",
            "Línea 4: «Otra sin puntuación» no es una sección ni una tarea (nombre: puntuación: actores)",
        ]
    );
}

#[test]
fn a_map_goes_out_as_a_journey_and_comes_back_with_its_stages_and_actions() {
    let dir = tempfile::tempdir().unwrap();
    let map = templates::load("omnichannel", "es").unwrap();
    let d = Document {
        map: map.clone(),
        extra: Default::default(),
    };
    let path = dir.path().join("viaje.mmd");
    let never = AtomicBool::new(false);
    let report = export::write(
        &Engine::new(),
        &Source::from_document(d),
        &ExportOptions::new(ExportFormat::Mmd),
        &path,
        |_| {},
        &never,
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with(&format!("journey\n    title {}\n", map.title)));
    for s in &map.stages {
        assert!(
            text.contains(&format!("    section {}\n", s.title)),
            "{}",
            s.title
        );
    }
    // What a journey cannot hold is said.
    assert!(
        report
            .left_out
            .iter()
            .any(|l| l.contains("no son acciones")),
        "{:?}",
        report.left_out
    );
    let back = import::read(&path, "es").unwrap().map;
    let titles = |m: &Map| m.stages.iter().map(|s| s.title.clone()).collect::<Vec<_>>();
    assert_eq!(titles(&back), titles(&map));
    let actions = |m: &Map| {
        let mut out = Vec::new();
        for s in &m.stages {
            for l in m.lanes.iter().filter(|l| l.kind == LaneKind::Actions) {
                out.extend(m.cell_cards(&s.id, &l.id).map(|c| c.text.clone()));
            }
        }
        out
    };
    assert_eq!(actions(&back), actions(&map));
    // Each stage's point of the general curve survives, where it has tasks.
    let general = |m: &Map, s: usize| {
        m.cards
            .iter()
            .find(|c| {
                c.stage == m.stages[s].id
                    && c.score.is_some()
                    && c.persona.is_none()
                    && c.to_be != Some(true)
            })
            .and_then(|c| c.score)
    };
    for (i, s) in map.stages.iter().enumerate() {
        let has_tasks = map
            .lanes
            .iter()
            .filter(|l| l.kind == LaneKind::Actions)
            .any(|l| map.cell_cards(&s.id, &l.id).next().is_some());
        if has_tasks && general(&map, i).is_some() {
            assert_eq!(general(&back, i), general(&map, i), "{}", s.title);
        }
    }
}
