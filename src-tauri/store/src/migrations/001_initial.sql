-- Version 1 of the library schema.
-- A map is stored whole as JSON in `doc` (the `.travesia` map object without
-- its timestamps, which live in their own columns); every edit rewrites it in
-- the same transaction that records the edit and its inverse in `history`.
CREATE TABLE maps (
    id          TEXT PRIMARY KEY NOT NULL,
    title       TEXT NOT NULL,
    doc         TEXT NOT NULL,
    file_extra  TEXT NOT NULL DEFAULT '{}',
    card_count  INTEGER NOT NULL DEFAULT 0,
    revision    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
);

-- The undo log: `forward` is the edit as made, `inverse` undoes it. Rows with
-- undone = 1 form the redo stack; a new edit drops them.
CREATE TABLE history (
    map_id      TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    forward     TEXT NOT NULL,
    inverse     TEXT NOT NULL,
    undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (map_id, seq)
) WITHOUT ROWID;

-- Named versions of a map, whole.
CREATE TABLE snapshots (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    map_id      TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    doc         TEXT NOT NULL,
    card_count  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX snapshots_by_map ON snapshots(map_id, created_at);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
