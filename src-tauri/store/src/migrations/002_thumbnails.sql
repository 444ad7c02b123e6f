-- Version 2: small pictures of each map for the library home, kept with the
-- revision they were drawn from so a changed map is drawn again.
CREATE TABLE thumbnails (
    map_id    TEXT PRIMARY KEY NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    revision  INTEGER NOT NULL,
    png       BLOB NOT NULL
);
