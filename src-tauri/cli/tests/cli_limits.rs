//! Huge input through the CLI keeps memory bounded: a 70 MB file costs no more
//! memory than a tiny one, because it is refused from its size alone.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs the binary and returns (exit code, stderr, peak RSS in KiB) of that
/// one child, measured with wait4.
fn run_measured(args: &[&str], db: &Path) -> (i32, String, i64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_travesia"))
        .args(args)
        .env("TRAVESIA_DB", db)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 on our own child's pid, with valid out-pointers; the Child
    // handle is not waited on afterwards.
    let rc = unsafe { libc::wait4(child.id() as i32, &mut status, 0, usage.as_mut_ptr()) };
    assert_eq!(rc, child.id() as i32);
    // SAFETY: filled by the successful wait4 above.
    let rss = unsafe { usage.assume_init() }.ru_maxrss;
    std::mem::forget(child);
    (libc::WEXITSTATUS(status), err, rss)
}

#[test]
fn a_70_mb_file_is_refused_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("library.db");
    let small = dir.path().join("small.travesia");
    std::fs::write(
        &small,
        b"{\"format\":\"travesia\",\"version\":1,\"map\":{\"title\":\"x\"}}",
    )
    .unwrap();
    let big = dir.path().join("big.travesia");
    // A real 70 MB file, valid JSON up to its size.
    let mut bytes = b"{\"format\":\"travesia\",\"version\":1,\"map\":{\"title\":\"".to_vec();
    bytes.resize(70 * 1000 * 1000, b'a');
    bytes.extend_from_slice(b"\",\"stages\":[],\"lanes\":[],\"cards\":[]}}");
    std::fs::write(&big, &bytes).unwrap();
    drop(bytes);
    let (_, _, baseline) = run_measured(&["validate", small.to_str().unwrap()], &db);
    for cmd in ["validate", "import"] {
        let (code, err, peak) = run_measured(&[cmd, big.to_str().unwrap()], &db);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("64 MiB"), "{err}");
        // Had the file been read, the peak would be at least 70 MB above the
        // baseline (the process's libraries alone are tens of MB).
        assert!(
            peak < baseline + 8 * 1024,
            "{cmd}: peak {peak} KiB vs baseline {baseline} KiB"
        );
    }
}
