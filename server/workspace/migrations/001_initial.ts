/** The first schema: APIs and their versions, environments, deployments, records, request log. */
export const sql = `
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE apis (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  definition TEXT NOT NULL,
  draft_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE api_versions (
  api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  definition TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (api_id, version)
) STRICT;

CREATE TABLE environments (
  name TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  vars TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE deployments (
  environment TEXT NOT NULL REFERENCES environments(name) ON DELETE CASCADE,
  api_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  published_at TEXT NOT NULL,
  PRIMARY KEY (environment, api_id),
  FOREIGN KEY (api_id, version) REFERENCES api_versions(api_id, version) ON DELETE CASCADE
) STRICT;

CREATE TABLE records (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (collection, id)
) STRICT;
CREATE INDEX records_by_seq ON records(collection, seq);

CREATE TABLE request_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  request_id TEXT NOT NULL,
  time INTEGER NOT NULL, -- epoch milliseconds
  environment TEXT,
  api_id TEXT,
  version INTEGER,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  status INTEGER NOT NULL,
  latency_ms REAL NOT NULL,
  token_id TEXT,
  ip TEXT NOT NULL,
  request_bytes INTEGER NOT NULL,
  response_bytes INTEGER NOT NULL,
  error_code TEXT
) STRICT;
-- No secondary indexes: every request appends a row, and each index would cost a page write per
-- batch on the hot path. Queries walk back from the newest row over a bounded table.
`;
