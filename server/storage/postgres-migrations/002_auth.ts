/**
 * Signing keys, tokens, key groups, their members and the per-token IP audit (SQLite's 002_tokens
 * with 006's revisions). Ids, names and timestamps collate "C", as SQLite compares text byte by
 * byte, so both engines list in the same order; key group names are unique whatever their case
 * (SQLite's NOCASE).
 */
export const sql = `
CREATE TABLE signing_keys (
  kid text COLLATE "C" PRIMARY KEY,
  public_jwk text NOT NULL,
  -- PKCS8 PEM, or base64(iv | tag | ciphertext) when encrypted; NULL once the key stops signing.
  private_key text,
  encrypted smallint NOT NULL DEFAULT 0 CHECK (encrypted IN (0, 1)),
  status text NOT NULL CHECK (status IN ('current', 'verifying', 'retired')),
  created_at text COLLATE "C" NOT NULL,
  retired_at text
);
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys(status) WHERE status = 'current';

CREATE TABLE tokens (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  environment text NOT NULL REFERENCES environments(name),
  scopes text NOT NULL DEFAULT '[]',
  vars text NOT NULL DEFAULT '{}',
  ip_allowlist text NOT NULL DEFAULT '[]',
  expires_at text,
  -- The exp claim signed into the token: a later expires_at could never take effect.
  signed_expires_at text,
  rate_limit text,
  fingerprint text NOT NULL,
  kid text NOT NULL REFERENCES signing_keys(kid),
  revoked_at text,
  grace_until text,
  replaced_by text REFERENCES tokens(id) ON DELETE SET NULL,
  last_used_at text COLLATE "C",
  last_used_ip text,
  use_count bigint NOT NULL DEFAULT 0,
  created_at text COLLATE "C" NOT NULL,
  updated_at text NOT NULL,
  revision integer NOT NULL DEFAULT 1
);
CREATE INDEX tokens_by_environment ON tokens(environment);

CREATE TABLE key_groups (
  id text COLLATE "C" PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at text NOT NULL,
  updated_at text NOT NULL,
  revision integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX key_groups_name_any_case ON key_groups(lower(name));

CREATE TABLE key_group_members (
  group_id text COLLATE "C" NOT NULL REFERENCES key_groups(id) ON DELETE CASCADE,
  token_id text COLLATE "C" NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
  added_at text NOT NULL,
  PRIMARY KEY (group_id, token_id)
);
CREATE INDEX key_group_members_by_token ON key_group_members(token_id);

CREATE TABLE token_ips (
  token_id text COLLATE "C" NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
  ip text COLLATE "C" NOT NULL,
  first_seen text COLLATE "C" NOT NULL,
  PRIMARY KEY (token_id, ip)
);
`;
