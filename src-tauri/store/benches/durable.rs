//! What a durable edit costs (issue 20, item 1): one card's text changed on a
//! 1,500-card map, `Library::apply` timed from call to answer, with the log
//! synced before the answer (`synchronous = FULL`, what ships) and, to show
//! the price, without (`NORMAL`, what shipped before). The floor is one
//! 4 KiB write and `fdatasync` of a file in the same folder: no durable edit
//! can be cheaper on this disk.
//!
//! Run: cargo bench -p travesia-store --bench durable
//! (prints a table; `DURABLE_EDITS=N` sets the edits per row, 600 by default)

use std::io::Write;
use std::time::{Duration, Instant};

use travesia_core::edit::{CardPatch, Edit};
use travesia_core::sample;
use travesia_store::Library;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn row(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| format!("{:.3}", d.as_secs_f64() * 1e3);
    println!(
        "{:<34} {:>6} {:>10} {:>10} {:>10}",
        name,
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.95)),
        ms(*times.last().unwrap())
    );
}

fn edits(synchronous: &str, n: usize) -> Vec<Duration> {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = Library::open(&dir.path().join("library.db")).unwrap();
    lib.connection()
        .execute_batch(&format!("PRAGMA synchronous = {synchronous}"))
        .unwrap();
    let id = lib.create_map(sample::map_with_cards(1500)).unwrap();
    let ids: Vec<String> = lib
        .load(&id)
        .unwrap()
        .cards
        .iter()
        .map(|c| c.id.clone())
        .collect();
    let mut times = Vec::with_capacity(n);
    for k in 0..n + 20 {
        let edit = Edit::UpdateCard {
            id: ids[k % ids.len()].clone(),
            patch: CardPatch {
                text: Some(format!("Texto cambiado {k} — ñ")),
                ..CardPatch::default()
            },
        };
        let start = Instant::now();
        lib.apply(&id, &edit).unwrap();
        if k >= 20 {
            times.push(start.elapsed());
        }
    }
    times
}

fn floor(n: usize) -> Vec<Duration> {
    let dir = tempfile::tempdir().unwrap();
    let mut f = std::fs::File::create(dir.path().join("floor")).unwrap();
    let block = [0x5au8; 4096];
    (0..n)
        .map(|_| {
            let start = Instant::now();
            f.write_all(&block).unwrap();
            f.sync_data().unwrap();
            start.elapsed()
        })
        .collect()
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing
    // and should not spend a minute here.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let n: usize = std::env::var("DURABLE_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(600);
    println!(
        "{:<34} {:>6} {:>10} {:>10} {:>10}",
        "one edit, 1,500-card map", "edits", "median ms", "p95 ms", "max ms"
    );
    row("durable (synchronous = FULL)", edits("FULL", n));
    row("not durable (synchronous = NORMAL)", edits("NORMAL", n));
    row("floor: 4 KiB write + fdatasync", floor(n));
}
