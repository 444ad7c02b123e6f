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
