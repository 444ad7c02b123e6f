//! Faults in the library, by real processes: a writer killed with SIGKILL
//! in the middle of its work, 200 times over; and two processes writing one
//! library at once.
//!
//! The writers are this same test binary started again with
//! `TRAVESIA_FAULT_CHILD` set: `fault_child` then edits (or takes snapshots)
//! in a loop and prints `ack N` after each call that returned, which is what
//! the parent holds the library to: every acknowledged change must be there.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use travesia_core::edit::CardPatch;
use travesia_core::{format, Edit};
use travesia_store::Library;

const CHILD_ENV: &str = "TRAVESIA_FAULT_CHILD";
const EXAMPLE: &str = include_str!("../../../tests/fixtures/ecommerce.travesia");
const MAP: &str = "zapatillas";

/// The writer. `TRAVESIA_FAULT_CHILD` = `<mode>:<first n>:<count>:<library path>`.
#[test]
fn fault_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut parts = spec.splitn(4, ':');
    let mode = parts.next().unwrap().to_string();
    let first: u64 = parts.next().unwrap().parse().unwrap();
    let count: u64 = parts.next().unwrap().parse().unwrap();
    let path = PathBuf::from(parts.next().unwrap());
    let mut lib = Library::open(&path).unwrap();
    let card = lib.load(MAP).unwrap().cards[0].id.clone();
    if mode == "hold" {
        // Keeps the library open, and makes an edit each time a line comes
        // in on stdin (the parent reads the library in between).
        println!("ack 0");
        for (n, _) in std::io::stdin().lines().enumerate() {
            let n = first + n as u64;
            lib.apply(
                MAP,
                &Edit::SetTitle {
                    title: format!("edit {n}"),
                },
            )
            .unwrap();
            println!("ack {n}");
        }
        return;
    }
    for n in first..first + count {
        let result = match mode.as_str() {
            "edit" => lib
                .apply(
                    MAP,
                    &Edit::SetTitle {
                        title: format!("edit {n}"),
                    },
                )
                .map(|_| ()),
            // A second writer changes a card, not the title.
            "card" => lib
                .apply(
                    MAP,
                    &Edit::UpdateCard {
                        id: card.clone(),
                        patch: CardPatch {
                            text: Some(format!("card {n}")),
                            ..Default::default()
                        },
                    },
                )
                .map(|_| ()),
            "snapshot" => lib.snapshot(MAP, &format!("v{n}")).map(|_| ()),
            other => panic!("unknown mode {other}"),
        };
        match result {
            Ok(()) => println!("ack {n}"),
            Err(e) => println!("error {n} {e}"),
        }
    }
}

fn new_library(dir: &Path) -> PathBuf {
    let path = dir.join("library.db");
    let mut lib = Library::open(&path).unwrap();
    lib.import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
        .unwrap();
    path
}

fn spawn(mode: &str, first: u64, count: u64, path: &Path) -> (Child, mpsc::Receiver<String>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .stdin(Stdio::piped())
        .args(["--exact", "fault_child", "--nocapture", "--test-threads=1"])
        .env(
            CHILD_ENV,
            format!("{mode}:{first}:{count}:{}", path.display()),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            // libtest may print "test fault_child ... " just before the first line.
            let at = ["ack ", "error "].iter().filter_map(|k| line.find(k)).min();
            if let Some(at) = at {
                if tx.send(line[at..].to_string()).is_err() {
                    break;
                }
            }
        }
    });
    (child, rx)
}

fn number(line: &str) -> u64 {
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// A small deterministic generator, so a failing round can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn title_number(lib: &mut Library) -> Option<u64> {
    lib.load(MAP)
        .unwrap()
        .title
        .strip_prefix("edit ")
        .map(|n| n.parse().unwrap())
}

/// Starts a writer, lets it get going, kills it at a random moment, and
/// answers with the last change it acknowledged.
fn kill_round(mode: &str, first: u64, path: &Path, rng: &mut Lcg) -> Option<u64> {
    let (mut child, rx) = spawn(mode, first, 1_000_000, path);
    // Wait for the first acknowledgement, then a random 0–40 ms more.
    let mut last = match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(line) if line.starts_with("ack ") => Some(number(&line)),
        Ok(line) => panic!("the writer failed: {line}"),
        Err(_) => panic!("the writer acknowledged nothing in 20 s"),
    };
    std::thread::sleep(Duration::from_millis(rng.next(40)));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    while let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
        assert!(line.starts_with("ack "), "the writer reported: {line}");
        last = Some(number(&line));
    }
    last
}

#[test]
fn sigkill_during_edits_200_times_loses_nothing_acknowledged() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = new_library(dir.path());
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    let shm = PathBuf::from(format!("{}-shm", path.display()));
    let mut rng = Lcg(20261123);
    let mut next = 1;
    let mut deleted = 0;
    for round in 0..200 {
        let acked = kill_round("edit", next, &path, &mut rng).expect("an acknowledged edit");
        // Every other round, the log is deleted after the kill (as a cleaning
        // tool or a user tidying the folder would), the shared-memory index
        // too in every fourth: committed pages may live only there.
        let delete = round % 2 == 0;
        if delete {
            // A killed writer always leaves its log: there is one to delete.
            assert!(wal.exists(), "round {round}: no log after the kill");
            std::fs::remove_file(&wal).unwrap();
            if round % 4 == 0 {
                let _ = std::fs::remove_file(&shm);
            }
            deleted += 1;
        }
        let mut lib = Library::open(&path)
            .unwrap_or_else(|e| panic!("round {round}: the library does not open: {e}"));
        assert_eq!(
            lib.wal_restored(),
            delete,
            "round {round}: a deleted log is put back, and only then"
        );
        let n = title_number(&mut lib).expect("the title is an edit's");
        // The edit in flight when the kill came may or may not have landed.
        assert!(
            n == acked || n == acked + 1,
            "round {round}: acknowledged edit {acked}, found {n}"
        );
        // The history agrees with the map: undo takes back exactly the last edit.
        assert!(lib.undo(MAP).unwrap());
        let back = title_number(&mut lib);
        assert!(
            back.is_none() || back == Some(n - 1),
            "round {round}: undo gave {back:?}"
        );
        assert!(lib.redo(MAP).unwrap());
        assert_eq!(title_number(&mut lib), Some(n));
        next = n + 1;
    }
    assert_eq!(deleted, 100, "the log was deleted in 100 of 200 rounds");
}

/// A library closed cleanly leaves no log and no second name behind; one
/// killed leaves both, as one file.
#[test]
fn the_log_keeper_lives_as_long_as_the_library_is_open() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let path = new_library(dir.path());
    let side = |s: &str| PathBuf::from(format!("{}{s}", path.display()));
    assert!(!side("-wal").exists() && !side("-wal.keep").exists());
    {
        let mut lib = Library::open(&path).unwrap();
        let ino = |s: &str| std::fs::metadata(side(s)).unwrap().ino();
        assert_eq!(ino("-wal"), ino("-wal.keep"));
        // A second connection shares the log and its keeper.
        let other = Library::open(&path).unwrap();
        drop(other);
        assert!(
            side("-wal.keep").exists(),
            "the first library is still open"
        );
        lib.apply(MAP, &Edit::SetTitle { title: "x".into() })
            .unwrap();
    }
    assert!(!side("-wal").exists(), "SQLite deletes the log on close");
    assert!(!side("-wal.keep").exists(), "and the keeper goes with it");
    assert_eq!(Library::open(&path).unwrap().load(MAP).unwrap().title, "x");
}

#[test]
fn sigkill_during_snapshots_200_times_loses_nothing_acknowledged() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = new_library(dir.path());
    let mut rng = Lcg(7);
    let mut next = 1;
    let mut deleted = 0;
    for round in 0..200 {
        let acked =
            kill_round("snapshot", next, &path, &mut rng).expect("an acknowledged snapshot");
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        let delete = round % 2 == 1;
        if delete {
            assert!(wal.exists(), "round {round}: no log after the kill");
            std::fs::remove_file(&wal).unwrap();
            deleted += 1;
        }
        let lib = Library::open(&path)
            .unwrap_or_else(|e| panic!("round {round}: the library does not open: {e}"));
        assert_eq!(lib.wal_restored(), delete, "round {round}");
        let names: Vec<String> = lib
            .list_snapshots(MAP)
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect();
        let newest: u64 = names
            .iter()
            .map(|n| n.trim_start_matches('v').parse::<u64>().unwrap())
            .max()
            .unwrap();
        assert!(
            newest == acked || newest == acked + 1,
            "round {round}: acked v{acked}, newest v{newest}"
        );
        // No gaps: every snapshot from v1 up is there, once.
        assert_eq!(
            names.len() as u64,
            newest,
            "round {round}: {} snapshots for v1..v{newest}",
            names.len()
        );
        next = newest + 1;
    }
    assert_eq!(deleted, 100, "the log was deleted in 100 of 200 rounds");
}

/// After a crash, another library file is put where the library was (a
/// backup copied back by hand, or another person's library), with the dead
/// writer's log still kept. That log must not be replayed onto it: it is
/// moved aside, and the file that was put there opens exactly as it was.
#[test]
fn a_kept_log_is_never_replayed_onto_another_library_put_in_its_place() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    use std::os::unix::fs::MetadataExt;
    let mut rng = Lcg(99);
    // Three ways the file can be swapped after the crash: the log deleted
    // and this library's own backup copied over it; the log deleted and a
    // different library copied over it; the log left in place and a
    // different library moved over it (a new inode).
    for case in ["own backup", "other library", "other library, log kept"] {
        let dir = tempfile::tempdir().unwrap();
        let path = new_library(dir.path());
        let side = |s: &str| PathBuf::from(format!("{}{s}", path.display()));
        // The file that will be put in place, as it is before the swap.
        let other = dir.path().join("other.db");
        if case == "own backup" {
            Library::open(&path).unwrap().backup_to(&other).unwrap();
        } else {
            let mut lib = Library::open(&other).unwrap();
            let mut map = format::read_bytes(EXAMPLE.as_bytes()).unwrap();
            map.map.title = "Otra biblioteca".into();
            lib.import(map).unwrap();
        }
        let other_bytes = std::fs::read(&other).unwrap();
        // A writer is killed mid-work: its committed edits live in the log.
        let acked = kill_round("edit", 1, &path, &mut rng).expect("an acknowledged edit");
        assert!(acked >= 1);
        let kept = side("-wal.keep");
        assert!(kept.exists() && side("-wal.keep.owner").exists(), "{case}");
        let log_len = std::fs::metadata(&kept).unwrap().len();
        assert!(log_len > 0, "{case}: the log holds the edits");
        let ino_before = std::fs::metadata(&path).unwrap().ino();
        if case == "other library, log kept" {
            std::fs::rename(&other, &path).unwrap();
            assert_ne!(std::fs::metadata(&path).unwrap().ino(), ino_before);
        } else {
            std::fs::remove_file(side("-wal")).unwrap();
            std::fs::copy(&other, &path).unwrap();
            // Copied over in place: the same inode, another file's content.
            assert_eq!(std::fs::metadata(&path).unwrap().ino(), ino_before);
        }
        let mut lib = Library::open(&path)
            .unwrap_or_else(|e| panic!("{case}: the library does not open: {e}"));
        assert!(!lib.wal_restored(), "{case}");
        let aside = lib
            .wal_set_aside()
            .unwrap_or_else(|| panic!("{case}: the foreign log was not set aside"))
            .to_path_buf();
        // Moved aside whole, not deleted.
        assert_eq!(std::fs::metadata(&aside).unwrap().len(), log_len, "{case}");
        // The keeper now keeps the new library's own log, another file.
        assert_ne!(
            std::fs::metadata(&kept).unwrap().ino(),
            std::fs::metadata(&aside).unwrap().ino(),
            "{case}"
        );
        // The library is the file that was put there, with none of the dead
        // writer's edits replayed onto it.
        let title = lib.load(MAP).unwrap().title.clone();
        let expected = if case == "own backup" {
            "Compra de zapatillas online"
        } else {
            "Otra biblioteca"
        };
        assert_eq!(title, expected, "{case}");
        let check: String = lib
            .connection()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "{case}");
        drop(lib);
        // Closed cleanly, it holds what it held when it was put there.
        let reopened = Library::open(&path).unwrap();
        assert!(reopened.wal_set_aside().is_none() && !reopened.wal_restored());
        drop(reopened);
        assert_eq!(
            summary_of(&path),
            summary_of_bytes(&other_bytes, dir.path()),
            "{case}"
        );
    }
}

/// The maps of a library and their titles and card counts.
fn summary_of(path: &Path) -> Vec<(String, String, u32)> {
    Library::open(path)
        .unwrap()
        .list_maps()
        .unwrap()
        .into_iter()
        .map(|m| (m.id, m.title, m.cards))
        .collect()
}

fn summary_of_bytes(bytes: &[u8], dir: &Path) -> Vec<(String, String, u32)> {
    let path = dir.join("expected.db");
    std::fs::write(&path, bytes).unwrap();
    summary_of(&path)
}

/// The keeper still puts back the log of the library it belongs to (the
/// owner record names this file), after a crash that also lost the log's
/// index.
#[test]
fn a_kept_log_is_put_back_onto_its_own_library() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = new_library(dir.path());
    let side = |s: &str| PathBuf::from(format!("{}{s}", path.display()));
    let acked = kill_round("edit", 1, &path, &mut Lcg(5)).expect("an acknowledged edit");
    std::fs::remove_file(side("-wal")).unwrap();
    let _ = std::fs::remove_file(side("-shm"));
    let mut lib = Library::open(&path).unwrap();
    assert!(lib.wal_restored() && lib.wal_set_aside().is_none());
    let n = title_number(&mut lib).unwrap();
    assert!(n == acked || n == acked + 1, "acked {acked}, found {n}");
}

#[test]
fn two_processes_writing_at_once_keep_every_edit_of_both() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = new_library(dir.path());
    const EACH: u64 = 150;
    let (mut a, rx_a) = spawn("edit", 1, EACH, &path);
    let (mut b, rx_b) = spawn("card", 1, EACH, &path);
    let started = Instant::now();
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    // The readers end at the pipes' end, after the last line.
    let lines = |rx: mpsc::Receiver<String>| rx.iter().collect::<Vec<_>>();
    let (la, lb) = (lines(rx_a), lines(rx_b));
    // Each call either went through or said clearly that the library was busy.
    for line in la.iter().chain(&lb) {
        assert!(
            line.starts_with("ack ") || line.contains("in use by another Travesía"),
            "unexpected: {line}"
        );
    }
    let acked = |l: &[String]| {
        l.iter()
            .filter(|s| s.starts_with("ack "))
            .map(|s| number(s))
            .max()
    };
    let (last_a, last_b) = (acked(&la), acked(&lb));
    assert!(
        last_a.is_some() && last_b.is_some(),
        "both writers got edits in ({:?})",
        started.elapsed()
    );
    let mut lib = Library::open(&path).unwrap();
    let map = lib.load(MAP).unwrap();
    // Neither writer wrote over the other: the last title and the last card text both stand.
    assert_eq!(map.title, format!("edit {}", last_a.unwrap()));
    assert_eq!(map.cards[0].text, format!("card {}", last_b.unwrap()));
    let history: i64 = lib
        .connection()
        .query_row(
            "SELECT count(*) FROM history WHERE map_id = ?1",
            [MAP],
            |r| r.get(0),
        )
        .unwrap();
    let acks = la
        .iter()
        .chain(&lb)
        .filter(|s| s.starts_with("ack "))
        .count() as i64;
    assert_eq!(history, acks, "one history row per acknowledged edit");
}

/// Another process opening, reading and closing the library while the app
/// has it open must leave the app's log alone: the app's later edits are in
/// the library's log for everyone to read, and nothing is lost when the app
/// closes. (Opening a second descriptor of the library file and closing it,
/// after SQLite had it open, once dropped the app's locks, and the reader's
/// close then deleted the log the app was still writing.)
#[test]
fn readers_coming_and_going_leave_an_open_librarys_log_alone() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let path = new_library(dir.path());
    let (mut app, rx) = spawn("hold", 1, 0, &path);
    let mut stdin = app.stdin.take().unwrap();
    let wait_ack = |n: u64| {
        let line = rx.recv_timeout(Duration::from_secs(20)).expect("an ack");
        assert_eq!(line, format!("ack {n}"));
    };
    wait_ack(0);
    for n in 1..=5u64 {
        // A reader comes, reads, and goes (as the CLI, or a test, would).
        {
            let mut reader = Library::open(&path).unwrap();
            let expected = if n == 1 { None } else { Some(n - 1) };
            assert_eq!(title_number(&mut reader), expected, "before edit {n}");
        }
        writeln!(stdin, "edit").unwrap();
        wait_ack(n);
        let mut reader = Library::open(&path).unwrap();
        assert_eq!(
            title_number(&mut reader),
            Some(n),
            "a reader sees the app's edit {n}"
        );
    }
    drop(stdin);
    assert!(app.wait().unwrap().success());
    let mut lib = Library::open(&path).unwrap();
    assert_eq!(title_number(&mut lib), Some(5), "nothing lost at close");
}
