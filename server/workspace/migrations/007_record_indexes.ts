/**
 * The record store's indexes and counts. Each index made for a published record.query keeps its keys
 * in a table of its own (record_keys_<id>, made at run time with its triggers): SQLite builds a
 * CREATE INDEX in one write transaction, which would stop every other write for seconds on a big
 * collection, while a key table is filled a few milliseconds at a time. Counts per collection are
 * kept by triggers, so the store browser lists collections without counting a million rows.
 */
export const sql = `
CREATE TABLE record_indexes (
  id INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: names its table record_keys_<id>
  collection TEXT NOT NULL,
  fields TEXT NOT NULL, -- JSON array of the key's fields, in key order
  state TEXT NOT NULL CHECK (state IN ('building', 'ready', 'dropping')),
  built_through INTEGER NOT NULL DEFAULT 0, -- the seq the fill has reached
  build_target INTEGER NOT NULL DEFAULT 0, -- the collection's highest seq when the fill began
  created_at TEXT NOT NULL,
  ready_at TEXT
) STRICT;
CREATE UNIQUE INDEX record_indexes_live ON record_indexes(collection, fields) WHERE state <> 'dropping';

CREATE TABLE record_counts (
  collection TEXT PRIMARY KEY,
  records INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO record_counts (collection, records) SELECT collection, COUNT(*) FROM records GROUP BY collection;

CREATE TRIGGER record_counts_insert AFTER INSERT ON records BEGIN
  INSERT INTO record_counts (collection, records) VALUES (NEW.collection, 1)
    ON CONFLICT (collection) DO UPDATE SET records = records + 1;
END;
CREATE TRIGGER record_counts_delete AFTER DELETE ON records BEGIN
  UPDATE record_counts SET records = records - 1 WHERE collection = OLD.collection;
  DELETE FROM record_counts WHERE collection = OLD.collection AND records <= 0;
END;
`;
