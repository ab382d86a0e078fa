/**
 * Signing keys, tokens, key groups and the per-token IP audit. A token's string is never
 * stored, nor anything it could be rebuilt from: only its id, its claims' settings and a
 * short fingerprint.
 */
export const sql = `
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  public_jwk TEXT NOT NULL,
  -- PKCS8 PEM, or base64(iv | tag | ciphertext) when encrypted; NULL once the key stops signing.
  private_key TEXT,
  encrypted INTEGER NOT NULL DEFAULT 0 CHECK (encrypted IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('current', 'verifying', 'retired')),
  created_at TEXT NOT NULL,
  retired_at TEXT
) STRICT;
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys(status) WHERE status = 'current';

CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  environment TEXT NOT NULL REFERENCES environments(name),
  scopes TEXT NOT NULL DEFAULT '[]',
  vars TEXT NOT NULL DEFAULT '{}',
  ip_allowlist TEXT NOT NULL DEFAULT '[]',
  expires_at TEXT,
  -- The exp claim signed into the token: a later expires_at could never take effect.
  signed_expires_at TEXT,
  rate_limit TEXT,
  fingerprint TEXT NOT NULL,
  kid TEXT NOT NULL REFERENCES signing_keys(kid),
  revoked_at TEXT,
  grace_until TEXT,
  replaced_by TEXT REFERENCES tokens(id) ON DELETE SET NULL,
  last_used_at TEXT,
  last_used_ip TEXT,
  use_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX tokens_by_environment ON tokens(environment);

CREATE TABLE key_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE key_group_members (
  group_id TEXT NOT NULL REFERENCES key_groups(id) ON DELETE CASCADE,
  token_id TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
  added_at TEXT NOT NULL,
  PRIMARY KEY (group_id, token_id)
) STRICT;
CREATE INDEX key_group_members_by_token ON key_group_members(token_id);

CREATE TABLE token_ips (
  token_id TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
  ip TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  PRIMARY KEY (token_id, ip)
) STRICT;
`;
