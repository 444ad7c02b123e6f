//! The property of issue 2 through the library itself: random edits stored in
//! SQLite, all undone from the stored history (after reopening the file), give
//! back the original map exactly; all redone, the final map exactly.

use proptest::prelude::*;
use travesia_core::{sample, templates};
use travesia_store::Library;

fn strip(mut m: travesia_core::Map) -> travesia_core::Map {
    m.created_at = None;
    m.updated_at = None;
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn stored_undo_and_redo_are_exact_across_a_reopen(
        start in 0usize..5,
        ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<usize>(), any::<usize>()), 1..40),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("library.db");
        let mut lib = Library::open(&path).unwrap();
        let id = lib.create_map(templates::load(sample::SEEDED_TEMPLATES[start], "es").unwrap()).unwrap();
        let original = strip(lib.load(&id).unwrap());
        let mut serial = 0;
        let mut applied = 0;
        for (op, a, b, c) in ops {
            let current = lib.load(&id).unwrap();
            let edit = sample::random_edit(&current, op, a, b, c, &mut serial);
            if lib.apply(&id, &edit).is_ok() {
                applied += 1;
            }
        }
        let last = strip(lib.load(&id).unwrap());
        drop(lib);
        let mut lib = Library::open(&path).unwrap();
        let mut undone = 0;
        while lib.undo(&id).unwrap() {
            undone += 1;
        }
        prop_assert_eq!(undone, applied);
        prop_assert_eq!(strip(lib.load(&id).unwrap()), original);
        while lib.redo(&id).unwrap() {}
        prop_assert_eq!(strip(lib.load(&id).unwrap()), last);
    }
}

/// Each stored step says what it did, as the map was before it; undo and
/// redo know what they would take back or do again; and going to a step
/// reaches any earlier (or later) state in one call, exactly.
#[test]
fn steps_are_named_and_any_state_can_be_reached() {
    use travesia_core::summary::StepAction;
    use travesia_core::{Edit, Route};

    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("library.db")).unwrap();
    let id = lib
        .create_map(templates::load("ecommerce", "es").unwrap())
        .unwrap();
    let states = |lib: &mut Library| strip(lib.load(&id).unwrap());
    // Names are cut at 40 characters.
    let short = |t: &str| match t.chars().count() {
        n if n > 40 => format!("{}…", t.chars().take(39).collect::<String>().trim_end()),
        _ => t.to_string(),
    };
    let s0 = states(&mut lib);
    let card = s0.cards[0].clone();
    let route = Route {
        id: "r-nueva".into(),
        name: "Compra por WhatsApp".into(),
        color: None,
        steps: vec![card.id.clone()],
        extra: Default::default(),
    };
    lib.apply(&id, &Edit::InsertRoute { index: 0, route })
        .unwrap();
    let s1 = states(&mut lib);
    lib.apply(
        &id,
        &Edit::DeleteCard {
            id: card.id.clone(),
        },
    )
    .unwrap();
    let s2 = states(&mut lib);

    let history = lib.history(&id).unwrap();
    assert_eq!(history.len(), 2);
    let named: Vec<_> = history
        .iter()
        .map(|h| {
            let s = h.summary.as_ref().unwrap();
            (s.action, s.name.clone())
        })
        .collect();
    assert_eq!(
        named,
        vec![
            (
                StepAction::AddRoute,
                Some("Compra por WhatsApp".to_string())
            ),
            (StepAction::DeleteCard, Some(short(&card.text))),
        ]
    );
    let state = lib.history_state(&id).unwrap();
    assert_eq!(state.undo.as_ref().unwrap().action, StepAction::DeleteCard);
    assert_eq!(state.redo, None);

    // Back to before both steps, in one call; then forward to the first.
    assert_eq!(lib.go_to_step(&id, 0).unwrap(), 2);
    assert_eq!(states(&mut lib), s0);
    let state = lib.history_state(&id).unwrap();
    assert!(!state.can_undo);
    assert_eq!(state.redo.as_ref().unwrap().action, StepAction::AddRoute);
    assert_eq!(lib.go_to_step(&id, history[0].seq).unwrap(), 1);
    assert_eq!(states(&mut lib), s1);
    assert!(lib.history(&id).unwrap()[1].undone);
    assert_eq!(lib.go_to_step(&id, history[1].seq).unwrap(), 1);
    assert_eq!(states(&mut lib), s2);
    assert_eq!(
        lib.go_to_step(&id, history[1].seq).unwrap(),
        0,
        "already there"
    );
}
