-- A larger in-memory buffer for the full-text index.
-- Append-only: never edit a migration that has landed; add a new one.
--
-- FTS5 collects new index entries in memory and writes them out as a new segment whenever the
-- buffer outgrows 'hashsize' (1 MB by default), then merges segments in the background of later
-- writes. Indexing a million tracks (every token also under its 1-, 2- and 3-character prefix)
-- wrote hundreds of small segments and merged them over and over: 6.6 s. With 128 MB it writes
-- a few large segments: about 3 s, and searches read fewer segments. The buffer lives only
-- while a write transaction indexes that much text.
INSERT INTO tracks_fts (tracks_fts, rank) VALUES ('hashsize', 134217728);
