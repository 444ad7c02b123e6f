//! Several personas' emotion curves on one map (format version 2): one point
//! per stage of each curve, a persona's to-be curve beside its as-is one,
//! points that leave with their persona, and the map as one persona's journey.

use travesia_core::edit::{apply, CardPatch, Edit, EditError, PersonaPatch};
use travesia_core::format::version_for;
use travesia_core::model::{Card, Map, Persona, Route, CURVE_PERSONAS_MAX};
use travesia_core::templates;
use travesia_core::validate::{validate_map, Problem};

/// The omnichannel template (Carmen, and a general curve e1…e5) with a
/// second persona, Luis.
fn two_personas() -> Map {
    let mut m = templates::load("omnichannel", "es").unwrap();
    m.id = "m1".into();
    m.personas.as_mut().unwrap().push(Persona {
        id: "persona-luis".into(),
        name: "Luis".into(),
        ..Persona::default()
    });
    m
}

fn score(persona: Option<&str>, to_be: bool, stage: &str, score: i8, id: &str) -> Edit {
    Edit::SetScore {
        lane: "l-emotions".into(),
        stage: stage.into(),
        score: Some(score),
        card_id: id.into(),
        persona: persona.map(str::to_string),
        to_be: to_be.then_some(true),
    }
}

fn point<'a>(m: &'a Map, persona: Option<&str>, to_be: bool, stage: &str) -> Option<&'a Card> {
    m.cards.iter().find(|c| {
        c.lane == "l-emotions"
            && c.stage == stage
            && c.persona.as_deref() == persona
            && (c.to_be == Some(true)) == to_be
    })
}

#[test]
fn each_persona_has_its_own_curve_and_a_point_moves_on_its_curve_only() {
    let mut m = two_personas();
    let general = point(&m, None, false, "s2").unwrap().clone();
    // Luis's first point: a new card on his curve, beside the general one.
    apply(
        &mut m,
        &score(Some("persona-luis"), false, "s2", -2, "luis-s2"),
    )
    .unwrap();
    let luis = point(&m, Some("persona-luis"), false, "s2").unwrap();
    assert_eq!((luis.id.as_str(), luis.score), ("luis-s2", Some(-2)));
    assert_eq!(
        point(&m, None, false, "s2"),
        Some(&general),
        "the general curve is untouched"
    );
    // Dragging Luis's point again moves it, not the general one.
    apply(
        &mut m,
        &score(Some("persona-luis"), false, "s2", 1, "unused"),
    )
    .unwrap();
    assert_eq!(
        point(&m, Some("persona-luis"), false, "s2").unwrap().score,
        Some(1)
    );
    assert!(m.card("unused").is_none());
    assert_eq!(point(&m, None, false, "s2"), Some(&general));
    // Naming his point's own card moves it too (what the editor sends when a face is dragged).
    apply(
        &mut m,
        &score(Some("persona-luis"), false, "s2", 0, "luis-s2"),
    )
    .unwrap();
    assert_eq!(
        point(&m, Some("persona-luis"), false, "s2").unwrap().score,
        Some(0)
    );
    apply(
        &mut m,
        &score(Some("persona-luis"), false, "s2", 1, "luis-s2"),
    )
    .unwrap();
    // His to-be curve is another curve again.
    apply(
        &mut m,
        &score(Some("persona-luis"), true, "s2", 2, "luis-s2-to-be"),
    )
    .unwrap();
    assert_eq!(
        point(&m, Some("persona-luis"), true, "s2").unwrap().score,
        Some(2)
    );
    assert_eq!(
        point(&m, Some("persona-luis"), false, "s2").unwrap().score,
        Some(1)
    );
    assert!(validate_map(&m).is_empty(), "{:?}", validate_map(&m));
    assert_eq!(version_for(&m), 2, "a persona's curve needs version 2");
}

#[test]
fn a_second_point_on_one_curve_at_one_stage_is_refused_everywhere() {
    let mut m = two_personas();
    apply(
        &mut m,
        &score(Some("persona-luis"), false, "s1", 0, "luis-s1"),
    )
    .unwrap();
    let before = m.clone();
    // Inserting a second point on Luis's curve.
    let twin = Card {
        id: "twin".into(),
        stage: "s1".into(),
        lane: "l-emotions".into(),
        score: Some(2),
        persona: Some("persona-luis".into()),
        ..Card::default()
    };
    let e = apply(
        &mut m,
        &Edit::InsertCard {
            card: twin.clone(),
            place: travesia_core::CardPlace::InCell(0),
            steps: vec![],
        },
    );
    assert!(matches!(e, Err(EditError::Refused(_))), "{e:?}");
    // Moving the general point onto Luis's curve, where he has one.
    let e = apply(
        &mut m,
        &Edit::UpdateCard {
            id: "e1".into(),
            patch: CardPatch {
                persona: Some(Some("persona-luis".into())),
                ..CardPatch::default()
            },
        },
    );
    assert!(matches!(e, Err(EditError::Refused(_))), "{e:?}");
    assert_eq!(m, before, "a refused edit leaves the map as it was");
    // A file with the twin is refused by the reader's rules too.
    m.cards.push(twin);
    assert!(validate_map(&m)
        .iter()
        .any(|i| i.problem == Problem::OnePerStage));
    // Moving the general point to Carmen's free curve is fine, and undoes.
    let mut m = before.clone();
    let undo = apply(
        &mut m,
        &Edit::UpdateCard {
            id: "e1".into(),
            patch: CardPatch {
                persona: Some(Some("persona-carmen".into())),
                ..CardPatch::default()
            },
        },
    )
    .unwrap();
    assert_eq!(
        m.card("e1").unwrap().persona.as_deref(),
        Some("persona-carmen")
    );
    apply(&mut m, &undo).unwrap();
    assert_eq!(m, before);
}

#[test]
fn a_point_of_a_persona_the_map_does_not_have_is_refused() {
    let mut m = two_personas();
    let e = apply(&mut m, &score(Some("nobody"), false, "s1", 0, "x"));
    assert!(
        matches!(
            e,
            Err(EditError::NotFound {
                kind: "persona",
                ..
            })
        ),
        "{e:?}"
    );
    m.cards[0].persona = Some("nobody".into());
    let issues = validate_map(&m);
    assert!(
        issues
            .iter()
            .any(|i| i.problem == Problem::NoSuchPersona && i.path == "map.cards[0].persona"),
        "{issues:?}"
    );
}

#[test]
fn a_lane_holds_the_curves_of_five_personas_at_most() {
    let mut m = two_personas();
    let people: Vec<String> = (0..CURVE_PERSONAS_MAX + 1)
        .map(|i| format!("p{i}"))
        .collect();
    for p in &people {
        m.personas.as_mut().unwrap().push(Persona {
            id: p.clone(),
            name: p.clone(),
            ..Persona::default()
        });
    }
    for (i, p) in people.iter().enumerate().take(CURVE_PERSONAS_MAX) {
        apply(&mut m, &score(Some(p), false, "s1", 0, &format!("pt{i}"))).unwrap();
    }
    assert!(validate_map(&m).is_empty());
    let sixth = score(Some(&people[CURVE_PERSONAS_MAX]), false, "s1", 0, "pt-last");
    let e = apply(&mut m, &sixth);
    assert!(e.is_err(), "a sixth persona's curve is refused: {e:?}");
}

#[test]
fn a_persona_colour_is_checked_and_needs_version_2() {
    let mut m = two_personas();
    assert_eq!(
        version_for(&m),
        1,
        "personas without colours or curves are version 1"
    );
    let e = apply(
        &mut m,
        &Edit::UpdatePersona {
            id: "persona-luis".into(),
            patch: PersonaPatch {
                color: Some(Some("orange".into())),
                ..PersonaPatch::default()
            },
        },
    );
    assert!(matches!(e, Err(EditError::Invalid(_))), "{e:?}");
    apply(
        &mut m,
        &Edit::UpdatePersona {
            id: "persona-luis".into(),
            patch: PersonaPatch {
                color: Some(Some("#1971C2".into())),
                ..PersonaPatch::default()
            },
        },
    )
    .unwrap();
    assert_eq!(m.persona_color("persona-luis"), Some("#1971C2"));
    assert_eq!(
        m.persona_color("persona-carmen"),
        Some(travesia_core::PERSONA_COLORS[0]),
        "a persona without a colour takes its place's"
    );
    assert_eq!(version_for(&m), 2);
}

#[test]
fn deleting_a_persona_takes_its_points_and_undo_brings_them_back() {
    let mut m = two_personas();
    apply(&mut m, &score(Some("persona-luis"), false, "s1", 1, "l1")).unwrap();
    apply(&mut m, &score(Some("persona-luis"), true, "s3", 2, "l3")).unwrap();
    // A route through one of his points, to see it leave and come back.
    m.routes.get_or_insert_with(Vec::new).push(Route {
        id: "r-luis".into(),
        name: "Luis".into(),
        steps: vec!["t1".into(), "l1".into()],
        ..Route::default()
    });
    let before = m.clone();
    let undo = apply(
        &mut m,
        &Edit::DeletePersona {
            id: "persona-luis".into(),
        },
    )
    .unwrap();
    assert!(m.card("l1").is_none() && m.card("l3").is_none());
    assert!(m.card("e1").is_some(), "the general curve stays");
    assert_eq!(
        m.routes().iter().find(|r| r.id == "r-luis").unwrap().steps,
        ["t1"]
    );
    assert!(validate_map(&m).is_empty(), "{:?}", validate_map(&m));
    apply(&mut m, &undo).unwrap();
    assert_eq!(
        m, before,
        "undo puts the persona, its points and steps back"
    );
}

#[test]
fn the_map_as_one_personas_journey_keeps_its_curves_and_the_general_one() {
    let mut m = two_personas();
    apply(&mut m, &score(Some("persona-luis"), false, "s1", 1, "l1")).unwrap();
    apply(&mut m, &score(Some("persona-carmen"), true, "s1", 2, "c1")).unwrap();
    let carmen = m.for_persona("persona-carmen");
    let ids: Vec<&str> = carmen.personas().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["persona-carmen"]);
    assert!(carmen.card("c1").is_some() && carmen.card("e1").is_some());
    assert!(
        carmen.card("l1").is_none(),
        "Luis's point is not in Carmen's journey"
    );
    assert_eq!(carmen.cards.len(), m.cards.len() - 1);
    assert!(validate_map(&carmen).is_empty());
    // Luis alone keeps his colour (the second of the palette), not the first's.
    let luis = m.for_persona("persona-luis");
    assert_eq!(
        luis.persona_color("persona-luis"),
        m.persona_color("persona-luis")
    );
    assert_ne!(
        luis.persona_color("persona-luis"),
        m.persona_color("persona-carmen")
    );
    assert_eq!(
        m.for_persona("nobody"),
        m,
        "an unknown persona changes nothing"
    );
}

#[test]
fn a_lane_whose_curves_share_a_stage_cannot_become_a_funnel() {
    let mut m = two_personas();
    apply(&mut m, &score(Some("persona-luis"), false, "s1", 1, "l1")).unwrap();
    let e = apply(
        &mut m,
        &Edit::UpdateLane {
            id: "l-emotions".into(),
            patch: travesia_core::edit::LanePatch {
                kind: Some(travesia_core::LaneKind::Funnel),
                ..Default::default()
            },
        },
    );
    assert!(matches!(e, Err(EditError::Refused(_))), "{e:?}");
}

#[test]
fn a_metric_takes_any_number_and_a_unit_where_a_funnel_takes_none_below_zero() {
    let mut m = travesia_core::sample::with_metrics("es");
    assert!(validate_map(&m).is_empty());
    // An NPS below zero is a metric's value…
    let nps = m.card("nps-s1").unwrap().clone();
    assert_eq!(nps.value, Some(-10.0));
    // …but not a funnel's: moving it there, or making its lane a funnel, is refused.
    let e = apply(
        &mut m,
        &Edit::UpdateLane {
            id: "l-metrics".into(),
            patch: travesia_core::edit::LanePatch {
                kind: Some(travesia_core::LaneKind::Text),
                ..Default::default()
            },
        },
    );
    assert!(matches!(e, Err(EditError::Invalid(_))), "{e:?}");
    let mut bad = m.clone();
    bad.lanes
        .iter_mut()
        .find(|l| l.id == "l-metrics")
        .unwrap()
        .kind = travesia_core::LaneKind::Text;
    assert!(validate_map(&bad)
        .iter()
        .any(|i| i.path.ends_with(".value") && matches!(i.problem, Problem::OutOfRange { .. })));
    // A unit is checked for length, and set and cleared by an undoable edit.
    let undo = apply(
        &mut m,
        &Edit::UpdateCard {
            id: "csat-s1".into(),
            patch: CardPatch {
                unit: Some(Some("%".into())),
                value: Some(Some(72.5)),
                ..CardPatch::default()
            },
        },
    )
    .unwrap();
    assert_eq!(m.card("csat-s1").unwrap().unit.as_deref(), Some("%"));
    apply(&mut m, &undo).unwrap();
    assert_eq!(m.card("csat-s1").unwrap().unit.as_deref(), Some("/5"));
    let e = apply(
        &mut m,
        &Edit::UpdateCard {
            id: "csat-s1".into(),
            patch: CardPatch {
                unit: Some(Some("x".repeat(21))),
                ..CardPatch::default()
            },
        },
    );
    assert!(matches!(e, Err(EditError::Invalid(_))), "{e:?}");
    assert_eq!(version_for(&m), 2, "a metrics lane needs version 2");
}
