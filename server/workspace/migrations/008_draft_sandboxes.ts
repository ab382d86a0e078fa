/**
 * Draft runs write to a sandbox: a copy-on-write overlay of the records, kept per Draft session
 * (the editor's sandbox id), so a Draft never changes what published APIs serve. A sandbox row
 * holds the record as the Draft has it, or NULL where the Draft deleted it; the live record of the
 * same id is hidden from that Draft either way. The request log says which rows a Draft answered.
 */
export const sql = `
CREATE TABLE sandboxes (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL, -- epoch milliseconds
  used_at INTEGER NOT NULL, -- epoch milliseconds; an idle sandbox expires with its rows
  allowed_hosts TEXT NOT NULL DEFAULT '[]' -- hosts its Draft runs may call (http.request), asked once per session
) STRICT;
CREATE INDEX sandboxes_by_use ON sandboxes(used_at);

CREATE TABLE sandbox_records (
  sandbox_id TEXT NOT NULL REFERENCES sandboxes(id) ON DELETE CASCADE,
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL, -- the live record's seq for a changed one; above every live seq for a new one
  data TEXT, -- NULL: deleted in this sandbox
  PRIMARY KEY (sandbox_id, collection, id)
) STRICT;
CREATE INDEX sandbox_records_by_seq ON sandbox_records(sandbox_id, collection, seq);

ALTER TABLE request_log ADD COLUMN source TEXT NOT NULL DEFAULT 'live' CHECK (source IN ('live', 'draft'));
`;
