-- Listeners, their behaviour, the vectors built from it and the segment models fitted on those.
-- Append-only: never edit a migration that has landed; add a new one.

-- One row per listener named by a signal file (or drawn by the simulator).
CREATE TABLE listeners (
    id          INTEGER PRIMARY KEY,
    external_id TEXT NOT NULL UNIQUE,
    simulated   INTEGER NOT NULL DEFAULT 0 CHECK (simulated IN (0, 1)),
    truth       INTEGER  -- a simulated listener's planted taste (index into the simulation's tastes)
);

-- Behaviour folded per (listener, track), one row per listener: `pairs` packs the listener's
-- pairs sorted by track rowid, 28 bytes each, little-endian: track rowid (u32), plays, skips,
-- saves, adds (f32), newest event time in Unix seconds (i64; i64::MIN when unknown). One row per
-- listener rather than per pair: the engine reads every pair at once, and reading millions of
-- rows through the driver one at a time took seconds per million. Re-imports merge and add up.
CREATE TABLE listener_signals (
    listener INTEGER PRIMARY KEY REFERENCES listeners (id) ON DELETE CASCADE,
    pairs    BLOB NOT NULL,
    n_pairs  INTEGER NOT NULL CHECK (n_pairs >= 0),
    events   REAL NOT NULL CHECK (events >= 0)
);

-- Artist-level plays, by normalized artist name (segue_core::signals::normalize_artist).
CREATE TABLE artist_plays (
    listener INTEGER NOT NULL REFERENCES listeners (id) ON DELETE CASCADE,
    artist   TEXT NOT NULL,
    plays    REAL NOT NULL CHECK (plays >= 0),
    PRIMARY KEY (listener, artist)
) WITHOUT ROWID;

-- Every signal import, with its report (JSON): rows read, accepted, skipped with examples.
CREATE TABLE signal_imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    file        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    report      TEXT NOT NULL
);

-- A build of track and taste vectors with the parameters that made it (JSON).
CREATE TABLE vector_builds (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  TEXT NOT NULL,
    params      TEXT NOT NULL,
    stats       TEXT NOT NULL,
    dims        INTEGER NOT NULL
);

-- Vectors are little-endian f32 blobs of `vector_builds.dims` values.
CREATE TABLE track_vectors (
    build  INTEGER NOT NULL REFERENCES vector_builds (id) ON DELETE CASCADE,
    track  INTEGER NOT NULL REFERENCES tracks (rowid) ON DELETE CASCADE,
    vector BLOB NOT NULL,
    PRIMARY KEY (build, track)
) WITHOUT ROWID;

CREATE TABLE taste_vectors (
    build    INTEGER NOT NULL REFERENCES vector_builds (id) ON DELETE CASCADE,
    listener INTEGER NOT NULL REFERENCES listeners (id) ON DELETE CASCADE,
    vector   BLOB NOT NULL,
    evidence INTEGER NOT NULL,            -- distinct tracks the listener engaged with positively
    eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),  -- enough evidence to take part in fits
    PRIMARY KEY (build, listener)
) WITHOUT ROWID;

-- A fitted segment model: parameters, seed and metrics (JSON), the model itself (centroids, and
-- for a Gaussian mixture its weights and covariances; JSON) and the 2-D map (JSON). At most one
-- model is active: the one personalization uses.
CREATE TABLE segment_models (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    build       INTEGER NOT NULL REFERENCES vector_builds (id),
    created_at  TEXT NOT NULL,
    algorithm   TEXT NOT NULL,
    k           INTEGER NOT NULL,
    seed        INTEGER NOT NULL,
    params      TEXT NOT NULL,
    metrics     TEXT NOT NULL,
    model       TEXT NOT NULL,
    map         TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
);

CREATE UNIQUE INDEX segment_models_one_active ON segment_models (active) WHERE active = 1;

-- One row per segment of a model; `name` starts as `auto_name` and the editor may rename it.
CREATE TABLE segments (
    model     INTEGER NOT NULL REFERENCES segment_models (id) ON DELETE CASCADE,
    idx       INTEGER NOT NULL,
    name      TEXT NOT NULL,
    auto_name TEXT NOT NULL,
    size      INTEGER NOT NULL,
    profile   TEXT NOT NULL,
    PRIMARY KEY (model, idx)
);

-- Each listener's segment in a model; `fitted` is 0 for listeners assigned after the fit
-- because they had too little evidence to take part in it.
CREATE TABLE segment_assignments (
    model    INTEGER NOT NULL REFERENCES segment_models (id) ON DELETE CASCADE,
    listener INTEGER NOT NULL REFERENCES listeners (id) ON DELETE CASCADE,
    segment  INTEGER NOT NULL,
    fitted   INTEGER NOT NULL CHECK (fitted IN (0, 1)),
    PRIMARY KEY (model, listener)
) WITHOUT ROWID;
