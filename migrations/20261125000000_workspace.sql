-- The first schema of a Segue workspace: catalogue, seed playlists, editing history.
-- Append-only: never edit a migration that has landed; add a new one.

CREATE TABLE workspace (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    id          TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    app_version TEXT NOT NULL
);

-- One row per catalogue track. Feature columns are NULL where the catalogue has no value.
CREATE TABLE tracks (
    rowid            INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    artist           TEXT NOT NULL,
    album            TEXT NOT NULL,
    album_id         TEXT,
    release_date     TEXT,
    release_year     INTEGER,
    duration_ms      INTEGER NOT NULL CHECK (duration_ms > 0),
    popularity       INTEGER CHECK (popularity BETWEEN 0 AND 100),
    explicit         INTEGER CHECK (explicit IN (0, 1)),
    genre            TEXT NOT NULL DEFAULT '',   -- the first genre tag, for sorting
    genres           TEXT NOT NULL DEFAULT '[]', -- every genre tag, a JSON array of strings
    subgenres        TEXT NOT NULL DEFAULT '[]', -- every subgenre tag, a JSON array of strings
    danceability     REAL,
    energy           REAL,
    key              REAL,
    loudness         REAL,
    mode             REAL,
    speechiness      REAL,
    acousticness     REAL,
    instrumentalness REAL,
    liveness         REAL,
    valence          REAL,
    tempo            REAL
);

CREATE INDEX tracks_title ON tracks (title COLLATE NOCASE);
CREATE INDEX tracks_artist ON tracks (artist COLLATE NOCASE);
CREATE INDEX tracks_popularity ON tracks (popularity);
CREATE INDEX tracks_year ON tracks (release_year);

-- Genre and subgenre tags, one row per tag, for the library's filters.
CREATE TABLE track_tags (
    track    INTEGER NOT NULL REFERENCES tracks (rowid) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('genre', 'subgenre')),
    tag      TEXT NOT NULL,
    PRIMARY KEY (kind, tag, track)
) WITHOUT ROWID;

CREATE INDEX track_tags_track ON track_tags (track);

-- Full-text search over title, artist, album and tags. The catalogue's one write path
-- (segue_store::catalog::upsert_tracks) keeps it in step in bulk, one statement per batch: a
-- per-row trigger made a million-track import several times slower. Deletes use a trigger.
-- Prefix indexes for 1 to 3 characters keep search as you type fast from the first letter.
CREATE VIRTUAL TABLE tracks_fts USING fts5 (
    title, artist, album, tags,
    content = 'tracks', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

CREATE TRIGGER tracks_fts_delete AFTER DELETE ON tracks BEGIN
    INSERT INTO tracks_fts (tracks_fts, rowid, title, artist, album, tags)
    VALUES ('delete', old.rowid, old.title, old.artist, old.album, old.genres || ' ' || old.subgenres);
END;

-- Seed playlists. `source` says where one came from (e.g. a catalogue's playlist id).
CREATE TABLE playlists (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    source      TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE UNIQUE INDEX playlists_source ON playlists (source) WHERE source IS NOT NULL;

CREATE TABLE playlist_entries (
    playlist INTEGER NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    track    TEXT NOT NULL REFERENCES tracks (id),
    pinned   INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    note     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (playlist, position)
) WITHOUT ROWID;

CREATE INDEX playlist_entries_track ON playlist_entries (track);

-- The editing history: each edit keeps the playlist as it was and as it became (JSON), so undo
-- and redo are exact and survive a restart. `undone` marks edits that have been undone; a new
-- edit discards them.
CREATE TABLE edits (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    playlist INTEGER NOT NULL,
    label    TEXT NOT NULL,
    before   TEXT,
    after    TEXT,
    undone   INTEGER NOT NULL DEFAULT 0,
    at       TEXT NOT NULL
);
