//! Work done once a burst of events has stopped: the window's place
//! written after it stops moving, memory given back after the app stops
//! answering.

use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::time::Duration;

/// Runs `then` on a thread of its own once nothing has been sent for
/// `quiet` after something was; answers where to send. The thread ends when
/// every sender is dropped.
pub fn after_quiet(
    name: &str,
    quiet: Duration,
    mut then: impl FnMut() + Send + 'static,
) -> Option<Sender<()>> {
    let (tx, rx) = channel::<()>();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            // Something sent, then nothing for `quiet`.
            while rx.recv().is_ok() {
                loop {
                    match rx.recv_timeout(quiet) {
                        Ok(()) => continue,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
                then();
            }
        })
        .ok()?;
    Some(tx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Instant;

    fn counter() -> (Arc<AtomicUsize>, impl Fn() + Send + 'static) {
        let n = Arc::new(AtomicUsize::new(0));
        let m = n.clone();
        (n, move || {
            m.fetch_add(1, Ordering::SeqCst);
        })
    }

    fn wait_for(n: &AtomicUsize, want: usize) -> usize {
        let until = Instant::now() + Duration::from_secs(10);
        while n.load(Ordering::SeqCst) < want && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(5));
        }
        n.load(Ordering::SeqCst)
    }

    #[test]
    fn runs_once_after_a_burst_and_a_quiet_moment_never_during_it() {
        let (n, run) = counter();
        let quiet = Duration::from_millis(1000);
        let tx = after_quiet("test", quiet, run).expect("the thread starts");
        // Nothing sent yet: nothing runs.
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(n.load(Ordering::SeqCst), 0);
        // Sent far more often than `quiet`: it waits.
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(1500) {
            tx.send(()).unwrap();
            std::thread::sleep(Duration::from_millis(20));
            assert_eq!(n.load(Ordering::SeqCst), 0, "ran during the burst");
        }
        // Then quiet: it runs once, however much was sent.
        assert_eq!(wait_for(&n, 1), 1);
        std::thread::sleep(Duration::from_millis(1200));
        assert_eq!(n.load(Ordering::SeqCst), 1, "ran again with nothing sent");
        // Another burst, another run.
        tx.send(()).unwrap();
        assert_eq!(wait_for(&n, 2), 2);
    }
}
