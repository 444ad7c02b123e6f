//! Schema migrations, embedded at build time and numbered by `PRAGMA user_version`.

use rusqlite::Connection;

use crate::StoreError;

/// Migration `i` (0-based) brings the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/001_initial.sql"),
    include_str!("migrations/002_thumbnails.sql"),
    include_str!("migrations/003_step_summaries.sql"),
    include_str!("migrations/004_search_index.sql"),
    include_str!("migrations/005_changes.sql"),
];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

pub fn user_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as u32)
}

/// Applies the missing migrations in one transaction. An older build meeting a
/// newer library refuses it instead of touching it.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let found = user_version(conn)?;
    if found > LATEST {
        return Err(StoreError::TooNew {
            found,
            supported: LATEST,
        });
    }
    if found == LATEST {
        return Ok(());
    }
    let tx = conn.transaction()?;
    for sql in &MIGRATIONS[found as usize..] {
        tx.execute_batch(sql)?;
    }
    // PRAGMA takes no bound parameters; LATEST is a constant of this build.
    tx.execute_batch(&format!("PRAGMA user_version = {LATEST}"))?;
    tx.commit()?;
    Ok(())
}
