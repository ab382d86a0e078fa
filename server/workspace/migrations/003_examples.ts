/** Tester calls the builder marked as examples of an API; the OpenAPI document shows them. */
export const sql = `
CREATE TABLE api_examples (
  id TEXT PRIMARY KEY,
  api_id TEXT NOT NULL REFERENCES apis(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  request TEXT NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX api_examples_by_api ON api_examples(api_id, created_at);
`;
