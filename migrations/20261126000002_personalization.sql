-- What the editor sets per seed playlist for personalization: the rules, the strength, pool
-- expansion (JSON written by segue-api), and the pool of extra candidate tracks.
-- Append-only: never edit a migration that has landed; add a new one.

CREATE TABLE playlist_settings (
    playlist INTEGER PRIMARY KEY REFERENCES playlists (id) ON DELETE CASCADE,
    settings TEXT NOT NULL
);

CREATE TABLE playlist_pool (
    playlist INTEGER NOT NULL REFERENCES playlists (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    track    TEXT NOT NULL REFERENCES tracks (id),
    PRIMARY KEY (playlist, track)
) WITHOUT ROWID;
