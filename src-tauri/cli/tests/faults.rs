//! Faults as the person meets them through the same binary: an export onto
//! a full disk, and a library file replaced by garbage. (The library's own
//! fault suite — SIGKILL, the WAL deleted, two writers, disk full during an
//! edit, read-only, a deleted folder — is in src-tauri/store/tests/.)

use std::path::Path;
use std::process::Command;

const EXAMPLE: &str = include_str!("../../../tests/fixtures/ecommerce.travesia");

/// Runs `travesia args…` inside a new mount namespace where `dir` is a
/// 1 MiB tmpfs that already holds `example.travesia` and is then filled up.
fn on_full_disk(dir: &Path, args: &str) -> std::process::Output {
    let exe = env!("CARGO_BIN_EXE_travesia");
    let example = dir.parent().unwrap().join("example.travesia");
    std::fs::write(&example, EXAMPLE).unwrap();
    let script = format!(
        "set -e
mount -t tmpfs -o size=1m tmpfs {d}
cp {ex} {d}/example.travesia
dd if=/dev/zero of={d}/filler bs=4k 2>/dev/null || true
cd {d}
set +e
{exe} {args}
code=$?
echo \"exit=$code\"
ls -a {d}
exit 0",
        d = dir.display(),
        ex = example.display(),
    );
    let root = Command::new("id")
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
    cmd.args(["sh", "-c", &script])
        .env("TRAVESIA_DB", dir.join("library.db"))
        .env_remove("DISPLAY")
        .output()
        .expect("unshare runs")
}

#[test]
fn an_export_onto_a_full_disk_fails_clearly_and_leaves_no_file() {
    for out_name in ["poster.pdf", "poster.png", "poster.svg", "copy.travesia"] {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("disk");
        std::fs::create_dir(&dir).unwrap();
        let args = format!("export example.travesia -o {out_name} --paper A2");
        let args = if out_name.ends_with(".travesia") || out_name.ends_with(".svg") {
            format!("export example.travesia -o {out_name}")
        } else {
            args
        };
        let out = on_full_disk(&dir, &args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stdout.contains("exit=1"), "{out_name}: {stdout}\n{stderr}");
        assert!(
            stderr.contains(&format!("cannot write {out_name}"))
                && stderr.contains("No space left on device"),
            "{out_name}: the message says why: {stderr}"
        );
        let listing: Vec<&str> = stdout
            .lines()
            .skip_while(|l| !l.starts_with("exit="))
            .skip(1)
            .collect();
        assert!(
            !listing
                .iter()
                .any(|f| f.contains("poster") || f.contains("copy")),
            "{out_name}: no file, whole or partial, is left: {listing:?}"
        );
    }
}

#[test]
fn a_library_replaced_by_garbage_is_refused_untouched_and_restored_from_its_backup() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_travesia"))
            .args(args)
            .env("TRAVESIA_DB", &db)
            .env_remove("DISPLAY")
            .output()
            .unwrap()
    };
    let example = dir.path().join("example.travesia");
    std::fs::write(&example, EXAMPLE).unwrap();
    assert!(run(&["import", example.to_str().unwrap()]).status.success());
    // The second open takes today's backup.
    assert!(run(&["list"]).status.success());
    let garbage: Vec<u8> = (0..70_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 24) as u8)
        .collect();
    std::fs::write(&db, &garbage).unwrap();
    let list = run(&["list"]);
    assert_eq!(list.status.code(), Some(1));
    let err = String::from_utf8_lossy(&list.stderr);
    assert!(
        err.contains("is damaged") && err.contains("left untouched"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        garbage,
        "the damaged file is not touched"
    );
    let restore = run(&["restore-backup"]);
    assert!(
        restore.status.success(),
        "{}",
        String::from_utf8_lossy(&restore.stderr)
    );
    let list = run(&["list"]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("Compra de zapatillas online"));
    // The garbage is kept aside, not deleted.
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains(".damaged-"));
    assert!(aside);
}
