//! Every input the fuzzers kept (crashes fixed since, and the seeds), run
//! through the same functions as the fuzz targets, on stable Rust.

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for dir in ["tests/fixtures/fuzz", "fuzz/seeds"] {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(dir)
            .join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

fn replay(target: &str, run: fn(&[u8])) {
    let all = inputs(target);
    assert!(!all.is_empty(), "no inputs for {target}");
    for (path, bytes) in all {
        let r = std::panic::catch_unwind(|| run(&bytes));
        assert!(r.is_ok(), "{target} fails on {}", path.display());
    }
}

#[test]
fn the_reader_survives_every_kept_input() {
    replay("read_file", travesia_fuzzing::read_file);
}

#[test]
fn the_edit_applier_survives_every_kept_input() {
    replay("edits", travesia_fuzzing::edits);
}

#[test]
fn layout_and_renderers_survive_every_kept_input() {
    replay("render", travesia_fuzzing::render);
}
