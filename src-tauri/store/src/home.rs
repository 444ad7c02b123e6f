//! What the library home needs beyond opening and editing: the trash,
//! duplicates, search over titles and card text, and cached thumbnails.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use travesia_core::format::Document;
use travesia_core::{validate, Edit};

use crate::{FormatError, Library, Result, StoreError};

/// A map in the trash.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrashedMap {
    pub id: String,
    pub title: String,
    pub deleted_at: String,
    pub cards: u32,
}

/// A map that a search found: whether its title matched, and up to three
/// card texts that did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHit {
    pub id: String,
    pub title: String,
    pub in_title: bool,
    pub snippets: Vec<String>,
}

/// How many matching card texts a hit carries.
pub const SNIPPETS: usize = 3;

/// Lower case without accents, so "senal" finds "Señal" and "DUDA" finds "¿duda?".
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

impl Library {
    /// Maps in the trash, most recently deleted first.
    pub fn list_trash(&self) -> Result<Vec<TrashedMap>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, title, deleted_at, card_count FROM maps
             WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC, title",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TrashedMap {
                id: r.get(0)?,
                title: r.get(1)?,
                deleted_at: r.get(2)?,
                cards: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Takes a map out of the trash, as it was.
    pub fn restore_map(&mut self, id: &str) -> Result<()> {
        let n = self.conn.execute(
            "UPDATE maps SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL",
            [id],
        )?;
        if n == 0 {
            return Err(StoreError::MapNotFound(id.to_string()));
        }
        Ok(())
    }

    /// Deletes a map in the trash for good, with its history and snapshots.
    pub fn delete_forever(&mut self, id: &str) -> Result<()> {
        let n = self.conn.execute(
            "DELETE FROM maps WHERE id = ?1 AND deleted_at IS NOT NULL",
            [id],
        )?;
        self.cache.remove(id);
        if n == 0 {
            return Err(StoreError::MapNotFound(id.to_string()));
        }
        Ok(())
    }

    /// Empties the trash; returns how many maps were deleted.
    pub fn empty_trash(&mut self) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let ids: Vec<String> = {
            let mut stmt = tx.prepare("SELECT id FROM maps WHERE deleted_at IS NOT NULL")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        tx.execute("DELETE FROM maps WHERE deleted_at IS NOT NULL", [])?;
        tx.commit()?;
        for id in &ids {
            self.cache.remove(id);
        }
        Ok(ids.len())
    }

    /// A copy of a map under a new id and title, without its history.
    pub fn duplicate_map(&mut self, id: &str, title: &str) -> Result<String> {
        let mut issues = Vec::new();
        validate::check_len(title, 1, validate::TITLE_MAX, "title", &mut issues);
        if !issues.is_empty() {
            return Err(FormatError::Invalid(issues).into());
        }
        let Document { mut map, extra } = self.export(id)?;
        map.id = String::new();
        map.title = title.to_string();
        map.created_at = None;
        self.insert_document(Document { map, extra })
    }

    /// Renames a map as one undoable edit.
    pub fn rename_map(&mut self, id: &str, title: &str) -> Result<()> {
        self.apply(
            id,
            &Edit::SetTitle {
                title: title.to_string(),
            },
        )?;
        Ok(())
    }

    /// Brings the search index up to date: a row for each map whose
    /// revision (or id) the index does not hold yet, none for a map that is
    /// gone. After an edit, that is one map. While nothing was written since
    /// the last time (by this connection or any other), nothing is read:
    /// finding the stale maps reads every map's row (about 6 ms with 1,000
    /// maps), which each key typed in the search box would pay.
    fn refresh_search_index(&self) -> Result<()> {
        let before = self.moment()?;
        if self.indexed.get() == Some(before) {
            return Ok(());
        }
        let stale: Vec<(i64, String, String, String, i64)> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT m.rowid, m.id, m.title, d.doc, m.revision FROM maps m
                 JOIN docs d ON d.map_id = m.id
                 LEFT JOIN map_text t ON t.rowid = m.rowid
                 WHERE t.rowid IS NULL OR t.id IS NOT m.id OR t.revision IS NOT m.revision",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        // One transaction for all of them: a library of 1,000 maps never
        // indexed (made by an older version) is indexed with one sync to
        // the disk instead of one a map.
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "DELETE FROM map_text WHERE rowid NOT IN (SELECT rowid FROM maps)",
            [],
        )?;
        for (rowid, id, title, doc, revision) in stale {
            let body = match serde_json::from_str::<travesia_core::Map>(&doc) {
                Ok(map) => map
                    .cards
                    .iter()
                    .map(|c| fold(&c.text))
                    .collect::<Vec<_>>()
                    .join("\n"),
                // A map that cannot be read is found by its title only.
                Err(_) => String::new(),
            };
            tx.execute("DELETE FROM map_text WHERE rowid = ?1", [rowid])?;
            tx.execute(
                "INSERT INTO map_text (rowid, title, body, id, revision) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![rowid, fold(&title), body, id, revision],
            )?;
        }
        tx.commit()?;
        // The rows this connection changed since `before` are counted; what
        // another connection committed meanwhile still shows as a newer
        // `data_version` at the next search.
        self.indexed.set(Some((before.0, self.moment()?.1)));
        Ok(())
    }

    /// The maps not in the bin, newest change first, that may hold every
    /// word of `words` (folded): those the index finds for the words of
    /// three letters or more (trigrams cannot find shorter ones), or every
    /// map when no word is that long.
    fn search_candidates(&self, words: &[String]) -> Result<Vec<(String, String, String)>> {
        let long: Vec<&String> = words.iter().filter(|w| w.chars().count() >= 3).collect();
        let rows = |stmt: &mut rusqlite::CachedStatement, args: &[&dyn rusqlite::ToSql]| {
            stmt.query_map(args, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        };
        if long.is_empty() {
            let mut stmt = self.conn.prepare_cached(
                "SELECT m.id, m.title, d.doc FROM maps m JOIN docs d ON d.map_id = m.id
                 WHERE m.deleted_at IS NULL ORDER BY m.updated_at DESC",
            )?;
            return Ok(rows(&mut stmt, &[])?);
        }
        self.refresh_search_index()?;
        // Each word a phrase (its quotation marks doubled), all of them required.
        let query = long
            .iter()
            .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" AND ");
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.id, m.title, d.doc FROM map_text t JOIN maps m ON m.rowid = t.rowid
             JOIN docs d ON d.map_id = m.id WHERE map_text MATCH ?1 AND m.deleted_at IS NULL ORDER BY m.updated_at DESC",
        )?;
        Ok(rows(&mut stmt, &[&query])?)
    }

    /// Maps whose title or card text holds every word of `query`, ignoring
    /// case and accents; title matches first, then by last change. The
    /// search index narrows the maps to read to those that may match.
    pub fn search(&mut self, query: &str) -> Result<Vec<SearchHit>> {
        let words: Vec<String> = fold(query).split_whitespace().map(String::from).collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        // The search reads the maps' documents: first each is written as
        // the map now is.
        self.write_pending()?;
        let mut hits = Vec::new();
        for (id, title, doc) in self.search_candidates(&words)? {
            // A cheap test on the whole stored text first: most maps miss.
            let folded_doc = fold(&doc);
            if !words.iter().all(|w| folded_doc.contains(w.as_str())) {
                continue;
            }
            let map: travesia_core::Map =
                serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let title_folded = fold(&title);
            let cards: Vec<(String, String)> = map
                .cards
                .iter()
                .map(|c| (c.text.clone(), fold(&c.text)))
                .collect();
            let in_title = words.iter().all(|w| title_folded.contains(w.as_str()));
            let found = |w: &String| {
                title_folded.contains(w.as_str())
                    || cards.iter().any(|(_, f)| f.contains(w.as_str()))
            };
            if !words.iter().all(found) {
                continue;
            }
            let snippets = cards
                .iter()
                .filter(|(_, f)| words.iter().any(|w| f.contains(w.as_str())))
                .map(|(t, _)| t.clone())
                .take(SNIPPETS)
                .collect();
            hits.push(SearchHit {
                id,
                title,
                in_title,
                snippets,
            });
        }
        hits.sort_by_key(|h| !h.in_title);
        Ok(hits)
    }

    /// The map's revision: it grows with every edit, undo and redo.
    pub fn revision(&self, id: &str) -> Result<i64> {
        self.conn
            .query_row("SELECT revision FROM maps WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::MapNotFound(id.to_string()))
    }

    /// The cached thumbnail, when it was drawn from this revision.
    pub fn thumbnail(&self, id: &str, revision: i64) -> Result<Option<Vec<u8>>> {
        Ok(self
            .conn
            .query_row(
                "SELECT png FROM thumbnails WHERE map_id = ?1 AND revision = ?2",
                params![id, revision],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn store_thumbnail(&self, id: &str, revision: i64, png: &[u8]) -> Result<()> {
        self.conn.execute(
            "INSERT INTO thumbnails (map_id, revision, png) VALUES (?1, ?2, ?3)
             ON CONFLICT(map_id) DO UPDATE SET revision = excluded.revision, png = excluded.png",
            params![id, revision, png],
        )?;
        Ok(())
    }
}
