/**
 * The request log. Every replica appends its rows in batches to this one table; reads merge them
 * by `time` (epoch milliseconds, as on SQLite), so unlike SQLite's append-order walk it is indexed
 * by time. Token ids and addresses collate C like token_ips, which reads join them to. 401s get a small partial index: the audit looks up an address's 401s around a row.
 */
export const sql = `
CREATE TABLE request_log (
  seq bigserial PRIMARY KEY,
  request_id text NOT NULL,
  time bigint NOT NULL,
  environment text,
  api_id text,
  version integer,
  method text NOT NULL,
  path text NOT NULL,
  status integer NOT NULL,
  latency_ms double precision NOT NULL,
  token_id text COLLATE "C",
  ip text COLLATE "C" NOT NULL,
  request_bytes bigint NOT NULL,
  response_bytes bigint NOT NULL,
  error_code text,
  source text NOT NULL DEFAULT 'live' CHECK (source IN ('live', 'draft'))
);
CREATE INDEX request_log_by_time ON request_log (time, seq);
CREATE INDEX request_log_401s ON request_log (ip, time) WHERE status = 401 AND source = 'live';
`;
