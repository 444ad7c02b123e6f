//! A second name for the library's write-ahead log, so that the log deleted
//! after a crash does not take committed edits with it, and a record of
//! which library the log belongs to, so that it is never put back onto
//! another.
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
//! Beside the keeper, `<library>-wal.keep.owner` records whose log it is:
//! the library's identity and the file's device and inode. The identity is a
//! random number each library file has of its own (every backup gets a new
//! one), kept in the SQLite header's application id: four bytes at a fixed
//! place of the first page that no later write changes, so it can be read
//! even while the rest of the file waits for its log to be whole again. A
//! log is put back only onto the file it was written beside. When the
//! library file has been swapped for another after a crash (a backup or
//! another library copied into its place), the kept log, and the log itself
//! if it is the same file, are moved aside as `<library>-wal.other-<time>`
//! instead of being replayed onto a file they do not belong to: nothing is
//! deleted. A keeper with no owner record (made by an older Travesía) is put
//! back as before.
//!
//! Hard links need a file system that has them; where linking fails the
//! library works as before, without this protection.

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub(crate) fn wal_path(db: &Path) -> PathBuf {
    side_path(db, "-wal")
}

pub(crate) fn keep_path(db: &Path) -> PathBuf {
    side_path(db, "-wal.keep")
}

pub(crate) fn owner_path(db: &Path) -> PathBuf {
    side_path(db, "-wal.keep.owner")
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalState {
    /// Nothing to do: no keeper, or the keeper and the log are one file.
    Clean,
    /// The log was missing and its keeper was put back in its place.
    Restored,
    /// The kept log belongs to another library file than the one now at this
    /// path; it was moved aside to this path, not replayed.
    SetAside(PathBuf),
}

/// Whose log the keeper keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Owner {
    pub identity: u32,
    pub file: (u64, u64),
}

impl Owner {
    fn to_text(&self) -> String {
        format!(
            "travesia-wal-owner 1\nidentity {:08x}\ndevice {}\ninode {}\n",
            self.identity, self.file.0, self.file.1
        )
    }

    fn parse(text: &str) -> Option<Owner> {
        let mut lines = text.lines();
        if lines.next()? != "travesia-wal-owner 1" {
            return None;
        }
        let mut field = |name: &str| -> Option<String> {
            let (key, value) = lines.next()?.split_once(' ')?;
            (key == name).then(|| value.to_string())
        };
        let identity = u32::from_str_radix(&field("identity")?, 16).ok()?;
        let dev = field("device")?.parse().ok()?;
        let ino = field("inode")?.parse().ok()?;
        Some(Owner {
            identity,
            file: (dev, ino),
        })
    }

    /// The owner the library file at `db` is now: `identity`, as written in
    /// the file itself (not in any log), and its device and inode.
    pub(crate) fn of_file(db: &Path, identity: Option<u32>) -> Option<Owner> {
        Some(Owner {
            identity: identity?,
            file: inode(db)?,
        })
    }
}

/// The identity written in the library file itself: the application id in
/// its header (bytes 68 to 71), from the file's first bytes as read before
/// SQLite opens it. Not through SQLite, so the log is not looked at and the
/// rest of the file need not be whole; and not by opening the file again
/// once SQLite has it, since closing any descriptor of a file drops every
/// POSIX lock the process holds on it, SQLite's too. `None` for a file that
/// is not SQLite.
pub(crate) fn identity_in_header(head: &[u8]) -> Option<u32> {
    if head.len() < 72 || &head[..16] != crate::SQLITE_MAGIC {
        return None;
    }
    Some(u32::from_be_bytes([head[68], head[69], head[70], head[71]]))
}

/// The identity the open connection sees (the log included).
pub(crate) fn identity_of(conn: &Connection) -> Option<u32> {
    conn.query_row("PRAGMA application_id", [], |r| r.get::<_, i64>(0))
        .ok()
        .map(|v| v as u32)
}

/// Gives the library a random identity if it has none yet (a library made
/// before this, or a new one), or a new one (a backup just copied).
pub(crate) fn set_new_identity(conn: &Connection) -> rusqlite::Result<()> {
    let id: i64 = conn.query_row("SELECT (random() & 2147483647) | 1", [], |r| r.get(0))?;
    // PRAGMA takes no bound parameters; `id` is a number made just above.
    conn.execute_batch(&format!("PRAGMA application_id = {id}"))
}

fn read_owner(db: &Path) -> Option<Owner> {
    Owner::parse(&std::fs::read_to_string(owner_path(db)).ok()?)
}

/// Writes the owner record whole (beside it, synced, renamed into place).
fn write_owner(db: &Path, owner: &Owner) -> std::io::Result<()> {
    let path = owner_path(db);
    let tmp = side_path(db, "-wal.keep.owner.partial");
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(owner.to_text().as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, &path)
}

/// A free name `<db>-wal.other-<time>[-n]` to move a foreign log to.
fn aside_path(db: &Path) -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let base = side_path(db, &format!("-wal.other-{stamp}"));
    let mut candidate = base.clone();
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = PathBuf::from(format!("{}-{n}", base.display()));
    }
    candidate
}

/// Runs before SQLite opens `db`: puts a deleted log back from its keeper,
/// when the log belongs to this file; moves it aside when it does not.
/// `in_file`: the identity in the file's header ([`identity_in_header`]).
pub(crate) fn before_open(db: &Path, in_file: Option<u32>) -> std::io::Result<WalState> {
    let keep = keep_path(db);
    let Some(kept) = inode(&keep) else {
        return Ok(WalState::Clean);
    };
    let wal = wal_path(db);
    let current = inode(&wal);
    if current.is_some_and(|c| c != kept) {
        // A log that is not the one kept: the keeper is stale (another
        // tool has run on the library since). The log in place wins.
        std::fs::remove_file(&keep)?;
        let _ = std::fs::remove_file(owner_path(db));
        return Ok(WalState::Clean);
    }
    // Set aside only when it is known to be another file's: with no owner
    // record (an older Travesía's keeper) or an unreadable file, the log is
    // put back as before, since a log that did belong and was set aside
    // would leave its library torn.
    let belongs = match (read_owner(db), Owner::of_file(db, in_file)) {
        (Some(recorded), Some(now)) => recorded == now,
        _ => true,
    };
    if !belongs {
        // Another library file is here now: its pages must not be replayed
        // onto this file.
        let aside = aside_path(db);
        std::fs::rename(&keep, &aside)?;
        if current.is_some() {
            // The log in place is the same file; its name goes too, and the
            // index SQLite kept of it.
            std::fs::remove_file(&wal)?;
            let _ = std::fs::remove_file(side_path(db, "-shm"));
        }
        let _ = std::fs::remove_file(owner_path(db));
        return Ok(WalState::SetAside(aside));
    }
    if current.is_none() {
        std::fs::rename(&keep, &wal)?;
        return Ok(WalState::Restored);
    }
    Ok(WalState::Clean)
}

/// Runs once SQLite has the library open in WAL mode and its identity is in
/// the library file: records whose log it is, then links the keeper.
pub(crate) fn after_open(db: &Path, identity: Option<u32>) {
    let (wal, keep) = (wal_path(db), keep_path(db));
    let warn = |what: &str| {
        log::warn!(
            "{what}; a log deleted after a crash cannot be recovered ({})",
            wal.display()
        )
    };
    let Some(w) = inode(&wal) else {
        return;
    };
    let owner = match (identity, inode(db)) {
        (Some(identity), Some(file)) => Owner { identity, file },
        _ => {
            warn("the library's identity is not in its file yet");
            return;
        }
    };
    if read_owner(db).as_ref() != Some(&owner) {
        if let Err(e) = write_owner(db, &owner) {
            warn(&format!("the log's owner could not be recorded ({e})"));
            return;
        }
    }
    match inode(&keep) {
        Some(k) if k == w => {}
        keeper => {
            if keeper.is_some() {
                let _ = std::fs::remove_file(&keep);
            }
            if let Err(e) = std::fs::hard_link(&wal, &keep) {
                warn(&format!("no second name for the log ({e})"));
            }
        }
    }
}

/// Runs after the connection to `db` is closed: once SQLite has deleted the
/// log (it does so when the last connection closes cleanly), the keeper has
/// nothing left to keep.
pub(crate) fn after_close(db: &Path) {
    if inode(&wal_path(db)).is_none() {
        let _ = std::fs::remove_file(keep_path(db));
        let _ = std::fs::remove_file(owner_path(db));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_owner_record_reads_back_and_refuses_anything_else() {
        let owner = Owner {
            identity: 0x0a1b2c,
            file: (2049, 77),
        };
        assert_eq!(Owner::parse(&owner.to_text()), Some(owner.clone()));
        assert_eq!(Owner::parse(""), None);
        assert_eq!(Owner::parse("travesia-wal-owner 2\nidentity x\n"), None);
        let swapped = owner.to_text().replace("device", "inode");
        assert_eq!(Owner::parse(&swapped), None);
    }
}
