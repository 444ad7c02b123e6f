//! A pinned clock: every change is stamped with the instant given, and with
//! the time again once it is let go.

use travesia_core::{sample, Edit};
use travesia_store::Library;

const INSTANT: &str = "2026-01-01T00:00:00.000Z";

fn updated(lib: &Library, id: &str) -> String {
    lib.list_maps()
        .unwrap()
        .into_iter()
        .find(|m| m.id == id)
        .expect("the map is listed")
        .updated_at
}

#[test]
fn a_pinned_clock_stamps_every_change_with_its_instant() {
    let mut lib = Library::open_in_memory().unwrap();
    lib.pin_clock(Some(INSTANT));
    let map = sample::map_with_cards(3);
    let card = map.cards[0].id.clone();
    let id = lib.create_map(map).unwrap();
    assert_eq!(updated(&lib, &id), INSTANT, "created");
    lib.apply(&id, &Edit::DeleteCard { id: card }).unwrap();
    assert_eq!(updated(&lib, &id), INSTANT, "edited");

    // Let go: the next change has the time it is made.
    lib.pin_clock(None);
    let card = lib.load(&id).unwrap().cards[0].id.clone();
    lib.apply(&id, &Edit::DeleteCard { id: card }).unwrap();
    let now = updated(&lib, &id);
    assert_ne!(now, INSTANT);
    assert!(
        now.as_str() > "2026-01-02",
        "{now} is the time of the change"
    );
}
