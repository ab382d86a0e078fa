/**
 * The record store, its counts and indexes, and Draft sandboxes. A record is kept as written (json: it
 * reads back with its fields in the user's order, as on SQLite) and as jsonb (`fields`, generated) so queries
 * filter and sort on their fields and the indexes published record.query nodes need are expression
 * indexes on those paths (record_idx_<id>, made CONCURRENTLY at run time, so writes go on while one
 * builds). seq comes from one sequence: two replicas inserting at once never take the same one.
 * Counts per collection are kept by triggers, as on SQLite, so listing collections counts nothing.
 */
export const sql = `
CREATE SEQUENCE records_seq;

CREATE TABLE records (
  collection text NOT NULL,
  id text NOT NULL,
  seq bigint NOT NULL DEFAULT nextval('records_seq'),
  data json NOT NULL, -- as written: jsonb would hand the fields back sorted by length
  fields jsonb GENERATED ALWAYS AS (data::jsonb) STORED, -- what queries filter and sort on, and indexes index
  PRIMARY KEY (collection, id)
);
ALTER SEQUENCE records_seq OWNED BY records.seq;
CREATE UNIQUE INDEX records_by_seq ON records (collection, seq);

CREATE TABLE record_indexes (
  id bigserial PRIMARY KEY, -- never reused: names its index record_idx_<id>
  collection text NOT NULL,
  fields text NOT NULL, -- JSON array of the key's fields, in key order
  state text NOT NULL CHECK (state IN ('building', 'ready', 'dropping')),
  built_through bigint NOT NULL DEFAULT 0,
  build_target bigint NOT NULL DEFAULT 0,
  created_at text NOT NULL,
  ready_at text
);
-- The claim: of two replicas wanting the same index, one inserts its row and builds it.
CREATE UNIQUE INDEX record_indexes_live ON record_indexes (collection, fields) WHERE state <> 'dropping';

CREATE TABLE record_counts (
  collection text PRIMARY KEY,
  records bigint NOT NULL
);

-- Per statement, from its transition table: a bulk import updates each collection's count once.
CREATE FUNCTION record_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO record_counts (collection, records)
    SELECT collection, COUNT(*) FROM inserted GROUP BY collection ORDER BY collection
    ON CONFLICT (collection) DO UPDATE SET records = record_counts.records + excluded.records;
  RETURN NULL;
END $$;
CREATE FUNCTION record_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE record_counts AS c SET records = c.records - d.n
    FROM (SELECT collection, COUNT(*) AS n FROM deleted GROUP BY collection) AS d WHERE c.collection = d.collection;
  DELETE FROM record_counts WHERE records <= 0 AND collection IN (SELECT collection FROM deleted);
  RETURN NULL;
END $$;
CREATE TRIGGER record_counts_insert AFTER INSERT ON records REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION record_counts_insert();
CREATE TRIGGER record_counts_delete AFTER DELETE ON records REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION record_counts_delete();

CREATE TABLE sandboxes (
  id text PRIMARY KEY,
  created_at bigint NOT NULL, -- epoch milliseconds
  used_at bigint NOT NULL, -- epoch milliseconds; an idle sandbox expires with its rows
  allowed_hosts text NOT NULL DEFAULT '[]'
);
CREATE INDEX sandboxes_by_use ON sandboxes (used_at);

CREATE TABLE sandbox_records (
  sandbox_id text NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
  collection text NOT NULL,
  id text NOT NULL,
  seq bigint NOT NULL, -- the live record's seq for a changed one; above every live seq for a new one
  data json, -- NULL: deleted in this sandbox
  fields jsonb GENERATED ALWAYS AS (data::jsonb) STORED,
  PRIMARY KEY (sandbox_id, collection, id)
);
CREATE INDEX sandbox_records_by_seq ON sandbox_records (sandbox_id, collection, seq);
`;
