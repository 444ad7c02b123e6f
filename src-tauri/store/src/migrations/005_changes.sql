-- Version 5: an edit no longer writes its map's whole document. The edits
-- applied to a map since `maps.doc` was last written are kept here, in the
-- order they were applied, and applied over it when the map is read; the
-- document is written again, and these rows dropped, once they add up (see
-- `Library::store`). On a map of 1,500 cards an edit then writes a few
-- kilobytes where it wrote a megabyte.
CREATE TABLE changes (
    map_id  TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    n       INTEGER NOT NULL,
    edit    TEXT NOT NULL,
    PRIMARY KEY (map_id, n)
) WITHOUT ROWID;
