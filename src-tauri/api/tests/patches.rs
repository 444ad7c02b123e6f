//! The editing commands answer with a patch of the view answered before;
//! the patch applied to that view gives exactly the view Rust has now.

use travesia_api::{MapView, Session, ViewUpdate};
use travesia_core::edit::CardPatch;
use travesia_core::{sample, Edit};

fn whole(update: ViewUpdate) -> MapView {
    match update {
        ViewUpdate::Full { view } => view,
        ViewUpdate::Patch { .. } => panic!("a patch where the whole view was due"),
    }
}

/// The same view, apart from its number.
fn same(a: &MapView, b: &MapView) -> bool {
    a.id == b.id
        && a.map == b.map
        && a.scene == b.scene
        && a.history == b.history
        && a.hidden_routes == b.hidden_routes
}

#[test]
fn edits_answer_with_patches_of_the_view_before() {
    let dir = tempfile::tempdir().unwrap();
    let state = Session::open(dir.path().join("library.db"));
    let id = state
        .with_library(|lib| Ok(lib.create_map(sample::map_with_cards(300))?))
        .unwrap();
    // Nothing answered for this map yet: the whole view.
    let first = whole(
        state
            .view_update(&id, |lib| {
                lib.apply(
                    &id,
                    &Edit::SetTitle {
                        title: "Uno".into(),
                    },
                )
                .map(|_| ())
            })
            .unwrap(),
    );
    let card = first.map.cards[40].id.clone();
    let mut have = first;
    for (n, text) in ["Señal débil: ¿duda? ñandú €", "otra", ""]
        .iter()
        .enumerate()
    {
        let update = state
            .view_update(&id, |lib| {
                lib.apply(
                    &id,
                    &Edit::UpdateCard {
                        id: card.clone(),
                        patch: CardPatch {
                            text: Some(text.to_string()),
                            ..Default::default()
                        },
                    },
                )
                .map(|_| ())
            })
            .unwrap();
        let ViewUpdate::Patch { patch } = update else {
            panic!("edit {n}: the whole view again");
        };
        assert_eq!(patch.base, have.rev);
        let json = serde_json::to_string(&patch).unwrap();
        assert!(json.len() < 40_000, "edit {n}: {} bytes", json.len());
        let next = patch.apply(&have).expect("the patch fits the view before");
        let fresh = state.view(&id, |_| Ok(())).unwrap();
        assert!(
            same(&next, &fresh),
            "edit {n}: the patched view is the view"
        );
        assert!(patch.apply(&next).is_none(), "a patch only fits its base");
        have = fresh;
    }
    // Undo, answered as a patch of the view `open_map` (state.view) answered.
    let ViewUpdate::Patch { patch } = state
        .view_update(&id, |lib| lib.undo(&id).map(|_| ()))
        .unwrap()
    else {
        panic!("undo: the whole view");
    };
    let undone = patch.apply(&have).unwrap();
    assert_eq!(undone.map.cards[40].text, "otra");

    // Another map opened in between: the page no longer has this one's view,
    // so the next answer for it is whole again.
    let other = state
        .with_library(|lib| Ok(lib.create_map(sample::map_with_cards(5))?))
        .unwrap();
    state.view(&other, |_| Ok(())).unwrap();
    let again = whole(
        state
            .view_update(&id, |lib| lib.redo(&id).map(|_| ()))
            .unwrap(),
    );
    assert_eq!(again.map.cards[40].text, "");
}

/// A card's text while it is typed: laid out, nothing stored; the answers
/// after it are patches of it, and end at exactly the stored view.
#[test]
fn a_preview_stores_nothing_and_later_answers_patch_it() {
    let dir = tempfile::tempdir().unwrap();
    let state = Session::open(dir.path().join("library.db"));
    let id = state
        .with_library(|lib| Ok(lib.create_map(sample::map_with_cards(60))?))
        .unwrap();
    let opened = state.open_map(&id).unwrap();
    let card = opened
        .map
        .cards
        .iter()
        .find(|c| opened.map.lane(&c.lane).unwrap().kind == travesia_core::LaneKind::Actions)
        .unwrap()
        .clone();
    let long = format!("{} {}", card.text, "y una explicación larga ".repeat(12));
    let edit = Edit::UpdateCard {
        id: card.id.clone(),
        patch: CardPatch {
            text: Some(long.clone()),
            ..CardPatch::default()
        },
    };
    let preview = match state.preview_edit(&id, &edit).unwrap() {
        ViewUpdate::Patch { patch } => patch.apply(&opened).expect("a patch of the opened view"),
        ViewUpdate::Full { view } => view,
    };
    let grown = |v: &MapView| {
        v.scene
            .hits
            .iter()
            .find(|h| matches!(&h.target, travesia_layout::Target::Card { id } if *id == card.id))
            .map(|h| h.h)
            .unwrap()
    };
    assert!(
        grown(&preview) > grown(&opened),
        "the card grows with its text"
    );
    assert_eq!(preview.history, opened.history, "nothing is stored");
    let stored = state.with_library(|lib| Ok(lib.load(&id)?)).unwrap();
    assert_eq!(stored.card(&card.id).unwrap().text, card.text);

    // Typing ends: the stored edit answers with a patch of the preview.
    let after = match state.apply_edit(&id, &edit).unwrap() {
        ViewUpdate::Patch { patch } => patch.apply(&preview).expect("a patch of the preview"),
        ViewUpdate::Full { .. } => panic!("a patch was due"),
    };
    assert_eq!(after.map.card(&card.id).unwrap().text, long);
    assert_eq!(
        after.scene, preview.scene,
        "the stored layout is the previewed one"
    );
    assert!(after.history.can_undo);
}

/// An edit is laid out while the store writes it: the answer must still be
/// exactly the view of the map as stored, footer date and version included,
/// with a persona shown and a route hidden; an edit that fails stores
/// nothing and the next one answers right.
#[test]
fn an_edit_laid_out_while_stored_answers_the_stored_view() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    let state = Session::open(path.clone());
    let mut map = sample::map_with_cards(200);
    map.theme = Some(travesia_core::Theme {
        company: Some("Panadería Núñez".into()),
        footer: Some(vec!["company".into(), "version".into(), "date".into()]),
        ..Default::default()
    });
    map.personas = Some(vec![travesia_core::Persona {
        id: "p1".into(),
        name: "Lucía, dueña de la tienda".into(),
        ..Default::default()
    }]);
    let route = map.routes()[0].id.clone();
    let persona = "p1".to_string();
    let id = state
        .with_library(|lib| {
            let id = lib.create_map(map)?;
            lib.snapshot(&id, "Taller de marzo")?;
            // Edits before the day changes, then one on another day: the footer's date follows.
            lib.pin_clock(Some("2026-03-01T10:00:00.000Z"));
            Ok(id)
        })
        .unwrap();
    state.set_route_visible(&id, &route, false).unwrap();
    state.set_persona_filter(&id, Some(&persona)).unwrap();
    let mut have = state.open_map(&id).unwrap();
    let card = have
        .map
        .cards
        .iter()
        .find(|c| have.map.lane(&c.lane).unwrap().kind == travesia_core::LaneKind::Actions)
        .unwrap()
        .clone();
    let stages: Vec<String> = have.map.stages.iter().map(|s| s.id.clone()).collect();
    for (n, day) in ["2026-03-01", "2026-03-01", "2026-04-17"]
        .iter()
        .enumerate()
    {
        state
            .with_library(|lib| {
                lib.pin_clock(Some(&format!("{day}T10:00:0{n}.000Z")));
                Ok(())
            })
            .unwrap();
        let edit = Edit::MoveCard {
            id: card.id.clone(),
            stage: stages[(n + 1) % stages.len()].clone(),
            lane: card.lane.clone(),
            place: travesia_core::edit::CardPlace::InCell(0),
        };
        let ViewUpdate::Patch { patch } = state.apply_edit(&id, &edit).unwrap() else {
            panic!("edit {n}: the whole view again");
        };
        let next = patch.apply(&have).expect("a patch of the view before");
        let fresh = state.view(&id, |_| Ok(())).unwrap();
        assert!(
            same(&next, &fresh),
            "edit {n}: the answer is the stored view"
        );
        assert_eq!(next.persona.as_deref(), Some(persona.as_str()));
        assert_eq!(next.hidden_routes, vec![route.clone()]);
        assert_eq!(
            next.map.updated_at.as_deref(),
            Some(format!("{day}T10:00:0{n}.000Z").as_str())
        );
        assert!(
            next.scene.footer.contains("Taller de marzo"),
            "{}",
            next.scene.footer
        );
        assert!(next.history.can_undo);
        have = fresh;
    }
    assert!(have.scene.footer.contains("2026"), "{}", have.scene.footer);

    // A move of a card that is not there: refused, nothing stored.
    let wrong = Edit::MoveCard {
        id: "no-such-card".into(),
        stage: stages[0].clone(),
        lane: card.lane.clone(),
        place: travesia_core::edit::CardPlace::InCell(0),
    };
    assert!(state.apply_edit(&id, &wrong).is_err());
    let edit = Edit::SetTitle {
        title: "Después del error".into(),
    };
    let ViewUpdate::Patch { patch } = state.apply_edit(&id, &edit).unwrap() else {
        panic!("a patch of the last view");
    };
    let next = patch.apply(&have).expect("the last view is still the base");
    assert_eq!(next.map.title, "Después del error");
    assert!(same(&next, &state.view(&id, |_| Ok(())).unwrap()));
    // On disk, read by another library: every edit, in order.
    let mut other = travesia_store::Library::open(&path).unwrap();
    let stored = other.load(&id).unwrap();
    assert_eq!(stored.title, "Después del error");
    assert_eq!(
        stored.card(&card.id).unwrap().stage,
        stages[3 % stages.len()]
    );
    assert_eq!(other.history(&id).unwrap().len(), 4);
}

/// A keyboard move shown before its answer: how the card looks after each
/// edit asked about is how the edit's own answer draws it, and asking stores
/// nothing and leaves the base of the next patch where it was.
#[test]
fn a_card_ahead_looks_as_the_edit_will_draw_it() {
    use travesia_api::CardLook;
    use travesia_core::edit::CardPlace;
    use travesia_layout::Item;

    let dir = tempfile::tempdir().unwrap();
    let state = Session::open(dir.path().join("library.db"));
    let id = state
        .with_library(|lib| Ok(lib.create_map(sample::map_with_cards(300))?))
        .unwrap();
    let opened = state.open_map(&id).unwrap();
    let map = &opened.map;
    let card = map
        .cards
        .iter()
        .find(|c| {
            map.lane(&c.lane).unwrap().kind == travesia_core::LaneKind::Actions
                && c.stage == map.stages[1].id
        })
        .unwrap()
        .clone();
    let to_stage = |stage: &str| {
        let count = map
            .cards
            .iter()
            .filter(|c| c.stage == stage && c.lane == card.lane && c.id != card.id)
            .count();
        Edit::MoveCard {
            id: card.id.clone(),
            stage: stage.to_string(),
            lane: card.lane.clone(),
            place: CardPlace::InCell(count),
        }
    };
    let right = to_stage(&map.stages[2].id);
    let left = to_stage(&map.stages[0].id);
    let nowhere = to_stage("s-no-such-stage");
    let ahead = state
        .cards_ahead(
            &id,
            &[right.clone(), left, nowhere],
            &[vec![card.id.clone()], vec![card.id.clone()], vec![]],
        )
        .unwrap();
    assert_eq!(ahead.base, opened.rev, "made from the view the page holds");
    assert_eq!(ahead.looks.len(), 3);
    assert_eq!(ahead.patches.len(), 3);
    assert!(
        ahead.looks[2].is_none() && ahead.patches[2].is_none(),
        "an edit that fails has no look"
    );
    let view_ahead = ahead.patches[0]
        .as_ref()
        .expect("a view after the move right")
        .apply(&opened)
        .expect("a patch of the opened view");
    let before = CardLook::of(&opened.scene, &card.id).unwrap();
    // The card asked about first, then any that move along with it.
    let moved = ahead.looks[0].clone().expect("a look after the move right")[0].clone();
    assert_eq!(
        ahead.looks[1]
            .as_ref()
            .and_then(|looks| looks.first())
            .map(|look| &look.hit.target),
        Some(&moved.hit.target),
        "its look after the move left"
    );
    assert!(moved.hit.x > before.hit.x, "the card is further right");
    // Its items: its box first, then what is drawn in it, all inside it.
    match &moved.items[0] {
        Item::Rect { x, y, w, h, .. } => {
            assert_eq!(
                (*x, *y, *w, *h),
                (moved.hit.x, moved.hit.y, moved.hit.w, moved.hit.h)
            )
        }
        other => panic!("a card's look starts with its box: {other:?}"),
    }
    assert!(
        moved.items.iter().any(|i| matches!(i, Item::Text { .. })),
        "its text is in it"
    );
    let history = state.with_library(|lib| Ok(lib.history(&id)?)).unwrap();
    assert!(history.is_empty(), "asking stores nothing");

    // The edit itself: a patch of the opened view, and the card drawn as its look said.
    let after = match state.apply_edit(&id, &right).unwrap() {
        ViewUpdate::Patch { patch } => patch.apply(&opened).expect("a patch of the opened view"),
        ViewUpdate::Full { .. } => panic!("a patch of the opened view was due"),
    };
    assert_eq!(CardLook::of(&after.scene, &card.id), Some(moved));
    // The whole view as the answer drew it; only its number and the undo step differ.
    assert_eq!(view_ahead.scene, after.scene);
    assert_eq!(view_ahead.map.cards, after.map.cards);
    assert_eq!(view_ahead.history, opened.history);
    assert_ne!(view_ahead.rev, after.rev);
    // Several cards' looks, read in one pass, are each card's own; one not drawn leaves none.
    let others: Vec<String> = after
        .map
        .cards
        .iter()
        .filter(|c| c.id != card.id)
        .take(5)
        .map(|c| c.id.clone())
        .collect();
    let mut asked: Vec<&str> = others.iter().map(String::as_str).collect();
    asked.push(&card.id);
    let looks = CardLook::all_of(&after.scene, &asked).expect("every one is drawn");
    assert_eq!(looks.len(), 6);
    for (look, id) in looks.iter().zip(&asked) {
        assert_eq!(Some(look), CardLook::of(&after.scene, id).as_ref());
    }
    assert_eq!(
        CardLook::all_of(&after.scene, &[asked[0], "no-such-card"]),
        None
    );
    // From a view the page no longer holds: nothing.
    let stale = state
        .cards_ahead(&id, &[right], &[vec![card.id.clone()]])
        .unwrap();
    assert_eq!(stale.base, after.rev);
}

#[test]
fn the_cards_below_a_deleted_one_come_with_their_looks_unless_a_row_changes() {
    use travesia_api::CardLook;
    use travesia_layout::Target;

    let dir = tempfile::tempdir().unwrap();
    let state = Session::open(dir.path().join("library.db"));
    let id = state
        .with_library(|lib| Ok(lib.create_map(sample::map_with_cards(300))?))
        .unwrap();
    let opened = state.open_map(&id).unwrap();
    let (map, scene) = (&opened.map, &opened.scene);
    let lane = map
        .lanes
        .iter()
        .find(|l| l.kind == travesia_core::LaneKind::Actions)
        .unwrap();
    // Each cell of that lane: its cards top to bottom, and where the last one ends.
    let hit = |card: &str| {
        scene
            .hits
            .iter()
            .find(|h| matches!(&h.target, Target::Card { id } if id == card))
            .unwrap()
    };
    let cells: Vec<Vec<&str>> = map
        .stages
        .iter()
        .map(|stage| {
            let mut ids: Vec<&str> = map
                .cards
                .iter()
                .filter(|c| c.stage == stage.id && c.lane == lane.id)
                .map(|c| c.id.as_str())
                .collect();
            ids.sort_by(|a, b| hit(a).y.total_cmp(&hit(b).y));
            ids
        })
        .collect();
    let bottom = |ids: &[&str]| ids.last().map_or(0.0, |c| hit(c).y + hit(c).h);
    let tallest = cells.iter().map(|ids| bottom(ids)).fold(0.0, f32::max);
    // A cell of several cards, not the row's tallest: taking its first card changes no row.
    let cell = cells
        .iter()
        .filter(|ids| ids.len() >= 2 && bottom(ids) < tallest - 1.0)
        .min_by(|a, b| bottom(a).total_cmp(&bottom(b)))
        .expect("a short cell of several cards");
    let delete = Edit::DeleteCard {
        id: cell[0].to_string(),
    };
    // That card put at the top of the row's tallest cell makes the row taller.
    let tall = cells
        .iter()
        .find(|ids| (bottom(ids) - tallest).abs() < 0.5)
        .unwrap();
    let grow = Edit::MoveCard {
        id: cell[0].to_string(),
        stage: map
            .cards
            .iter()
            .find(|c| c.id == tall[0])
            .unwrap()
            .stage
            .clone(),
        lane: lane.id.clone(),
        place: travesia_core::edit::CardPlace::InCell(0),
    };
    let ahead = state
        .cards_ahead(
            &id,
            &[delete.clone(), grow],
            &[vec![], vec![cell[0].to_string()]],
        )
        .unwrap();
    let looks = ahead.looks[0]
        .clone()
        .expect("only cards move: their looks come");
    let mut along: Vec<&str> = looks
        .iter()
        .map(|l| match &l.hit.target {
            Target::Card { id } => id.as_str(),
            other => panic!("a card's look: {other:?}"),
        })
        .collect();
    along.sort_unstable();
    let mut below = cell[1..].to_vec();
    below.sort_unstable();
    assert_eq!(along, below, "the cards below it, each closing up");
    assert_eq!(
        ahead.looks[1], None,
        "a row that grows moves more than cards: no looks"
    );
    // Each look is the card as the deletion's answer draws it, and moved up.
    let after = match state.apply_edit(&id, &delete).unwrap() {
        ViewUpdate::Patch { patch } => patch.apply(&opened).expect("a patch of the opened view"),
        ViewUpdate::Full { .. } => panic!("a patch of the opened view was due"),
    };
    for look in &looks {
        let Target::Card { id } = &look.hit.target else {
            unreachable!()
        };
        assert_eq!(Some(look), CardLook::of(&after.scene, id).as_ref());
        assert!(look.hit.y < hit(id).y, "{id} closed up");
    }
}
