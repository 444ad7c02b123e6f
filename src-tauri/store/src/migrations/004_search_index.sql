-- The search index: each map's title and card texts, folded (lower case,
-- without accents) by the store, in trigrams, so any three or more letters
-- of a word are found without reading every map. Its rowid is the map's;
-- `id` and `revision` say which state of the map it holds: a row whose
-- map changed since (or is gone) is written again before a search.
CREATE VIRTUAL TABLE map_text USING fts5(
    title,
    body,
    id UNINDEXED,
    revision UNINDEXED,
    tokenize = 'trigram'
);
