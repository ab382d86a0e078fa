/**
 * APIs, their versions and deployments, environments, examples and settings. Definitions stay
 * text (not jsonb) so a stored flow reads back byte for byte as it was written, as on SQLite;
 * `seq` keeps the creation order SQLite's rowid gives.
 */
export const sql = `
CREATE TABLE settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE apis (
  id text PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  name text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  definition text NOT NULL,
  draft_hash text NOT NULL,
  created_at text NOT NULL,
  updated_at text NOT NULL,
  revision integer NOT NULL DEFAULT 1
);

CREATE TABLE api_versions (
  api_id text NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
  version integer NOT NULL,
  definition text NOT NULL,
  hash text NOT NULL,
  created_at text NOT NULL,
  PRIMARY KEY (api_id, version)
);

CREATE TABLE environments (
  name text PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  vars text NOT NULL DEFAULT '{}',
  secrets text NOT NULL DEFAULT '{}',
  outbound text NOT NULL DEFAULT '{"allowPrivate":false,"allowHosts":[]}',
  created_at text NOT NULL,
  updated_at text NOT NULL,
  revision integer NOT NULL DEFAULT 1
);

CREATE TABLE deployments (
  environment text NOT NULL REFERENCES environments(name) ON DELETE CASCADE,
  api_id text NOT NULL,
  version integer NOT NULL,
  published_at text NOT NULL,
  PRIMARY KEY (environment, api_id),
  FOREIGN KEY (api_id, version) REFERENCES api_versions(api_id, version) ON DELETE CASCADE
);
-- One API's deployments (its record, a reload after a publish) and the cascade from its versions.
CREATE INDEX deployments_by_api ON deployments(api_id, version);

CREATE TABLE api_examples (
  id text PRIMARY KEY,
  api_id text NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
  name text NOT NULL,
  request text NOT NULL,
  response text NOT NULL,
  created_at text NOT NULL
);
CREATE INDEX api_examples_by_api ON api_examples(api_id, created_at);
`;
