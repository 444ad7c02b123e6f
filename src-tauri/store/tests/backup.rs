//! Daily backups on open, seven kept, and a damaged library put back from
//! the newest good backup with nothing deleted.

use std::path::PathBuf;

use chrono::NaiveDate;
use travesia_core::format;
use travesia_store::backup::{self, backup_path, list_backups, newest_good_backup, restore_backup};
use travesia_store::{Library, StoreError};

const EXAMPLE: &str = include_str!("../../../tests/fixtures/ecommerce.travesia");

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("library.db");
    (dir, path)
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn scribble(path: &PathBuf) {
    let mut bytes = std::fs::read(path).unwrap();
    assert!(bytes.len() > 4096 * 3);
    for b in &mut bytes[4096 + 100..4096 * 3] {
        *b = 0x5A;
    }
    std::fs::write(path, &bytes).unwrap();
}

#[test]
fn opening_takes_one_backup_a_day_and_keeps_seven() {
    let (_d, path) = temp();
    let id = {
        let mut lib = Library::open(&path).unwrap();
        lib.import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
            .unwrap()
    };
    // A new library has nothing to back up; the second open does it.
    assert!(list_backups(&path).is_empty());
    let lib = Library::open(&path).unwrap();
    let today = list_backups(&path);
    assert_eq!(today.len(), 1, "{today:?}");
    assert!(backup::is_good(&today[0].1));
    // Not twice on the same day.
    assert_eq!(lib.daily_backup(today[0].0).unwrap(), None);
    // Ten more days: only the newest seven stay.
    for day in 1..=10 {
        let d = date("2030-01-01") + chrono::Days::new(day);
        assert_eq!(lib.daily_backup(d).unwrap(), Some(backup_path(&path, d)));
    }
    let kept = list_backups(&path);
    assert_eq!(kept.len(), backup::KEEP);
    assert_eq!(kept[0].0, date("2030-01-11"));
    assert_eq!(kept[6].0, date("2030-01-05"));
    // A backup is a whole library with the map in it.
    let mut copy = Library::open(&kept[0].1).unwrap();
    assert_eq!(copy.load(&id).unwrap().title, lib_title());
}

fn lib_title() -> String {
    format::read_bytes(EXAMPLE.as_bytes()).unwrap().map.title
}

#[test]
fn a_damaged_library_comes_back_from_the_newest_good_backup() {
    let (dir, path) = temp();
    let id = {
        let mut lib = Library::open(&path).unwrap();
        for _ in 0..20 {
            lib.import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
                .unwrap();
        }
        let id = lib.list_maps().unwrap()[0].id.clone();
        lib.connection()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .unwrap();
        id
    };
    drop(Library::open(&path).unwrap());
    // The newest backup is damaged too; an older one is good.
    let good = list_backups(&path)[0].1.clone();
    let older = backup_path(&path, date("2020-02-02"));
    std::fs::copy(&good, &older).unwrap();
    scribble(&good);
    scribble(&path);
    let damaged_bytes = std::fs::read(&path).unwrap();
    assert!(matches!(
        Library::open(&path).err().unwrap(),
        StoreError::Damaged { .. }
    ));
    let (when, from) = newest_good_backup(&path).expect("a good backup");
    assert_eq!((when, &from), (date("2020-02-02"), &older));
    let aside = restore_backup(&path, &from).unwrap().expect("moved aside");
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        damaged_bytes,
        "nothing deleted"
    );
    assert!(aside.starts_with(dir.path()));
    let mut lib = Library::open(&path).unwrap();
    assert_eq!(lib.list_maps().unwrap().len(), 20);
    assert!(lib.load(&id).is_ok());
    // A damaged backup is refused.
    assert!(restore_backup(&path, &good).is_err());
}
