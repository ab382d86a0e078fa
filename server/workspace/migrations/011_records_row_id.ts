/**
 * Records get a stable row id (`row_id INTEGER PRIMARY KEY`, SQLite's rowid under a name, which VACUUM
 * keeps; a table without one may be renumbered), so an index's key table can point at the record's row
 * itself: a page reads one key range and then each row by its id, not the (collection, seq) index first.
 * The table is copied once with the rowids it had. Dropping the old one drops every trigger on it, the
 * key tables' too: their indexes are marked for dropping (the builder empties their tables), and the
 * publish reconcile at the next start makes them again, with row ids, filled in the background.
 */
export const sql = `
ALTER TABLE records RENAME TO records_before_row_id;
CREATE TABLE records (
  row_id INTEGER PRIMARY KEY, -- never renumbered: the key tables hold it
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data TEXT NOT NULL,
  UNIQUE (collection, id)
) STRICT;
INSERT INTO records (row_id, collection, id, seq, data) SELECT rowid, collection, id, seq, data FROM records_before_row_id;
DROP TABLE records_before_row_id;
CREATE INDEX records_by_seq ON records(collection, seq);

CREATE TRIGGER record_counts_insert AFTER INSERT ON records BEGIN
  INSERT INTO record_counts (collection, records) VALUES (NEW.collection, 1)
    ON CONFLICT (collection) DO UPDATE SET records = records + 1;
END;
CREATE TRIGGER record_counts_delete AFTER DELETE ON records BEGIN
  UPDATE record_counts SET records = records - 1 WHERE collection = OLD.collection;
  DELETE FROM record_counts WHERE collection = OLD.collection AND records <= 0;
END;

UPDATE record_indexes SET state = 'dropping' WHERE state <> 'dropping';
`;
