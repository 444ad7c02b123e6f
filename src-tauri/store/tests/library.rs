//! The SQLite library: migrations, refusal of newer or damaged files, one
//! transaction per edit, stored undo/redo, snapshots, and crash safety.

use std::path::{Path, PathBuf};

use travesia_core::edit::{CardPatch, CardPlace, Edit};
use travesia_core::format;
use travesia_core::model::Card;
use travesia_core::templates;
use travesia_store::{migrate, Library, StoreError};

const EXAMPLE: &str = include_str!("ecommerce.travesia");

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    (dir, path)
}

fn import_example(lib: &mut Library) -> String {
    lib.import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
        .unwrap()
}

fn integrity(path: &Path) -> String {
    let c = rusqlite::Connection::open(path).unwrap();
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn migrations_build_the_schema_and_record_the_version() {
    let lib = Library::open_in_memory().unwrap();
    let c = lib.connection();
    assert_eq!(migrate::user_version(c).unwrap(), migrate::LATEST);
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        tables,
        [
            // The edits applied since a map's document was last written.
            "changes",
            // Each map's document.
            "docs",
            "history",
            // The search index (FTS5) and its own tables.
            "map_text",
            "map_text_config",
            "map_text_content",
            "map_text_data",
            "map_text_docsize",
            "map_text_idx",
            "maps",
            "settings",
            "snapshots",
            "thumbnails"
        ]
    );
    let fk: i64 = c
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1, "foreign keys must be on");
}

#[test]
fn the_library_file_uses_wal_and_migrating_twice_changes_nothing() {
    let (_d, path) = temp();
    drop(Library::open(&path).unwrap());
    let lib = Library::open(&path).unwrap();
    let mode: String = lib
        .connection()
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(
        migrate::user_version(lib.connection()).unwrap(),
        migrate::LATEST
    );
}

#[test]
fn a_library_from_a_newer_version_is_refused_and_untouched() {
    let (_d, path) = temp();
    drop(Library::open(&path).unwrap());
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA user_version = 99").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    match Library::open(&path) {
        Err(StoreError::TooNew { found: 99, .. }) => {}
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer library was opened"),
    }
    let e = Library::open(&path).err().unwrap();
    assert!(e.to_string().contains("newer Travesía"), "{e}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file must not change"
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_never_overwritten() {
    let (_d, path) = temp();
    let garbage = b"this is my shopping list, not a database\n".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    let e = Library::open(&path).err().expect("garbage must be refused");
    assert!(matches!(e, StoreError::Damaged { .. }), "{e}");
    assert!(e.to_string().contains("not a SQLite database"), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn a_damaged_sqlite_file_is_refused_and_never_overwritten() {
    let (_d, path) = temp();
    {
        let mut lib = Library::open(&path).unwrap();
        for _ in 0..20 {
            import_example(&mut lib);
        }
        lib.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
    }
    // Scribble over the middle of the file, keeping the SQLite header.
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 8192 * 3);
    for b in &mut bytes[4096 + 100..4096 * 3] {
        *b = 0x5A;
    }
    std::fs::write(&path, &bytes).unwrap();
    let e = Library::open(&path)
        .err()
        .expect("a damaged library must be refused");
    assert!(matches!(e, StoreError::Damaged { .. }), "{e}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "the damaged file must be left as it was"
    );
}

#[test]
fn import_export_round_trip_is_equal_json() {
    let mut lib = Library::open_in_memory().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(EXAMPLE).unwrap();
    v["x_tool"] = serde_json::json!({"kept": true});
    v["map"]["created_at"] = serde_json::json!("2026-01-02T03:04:05.000Z");
    let id = lib.import(format::read_value(v.clone()).unwrap()).unwrap();
    assert_eq!(id, "zapatillas", "a free id is kept");
    let mut out = format::to_value(&lib.export(&id).unwrap());
    // The library stamps when it last changed the map; everything else is the file.
    assert!(out["map"]["updated_at"].is_string());
    out["map"].as_object_mut().unwrap().remove("updated_at");
    assert_eq!(out, v);
    // Importing again gets a fresh id, since "zapatillas" is taken.
    let again = lib.import(format::read_value(v).unwrap()).unwrap();
    assert_ne!(again, "zapatillas");
    assert_eq!(lib.list_maps().unwrap().len(), 2);
}

#[test]
fn a_refused_import_leaves_the_library_unchanged() {
    let mut lib = Library::open_in_memory().unwrap();
    import_example(&mut lib);
    let before = lib.list_maps().unwrap();
    let mut map = templates::load("ecommerce", "es").unwrap();
    map.cards[0].stage = "ghost".into();
    assert!(lib.create_map(map).is_err());
    assert_eq!(lib.list_maps().unwrap(), before);
}

fn add_card(lib: &mut Library, id: &str, n: usize) {
    let card = Card {
        id: format!("k{n}"),
        stage: "s1".into(),
        lane: "a".into(),
        text: format!("tarjeta {n} — ñ"),
        ..Card::default()
    };
    lib.apply(
        id,
        &Edit::InsertCard {
            card,
            place: CardPlace::InCell(0),
            steps: vec![],
        },
    )
    .unwrap();
}

#[test]
fn undo_and_redo_survive_a_restart() {
    let (_d, path) = temp();
    let id;
    {
        let mut lib = Library::open(&path).unwrap();
        id = import_example(&mut lib);
        add_card(&mut lib, &id, 1);
        add_card(&mut lib, &id, 2);
        lib.apply(
            &id,
            &Edit::UpdateCard {
                id: "k1".into(),
                patch: CardPatch {
                    text: Some("cambiada".into()),
                    ..Default::default()
                },
            },
        )
        .unwrap();
    }
    let mut lib = Library::open(&path).unwrap();
    assert_eq!(lib.load(&id).unwrap().card("k1").unwrap().text, "cambiada");
    assert!(lib.undo(&id).unwrap());
    assert_eq!(
        lib.load(&id).unwrap().card("k1").unwrap().text,
        "tarjeta 1 — ñ"
    );
    assert!(lib.undo(&id).unwrap());
    assert!(lib.load(&id).unwrap().card("k2").is_none());
    drop(lib);
    let mut lib = Library::open(&path).unwrap();
    let state = lib.history_state(&id).unwrap();
    assert!(state.can_undo && state.can_redo);
    assert!(lib.redo(&id).unwrap());
    assert!(lib.load(&id).unwrap().card("k2").is_some());
    // A new edit drops what could still be redone.
    add_card(&mut lib, &id, 3);
    assert!(!lib.redo(&id).unwrap());
    assert!(lib.undo(&id).unwrap());
    assert!(lib.undo(&id).unwrap());
    assert!(lib.undo(&id).unwrap());
    assert!(
        !lib.undo(&id).unwrap(),
        "the import itself is not an edit to undo"
    );
    let original = format::read_bytes(EXAMPLE.as_bytes()).unwrap().map;
    let mut now = lib.load(&id).unwrap();
    now.updated_at = None;
    now.created_at = None;
    assert_eq!(now, original);
}

#[test]
fn a_refused_edit_changes_neither_memory_nor_disk() {
    let (_d, path) = temp();
    let mut lib = Library::open(&path).unwrap();
    let id = import_example(&mut lib);
    let before = lib.load(&id).unwrap();
    let e = lib
        .apply(&id, &Edit::DeleteCard { id: "ghost".into() })
        .err()
        .unwrap();
    assert!(e.to_string().contains("ghost"), "{e}");
    assert_eq!(lib.load(&id).unwrap(), before);
    drop(lib);
    let mut lib = Library::open(&path).unwrap();
    assert_eq!(lib.load(&id).unwrap(), before);
    assert!(!lib.history_state(&id).unwrap().can_undo);
}

#[test]
fn snapshots_are_taken_listed_and_restored_and_the_restore_can_be_undone() {
    let mut lib = Library::open_in_memory().unwrap();
    let id = import_example(&mut lib);
    let snap = lib.snapshot(&id, "Antes del taller").unwrap();
    add_card(&mut lib, &id, 1);
    add_card(&mut lib, &id, 2);
    let list = lib.list_snapshots(&id).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "Antes del taller");
    assert_eq!(
        list[0].cards as usize,
        lib.snapshot_map(&id, snap).unwrap().cards.len()
    );
    let n = lib.restore_snapshot(&id, snap).unwrap().cards.len();
    assert_eq!(n, list[0].cards as usize);
    assert!(lib.load(&id).unwrap().card("k1").is_none());
    assert!(lib.undo(&id).unwrap());
    assert!(
        lib.load(&id).unwrap().card("k2").is_some(),
        "undoing the restore brings the edits back"
    );
    assert!(lib.snapshot(&id, "").is_err(), "a snapshot needs a name");
    assert!(matches!(
        lib.snapshot_map(&id, 999),
        Err(StoreError::SnapshotNotFound(999))
    ));
}

#[test]
fn two_libraries_on_one_file_see_each_others_edits() {
    let (_d, path) = temp();
    let mut a = Library::open(&path).unwrap();
    let id = import_example(&mut a);
    let mut b = Library::open(&path).unwrap();
    assert_eq!(
        b.load(&id).unwrap().cards.len(),
        a.load(&id).unwrap().cards.len()
    );
    add_card(&mut a, &id, 1);
    // b had the map cached; the revision tells it to reload before editing.
    assert!(b.load(&id).unwrap().card("k1").is_some());
    add_card(&mut b, &id, 2);
    let m = a.load(&id).unwrap();
    assert!(m.card("k1").is_some() && m.card("k2").is_some());

    // An edit laid out alongside its storing leaves a's map known without
    // reading its row again; b's edit and trash after it are still seen.
    let edit = Edit::DeleteCard { id: "k1".into() };
    let (seen, _) = a
        .apply_alongside(&id, &edit, |_, _| Ok(()), |(), map, _| map.cards.len())
        .unwrap();
    assert_eq!(seen, m.cards.len() - 1);
    assert!(a.load(&id).unwrap().card("k1").is_none());
    add_card(&mut b, &id, 3);
    assert!(a.load(&id).unwrap().card("k3").is_some(), "b's edit seen");
    let created = a.load(&id).unwrap().created_at;
    let (date, shown) = a
        .apply_alongside(
            &id,
            &Edit::DeleteCard { id: "k3".into() },
            |_, _| Ok(()),
            |(), _, date| date.to_string(),
        )
        .unwrap();
    assert_eq!(
        shown.created_at, created,
        "the map shown keeps when it was made"
    );
    assert_eq!(shown.updated_at, Some(date), "and when it was changed");
    assert!(b.load(&id).unwrap().card("k3").is_none(), "a's edit seen");
    b.trash_map(&id).unwrap();
    assert!(matches!(a.load(&id), Err(StoreError::MapNotFound(_))));
}

#[test]
fn an_undo_and_a_redo_laid_out_alongside_are_stored_as_undo_and_redo() {
    let (_d, path) = temp();
    let mut lib = Library::open(&path).unwrap();
    let id = import_example(&mut lib);
    let before = lib.load(&id).unwrap().cards.len();
    add_card(&mut lib, &id, 1);
    let count = |_: &Library, _: &travesia_core::Map| Ok(());
    let (seen, shown) = lib
        .step_alongside(&id, true, count, |(), map, _| map.cards.len())
        .unwrap()
        .expect("an edit to undo");
    assert_eq!(seen, before, "laid out as undone");
    assert!(shown.card("k1").is_none() && shown.updated_at.is_some());
    let state = lib.history_state(&id).unwrap();
    assert!(state.can_redo, "the undone step can be redone");
    // Another connection reads it undone, then redone.
    assert!(Library::open(&path)
        .unwrap()
        .load(&id)
        .unwrap()
        .card("k1")
        .is_none());
    let (seen, _) = lib
        .step_alongside(&id, false, count, |(), map, _| map.cards.len())
        .unwrap()
        .expect("a step to redo");
    assert_eq!(seen, before + 1);
    assert!(Library::open(&path)
        .unwrap()
        .load(&id)
        .unwrap()
        .card("k1")
        .is_some());
    assert!(!lib.history_state(&id).unwrap().can_redo);
    // Nothing left to redo: nothing runs.
    let ran = std::sync::atomic::AtomicBool::new(false);
    let none = lib
        .step_alongside(&id, false, count, |(), _, _| {
            ran.store(true, std::sync::atomic::Ordering::Relaxed)
        })
        .unwrap();
    assert!(none.is_none() && !ran.load(std::sync::atomic::Ordering::Relaxed));
}

#[test]
fn trash_hides_a_map() {
    let mut lib = Library::open_in_memory().unwrap();
    let id = import_example(&mut lib);
    lib.trash_map(&id).unwrap();
    assert!(lib.list_maps().unwrap().is_empty());
    assert!(matches!(lib.load(&id), Err(StoreError::MapNotFound(_))));
}

/// The child half of the crash test: makes edits forever, printing the number
/// of each one after its call returned. Run only by the parent below.
#[test]
#[ignore]
fn crash_child() {
    let Some(path) = std::env::var_os("TRAVESIA_CRASH_DB") else {
        return;
    };
    let id = std::env::var("TRAVESIA_CRASH_MAP").unwrap();
    let mut lib = Library::open(Path::new(&path)).unwrap();
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for n in 0.. {
        add_card(&mut lib, &id, n);
        writeln!(out, "done {n}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn a_kill_in_the_middle_of_edits_loses_no_returned_edit() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let (_d, path) = temp();
    let id = {
        let mut lib = Library::open(&path).unwrap();
        import_example(&mut lib)
    };
    for round in 0..3 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "crash_child",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TRAVESIA_CRASH_DB", &path)
            .env("TRAVESIA_CRASH_MAP", &id)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut last = None;
        // Let it run a while (a different number of edits each round), then SIGKILL.
        let target = 150 + round * 97;
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(n) = line.strip_prefix("done ") {
                last = Some(n.parse::<usize>().unwrap());
                if last == Some(target) {
                    break;
                }
            }
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let last = last.expect("the child made edits");
        assert_eq!(integrity(&path), "ok");
        let mut lib = Library::open(&path).unwrap();
        let map = lib.load(&id).unwrap();
        for n in 0..=last {
            assert!(
                map.card(&format!("k{n}")).is_some(),
                "edit {n} returned before the kill but is lost"
            );
        }
        // Start the next round from the example again.
        while lib.undo(&id).unwrap() {}
        assert!(lib.load(&id).unwrap().card("k0").is_none());
    }
}
