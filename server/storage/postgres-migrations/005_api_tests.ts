/**
 * API tests: cases per API (deleted with their API) and suites across APIs; each case's or suite's
 * request, expectations, stubs and fixtures are one JSON document (`spec`, text as on SQLite).
 * Names are unique in any case, as SQLite's NOCASE makes them; `seq` keeps the insertion order
 * SQLite's rowid gives; timestamps collate C so they sort as SQLite sorts them.
 */
export const sql = `
CREATE TABLE api_tests (
  id text PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  api_id text NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
  name text NOT NULL,
  spec text NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);
CREATE INDEX api_tests_by_api ON api_tests (api_id, created_at, seq);
CREATE UNIQUE INDEX api_tests_name ON api_tests (api_id, lower(name));

CREATE TABLE test_suites (
  id text PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  name text NOT NULL,
  spec text NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  created_at text COLLATE "C" NOT NULL,
  updated_at text COLLATE "C" NOT NULL
);
CREATE UNIQUE INDEX test_suites_name ON test_suites (lower(name));
`;
