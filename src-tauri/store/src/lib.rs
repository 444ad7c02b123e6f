//! Travesía's library: every map in one SQLite file.
//!
//! One transaction per edit: the map's new JSON, the edit and its inverse are
//! written together, so after a crash the library holds every edit whose call
//! returned and none that did not. Undo and redo are rows of `history`, so they
//! survive a restart. Maps being edited are kept parsed in memory; a revision
//! number tells when another process changed one underneath.
#![forbid(unsafe_code)]

pub mod backup;
pub mod home;
pub mod migrate;
pub mod photo;
mod walkeep;

pub use walkeep::WalState;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use travesia_core::format::{self, Document, FormatError};
use travesia_core::model::Map;
use travesia_core::summary::{self, StepSummary};
use travesia_core::{edit, ids, validate, Edit, EditError};

pub use migrate::LATEST as SCHEMA_VERSION;

/// The name of the environment variable that overrides the library's path.
pub const DB_ENV: &str = "TRAVESIA_DB";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this library was made by a newer Travesía (schema version {found}; this one knows up to {supported}); it was left untouched")]
    TooNew { found: u32, supported: u32 },
    #[error("the library {path} is damaged ({detail}); it was left untouched")]
    Damaged { path: String, detail: String },
    #[error("no map with id \"{0}\" in the library")]
    MapNotFound(String),
    #[error("no snapshot {0} for this map")]
    SnapshotNotFound(i64),
    #[error("the library is in use by another Travesía and stayed busy; try again")]
    Busy,
    #[error("{0}")]
    Edit(#[from] EditError),
    #[error("{0}")]
    Format(#[from] FormatError),
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the disk is full: this change was not stored, and nothing stored before it was lost; free some space and try again")]
    DiskFull,
    #[error(
        "the library cannot be written (the file or its folder is read-only); nothing was changed"
    )]
    ReadOnly,
    #[error("the library file was moved or deleted while Travesía had it open, so this change was not stored; put it back (or restore a backup) and start Travesía again")]
    Moved,
    #[error("library error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("a stored map could not be read: {0}")]
    Corrupt(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        // SQLITE_READONLY_DBMOVED: the file was unlinked or renamed under us.
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            if f.extended_code == 1032 {
                return StoreError::Moved;
            }
        }
        match e.sqlite_error_code() {
            Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Busy,
            Some(C::DiskFull) => StoreError::DiskFull,
            Some(C::ReadOnly) => StoreError::ReadOnly,
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A map as the library lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MapSummary {
    pub id: String,
    pub title: String,
    pub updated_at: String,
    pub cards: u32,
    /// The size of the map as stored, in bytes (photos included).
    pub bytes: u32,
}

/// A named version of a map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SnapshotInfo {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub cards: u32,
}

/// Whether a map has steps to undo and to redo, and what they are.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryState {
    pub can_undo: bool,
    pub can_redo: bool,
    /// The step an undo would take back (none for steps stored before
    /// summaries were kept).
    pub undo: Option<StepSummary>,
    /// The step a redo would do again.
    pub redo: Option<StepSummary>,
}

/// One step of a map's stored history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryEntry {
    /// The step's number; [`Library::go_to_step`] takes it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub seq: i64,
    pub summary: Option<StepSummary>,
    pub created_at: String,
    /// Undone: a redo (or going to it) does it again.
    pub undone: bool,
}

struct Cached {
    revision: i64,
    map: Map,
    /// When the map was made (it never changes).
    created: String,
    /// What is stored of it besides its document (see [`Pending`]).
    pending: Pending,
    /// The library as it was when this entry was last known to be the
    /// stored map (see [`Library::moment`]): while nothing has been written
    /// since, it still is, and the row is not read to tell.
    known: Option<Moment>,
}

/// How far a map's stored document is behind the map: the edits applied
/// since it was last written whole, kept in the `changes` table, and how
/// large they and the document are.
#[derive(Clone, Copy, Debug, Default)]
struct Pending {
    edits: usize,
    bytes: usize,
    doc: usize,
}

/// At most this many edits wait in `changes` before the map's document is
/// written whole again (reading a map applies them all).
const PENDING_EDITS: usize = 64;

impl Pending {
    /// Whether storing one more edit of `bytes` writes the document whole
    /// instead: after [`PENDING_EDITS`] edits, or once the edits waiting
    /// would weigh half as much as the document (a small map, or a large
    /// edit such as a whole map replaced).
    fn full_after(&self, bytes: usize) -> bool {
        self.edits + 1 > PENDING_EDITS || (self.bytes + bytes) * 2 > self.doc
    }

    /// After an edit was stored as `written`.
    fn after(self, written: Written) -> Pending {
        match written {
            Written::Whole { doc } => Pending {
                edits: 0,
                bytes: 0,
                doc,
            },
            Written::Change { bytes } => Pending {
                edits: self.edits + 1,
                bytes: self.bytes + bytes,
                ..self
            },
        }
    }
}

/// How an edit was stored: the document written whole, or the edit added
/// to those waiting (their sizes in bytes).
#[derive(Clone, Copy, Debug)]
enum Written {
    Whole { doc: usize },
    Change { bytes: usize },
}

/// A point in a library's life: the changes other connections committed
/// (SQLite's `data_version`) and the rows this one changed. Both stay the
/// same while nothing is written.
type Moment = (i64, u64);

pub struct Library {
    conn: Connection,
    path: Option<PathBuf>,
    /// The file's identity when it was opened (device, inode), to notice it
    /// being deleted or replaced while open.
    identity: Option<(u64, u64)>,
    cache: HashMap<String, Cached>,
    /// What opening did with a log left by a crash (see `walkeep`).
    wal_state: WalState,
    /// The instant every change is stamped with instead of the system's
    /// clock (`pin_clock`); None: the clock.
    pinned_clock: Option<String>,
    /// The library as it was when the search index was last brought up to
    /// date: while nothing has been written since, it still is, and the
    /// maps are not read again to tell (see `refresh_search_index`).
    indexed: std::cell::Cell<Option<Moment>>,
}

impl Drop for Library {
    fn drop(&mut self) {
        let Some(path) = self.path.clone() else {
            return;
        };
        // Close first: SQLite checkpoints and deletes the log when the last
        // connection closes, and only then is the log's second name spare.
        let Ok(spare) = Connection::open_in_memory() else {
            return;
        };
        let conn = std::mem::replace(&mut self.conn, spare);
        if conn.close().is_ok() {
            walkeep::after_close(&path);
        }
    }
}

pub(crate) const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// The library's identity (a random number in its header, see `walkeep`),
/// given to it if it has none, and made sure to be in the library file
/// itself, not only in its log, as the log's keeper reads it from there.
/// `in_file` is what the file held before SQLite opened it: the file is not
/// opened again here, as closing any descriptor of it would drop this
/// process's locks on it, and another process could then delete the log
/// under this connection. `None` when the log could not be copied into the
/// file (another process reading): the keeper then waits for the next open.
fn identity_checkpointed(conn: &Connection, in_file: Option<u32>) -> Option<u32> {
    if walkeep::identity_of(conn)? == 0 {
        walkeep::set_new_identity(conn).ok()?;
    }
    let identity = walkeep::identity_of(conn)?;
    if in_file == Some(identity) {
        return Some(identity);
    }
    // Once the whole log is in the file, so is the identity.
    let (busy, log, copied): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .ok()?;
    (busy == 0 && log == copied).then_some(identity)
}

/// How many undo steps are kept per map.
pub const HISTORY_LIMIT: i64 = 1000;

/// Where a map's redo stack begins: its steps after the last one done. The
/// steps done are always the history's first ones (an undo takes back the
/// last done, a redo does again the first undone, an edit drops the undone),
/// so the undone steps are found from there, along the key, instead of by
/// reading every step of the map for its `undone` (1,000 rows at most, on
/// every edit, undo and redo).
const AFTER_LAST_DONE: &str =
    "seq > COALESCE((SELECT seq FROM history WHERE map_id = ?1 AND undone = 0
                                 ORDER BY seq DESC LIMIT 1), 0)";

pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The default library path: `$TRAVESIA_DB`, else `<data dir>/<identifier>/library.db`.
pub fn default_path(identifier: &str) -> PathBuf {
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join(identifier).join("library.db")
}

impl Library {
    /// Opens (or creates) the library at `path`. A file that is not SQLite, or
    /// fails `PRAGMA integrity_check`, or comes from a newer schema is refused
    /// and left exactly as it was.
    pub fn open(path: &Path) -> Result<Library> {
        let display = path.display().to_string();
        let damaged = |detail: String| StoreError::Damaged {
            path: display.clone(),
            detail,
        };
        let exists = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(StoreError::Io {
                    context: format!("{display} is a folder, not a library file"),
                    source: std::io::Error::other("is a directory"),
                })
            }
            Ok(m) => m.len() > 0,
            Err(_) => false,
        };
        let mut wal_state = WalState::Clean;
        // The identity written in the file, read before SQLite opens it (see
        // `walkeep::identity_in_header`).
        let mut in_file = None;
        if exists {
            let mut head = Vec::with_capacity(100);
            use std::io::Read;
            std::fs::File::open(path)
                .and_then(|f| f.take(100).read_to_end(&mut head))
                .map_err(|source| StoreError::Io {
                    context: format!("cannot read {display}"),
                    source,
                })?;
            if head.len() < 16 || &head[..16] != SQLITE_MAGIC {
                return Err(damaged("it is not a SQLite database".into()));
            }
            in_file = walkeep::identity_in_header(&head);
            check_writable(path)?;
            wal_state = walkeep::before_open(path, in_file).map_err(|source| StoreError::Io {
                context: format!("cannot put back the log of {display}"),
                source,
            })?;
        } else if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                context: format!("cannot create the folder {}", dir.display()),
                source,
            })?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_error(e, &display))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        if exists {
            // Checked before anything is written (the WAL switch writes).
            let version = migrate::user_version(&conn).map_err(|e| match e {
                StoreError::Sqlite(e) => damaged(e.to_string()),
                other => other,
            })?;
            if version > migrate::LATEST {
                return Err(StoreError::TooNew {
                    found: version,
                    supported: migrate::LATEST,
                });
            }
            let check: rusqlite::Result<Vec<String>> = conn
                .prepare("PRAGMA integrity_check")
                .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect());
            match check {
                Ok(rows) if rows.len() == 1 && rows[0] == "ok" => {}
                Ok(rows) => return Err(damaged(rows.join("; "))),
                Err(e) if matches!(StoreError::from(clone_err(&e)), StoreError::Busy) => {
                    return Err(StoreError::Busy)
                }
                Err(e) => return Err(damaged(e.to_string())),
            }
        }
        let mut lib = Self::setup(conn, Some((path.to_path_buf(), in_file)))?;
        match &wal_state {
            WalState::Clean => {}
            WalState::Restored => log::warn!(
                "the log of {display} had been deleted after a crash; it was put back"
            ),
            WalState::SetAside(aside) => log::warn!(
                "the log beside {display} belongs to another library file (this one was put in its place after a crash); it was moved aside to {}, not replayed",
                aside.display()
            ),
        }
        lib.wal_state = wal_state;
        if exists {
            // A failed backup must not keep anyone from their maps; the next
            // open tries again.
            if let Err(e) = lib.daily_backup(chrono::Local::now().date_naive()) {
                log::warn!("today's backup was not taken: {e}");
            }
        }
        Ok(lib)
    }

    /// A library that lives in memory only (tests, previews).
    pub fn open_in_memory() -> Result<Library> {
        Self::setup(Connection::open_in_memory()?, None)
    }

    /// `file`: the library's path and the identity its file held when it
    /// was opened (none for a library in memory).
    fn setup(mut conn: Connection, file: Option<(PathBuf, Option<u32>)>) -> Result<Library> {
        conn.execute_batch(
            // Durable edits: with `synchronous = FULL` in WAL mode every
            // commit syncs the log (one fdatasync of the pages it appended)
            // before it returns, so an edit that was answered survives a power
            // cut or an OS crash, not only a killed process. The log's first
            // sync also syncs its folder, so its name survives too. Checkpoints
            // keep SQLite's own cadence (every 1,000 pages); a checkpoint after
            // every commit cost an fsync of the library file per edit (2 to
            // 30 ms here). The cost of the log sync is measured by
            // `cargo bench -p travesia-store --bench durable`.
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;",
        )?;
        migrate::migrate(&mut conn)?;
        // An edit alone runs about ten statements, each prepared once.
        conn.set_prepared_statement_cache_capacity(64);
        let path = file.map(|(path, in_file)| {
            let identity = identity_checkpointed(&conn, in_file);
            walkeep::after_open(&path, identity);
            path
        });
        let identity = path.as_deref().and_then(file_identity);
        Ok(Library {
            conn,
            identity,
            path,
            cache: HashMap::new(),
            wal_state: WalState::Clean,
            pinned_clock: None,
            indexed: std::cell::Cell::new(None),
        })
    }

    /// Whether opening found the library's log deleted after a crash and put
    /// it back from its second name (nothing committed was lost).
    pub fn wal_restored(&self) -> bool {
        self.wal_state == WalState::Restored
    }

    /// Where opening moved a log that belonged to another library file (the
    /// file at this path was replaced after a crash), if it did.
    pub fn wal_set_aside(&self) -> Option<&Path> {
        match &self.wal_state {
            WalState::SetAside(p) => Some(p),
            _ => None,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The raw connection, for tests and maintenance (backups).
    /// Stamps every change from now on with `instant` (RFC 3339) instead of
    /// the time it is made, or with the time again (None). For answers
    /// recorded once and compared on any later day: a map's date is drawn
    /// on its poster (the UI tests' recorded answers, `ui_answers.rs`).
    pub fn pin_clock(&mut self, instant: Option<&str>) {
        self.pinned_clock = instant.map(str::to_string);
    }

    /// The instant a change made now is stamped with.
    fn now(&self) -> String {
        self.pinned_clock.clone().unwrap_or_else(now)
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Maps not in the trash, most recently changed first.
    pub fn list_maps(&self) -> Result<Vec<MapSummary>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, updated_at, card_count,
                 (SELECT length(CAST(doc AS BLOB)) FROM docs WHERE map_id = maps.id)
                 + COALESCE((SELECT SUM(length(CAST(edit AS BLOB)))
                             FROM changes WHERE map_id = maps.id), 0)
             FROM maps WHERE deleted_at IS NULL ORDER BY updated_at DESC, title",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(MapSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                updated_at: r.get(2)?,
                cards: r.get(3)?,
                bytes: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The titles of the maps `map` links to (its cards' and stages'
    /// links), by id: the maps in the library and not in the bin. A link to
    /// any other id is left out, so it is drawn as not found.
    pub fn link_titles(&self, map: &Map) -> Result<std::collections::BTreeMap<String, String>> {
        let mut out = std::collections::BTreeMap::new();
        let ids = map.linked_maps();
        if ids.is_empty() {
            return Ok(out);
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT title FROM maps WHERE id = ?1 AND deleted_at IS NULL")?;
        for id in ids {
            if let Some(title) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                out.insert(id.to_string(), title);
            }
        }
        Ok(out)
    }

    pub(crate) fn id_taken(&self, id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM maps WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Stores a new map (after validating it) and returns its id: the map's
    /// own id when it has a free one, else a fresh one.
    pub fn create_map(&mut self, map: Map) -> Result<String> {
        self.insert_document(Document {
            map,
            extra: Default::default(),
        })
    }

    /// Imports a document read from a `.travesia` file; all or nothing.
    pub fn import(&mut self, doc: Document) -> Result<String> {
        self.insert_document(doc)
    }

    pub(crate) fn insert_document(&mut self, doc: Document) -> Result<String> {
        let Document { mut map, extra } = doc;
        if map.id.is_empty() || !validate::is_valid_id(&map.id) || self.id_taken(&map.id)? {
            map.id = loop {
                let id = ids::new_id("m");
                if !self.id_taken(&id)? {
                    break id;
                }
            };
        }
        let issues = validate::validate_map(&map);
        if !issues.is_empty() {
            return Err(FormatError::Invalid(issues).into());
        }
        photo::clean_map(&mut map)?;
        let stamp = self.now();
        let created = map.created_at.take().unwrap_or_else(|| stamp.clone());
        map.updated_at = None;
        let doc_json =
            serde_json::to_string(&map).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let extra_json = serde_json::to_string(&Value::Object(extra))
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let write = self
            .conn
            .is_autocommit()
            .then(|| self.conn.unchecked_transaction())
            .transpose()?;
        // Edits of a map once stored under this id are not this map's.
        self.conn
            .execute("DELETE FROM changes WHERE map_id = ?1", [&map.id])?;
        self.conn.execute(
            "INSERT INTO maps (id, title, file_extra, card_count, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                map.id,
                map.title,
                extra_json,
                map.cards.len() as i64,
                created,
                stamp
            ],
        )?;
        self.conn.execute(
            "INSERT INTO docs (map_id, doc) VALUES (?1, ?2)",
            params![map.id, doc_json],
        )?;
        if let Some(write) = write {
            write.commit()?;
        }
        Ok(map.id)
    }

    /// The map, with its timestamps.
    pub fn load(&mut self, id: &str) -> Result<Map> {
        let mut map = self.cached(id)?.clone();
        let (created, updated): (String, String) = self.conn.query_row(
            "SELECT created_at, updated_at FROM maps WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        map.created_at = Some(created);
        map.updated_at = Some(updated);
        Ok(map)
    }

    /// The map as a `.travesia` document (what `export` writes).
    pub fn export(&mut self, id: &str) -> Result<Document> {
        let map = self.load(id)?;
        let extra: String =
            self.conn
                .query_row("SELECT file_extra FROM maps WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
        let extra = match serde_json::from_str(&extra) {
            Ok(Value::Object(o)) => o,
            _ => Default::default(),
        };
        Ok(Document { map, extra })
    }

    /// The parsed map, reloaded when another process changed it.
    pub(crate) fn cached(&mut self, id: &str) -> Result<&mut Map> {
        let now = self.moment()?;
        // Nothing written since the entry was known: no row read.
        if !matches!(self.cache.get(id), Some(c) if c.known == Some(now)) {
            let revision: i64 = self
                .conn
                .query_row(
                    "SELECT revision FROM maps WHERE id = ?1 AND deleted_at IS NULL",
                    [id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| StoreError::MapNotFound(id.to_string()))?;
            let fresh = matches!(self.cache.get(id), Some(c) if c.revision == revision);
            if !fresh {
                let (map, created, pending) = self.read_stored(id)?;
                let entry = Cached {
                    revision,
                    map,
                    created,
                    pending,
                    known: None,
                };
                self.cache.insert(id.to_string(), entry);
            }
        }
        let entry = self.cache.get_mut(id).expect("inserted above");
        entry.known = Some(now);
        Ok(&mut entry.map)
    }

    /// Map `id` as stored: its document, with the edits applied since it
    /// was written (in the bin or not), when it was made, and how far the
    /// document is behind. Both are read in one transaction, so a document
    /// written whole by another process meanwhile is never read with the
    /// edits it already holds.
    fn read_stored(&self, id: &str) -> Result<(Map, String, Pending)> {
        let read = self
            .conn
            .is_autocommit()
            .then(|| self.conn.unchecked_transaction())
            .transpose()?;
        let (doc, created): (String, String) = self
            .conn
            .prepare_cached(
                "SELECT d.doc, m.created_at FROM maps m JOIN docs d ON d.map_id = m.id
                 WHERE m.id = ?1",
            )?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
            .ok_or_else(|| StoreError::MapNotFound(id.to_string()))?;
        let mut map: Map =
            serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut pending = Pending {
            doc: doc.len(),
            ..Pending::default()
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT edit FROM changes WHERE map_id = ?1 ORDER BY n")?;
        let mut rows = stmt.query([id])?;
        while let Some(row) = rows.next()? {
            let json: String = row.get(0)?;
            let change: Edit =
                serde_json::from_str(&json).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            edit::apply(&mut map, &change).map_err(|e| {
                StoreError::Corrupt(format!("a stored edit no longer applies: {e}"))
            })?;
            pending.edits += 1;
            pending.bytes += json.len();
        }
        drop(rows);
        drop(stmt);
        if let Some(read) = read {
            read.commit()?;
        }
        Ok((map, created, pending))
    }

    /// Writes the document of every map that has edits waiting (see
    /// [`Pending`]), so that what reads documents themselves (the search)
    /// reads them as they are.
    pub(crate) fn write_pending(&mut self) -> Result<()> {
        let ids: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT DISTINCT map_id FROM changes")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for id in ids {
            self.in_write(&id, |lib| {
                let (map, _, _) = lib.read_stored(&id)?;
                let doc = lib.write_whole(&id, &map)?;
                if let Some(entry) = lib.cache.get_mut(&id) {
                    entry.pending = Pending {
                        doc,
                        ..Pending::default()
                    };
                }
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Writes map `id`'s document as `map` and drops the edits that waited
    /// over it (inside a write transaction); answers the document's size.
    fn write_whole(&self, id: &str, map: &Map) -> Result<usize> {
        let doc = serde_json::to_string(map).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.conn
            .prepare_cached("UPDATE docs SET doc = ?2 WHERE map_id = ?1")?
            .execute(params![id, doc])?;
        self.conn
            .prepare_cached("DELETE FROM changes WHERE map_id = ?1")?
            .execute([id])?;
        Ok(doc.len())
    }

    /// Where the library is in its life now ([`Moment`]).
    fn moment(&self) -> Result<Moment> {
        let version: i64 = self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        Ok((version, self.conn.total_changes()))
    }

    /// After map `id` was written with its cached entry: the entry is the
    /// stored map, at its new `revision`.
    fn stored_as(&mut self, id: &str, (revision, written): (i64, Written)) -> Result<()> {
        let now = self.moment()?;
        let entry = self.cache.get_mut(id).expect("cached before it was stored");
        entry.revision = revision;
        entry.pending = entry.pending.after(written);
        entry.known = Some(now);
        Ok(())
    }

    /// Applies an edit and stores it, in one transaction; returns the new map.
    /// Photos the edit brings are decoded and written again first.
    pub fn apply(&mut self, id: &str, edit: &Edit) -> Result<&Map> {
        let clean = {
            // The pictures the map has are clean already: compared, not copied.
            let map = self.cached(id)?;
            photo::clean_edit(edit, map)?
        };
        let edit = clean.as_ref().unwrap_or(edit);
        self.in_write(id, |lib| lib.run(id, edit, Step::New))?;
        Ok(&self.cache.get(id).expect("cached by run").map)
    }

    /// Undoes the last edit; `Ok(false)` when there is nothing to undo.
    pub fn undo(&mut self, id: &str) -> Result<bool> {
        self.in_write(id, |lib| lib.step_history(id, true))
    }

    /// Redoes the last undone edit; `Ok(false)` when there is nothing to redo.
    pub fn redo(&mut self, id: &str) -> Result<bool> {
        self.in_write(id, |lib| lib.step_history(id, false))
    }

    /// Runs `f` inside one write transaction (BEGIN IMMEDIATE: it waits for
    /// another process's write to end, up to the busy timeout). Everything
    /// `f` reads is as of the lock, so two processes editing one library
    /// never write over each other's edits. On any failure the transaction
    /// rolls back and the map is dropped from the cache, to be read again.
    fn in_write<T>(&mut self, id: &str, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        // SQLite would go on writing into a file that was deleted (and is
        // gone when the app closes): check it is still the one we opened.
        if let Some(path) = &self.path {
            if self.identity.is_some() && file_identity(path) != self.identity {
                return Err(StoreError::Moved);
            }
        }
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        let result = f(self).and_then(|v| {
            // `f` may have committed itself (`apply_alongside`).
            if !self.conn.is_autocommit() {
                self.conn.execute_batch("COMMIT")?;
            }
            Ok(v)
        });
        if result.is_err() {
            if !self.conn.is_autocommit() {
                let _ = self.conn.execute_batch("ROLLBACK");
            }
            self.cache.remove(id);
        }
        result
    }

    /// Undo (or redo) inside a write transaction.
    fn step_history(&mut self, id: &str, undo: bool) -> Result<bool> {
        let Some((step, edit)) = self.next_step(id, undo)? else {
            self.cached(id)?;
            return Ok(false);
        };
        self.run(id, &edit, step)?;
        Ok(true)
    }

    /// The step an undo (or a redo) of map `id` takes now, and the edit it
    /// applies; None when there is nothing to undo (or redo).
    fn next_step(&self, id: &str, undo: bool) -> Result<Option<(Step, Edit)>> {
        let sql: &str = if undo {
            "SELECT seq, inverse FROM history WHERE map_id = ?1 AND undone = 0
             ORDER BY seq DESC LIMIT 1"
        } else {
            &format!(
                "SELECT seq, forward FROM history WHERE map_id = ?1 AND undone = 1
                 AND {AFTER_LAST_DONE} ORDER BY seq ASC LIMIT 1"
            )
        };
        let row: Option<(i64, String)> = self
            .conn
            .prepare_cached(sql)?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((seq, stored)) = row else {
            return Ok(None);
        };
        let edit: Edit =
            serde_json::from_str(&stored).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let step = if undo {
            Step::Undo(seq)
        } else {
            Step::Redo(seq)
        };
        Ok(Some((step, edit)))
    }

    pub fn history_state(&self, id: &str) -> Result<HistoryState> {
        let step = |sql: &str| -> Result<Option<Option<StepSummary>>> {
            let row: Option<Option<String>> = self
                .conn
                .prepare_cached(sql)?
                .query_row([id], |r| r.get(0))
                .optional()?;
            Ok(row.map(|s| s.and_then(|s| serde_json::from_str(&s).ok())))
        };
        let undo = step(
            "SELECT summary FROM history WHERE map_id = ?1 AND undone = 0
             ORDER BY seq DESC LIMIT 1",
        )?;
        let redo = step(&format!(
            "SELECT summary FROM history WHERE map_id = ?1 AND undone = 1
             AND {AFTER_LAST_DONE} ORDER BY seq ASC LIMIT 1"
        ))?;
        Ok(HistoryState {
            can_undo: undo.is_some(),
            can_redo: redo.is_some(),
            undo: undo.flatten(),
            redo: redo.flatten(),
        })
    }

    /// Every stored step of a map, oldest first.
    pub fn history(&self, id: &str) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, summary, created_at, undone FROM history
             WHERE map_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(HistoryEntry {
                seq: r.get(0)?,
                summary: r
                    .get::<_, Option<String>>(1)?
                    .and_then(|s| serde_json::from_str(&s).ok()),
                created_at: r.get(2)?,
                undone: r.get::<_, i64>(3)? != 0,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Undoes or redoes steps, in one transaction, until step `seq` is the
    /// last one done (`seq` 0: until none is). Answers how many steps it took.
    pub fn go_to_step(&mut self, id: &str, seq: i64) -> Result<usize> {
        self.in_write(id, |lib| {
            let mut taken = 0;
            loop {
                let last_done: Option<i64> = lib
                    .conn
                    .prepare_cached(
                        "SELECT seq FROM history WHERE map_id = ?1 AND undone = 0
                         ORDER BY seq DESC LIMIT 1",
                    )?
                    .query_row([id], |r| r.get(0))
                    .optional()?;
                let first_undone: Option<i64> = lib
                    .conn
                    .prepare_cached(&format!(
                        "SELECT seq FROM history WHERE map_id = ?1 AND undone = 1
                         AND {AFTER_LAST_DONE} ORDER BY seq ASC LIMIT 1"
                    ))?
                    .query_row([id], |r| r.get(0))
                    .optional()?;
                let undo = last_done.is_some_and(|s| s > seq);
                let redo = !undo && first_undone.is_some_and(|s| s <= seq);
                if !(undo || redo) || !lib.step_history(id, undo)? {
                    break;
                }
                taken += 1;
            }
            lib.cached(id)?;
            Ok(taken)
        })
    }

    /// Applies one edit and records it; only inside [`Library::in_write`].
    fn run(&mut self, id: &str, edit: &Edit, step: Step) -> Result<()> {
        let (inverse, summary) = self.change(id, edit, step)?;
        let stamp = self.now();
        let map = &self.cache.get(id).expect("cached by change").map;
        let (revision, written) = self.store(id, map, edit, &inverse, step, summary, &stamp)?;
        // Not known yet: the transaction is still open.
        let entry = self.cache.get_mut(id).expect("cached above");
        entry.revision = revision;
        entry.pending = entry.pending.after(written);
        Ok(())
    }

    /// Applies one edit to the cached map; answers its inverse and, for a
    /// new step, its summary (made from the map before it).
    fn change(&mut self, id: &str, edit: &Edit, step: Step) -> Result<(Edit, Option<StepSummary>)> {
        let map = self.cached(id)?;
        let summary = match step {
            Step::New => Some(summary::summarize(map, edit)),
            _ => None,
        };
        let inverse = edit::apply(map, edit)?;
        Ok((inverse, summary))
    }

    /// [`Library::apply`], and while the map is written and synced to disk,
    /// `during` runs on another thread with the map as stored, without its
    /// timestamps, and the time of the edit (the map's new `updated_at`): an
    /// editor lays it out meanwhile instead of after. `prepare`, on this
    /// thread, reads what `during` needs from the library, with the edit
    /// applied. Answers what `during` made and the map with its timestamps
    /// (what [`Library::load`] would answer), copied while `during` runs,
    /// once the edit is stored; on any failure nothing is stored and what
    /// `during` made is dropped.
    pub fn apply_alongside<P: Send, T: Send>(
        &mut self,
        id: &str,
        edit: &Edit,
        prepare: impl FnOnce(&Library, &Map) -> Result<P>,
        during: impl FnOnce(P, &Map, &str) -> T + Send,
    ) -> Result<(T, Map)> {
        let clean = {
            let map = self.cached(id)?;
            photo::clean_edit(edit, map)?
        };
        let edit = clean.as_ref().unwrap_or(edit);
        self.in_write(id, |lib| {
            lib.run_alongside(id, edit, Step::New, prepare, during)
        })
    }

    /// [`Library::undo`] (or, with `undo` false, [`Library::redo`]) as
    /// [`Library::apply_alongside`] applies an edit: the map laid out by
    /// `during` while the step is written and synced. None, and nothing
    /// run, when there is nothing to undo (or redo).
    pub fn step_alongside<P: Send, T: Send>(
        &mut self,
        id: &str,
        undo: bool,
        prepare: impl FnOnce(&Library, &Map) -> Result<P>,
        during: impl FnOnce(P, &Map, &str) -> T + Send,
    ) -> Result<Option<(T, Map)>> {
        self.in_write(id, |lib| match lib.next_step(id, undo)? {
            Some((step, edit)) => lib
                .run_alongside(id, &edit, step, prepare, during)
                .map(Some),
            None => {
                lib.cached(id)?;
                Ok(None)
            }
        })
    }

    /// One step (a new edit, an undo or a redo) inside the write transaction,
    /// stored on this thread while `during` runs on another (see
    /// [`Library::apply_alongside`]).
    fn run_alongside<P: Send, T: Send>(
        &mut self,
        id: &str,
        edit: &Edit,
        step: Step,
        prepare: impl FnOnce(&Library, &Map) -> Result<P>,
        during: impl FnOnce(P, &Map, &str) -> T + Send,
    ) -> Result<(T, Map)> {
        let (inverse, summary) = self.change(id, edit, step)?;
        let stamp = self.now();
        let this: &Library = self;
        let cached = this.cache.get(id).expect("cached by change");
        let (map, created) = (&cached.map, &cached.created);
        let input = prepare(this, map)?;
        let show = || {
            let mut shown = map.clone();
            shown.created_at = Some(created.clone());
            shown.updated_at = Some(stamp.clone());
            shown
        };
        // The job stays here should no thread start: then it runs after.
        let job = std::sync::Mutex::new(Some((input, during)));
        let take = || job.lock().ok().and_then(|mut j| j.take());
        let run = || take().map(|(input, during)| during(input, map, &stamp));
        let (stored, made, shown) = std::thread::scope(|s| {
            let beside = std::thread::Builder::new()
                .name("alongside".into())
                .spawn_scoped(s, run)
                .ok();
            // Committed here, while `during` runs; `in_write` sees it done.
            let stored = this
                .store(id, map, edit, &inverse, step, summary, &stamp)
                .and_then(|revision| {
                    this.conn.execute_batch("COMMIT")?;
                    Ok(revision)
                })?;
            // Copied here, once stored, while `during` still runs.
            let shown = show();
            let made = beside
                .and_then(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .or_else(run)
                .expect("the job ran beside or runs here");
            Ok::<_, StoreError>((stored, made, shown))
        })?;
        self.stored_as(id, stored)?;
        Ok((made, shown))
    }

    /// Stores `map` after `edit` and the step into the history (inside the
    /// transaction); answers the map's new revision and how it was stored.
    /// The edit is added to those applied since the map's document was last
    /// written ([`Pending`]): a few kilobytes to write and sync, where the
    /// document of a large map is a megabyte. The document is written whole
    /// once they add up.
    #[allow(clippy::too_many_arguments)]
    fn store(
        &self,
        id: &str,
        map: &Map,
        edit: &Edit,
        inverse: &Edit,
        step: Step,
        summary: Option<StepSummary>,
        stamp: &str,
    ) -> Result<(i64, Written)> {
        let (title, cards) = (map.title.as_str(), map.cards.len() as i64);
        let json =
            |e: &Edit| serde_json::to_string(e).map_err(|e| StoreError::Corrupt(e.to_string()));
        let applied = json(edit)?;
        let tx = &self.conn;
        let pending = self.cache.get(id).map(|c| c.pending).unwrap_or_default();
        let revision: i64 = tx
            .prepare_cached(
                "UPDATE maps SET title = ?2, card_count = ?3, updated_at = ?4,
                     revision = revision + 1
                 WHERE id = ?1 RETURNING revision",
            )?
            .query_row(params![id, title, cards, stamp], |r| r.get(0))?;
        let written = if pending.full_after(applied.len()) {
            Written::Whole {
                doc: self.write_whole(id, map)?,
            }
        } else {
            tx.prepare_cached(
                "INSERT INTO changes (map_id, n, edit)
                 VALUES (?1, COALESCE((SELECT MAX(n) FROM changes WHERE map_id = ?1), 0) + 1, ?2)",
            )?
            .execute(params![id, applied])?;
            Written::Change {
                bytes: applied.len(),
            }
        };
        match step {
            Step::New => {
                tx.prepare_cached(&format!(
                    "DELETE FROM history WHERE map_id = ?1 AND undone = 1 AND {AFTER_LAST_DONE}"
                ))?
                .execute([id])?;
                tx.prepare_cached(
                    "INSERT INTO history (map_id, seq, forward, inverse, created_at, summary)
                     VALUES (?1, COALESCE((SELECT MAX(seq) FROM history WHERE map_id = ?1), 0) + 1,
                             ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    id,
                    applied,
                    json(inverse)?,
                    stamp,
                    summary.and_then(|s| serde_json::to_string(&s).ok())
                ])?;
                tx.prepare_cached(
                    "DELETE FROM history WHERE map_id = ?1
                     AND seq <= (SELECT MAX(seq) FROM history WHERE map_id = ?1) - ?2",
                )?
                .execute(params![id, HISTORY_LIMIT])?;
            }
            // Undo applied the stored inverse; what undoes *that* is the forward
            // edit, already stored. Keep the freshly computed one, though: it is
            // exact for the map as it now is.
            Step::Undo(seq) => {
                tx.execute(
                    "UPDATE history SET undone = 1, forward = ?3 WHERE map_id = ?1 AND seq = ?2",
                    params![id, seq, json(inverse)?],
                )?;
            }
            Step::Redo(seq) => {
                tx.execute(
                    "UPDATE history SET undone = 0, inverse = ?3 WHERE map_id = ?1 AND seq = ?2",
                    params![id, seq, json(inverse)?],
                )?;
            }
        }
        Ok((revision, written))
    }

    /// Takes a named snapshot of a map.
    pub fn snapshot(&mut self, id: &str, name: &str) -> Result<i64> {
        let mut issues = Vec::new();
        validate::check_len(name, 1, validate::TITLE_MAX, "name", &mut issues);
        if !issues.is_empty() {
            return Err(FormatError::Invalid(issues).into());
        }
        let map = self.cached(id)?;
        let cards = map.cards.len() as i64;
        let doc = serde_json::to_string(&*map).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.conn.execute(
            "INSERT INTO snapshots (map_id, name, doc, card_count, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, name, doc, cards, self.now()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn list_snapshots(&self, id: &str) -> Result<Vec<SnapshotInfo>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, created_at, card_count FROM snapshots
             WHERE map_id = ?1 ORDER BY created_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(SnapshotInfo {
                id: r.get(0)?,
                name: r.get(1)?,
                created_at: r.get(2)?,
                cards: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The map as it was in a snapshot (for a preview).
    pub fn snapshot_map(&self, id: &str, snapshot: i64) -> Result<Map> {
        let doc: String = self
            .conn
            .query_row(
                "SELECT doc FROM snapshots WHERE map_id = ?1 AND id = ?2",
                params![id, snapshot],
                |r| r.get(0),
            )
            .optional()?
            .ok_or(StoreError::SnapshotNotFound(snapshot))?;
        serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    /// Restores a snapshot as one edit, so the restore itself can be undone.
    pub fn restore_snapshot(&mut self, id: &str, snapshot: i64) -> Result<&Map> {
        let map = self.snapshot_map(id, snapshot)?;
        self.apply(id, &Edit::ReplaceMap { map: Box::new(map) })
    }

    /// Moves a map to the trash.
    pub fn trash_map(&mut self, id: &str) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE maps SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
            params![id, self.now()],
        )?;
        self.cache.remove(id);
        if n == 0 {
            return Err(StoreError::MapNotFound(id.to_string()));
        }
        Ok(())
    }

    pub fn get_setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn remove_setting(&self, key: &str) -> Result<()> {
        self.conn
            .execute("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Step {
    New,
    Undo(i64),
    Redo(i64),
}

/// The (device, inode) pair of a file, if it exists.
fn file_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Refuses a library that cannot be written (read-only file, folder or
/// file system) with that reason, before SQLite fails with a vaguer one.
fn check_writable(path: &Path) -> Result<()> {
    let read_only = |e: &std::io::Error| {
        matches!(
            e.kind(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
        ) || e.raw_os_error() == Some(30) // EROFS
    };
    if let Err(e) = std::fs::OpenOptions::new().write(true).open(path) {
        if read_only(&e) {
            return Err(StoreError::ReadOnly);
        }
    }
    // SQLite keeps two files beside the library (-wal, -shm): the folder must take them.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let probe = dir.join(format!(".travesia-probe-{}", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&probe)
        {
            Ok(_) => {
                let _ = std::fs::remove_file(&probe);
            }
            Err(e) if read_only(&e) => return Err(StoreError::ReadOnly),
            Err(_) => {}
        }
    }
    Ok(())
}

fn open_error(e: rusqlite::Error, path: &str) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => StoreError::Damaged {
            path: path.to_string(),
            detail: "it is not a SQLite database".into(),
        },
        _ => StoreError::from(e),
    }
}

fn clone_err(e: &rusqlite::Error) -> rusqlite::Error {
    match e {
        rusqlite::Error::SqliteFailure(f, m) => rusqlite::Error::SqliteFailure(*f, m.clone()),
        _ => rusqlite::Error::InvalidQuery,
    }
}

/// Reads a `.travesia` file and imports it; nothing is stored if it is refused.
pub fn import_file(lib: &mut Library, path: &Path) -> Result<String> {
    let doc = format::read_file(path)?;
    lib.import(doc)
}
