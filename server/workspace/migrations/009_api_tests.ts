/**
 * API tests: cases per API (deleted with their API) and suites across APIs. A case's or suite's
 * request, expectations, stubs and fixtures are one JSON document (`spec`), as the admin API takes it.
 */
export const sql = `
CREATE TABLE api_tests (
  id TEXT PRIMARY KEY,
  api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  spec TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX api_tests_by_api ON api_tests(api_id, created_at);
CREATE UNIQUE INDEX api_tests_name ON api_tests(api_id, name COLLATE NOCASE);

CREATE TABLE test_suites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  spec TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX test_suites_name ON test_suites(name COLLATE NOCASE);
`;
