//! How the window's process gives back memory it has freed.
//!
//! glibc's malloc keeps freed blocks for reuse, and gives pages back only
//! from the top of its heaps: the pages a map's opening freed in the middle
//! of a heap (the view answered, its JSON, WebKit's copies of it) stay with
//! the process. Measured with the 1,500-card map open (`make bench-editor`'s
//! map, the release app): `travesia-app` held about 10 MiB of such pages,
//! given back by one `malloc_trim`. Trimming after every answer would make
//! the next edit fault those pages in again, so it is done once the app has
//! been idle for a moment.

use std::sync::mpsc::Sender;
use std::sync::OnceLock;
use std::time::Duration;

/// How long the app must have answered nothing before it trims.
pub const IDLE: Duration = Duration::from_millis(800);

/// Sets glibc's malloc for a long-running window: large blocks (a large
/// map's view is megabytes, made for each answer) are mapped on their own
/// and given back when freed, instead of malloc raising its threshold for
/// that after the first ones are freed (up to 32 MiB); and two arenas, not
/// one for each thread that allocates.
pub fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets malloc's parameters; called once at start.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Gives the free pages of every malloc arena back to the system; whether
/// any were given. Other threads may allocate meanwhile (malloc locks each
/// arena as it goes).
pub fn trim() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases pages malloc holds free.
    unsafe {
        libc::malloc_trim(0) == 1
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    false
}

static WORK: OnceLock<Sender<()>> = OnceLock::new();

/// Starts trimming the process's malloc once it is idle (the window's
/// process; not the command line's, which ends when its work does).
pub fn trim_when_idle() {
    if let Some(tx) = crate::quiet::after_quiet("trim", IDLE, || {
        trim();
    }) {
        let _ = WORK.set(tx);
    }
}

/// Tells the trimmer the app just did some work (a command answered).
pub fn worked() {
    if let Some(tx) = WORK.get() {
        let _ = tx.send(());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn resident_kib() -> u64 {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
        let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
        pages * 4
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn pages_freed_in_the_middle_of_the_heap_are_given_back() {
        // Small blocks (under any mmap threshold) filling 64 MiB, freed but
        // one in every 64: what is free lies between blocks still used, where
        // malloc does not give pages back by itself.
        let mut blocks: Vec<Box<[u8; 1024]>> = (0..65536)
            .map(|i| Box::new([(i / 64) as u8; 1024]))
            .collect();
        let mut kept = Vec::new();
        for (i, b) in blocks.drain(..).enumerate() {
            if i % 64 == 63 {
                kept.push(b);
            }
        }
        drop(blocks);
        let before = resident_kib();
        assert!(trim(), "malloc had free pages to give back");
        let after = resident_kib();
        assert!(
            before > after + 32 * 1024,
            "resident {before} KiB before the trim, {after} after"
        );
        // What was kept is still there.
        assert_eq!(kept.len(), 1024);
        assert!(kept
            .iter()
            .enumerate()
            .all(|(i, b)| b[0] == i as u8 && b[1023] == i as u8));
    }
}
