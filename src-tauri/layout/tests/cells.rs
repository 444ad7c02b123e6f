//! The layout keeps the cells of cards an edit did not touch from the layout
//! before, and the Scene is the very one a layout from nothing gives.

use std::collections::BTreeMap;

use travesia_core::compare::Change;
use travesia_core::edit::{apply, CardPatch, ChannelPatch, Edit, LanePatch, StagePatch};
use travesia_core::model::OwnChannel;
use travesia_core::{sample, templates, Map};
use travesia_layout::poster::{layout_with, ChangeMarks, Look};
use travesia_layout::{layout, Scene, TextEngine};

/// Lays `map` out with `warm` (which keeps what it drew before) and with an
/// engine that keeps nothing, and checks both give the same Scene; answers
/// how many cells `warm` kept.
fn same_as_fresh(map: &Map, look: &Look, warm: &mut TextEngine) -> (Scene, usize) {
    let kept = layout_with(map, warm, look.clone());
    let fresh = layout_with(map, &mut TextEngine::new(), look.clone());
    assert_eq!(
        serde_json::to_string(&kept).unwrap(),
        serde_json::to_string(&fresh).unwrap(),
        "a layout keeping cells differs from one from nothing"
    );
    (kept, warm.cells_kept())
}

/// How many cells of cards a map draws: its stages times its open lanes of cards.
fn card_cells(map: &Map) -> usize {
    let lanes = map
        .lanes
        .iter()
        .filter(|l| {
            l.collapsed != Some(true)
                && matches!(l.kind.spec().drawing, travesia_core::kinds::Drawing::Cards)
        })
        .count();
    lanes * map.stages.len()
}

fn update_card(map: &mut Map, id: &str, patch: CardPatch) {
    let edit = Edit::UpdateCard {
        id: id.to_string(),
        patch,
    };
    apply(map, &edit).unwrap();
}

#[test]
fn an_edit_to_one_card_draws_only_its_cell_again() {
    let mut map = sample::map_with_cards(400);
    let look = Look::default();
    let mut warm = TextEngine::new();
    // A map with fewer cards than told is not kept.
    warm.keep_cells_from(401);
    same_as_fresh(&map, &look, &mut warm);
    assert_eq!(same_as_fresh(&map, &look, &mut warm).1, 0);
    warm.keep_cells_from(400);
    let (_, kept) = same_as_fresh(&map, &look, &mut warm);
    assert_eq!(
        kept, 0,
        "the first layout keeping cells has nothing to keep"
    );
    let cells = card_cells(&map);
    assert!(cells > 50, "the map has {cells} cells of cards");

    // The same map again: every cell kept.
    let (_, kept) = same_as_fresh(&map, &look, &mut warm);
    assert_eq!(kept, cells);

    // A card in the first lane of cards grows by many lines: its row grows,
    // every lane below it moves down, and only its cell is drawn again.
    let card = map
        .cards
        .iter()
        .find(|c| c.lane == map.lanes[0].id)
        .unwrap()
        .id
        .clone();
    let long = "Una tarjeta que ahora dice mucho más, con acentos y eñes: \
                ñandú, acción, pingüino. "
        .repeat(6);
    let before = layout(&map, &mut TextEngine::new()).height;
    update_card(
        &mut map,
        &card,
        CardPatch {
            text: Some(long),
            ..Default::default()
        },
    );
    let (scene, kept) = same_as_fresh(&map, &look, &mut warm);
    assert!(scene.height > before, "the row grew");
    assert_eq!(kept, cells - 1);

    // Moved to the next stage: the two cells it left and joined are drawn.
    let stage = map.stages[1].id.clone();
    let lane = map.lanes[0].id.clone();
    apply(
        &mut map,
        &Edit::MoveCard {
            id: card.clone(),
            stage,
            lane,
            place: travesia_core::edit::CardPlace::InCell(0),
        },
    )
    .unwrap();
    let (_, kept) = same_as_fresh(&map, &look, &mut warm);
    assert_eq!(kept, cells - 2);
}

#[test]
fn what_every_card_is_drawn_with_draws_every_cell_again() {
    let mut map = templates::load("omnichannel", "es").unwrap();
    let look = Look::default();
    let mut warm = TextEngine::new();
    warm.keep_cells_from(0);
    same_as_fresh(&map, &look, &mut warm);
    let cells = card_cells(&map);

    // The map's language names the channels on its cards.
    apply(
        &mut map,
        &Edit::SetLocale {
            locale: Some("en".into()),
        },
    )
    .unwrap();
    let (_, kept) = same_as_fresh(&map, &look, &mut warm);
    assert_eq!(kept, 0, "the language changed every card's words");
    let (_, kept) = same_as_fresh(&map, &look, &mut warm);
    assert_eq!(kept, cells);

    // A wider stage: its cells are drawn again, the others kept.
    let stage = map.stages[2].id.clone();
    apply(
        &mut map,
        &Edit::UpdateStage {
            id: stage,
            patch: StagePatch {
                width: Some(Some(400.0)),
                ..Default::default()
            },
        },
    )
    .unwrap();
    let (_, kept) = same_as_fresh(&map, &look, &mut warm);
    let lanes = cells / map.stages.len();
    // The stages to its right moved right: theirs are drawn again too.
    assert_eq!(kept, 2 * lanes, "only the two stages at its left are kept");

    // A lane's colour: its cells only.
    let lane = map
        .lanes
        .iter()
        .find(|l| matches!(l.kind.spec().drawing, travesia_core::kinds::Drawing::Cards))
        .unwrap()
        .id
        .clone();
    apply(
        &mut map,
        &Edit::UpdateLane {
            id: lane,
            patch: LanePatch {
                color: Some(Some("#2B8A3E".into())),
                ..Default::default()
            },
        },
    )
    .unwrap();
    let (_, kept) = same_as_fresh(&map, &look, &mut warm);
    assert_eq!(kept, cells - map.stages.len());

    // One of the map's own channels, named on a touchpoint card, renamed.
    apply(
        &mut map,
        &Edit::InsertChannel {
            index: 0,
            channel: OwnChannel {
                id: "wa".into(),
                name: "WhatsApp".into(),
                icon: Some("message".into()),
                ..OwnChannel::default()
            },
            cards: vec![],
        },
    )
    .unwrap();
    let touchpoint = map
        .cards
        .iter()
        .find(|c| map.lane(&c.lane).is_some_and(|l| l.kind.spec().touchpoints))
        .unwrap()
        .id
        .clone();
    update_card(
        &mut map,
        &touchpoint,
        CardPatch {
            channel: Some(Some("wa".into())),
            ..Default::default()
        },
    );
    same_as_fresh(&map, &look, &mut warm);
    apply(
        &mut map,
        &Edit::UpdateChannel {
            id: "wa".into(),
            patch: ChannelPatch {
                name: Some("Bizum".into()),
                ..Default::default()
            },
        },
    )
    .unwrap();
    let (scene, kept) = same_as_fresh(&map, &look, &mut warm);
    assert_eq!(kept, 0, "the map's own channels are drawn on its cards");
    assert!(scene
        .items
        .iter()
        .any(|i| matches!(i, travesia_layout::Item::Text { text, .. } if text == "Bizum")));

    // A poster's look: evidence left out, then a comparison's marks and the
    // titles of linked maps; each is drawn from nothing, then kept.
    let hide = Look {
        hide_evidence: true,
        ..Look::default()
    };
    assert_eq!(same_as_fresh(&map, &hide, &mut warm).1, 0);
    assert_eq!(same_as_fresh(&map, &hide, &mut warm).1, cells);
    let mut marks = ChangeMarks::default();
    marks.cards.insert(map.cards[0].id.clone(), Change::Changed);
    let compared = Look {
        changes: Some(marks),
        links: BTreeMap::from([("otro".to_string(), "Otro mapa".to_string())]),
        ..Look::default()
    };
    assert_eq!(same_as_fresh(&map, &compared, &mut warm).1, 0);
    assert_eq!(same_as_fresh(&map, &compared, &mut warm).1, cells);
    // Back on screen.
    assert_eq!(same_as_fresh(&map, &look, &mut warm).1, 0);
}

/// A small random number generator, so the edits are the same every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 16) as usize
    }
}

#[test]
fn after_any_edits_the_scene_is_the_one_from_nothing() {
    let starts = [
        templates::load("omnichannel", "es").unwrap(),
        templates::example().unwrap().map,
        sample::map_with_cards(60),
    ];
    let look = Look::default();
    let mut kept_some = false;
    for (n, mut map) in starts.into_iter().enumerate() {
        let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ (n as u64 + 1));
        let mut serial = 0;
        let mut warm = TextEngine::new();
        warm.keep_cells_from(0);
        layout(&map, &mut warm);
        for _ in 0..120 {
            let op = (dice.next() % 256) as u8;
            let e = sample::random_edit(
                &map,
                op,
                dice.next() % 256,
                dice.next() % 256,
                dice.next() % 256,
                &mut serial,
            );
            if apply(&mut map, &e).is_err() {
                continue;
            }
            let (_, kept) = same_as_fresh(&map, &look, &mut warm);
            kept_some |= kept > 0;
        }
    }
    assert!(kept_some, "no layout kept a cell");
}
