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
