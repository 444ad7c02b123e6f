//! A second name for the library's write-ahead log, so that the log deleted
//! after a crash does not take committed edits with it.
//!
//! In WAL mode SQLite commits by appending to `<library>-wal` and later
//! copies those pages into the library file (a checkpoint). A process killed
//! before or during that copy leaves committed pages only in the log; a
//! cleaning tool or a user that deletes the log then loses them, or leaves
//! the library half copied (torn).
//!
//! While a library is open it keeps a hard link `<library>-wal.keep` to the
//! log: deleting `-wal` then removes a name, not the data. On the next open,
//! a missing log whose keeper is still there is put back before SQLite looks
//! for it, and SQLite's own recovery replays it. On a clean close, once
//! SQLite has checkpointed and deleted the log, the keeper goes too.
//!
//! Hard links need a file system that has them; where linking fails the
//! library works as before, without this protection.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

pub(crate) fn wal_path(db: &Path) -> PathBuf {
    side_path(db, "-wal")
}

pub(crate) fn keep_path(db: &Path) -> PathBuf {
    side_path(db, "-wal.keep")
}

fn side_path(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn inode(path: &Path) -> Option<(u64, u64)> {
    std::fs::symlink_metadata(path)
        .ok()
        .map(|m| (m.dev(), m.ino()))
}

/// What [`before_open`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalState {
    /// Nothing to do: no keeper, or the keeper and the log are one file.
    Clean,
    /// The log was missing and its keeper was put back in its place.
    Restored,
}

/// Runs before SQLite opens `db`: puts a deleted log back from its keeper.
pub(crate) fn before_open(db: &Path) -> std::io::Result<WalState> {
    let keep = keep_path(db);
    let Some(kept) = inode(&keep) else {
        return Ok(WalState::Clean);
    };
    let wal = wal_path(db);
    match inode(&wal) {
        None => {
            std::fs::rename(&keep, &wal)?;
            Ok(WalState::Restored)
        }
        Some(current) if current == kept => Ok(WalState::Clean),
        Some(_) => {
            // A log that is not the one kept: the keeper is stale (another
            // tool has run on the library since). The log in place wins.
            std::fs::remove_file(&keep)?;
            Ok(WalState::Clean)
        }
    }
}

/// Runs once SQLite has the library open in WAL mode: links the keeper.
pub(crate) fn after_open(db: &Path) {
    let (wal, keep) = (wal_path(db), keep_path(db));
    match (inode(&wal), inode(&keep)) {
        (Some(w), Some(k)) if w == k => {}
        (Some(_), keeper) => {
            if keeper.is_some() {
                let _ = std::fs::remove_file(&keep);
            }
            if let Err(e) = std::fs::hard_link(&wal, &keep) {
                eprintln!(
                    "travesia: warning: no second name for {} ({e}); a log deleted after a crash cannot be recovered",
                    wal.display()
                );
            }
        }
        (None, _) => {}
    }
}

/// Runs after the connection to `db` is closed: once SQLite has deleted the
/// log (it does so when the last connection closes cleanly), the keeper has
/// nothing left to keep.
pub(crate) fn after_close(db: &Path) {
    if inode(&wal_path(db)).is_none() {
        let _ = std::fs::remove_file(keep_path(db));
    }
}
