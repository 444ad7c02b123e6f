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
            println!(
                "snapshots after reopening: {}",
                again.list_snapshots(MAP).unwrap().len()
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

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout == b"0\n")
        .unwrap_or(false)
}

/// Runs `cmd` (the child case `case`, on `dir`) and answers with what it printed.
fn run_child(mut cmd: Command, case: &str, dir: &Path) -> String {
    let out = cmd
        .env(CHILD_ENV, format!("{case}:{}", dir.display()))
        .output()
        .expect("the child runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "the child failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

const CHILD_ARGS: [&str; 4] = ["--exact", "disk_child", "--nocapture", "--test-threads=1"];

/// Runs `script` (sh) in a new mount namespace, then the child case.
fn in_namespace(script: &str, case: &str, dir: &Path) -> String {
    let exe = std::env::current_exe().unwrap();
    let full = format!(
        "set -e\n{script}\nexec {exe} {args}",
        exe = exe.display(),
        args = CHILD_ARGS.join(" ")
    );
    // Root may make a mount namespace directly; anyone else through a user namespace.
    let mut cmd = Command::new("unshare");
    if is_root() {
        cmd.arg("--mount");
    } else {
        cmd.args(["--user", "--map-root-user", "--mount"]);
    }
    cmd.args(["sh", "-c", &full]);
    run_child(cmd, case, dir)
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
    // A snapshot asked for on the full disk says so, and takes nothing.
    assert!(
        out.contains("snapshot error: the disk is full: this change was not stored"),
        "{out}"
    );
    assert!(!out.contains("snapshot stored"), "{out}");
    assert!(out.contains("snapshots after reopening: 0"), "{out}");
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

/// Runs the child case `case` as the owner of a file without the power to
/// write where the permissions say no: a user that is not root is that
/// already; root is run without CAP_DAC_OVERRIDE (setpriv, util-linux).
fn without_override(case: &str, dir: &Path) -> String {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args([
            "--inh-caps=-dac_override,-dac_read_search",
            "--bounding-set=-dac_override,-dac_read_search",
            "--",
        ])
        .arg(&exe);
        c
    } else {
        Command::new(&exe)
    };
    cmd.args(CHILD_ARGS);
    run_child(cmd, case, dir)
}

/// A library file made read-only (chmod 444), and a library in a folder
/// made read-only (chmod 555): the open is refused with the cause named,
/// nothing is changed, and once writable again it opens with everything.
#[test]
fn a_read_only_file_or_folder_says_so_and_is_left_as_it_was() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    for case in ["file", "folder"] {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("lib");
        std::fs::create_dir(&dir).unwrap();
        let path = dir.join("library.db");
        {
            let mut lib = Library::open(&path).unwrap();
            lib.import(format::read_bytes(EXAMPLE.as_bytes()).unwrap())
                .unwrap();
        }
        let listing = || {
            let mut names: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        let (before, names) = (std::fs::read(&path).unwrap(), listing());
        let (target, mode) = match case {
            "file" => (path.clone(), 0o444),
            _ => (dir.clone(), 0o555),
        };
        let old = std::fs::metadata(&target).unwrap().permissions().mode();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(mode)).unwrap();
        let out = without_override("readonly", &dir);
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(old)).unwrap();
        assert!(
            out.contains("open error: the library cannot be written (the file or its folder is read-only); nothing was changed"),
            "{case}: the error names the cause: {out}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before, "{case}: untouched");
        assert_eq!(listing(), names, "{case}: nothing left beside it");
        let mut lib = Library::open(&path).unwrap();
        assert_eq!(lib.load(MAP).unwrap().title, "Compra de zapatillas online");
    }
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
