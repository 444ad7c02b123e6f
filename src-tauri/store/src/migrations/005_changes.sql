-- Version 5: an edit no longer writes its map's whole document.
--
-- The edits applied to a map since its document was last written are kept
-- in `changes`, in the order they were applied, and applied over it when
-- the map is read; the document is written again, and these rows dropped,
-- once they add up (see `Library::store`). On a map of 1,500 cards an edit
-- then writes a few kilobytes where it wrote a megabyte.
CREATE TABLE changes (
    map_id  TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    n       INTEGER NOT NULL,
    edit    TEXT NOT NULL,
    PRIMARY KEY (map_id, n)
) WITHOUT ROWID;

-- The documents move to a table of their own. In `maps` a document came
-- before the columns every edit changes (its revision, title, time), so
-- SQLite read through all of its pages to change them.
CREATE TABLE docs (
    map_id  TEXT PRIMARY KEY NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    doc     TEXT NOT NULL
);
INSERT INTO docs (map_id, doc) SELECT id, doc FROM maps;
ALTER TABLE maps DROP COLUMN doc;
