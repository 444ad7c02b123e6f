//! An edit stored as a change: the map's document is written whole only
//! once the edits since add up, and a map read again (another process, a
//! restart, a search) is the map as edited, whatever was written whole.

use std::path::PathBuf;

use rusqlite::Connection;
use travesia_core::edit::{CardPatch, Edit};
use travesia_core::{sample, Map};
use travesia_store::{Library, StoreError};

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    (dir, path)
}

/// The stored document's length and the edits waiting over it, read
/// straight from the file.
fn stored(path: &PathBuf, id: &str) -> (i64, i64) {
    let c = Connection::open(path).unwrap();
    let doc = c
        .query_row(
            "SELECT length(doc) FROM docs WHERE map_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    let changes = c
        .query_row(
            "SELECT COUNT(*) FROM changes WHERE map_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    (doc, changes)
}

fn text(id: &str, text: String) -> Edit {
    Edit::UpdateCard {
        id: id.to_string(),
        patch: CardPatch {
            text: Some(text),
            ..CardPatch::default()
        },
    }
}

/// `map` without its timestamps, to compare with another reading of it.
fn bare(mut map: Map) -> Map {
    map.created_at = None;
    map.updated_at = None;
    map
}

#[test]
fn an_edit_of_a_large_map_is_stored_as_a_change_and_read_back_whole() {
    let (_d, path) = temp();
    let mut lib = Library::open(&path).unwrap();
    let id = lib.create_map(sample::map_with_cards(400)).unwrap();
    let cards: Vec<String> = lib
        .load(&id)
        .unwrap()
        .cards
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let (doc, waiting) = stored(&path, &id);
    assert_eq!(waiting, 0);

    lib.apply(&id, &text(&cards[7], "Primera — ñandú".into()))
        .unwrap();
    assert_eq!(
        stored(&path, &id),
        (doc, 1),
        "one edit: the document is not written, the edit waits over it"
    );
    // Read by another connection (another process, or the next start).
    let mut other = Library::open(&path).unwrap();
    assert_eq!(
        other.load(&id).unwrap().card(&cards[7]).unwrap().text,
        "Primera — ñandú"
    );

    // Many more edits, undos and redos: the document is written whole
    // again now and then, and every reading is the map as edited.
    let mut written_whole = 0;
    for k in 0..200 {
        let before = stored(&path, &id).1;
        match k % 10 {
            3 => assert!(lib.undo(&id).unwrap()),
            4 => assert!(lib.redo(&id).unwrap()),
            _ => {
                lib.apply(&id, &text(&cards[k % cards.len()], format!("Texto {k}")))
                    .unwrap();
            }
        }
        let after = stored(&path, &id).1;
        if after < before {
            assert_eq!(after, 0, "written whole, nothing waits");
            written_whole += 1;
        } else {
            assert_eq!(after, before + 1, "one more edit waits");
        }
        if k % 37 == 0 {
            let mut fresh = Library::open(&path).unwrap();
            assert_eq!(
                bare(fresh.load(&id).unwrap()),
                bare(lib.load(&id).unwrap()),
                "after step {k}, a fresh reading is the map as edited"
            );
        }
    }
    assert!(
        (2..=4).contains(&written_whole),
        "the document was written whole {written_whole} times in 200 steps"
    );
    let mine = bare(lib.load(&id).unwrap());
    drop(lib);
    let mut again = Library::open(&path).unwrap();
    assert_eq!(bare(again.load(&id).unwrap()), mine, "after a restart");
    assert_eq!(
        bare(other.load(&id).unwrap()),
        mine,
        "the other connection reads it again"
    );
}

#[test]
fn a_small_map_and_a_large_edit_write_the_document_whole() {
    let (_d, path) = temp();
    let mut lib = Library::open(&path).unwrap();
    let small = lib.create_map(sample::map_with_cards(3)).unwrap();
    let card = lib.load(&small).unwrap().cards[0].id.clone();
    // A long text against a document of a few kilobytes.
    lib.apply(&small, &text(&card, "x".repeat(4_000))).unwrap();
    assert_eq!(stored(&path, &small).1, 0);

    let large = lib.create_map(sample::map_with_cards(400)).unwrap();
    let mut replaced = lib.load(&large).unwrap();
    replaced.title = "Reemplazado".into();
    replaced.cards.truncate(300);
    let (doc, _) = stored(&path, &large);
    lib.apply(
        &large,
        &Edit::ReplaceMap {
            map: Box::new(bare(replaced)),
        },
    )
    .unwrap();
    let (doc_after, waiting) = stored(&path, &large);
    assert_eq!(waiting, 0, "a whole map replaced is written whole");
    assert!(doc_after < doc);
    let mut fresh = Library::open(&path).unwrap();
    let read = fresh.load(&large).unwrap();
    assert_eq!(
        (read.title.as_str(), read.cards.len()),
        ("Reemplazado", 300)
    );
}

#[test]
fn the_search_and_the_list_see_the_edits_waiting() {
    let (_d, path) = temp();
    let mut lib = Library::open(&path).unwrap();
    let id = lib.create_map(sample::map_with_cards(400)).unwrap();
    let card = lib.load(&id).unwrap().cards[11].id.clone();
    let bytes = lib.list_maps().unwrap()[0].bytes;
    lib.apply(&id, &text(&card, "Quiosco de Ñuñoa".into()))
        .unwrap();
    assert_eq!(stored(&path, &id).1, 1);
    assert!(
        lib.list_maps().unwrap()[0].bytes > bytes,
        "the size counts the edit waiting"
    );
    let hits = lib.search("quiosco nunoa").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].snippets, ["Quiosco de Ñuñoa"]);
    assert_eq!(
        stored(&path, &id).1,
        0,
        "the search wrote the document as the map is"
    );
    // And the next edit is found too.
    lib.apply(&id, &text(&card, "Feria de Maipú".into()))
        .unwrap();
    assert!(lib.search("quiosco").unwrap().is_empty());
    assert_eq!(lib.search("maipu").unwrap().len(), 1);
}

#[test]
fn a_stored_edit_that_no_longer_applies_is_a_clear_error() {
    let (_d, path) = temp();
    let id = {
        let mut lib = Library::open(&path).unwrap();
        let id = lib.create_map(sample::map_with_cards(400)).unwrap();
        let card = lib.load(&id).unwrap().cards[0].id.clone();
        lib.apply(&id, &text(&card, "Una".into())).unwrap();
        id
    };
    let c = Connection::open(&path).unwrap();
    c.execute(
        "UPDATE changes SET edit = ?2 WHERE map_id = ?1",
        rusqlite::params![
            id,
            serde_json::to_string(&Edit::DeleteCard {
                id: "no-existe".into()
            })
            .unwrap()
        ],
    )
    .unwrap();
    drop(c);
    let mut lib = Library::open(&path).unwrap();
    match lib.load(&id) {
        Err(StoreError::Corrupt(why)) => assert!(why.contains("no longer applies"), "{why}"),
        other => panic!("expected a clear refusal, got {other:?}"),
    }
}
