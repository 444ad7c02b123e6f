//! An answered edit is on disk: the system calls of a process making edits,
//! traced with strace, show the library's log synced (fdatasync or fsync)
//! after the edit's last write to it and before the edit was answered. That
//! is what survives a power cut or an OS crash, not only a killed process.
//!
//! The process is this test binary started again with `TRAVESIA_SYNC_CHILD`
//! set: `sync_child` opens a library, makes edits, and prints `answered N`
//! after each `apply` returned. The same trace of a library set to
//! `synchronous = NORMAL` (what shipped before) is shown to fail the check,
//! so the check can tell the two apart.

use std::path::{Path, PathBuf};
use std::process::Command;

use travesia_core::edit::CardPatch;
use travesia_core::{format, Edit};
use travesia_store::Library;

const CHILD_ENV: &str = "TRAVESIA_SYNC_CHILD";
const EXAMPLE: &str = include_str!("../../../tests/fixtures/ecommerce.travesia");
const MAP: &str = "zapatillas";
const EDITS: usize = 6;

/// `TRAVESIA_SYNC_CHILD` = `<FULL|NORMAL|shipped>:<library path>`.
#[test]
fn sync_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (mode, path) = spec.split_once(':').unwrap();
    let mut lib = Library::open(Path::new(path)).unwrap();
    if mode != "shipped" {
        lib.connection()
            .execute_batch(&format!("PRAGMA synchronous = {mode}"))
            .unwrap();
    }
    let card = lib.load(MAP).unwrap().cards[0].id.clone();
    println!("editing");
    for n in 0..EDITS {
        let edit = if n % 2 == 0 {
            Edit::SetTitle {
                title: format!("Título {n}"),
            }
        } else {
            Edit::UpdateCard {
                id: card.clone(),
                patch: CardPatch {
                    text: Some(format!("Texto {n} — ñ")),
                    ..Default::default()
                },
            }
        };
        lib.apply(MAP, &edit).unwrap();
        println!("answered {n}");
    }
}

/// What the trace says of each answered edit: `Ok(())`, or the first edit
/// whose log writes were not synced before its answer.
fn check_trace(trace: &str) -> Result<(), String> {
    let mut started = false;
    let mut wrote = false; // the log written since the last answer
    let mut synced = false; // …and synced after its last write
    let mut answers = 0;
    for line in trace.lines() {
        // `-f` prefixes each line with the thread id.
        let call = line
            .split_once(' ')
            .map(|(_, rest)| rest.trim_start())
            .unwrap_or(line);
        let on_log = call.contains("-wal>");
        if call.starts_with("write(1") && call.contains("\"editing") {
            started = true;
            continue;
        }
        if !started {
            continue;
        }
        if call.starts_with("write(1") && call.contains("\"answered ") {
            if !wrote {
                return Err(format!("edit {answers} answered with no write to the log"));
            }
            if !synced {
                return Err(format!(
                    "edit {answers} answered before its log writes were synced"
                ));
            }
            answers += 1;
            wrote = false;
            synced = false;
        } else if on_log && (call.starts_with("pwrite64(") || call.starts_with("write(")) {
            wrote = true;
            synced = false;
        } else if on_log && (call.starts_with("fdatasync(") || call.starts_with("fsync(")) {
            synced = wrote;
        }
    }
    if answers != EDITS {
        return Err(format!("{answers} answers traced, not {EDITS}"));
    }
    Ok(())
}

fn traced(mode: &str, dir: &Path) -> String {
    let path = dir.join(format!("{mode}.db"));
    {
        let mut lib = Library::open(&path).unwrap();
        lib.import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
            .unwrap();
    }
    let out: PathBuf = dir.join(format!("{mode}.trace"));
    let status = Command::new("strace")
        .args(["-f", "-y", "-qq", "-s", "24"])
        .args(["-e", "trace=write,pwrite64,fsync,fdatasync"])
        .arg("-o")
        .arg(&out)
        .arg(std::env::current_exe().unwrap())
        .args(["--exact", "sync_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, format!("{mode}:{}", path.display()))
        .status()
        .expect("strace runs (apt install strace)");
    assert!(status.success(), "the traced child failed");
    std::fs::read_to_string(&out).unwrap()
}

#[test]
fn an_answered_edit_has_its_log_synced_before_the_answer() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let trace = traced("shipped", dir.path());
    check_trace(&trace).unwrap_or_else(|e| panic!("{e}\n{trace}"));
    assert!(
        trace.contains("fdatasync(") || trace.contains("fsync("),
        "{trace}"
    );
}

#[test]
fn the_trace_check_tells_a_library_that_does_not_sync_its_log() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let trace = traced("NORMAL", dir.path());
    let err = check_trace(&trace).expect_err("NORMAL does not sync the log at commit");
    assert!(err.contains("before its log writes were synced"), "{err}");
}
