//! The edits: each applies, validates, and returns an exact inverse.
//! The property test drives random edit sequences over real template maps.

use proptest::prelude::*;
use travesia_core::edit::{apply, CardPatch, CardPlace, ChannelPatch, Edit, EditError, StagePatch};
use travesia_core::model::{Card, Evidence, Lane, LaneKind, Map, OwnChannel, Stage};
use travesia_core::{sample, templates, validate};

fn omnichannel() -> Map {
    let mut m = templates::load("omnichannel", "es").unwrap();
    m.id = "m1".into();
    m
}

#[test]
fn deleting_a_stage_takes_its_cards_and_route_steps_and_undo_brings_them_back() {
    let mut m = omnichannel();
    let before = m.clone();
    let stage = m.routes()[0]
        .steps
        .iter()
        .find_map(|s| m.card(s))
        .unwrap()
        .stage
        .clone();
    let n_cards = m.cards.iter().filter(|c| c.stage == stage).count();
    assert!(n_cards > 0);
    let inverse = apply(&mut m, &Edit::DeleteStage { id: stage.clone() }).unwrap();
    // Nothing may point at the stage any more, and the map stays valid.
    assert!(m.cards.iter().all(|c| c.stage != stage));
    assert_eq!(m.cards.len(), before.cards.len() - n_cards);
    assert!(validate::validate_map(&m).is_empty());
    apply(&mut m, &inverse).unwrap();
    assert_eq!(
        m, before,
        "undo must restore cards and steps at their exact places"
    );
}

#[test]
fn a_channel_of_the_maps_own_is_made_for_a_card_renamed_and_deleted_and_each_undoes() {
    let mut m = omnichannel();
    let before = m.clone();
    let card = m
        .cards
        .iter()
        .find(|c| {
            m.lane(&c.lane)
                .is_some_and(|l| l.kind == LaneKind::Touchpoints)
        })
        .unwrap()
        .id
        .clone();
    let channel = OwnChannel {
        id: "ch-wa".into(),
        name: "WhatsApp".into(),
        icon: Some("message".into()),
        ..OwnChannel::default()
    };
    // Made for a card: the card takes it in the same step.
    let undo_insert = apply(
        &mut m,
        &Edit::InsertChannel {
            index: 0,
            channel: channel.clone(),
            cards: vec![card.clone()],
        },
    )
    .unwrap();
    assert_eq!(m.channels(), std::slice::from_ref(&channel));
    assert_eq!(m.card(&card).unwrap().channel.as_deref(), Some("ch-wa"));
    assert!(validate::validate_map(&m).is_empty());
    let made = m.clone();

    let undo_rename = apply(
        &mut m,
        &Edit::UpdateChannel {
            id: "ch-wa".into(),
            patch: ChannelPatch {
                name: Some("WhatsApp del obrador".into()),
                icon: Some(None),
            },
        },
    )
    .unwrap();
    assert_eq!(m.channels()[0].name, "WhatsApp del obrador");
    assert_eq!(m.channels()[0].icon, None);
    apply(&mut m, &undo_rename).unwrap();
    assert_eq!(m, made);

    // Deleting it leaves its cards without a channel; undo gives it back to them.
    let undo_delete = apply(&mut m, &Edit::DeleteChannel { id: "ch-wa".into() }).unwrap();
    assert_eq!(m.channels, None);
    assert_eq!(m.card(&card).unwrap().channel, None);
    apply(&mut m, &undo_delete).unwrap();
    assert_eq!(m, made);
    apply(&mut m, &undo_insert).unwrap();
    assert_eq!(m, before);
}

#[test]
fn a_channel_must_exist_and_may_not_take_a_built_in_name() {
    let mut m = omnichannel();
    let card = m.cards[0].id.clone();
    let before = m.clone();
    let unknown = apply(
        &mut m,
        &Edit::UpdateCard {
            id: card.clone(),
            patch: CardPatch {
                channel: Some(Some("telegram".into())),
                ..CardPatch::default()
            },
        },
    );
    assert!(matches!(
        unknown,
        Err(EditError::NotFound {
            kind: "channel",
            ..
        })
    ));
    let built_in = apply(
        &mut m,
        &Edit::InsertChannel {
            index: 0,
            channel: OwnChannel {
                id: "web".into(),
                name: "La web".into(),
                ..OwnChannel::default()
            },
            cards: vec![],
        },
    );
    assert!(matches!(built_in, Err(EditError::Invalid(_))));
    let nameless = apply(
        &mut m,
        &Edit::InsertChannel {
            index: 0,
            channel: OwnChannel {
                id: "ch-x".into(),
                name: String::new(),
                ..OwnChannel::default()
            },
            cards: vec![],
        },
    );
    assert!(matches!(nameless, Err(EditError::Invalid(_))));
    assert_eq!(m, before, "a refused edit changes nothing");
}

#[test]
fn a_cards_evidence_is_set_checked_emptied_and_undone() {
    let mut m = omnichannel();
    let before = m.clone();
    let id = m.cards[0].id.clone();
    let set = |e: Option<Evidence>| Edit::UpdateCard {
        id: id.clone(),
        patch: CardPatch {
            evidence: Some(e),
            ..CardPatch::default()
        },
    };
    let quote = Evidence {
        confidence: Some("assumption".into()),
        source: Some("interview".into()),
        note: Some("«No encontré el horario de la tienda»".into()),
        date: Some("2026-11-20".into()),
        ..Evidence::default()
    };
    let undo = apply(&mut m, &set(Some(quote.clone()))).unwrap();
    assert_eq!(m.cards[0].evidence.as_ref(), Some(&quote));
    assert_eq!(m.cards[0].confidence(), Some("assumption"));
    assert!(validate::validate_map(&m).is_empty());
    // Words outside the lists, a day that does not exist, a note too long.
    for bad in [
        Evidence {
            confidence: Some("sure".into()),
            ..quote.clone()
        },
        Evidence {
            source: Some("rumour".into()),
            ..quote.clone()
        },
        Evidence {
            date: Some("2026-02-29".into()),
            ..quote.clone()
        },
        Evidence {
            date: Some("20/11/2026".into()),
            ..quote.clone()
        },
        Evidence {
            note: Some("x".repeat(validate::TEXT_MAX + 1)),
            ..quote.clone()
        },
    ] {
        let was = m.clone();
        assert!(apply(&mut m, &set(Some(bad.clone()))).is_err(), "{bad:?}");
        assert_eq!(m, was);
    }
    // Evidence that says nothing is none.
    let undo_empty = apply(&mut m, &set(Some(Evidence::default()))).unwrap();
    assert_eq!(m.cards[0].evidence, None);
    apply(&mut m, &undo_empty).unwrap();
    assert_eq!(m.cards[0].evidence.as_ref(), Some(&quote));
    apply(&mut m, &undo).unwrap();
    assert_eq!(m, before);
}

#[test]
fn dates_are_days_of_the_calendar() {
    for good in ["2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01"] {
        assert!(validate::is_date(good), "{good}");
    }
    for bad in [
        "2023-02-29",
        "1900-02-29",
        "2026-04-31",
        "2026-00-10",
        "2026-1-10",
        "2026-01-10T00:00:00Z",
        "２０２６-01-10",
        "0000-01-01",
        "",
    ] {
        assert!(!validate::is_date(bad), "{bad}");
    }
}

#[test]
fn a_stage_width_is_kept_within_its_bounds_and_undone() {
    let mut m = omnichannel();
    let before = m.clone();
    let id = m.stages[1].id.clone();
    let set = |w: Option<f64>| Edit::UpdateStage {
        id: id.clone(),
        patch: StagePatch {
            width: Some(w),
            ..StagePatch::default()
        },
    };
    for bad in [159.0, 1200.5, f64::NAN] {
        assert!(apply(&mut m, &set(Some(bad))).is_err(), "{bad}");
    }
    let undo = apply(&mut m, &set(Some(320.0))).unwrap();
    assert_eq!(m.stages[1].width, Some(320.0));
    apply(&mut m, &undo).unwrap();
    assert_eq!(m, before);
}

#[test]
fn an_emotion_lane_takes_one_point_per_stage() {
    let mut m = omnichannel();
    let lane = m
        .lanes
        .iter()
        .find(|l| l.kind == LaneKind::Emotions)
        .unwrap()
        .id
        .clone();
    let stage = m.stages[0].id.clone();
    let card = Card {
        id: "extra".into(),
        stage: stage.clone(),
        lane: lane.clone(),
        ..Card::default()
    };
    let before = m.clone();
    let e = apply(
        &mut m,
        &Edit::InsertCard {
            card,
            place: CardPlace::InCell(0),
            steps: vec![],
        },
    );
    assert!(e.is_err(), "a second point in one stage must be refused");
    assert_eq!(m, before, "a refused edit leaves the map untouched");
    // SetScore updates the existing point instead.
    let inv = apply(
        &mut m,
        &Edit::SetScore {
            lane,
            stage,
            score: Some(-2),
            card_id: "unused".into(),
            persona: None,
            to_be: None,
        },
    )
    .unwrap();
    assert!(m.card("unused").is_none());
    apply(&mut m, &inv).unwrap();
    assert_eq!(m, before);
}

#[test]
fn moving_a_card_within_its_cell_and_back_is_exact() {
    let mut m = Map::new("m", "t");
    m.stages = vec![
        Stage {
            id: "s1".into(),
            title: "A".into(),
            ..Stage::default()
        },
        Stage {
            id: "s2".into(),
            title: "B".into(),
            ..Stage::default()
        },
    ];
    m.lanes = vec![Lane {
        id: "l".into(),
        kind: LaneKind::Actions,
        title: "L".into(),
        color: None,
        collapsed: None,
        print: None,
        extra: Default::default(),
    }];
    for (id, s) in [("a", "s1"), ("b", "s2"), ("c", "s1"), ("d", "s1")] {
        m.cards.push(Card {
            id: id.into(),
            stage: s.into(),
            lane: "l".into(),
            text: id.into(),
            ..Card::default()
        });
    }
    let before = m.clone();
    // Move "a" to the end of its own cell: order in s1 becomes c, d, a.
    let inv = apply(
        &mut m,
        &Edit::MoveCard {
            id: "a".into(),
            stage: "s1".into(),
            lane: "l".into(),
            place: CardPlace::InCell(2),
        },
    )
    .unwrap();
    let s1: Vec<&str> = m.cell_cards("s1", "l").map(|c| c.id.as_str()).collect();
    assert_eq!(s1, ["c", "d", "a"]);
    apply(&mut m, &inv).unwrap();
    assert_eq!(m, before);
    // Move "d" to the top of s2.
    apply(
        &mut m,
        &Edit::MoveCard {
            id: "d".into(),
            stage: "s2".into(),
            lane: "l".into(),
            place: CardPlace::InCell(0),
        },
    )
    .unwrap();
    let s2: Vec<&str> = m.cell_cards("s2", "l").map(|c| c.id.as_str()).collect();
    assert_eq!(s2, ["d", "b"]);
}

#[test]
fn invalid_edits_are_refused_with_a_reason() {
    let mut m = omnichannel();
    let before = m.clone();
    let cases = vec![
        Edit::SetTitle { title: "".into() },
        Edit::UpdateCard {
            id: "nope".into(),
            patch: CardPatch::default(),
        },
        Edit::UpdateCard {
            id: m.cards[0].id.clone(),
            patch: CardPatch {
                score: Some(Some(5)),
                ..Default::default()
            },
        },
        Edit::UpdateCard {
            id: m.cards[0].id.clone(),
            patch: CardPatch {
                color: Some(Some("teal".into())),
                ..Default::default()
            },
        },
        Edit::InsertStage {
            index: 99,
            stage: Stage {
                id: "sx".into(),
                title: "x".into(),
                ..Stage::default()
            },
            cards: vec![],
            steps: vec![],
        },
        Edit::InsertStage {
            index: 0,
            stage: Stage {
                id: m.cards[0].id.clone(),
                title: "x".into(),
                ..Stage::default()
            },
            cards: vec![],
            steps: vec![],
        },
        Edit::MoveStage {
            id: m.stages[0].id.clone(),
            index: 50,
        },
        Edit::InsertRouteStep {
            route: m.routes()[0].id.clone(),
            index: 0,
            card: "ghost".into(),
        },
        Edit::SetScore {
            lane: m.lanes[0].id.clone(),
            stage: m.stages[0].id.clone(),
            score: Some(1),
            card_id: "z".into(),
            persona: None,
            to_be: None,
        },
        Edit::Batch {
            edits: vec![
                Edit::SetTitle { title: "ok".into() },
                Edit::DeleteCard { id: "ghost".into() },
            ],
        },
    ];
    for e in cases {
        let err = apply(&mut m, &e).expect_err(&format!("{e:?} must be refused"));
        assert!(!err.to_string().is_empty());
        assert_eq!(m, before, "{e:?} changed the map although refused");
    }
}

// --- The property test -----------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_undone_give_back_the_original_and_redone_the_final(
        start in 0usize..5,
        ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()), 1..60),
    ) {
        let mut m = templates::load(sample::SEEDED_TEMPLATES[start], "es").unwrap();
        m.id = "m".into();
        let original = m.clone();
        let mut serial = 0;
        let mut done: Vec<(Edit, Edit)> = Vec::new();
        for (op, a, b, c) in ops {
            let edit = sample::random_edit(&m, op, a, b, c, &mut serial);
            let before = m.clone();
            match apply(&mut m, &edit) {
                Ok(inverse) => {
                    // Never invalid after an edit: the reader would take it back.
                    let issues = validate::validate_map(&m);
                    prop_assert!(issues.is_empty(), "{edit:?} left {issues:?}");
                    // Edits are stored as JSON in the library: they must survive that.
                    let json = serde_json::to_string(&inverse).unwrap();
                    prop_assert_eq!(&serde_json::from_str::<Edit>(&json).unwrap(), &inverse);
                    done.push((edit, inverse));
                }
                Err(_) => prop_assert_eq!(&m, &before, "a refused edit changed the map"),
            }
        }
        let last = m.clone();
        for (_, inverse) in done.iter().rev() {
            apply(&mut m, inverse).unwrap();
        }
        prop_assert_eq!(&m, &original);
        for (edit, _) in &done {
            apply(&mut m, edit).unwrap();
        }
        prop_assert_eq!(&m, &last);
    }
}

#[test]
fn the_generator_mostly_makes_edits_that_apply() {
    // Guards the property test above: if most generated edits were refused,
    // it would prove little.
    let mut m = templates::load("omnichannel", "es").unwrap();
    let (mut ok, mut total, mut serial) = (0, 0, 0);
    let mut kinds = std::collections::HashSet::new();
    for i in 0..3000usize {
        let edit = sample::random_edit(
            &m,
            (i * 7 % 30) as u8,
            i * 31 + 7,
            i * 17 + 3,
            i * 13 + 1,
            &mut serial,
        );
        total += 1;
        if apply(&mut m, &edit).is_ok() {
            ok += 1;
            kinds.insert(std::mem::discriminant(&edit));
        }
    }
    assert!(ok * 2 > total, "only {ok} of {total} applied");
    assert!(
        kinds.len() >= 25,
        "only {} kinds of edit applied",
        kinds.len()
    );
}

#[test]
fn a_card_or_a_stage_links_to_another_map_never_its_own_and_each_link_undoes() {
    let mut m = omnichannel();
    let before = m.clone();
    let card = m.cards[0].id.clone();
    let stage = m.stages[1].id.clone();
    let link_card = |l: Option<&str>| Edit::UpdateCard {
        id: card.clone(),
        patch: CardPatch {
            link: Some(l.map(String::from)),
            ..CardPatch::default()
        },
    };
    let link_stage = |l: Option<&str>| Edit::UpdateStage {
        id: stage.clone(),
        patch: StagePatch {
            link: Some(l.map(String::from)),
            ..StagePatch::default()
        },
    };
    assert_eq!(travesia_core::format::version_for(&m), 1);
    let undo_card = apply(&mut m, &link_card(Some("devoluciones"))).unwrap();
    let undo_stage = apply(&mut m, &link_stage(Some("pago-en-tienda"))).unwrap();
    assert_eq!(m.cards[0].link.as_deref(), Some("devoluciones"));
    assert_eq!(m.stages[1].link.as_deref(), Some("pago-en-tienda"));
    assert_eq!(
        travesia_core::format::version_for(&m),
        2,
        "a link is version 2"
    );
    // Not to its own map, not to something that is no id.
    let linked = m.clone();
    for bad in ["m1", "", "../otro mapa"] {
        assert!(apply(&mut m, &link_card(Some(bad))).is_err(), "{bad:?}");
        assert!(apply(&mut m, &link_stage(Some(bad))).is_err(), "{bad:?}");
    }
    assert_eq!(m, linked, "a refused link changes nothing");
    // Cleared with null; each undoes to what was there.
    let undo_clear = apply(&mut m, &link_card(None)).unwrap();
    assert_eq!(m.cards[0].link, None);
    apply(&mut m, &undo_clear).unwrap();
    assert_eq!(m, linked);
    apply(&mut m, &undo_stage).unwrap();
    apply(&mut m, &undo_card).unwrap();
    assert_eq!(m, before);
}
