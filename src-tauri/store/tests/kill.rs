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
        let delete = round % 2 == 0 && wal.exists();
        if delete {
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
    assert!(
        deleted >= 50,
        "the log was there to delete in {deleted} rounds"
    );
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
    for round in 0..200 {
        let acked =
            kill_round("snapshot", next, &path, &mut rng).expect("an acknowledged snapshot");
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        let delete = round % 2 == 1 && wal.exists();
        if delete {
            std::fs::remove_file(&wal).unwrap();
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
