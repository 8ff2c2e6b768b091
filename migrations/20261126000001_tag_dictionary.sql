-- Tags as integer pairs against a dictionary of tags, instead of one text key per tag row.
-- Append-only: never edit a migration that has landed; add a new one.
--
-- A million-track catalogue has two million tag rows but a few dozen distinct tags. Keyed by
-- (kind, tag, track) text, the rows and their index took 100 MB and the longest sort of an
-- import; as (track, tag) integers they are written in track order as the tracks arrive, and
-- only the index by tag is built afterwards.

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('genre', 'subgenre')),
    tag  TEXT NOT NULL,
    UNIQUE (kind, tag)
);

INSERT INTO tags (kind, tag) SELECT DISTINCT kind, tag FROM track_tags ORDER BY kind, tag;

DROP INDEX track_tags_track;
ALTER TABLE track_tags RENAME TO track_tags_text;

-- One row per tag of a track. The primary key serves a track's tags (the library's tag
-- filters check them row by row; replacing a track deletes them); the index serves a tag's
-- tracks (counts, facets).
CREATE TABLE track_tags (
    track INTEGER NOT NULL REFERENCES tracks (rowid) ON DELETE CASCADE,
    tag   INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (track, tag)
) WITHOUT ROWID;

INSERT INTO track_tags (track, tag)
SELECT o.track, g.id FROM track_tags_text o JOIN tags g ON g.kind = o.kind AND g.tag = o.tag
ORDER BY o.track, g.id;

DROP TABLE track_tags_text;

CREATE INDEX track_tags_tag ON track_tags (tag);
