/**
 * Kept traces of live requests, shared so a replica's admin API finds a trace another replica kept
 * (the editor's tester calls through the balancer, then asks its own replica). Each row is already
 * redacted and bounded as the replica's in-memory copy; `replica` and `seq` let each replica trim its
 * own newest-N, `kept_at` (the database's clock, one for all replicas) lets any replica drop old ones.
 */
export const sql = `
-- UNLOGGED: traces are a debugging aid, so skipping the WAL is worth losing them on a crash.
CREATE UNLOGGED TABLE live_traces (
  request_id text PRIMARY KEY,
  seq bigserial NOT NULL,
  replica text NOT NULL,
  kept_at timestamptz NOT NULL DEFAULT now(),
  time text NOT NULL,
  environment text NOT NULL,
  api_id text NOT NULL,
  version integer NOT NULL,
  steps text NOT NULL
);
CREATE INDEX live_traces_by_replica ON live_traces (replica, seq);
CREATE INDEX live_traces_by_age ON live_traces (kept_at);
`;
