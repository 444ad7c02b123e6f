//! Automatic backups: once a day, when the library opens, a copy is taken
//! with SQLite's backup API (consistent even while the app writes) into a
//! `backups` folder beside it, keeping the newest seven. A damaged library
//! can be put back from the newest backup that passes the integrity check;
//! the damaged file is moved aside, never deleted.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};

use crate::{migrate, Library, Result, StoreError};

/// How many daily backups are kept.
pub const KEEP: usize = 7;

/// The folder the backups of the library at `db` go to.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

fn stem(db: &Path) -> String {
    db.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "library".into())
}

/// The file a backup of `db` taken on `date` is written to.
pub fn backup_path(db: &Path, date: NaiveDate) -> PathBuf {
    backup_dir(db).join(format!("{}-{}.db", stem(db), date.format("%Y-%m-%d")))
}

/// The backups of `db`, newest first.
pub fn list_backups(db: &Path) -> Vec<(NaiveDate, PathBuf)> {
    let prefix = format!("{}-", stem(db));
    let Ok(entries) = std::fs::read_dir(backup_dir(db)) else {
        return Vec::new();
    };
    let mut found: Vec<(NaiveDate, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let date = name.strip_prefix(&prefix)?.strip_suffix(".db")?;
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            Some((date, e.path()))
        })
        .collect();
    found.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
    found
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> StoreError {
    move |source| StoreError::Io { context, source }
}

impl Library {
    /// Copies the library, as it is now, to `dest` (written beside it and
    /// renamed, so `dest` is never half a file).
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir).map_err(io(format!("cannot create {}", dir.display())))?;
        }
        let tmp = dest.with_extension("db.partial");
        let _ = std::fs::remove_file(&tmp);
        {
            let mut copy = Connection::open(&tmp)?;
            let backup = rusqlite::backup::Backup::new(&self.conn, &mut copy)?;
            backup.run_to_completion(512, Duration::from_millis(0), None)?;
            drop(backup);
            // A backup is a file of its own: a log kept for the library is
            // never to be replayed onto it (see walkeep.rs).
            crate::walkeep::set_new_identity(&copy)?;
        }
        std::fs::rename(&tmp, dest).map_err(io(format!("cannot write {}", dest.display())))?;
        Ok(())
    }

    /// Takes today's backup unless there is one, and keeps the newest
    /// [`KEEP`]. Returns the new backup's path, if one was taken.
    pub fn daily_backup(&self, today: NaiveDate) -> Result<Option<PathBuf>> {
        let Some(db) = self.path.clone() else {
            return Ok(None);
        };
        let dest = backup_path(&db, today);
        if dest.exists() {
            return Ok(None);
        }
        self.backup_to(&dest)?;
        log::info!("today's backup of the library: {}", dest.display());
        for (_, old) in list_backups(&db).into_iter().skip(KEEP) {
            let _ = std::fs::remove_file(old);
        }
        Ok(Some(dest))
    }
}

/// Whether `file` is a whole library this version can open: SQLite, a
/// schema it knows, and a clean integrity check.
pub fn is_good(file: &Path) -> bool {
    let Ok(conn) = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
        return false;
    };
    let version_ok = migrate::user_version(&conn).is_ok_and(|v| v > 0 && v <= migrate::LATEST);
    let check: rusqlite::Result<String> =
        conn.query_row("PRAGMA integrity_check", [], |r| r.get(0));
    version_ok && check.is_ok_and(|c| c == "ok")
}

/// The newest backup of `db` that is good, with its date.
pub fn newest_good_backup(db: &Path) -> Option<(NaiveDate, PathBuf)> {
    list_backups(db).into_iter().find(|(_, p)| is_good(p))
}

/// Puts `backup` in place of the library at `db`. The file that was there
/// (and its WAL) is moved aside as `<name>.damaged-<time>` and returned.
pub fn restore_backup(db: &Path, backup: &Path) -> Result<Option<PathBuf>> {
    if !is_good(backup) {
        return Err(StoreError::Damaged {
            path: backup.display().to_string(),
            detail: "the backup does not pass the integrity check".into(),
        });
    }
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let aside = db.with_extension(format!("db.damaged-{stamp}"));
    let moved = if db.exists() {
        std::fs::rename(db, &aside).map_err(io(format!("cannot move {} aside", db.display())))?;
        for ext in ["-wal", "-shm", "-wal.keep", "-wal.keep.owner"] {
            let side = PathBuf::from(format!("{}{ext}", db.display()));
            if side.exists() {
                let to = PathBuf::from(format!("{}{ext}", aside.display()));
                std::fs::rename(&side, &to)
                    .map_err(io(format!("cannot move {}", side.display())))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    let tmp = db.with_extension("db.restoring");
    std::fs::copy(backup, &tmp).map_err(io(format!("cannot copy {}", backup.display())))?;
    std::fs::rename(&tmp, db).map_err(io(format!("cannot write {}", db.display())))?;
    Ok(moved)
}
