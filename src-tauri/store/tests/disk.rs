//! The library's file system going wrong under it: the disk full, the
//! file read-only, the folder missing or deleted while open. Each case runs
//! in a child process (this test binary again) inside its own mount
//! namespace (`unshare`), where a tiny tmpfs or a read-only bind mount can be
//! set up without touching the machine. The child prints what happened; the
//! parent checks what the user would see and that nothing stored was lost.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use travesia_core::edit::CardPlace;
use travesia_core::model::Card;
use travesia_core::{format, Edit};
use travesia_store::{Library, StoreError};

const CHILD_ENV: &str = "TRAVESIA_DISK_CHILD";
const EXAMPLE: &str = include_str!("../../../tests/fixtures/ecommerce.travesia");
const MAP: &str = "zapatillas";

fn big_card(n: usize) -> Edit {
    Edit::InsertCard {
        card: Card {
            id: format!("big{n}"),
            stage: "s1".into(),
            lane: "a".into(),
            // Varied text, so it does not compress into nothing anywhere.
            text: (0..9000)
                .map(|i| char::from(b'a' + ((i * 7 + n * 13) % 26) as u8))
                .collect(),
            ..Default::default()
        },
        place: CardPlace::At(0),
        steps: Vec::new(),
    }
}

fn fill(dir: &Path) {
    let mut f = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![0x55u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let small = [0x55u8; 512];
    while f.write_all(&small).is_ok() {}
    let _ = f.sync_all();
}

/// The child's cases, run inside the namespace. It prints lines the parent reads.
#[test]
fn disk_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (case, dir) = spec.split_once(':').unwrap();
    let dir = PathBuf::from(dir);
    let path = dir.join("library.db");
    match case {
        "full" => {
            let mut lib = Library::open(&path).unwrap();
            lib.import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
                .unwrap();
            lib.apply(MAP, &big_card(0)).unwrap();
            println!("stored big0");
            fill(&dir);
            let mut failed = None;
            for n in 1..40 {
                match lib.apply(MAP, &big_card(n)) {
                    Ok(_) => println!("stored big{n}"),
                    Err(e) => {
                        println!("edit error: {e}");
                        failed = Some(e);
                        break;
                    }
                }
            }
            assert!(matches!(failed, Some(StoreError::DiskFull)), "{failed:?}");
            match lib.snapshot(MAP, "lleno") {
                Ok(_) => println!("snapshot stored"),
                Err(e) => println!("snapshot error: {e}"),
            }
            // The same process goes on reading; a new one opens the library.
            let cards = lib.load(MAP).unwrap().cards.len();
            drop(lib);
            let mut again = Library::open(&path).unwrap();
            println!(
                "reopened with {} cards (had {cards})",
                again.load(MAP).unwrap().cards.len()
            );
            std::fs::remove_file(dir.join("filler")).unwrap();
            again.apply(MAP, &big_card(99)).unwrap();
            println!("after freeing space: stored big99");
        }
        "readonly" => {
            // The library was made by the parent; the folder is now read-only.
            match Library::open(&path) {
                Ok(mut lib) => match lib.apply(MAP, &big_card(1)) {
                    Ok(_) => println!("unexpected: an edit was stored"),
                    Err(e) => println!("edit error: {e}"),
                },
                Err(e) => println!("open error: {e}"),
            }
        }
        other => panic!("unknown case {other}"),
    }
}

/// Runs `script` (sh) in a new mount namespace, then the child case.
fn in_namespace(script: &str, case: &str, dir: &Path) -> String {
    let exe = std::env::current_exe().unwrap();
    let full = format!(
        "set -e\n{script}\nexec {exe} --exact disk_child --nocapture --test-threads=1",
        exe = exe.display()
    );
    // Root may make a mount namespace directly; anyone else through a user namespace.
    let root = std::env::var("USER").as_deref() == Ok("root")
        || Command::new("id")
            .arg("-u")
            .output()
            .map(|o| o.stdout == b"0\n")
            .unwrap_or(false);
    let mut cmd = Command::new("unshare");
    if root {
        cmd.arg("--mount");
    } else {
        cmd.args(["--user", "--map-root-user", "--mount"]);
    }
    let out = cmd
        .args(["sh", "-c", &full])
        .env(CHILD_ENV, format!("{case}:{}", dir.display()))
        .output()
        .expect("unshare (util-linux) runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "the child failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

#[test]
fn a_full_disk_refuses_the_edit_clearly_and_loses_nothing_stored() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("small-disk");
    std::fs::create_dir(&dir).unwrap();
    let out = in_namespace(
        &format!("mount -t tmpfs -o size=2m tmpfs {}", dir.display()),
        "full",
        &dir,
    );
    assert!(out.contains("stored big0"), "{out}");
    assert!(
        out.contains("edit error: the disk is full: this change was not stored, and nothing stored before it was lost"),
        "{out}"
    );
    let stored = out
        .lines()
        .filter(|l| l.contains("stored big") && !l.contains("after freeing"))
        .count();
    // Every card stored before the disk filled is there when the library opens again.
    let line = out
        .lines()
        .find(|l| l.starts_with("reopened with"))
        .expect(&out);
    let nums: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .collect();
    assert_eq!(nums[0], nums[1], "{line}");
    let base_cards = format::read_bytes(EXAMPLE.as_bytes())
        .unwrap()
        .map
        .cards
        .len();
    assert_eq!(nums[0], base_cards + stored, "{out}");
    assert!(out.contains("after freeing space: stored big99"), "{out}");
}

#[test]
fn a_read_only_library_says_so_and_is_left_as_it_was() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let base = tempfile::tempdir().unwrap();
    let dir = base.path().join("lib");
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("library.db");
    {
        let mut lib = Library::open(&path).unwrap();
        lib.import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let out = in_namespace(
        &format!(
            "mount --bind {d} {d}\nmount -o remount,ro,bind {d}",
            d = dir.display()
        ),
        "readonly",
        &dir,
    );
    assert!(
        out.contains("read-only") || out.contains("cannot be written"),
        "the error names the cause: {out}"
    );
    assert!(!out.contains("unexpected"), "{out}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is untouched"
    );
    // Writable again, it opens with everything in it.
    let mut lib = Library::open(&path).unwrap();
    assert_eq!(lib.load(MAP).unwrap().title, "Compra de zapatillas online");
}

#[test]
fn a_missing_folder_is_made_and_a_folder_deleted_while_open_is_a_clear_error() {
    let base = tempfile::tempdir().unwrap();
    let path = base.path().join("no/such/folder/library.db");
    let mut lib = Library::open(&path).unwrap();
    lib.import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
        .unwrap();
    assert!(path.exists());
    // Someone deletes the library's folder while the app has it open.
    std::fs::remove_dir_all(base.path().join("no")).unwrap();
    let err = lib.apply(MAP, &big_card(1)).unwrap_err();
    assert!(
        err.to_string().contains("moved or deleted"),
        "the error says what happened: {err}"
    );
}
