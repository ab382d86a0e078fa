/**
 * Change notices sent by the database itself: triggers on the shared workspace tables NOTIFY
 * `flowgate_changes` from inside the writing transaction, so PostgreSQL delivers them at commit,
 * atomically with it (a replica that crashes after its commit cannot keep the others from hearing,
 * a rolled-back transaction sends nothing). Each notice is `{"origin": <the writer's
 * flowgate.replica setting, null when written by hand>, "change": <a Change>}`; the replica that
 * wrote skips its own, as it applied the change itself. Tables map to kinds as the app announces:
 * apis (deleted), api_versions, deployments, api_examples → api {apiId}; environments → environment
 * {name}; tokens (not their usage columns), key_groups, key_group_members → access; signing_keys (not
 * the sealing of a private key) → signing-keys. Usage, token_ips, request_log, records, rate limits,
 * traces, tests and settings send nothing. A transaction sends at most 16 notices: the 17th becomes
 * one `workspace` notice and the rest are left out. PostgreSQL delivers a payload repeated within a
 * transaction once, so a 1,000-API import (a version and a deployment each) delivers 9: 8 APIs, then workspace.
 */
export const sql = `
-- One change to every replica at commit; false once this transaction said "reload everything" (more would add nothing).
CREATE FUNCTION flowgate_notice(change jsonb) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  most constant integer := 16; -- notices one transaction sends before the one that says "everything"
  largest constant integer := 7900; -- bytes of a payload: NOTIFY refuses 8,000
  origin text := nullif(current_setting('flowgate.replica', true), ''); -- null: written by hand, every replica applies it
  sent integer := coalesce(nullif(current_setting('flowgate.notices_sent', true), ''), '0')::integer;
  once text;
  payload text;
BEGIN
  IF current_setting('flowgate.notices_closed', true) = 'on' THEN
    RETURN false;
  END IF;
  IF NOT change ?| array['apiId', 'name'] THEN
    -- access or signing-keys: said once per transaction, however many rows and statements
    once := 'flowgate.noticed_' || replace(change ->> 'kind', '-', '_');
    IF current_setting(once, true) = 'on' THEN
      RETURN true;
    END IF;
    PERFORM set_config(once, 'on', true);
  END IF;
  payload := json_build_object('origin', origin, 'change', change)::text;
  -- "Everything" also stands for a name too long to send.
  IF sent >= most OR octet_length(payload) > largest THEN
    payload := json_build_object('origin', origin, 'change', json_build_object('kind', 'workspace'))::text;
    PERFORM set_config('flowgate.notices_closed', 'on', true);
  END IF;
  PERFORM pg_notify('flowgate_changes', payload);
  PERFORM set_config('flowgate.notices_sent', (sent + 1)::text, true);
  RETURN current_setting('flowgate.notices_closed', true) IS DISTINCT FROM 'on';
END $$;

-- Per statement, one notice per API or environment its rows name. TG_ARGV: the kind, the column, the change's field.
CREATE FUNCTION flowgate_notice_keys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key text;
BEGIN
  -- Past "reload everything" (the rest of a big import): not even the query.
  IF current_setting('flowgate.notices_closed', true) = 'on' THEN
    RETURN NULL;
  END IF;
  FOR key IN EXECUTE format(
    CASE TG_OP
      WHEN 'INSERT' THEN 'SELECT DISTINCT %1$I FROM new_rows ORDER BY 1'
      WHEN 'DELETE' THEN 'SELECT DISTINCT %1$I FROM old_rows ORDER BY 1'
      ELSE 'SELECT %1$I FROM new_rows UNION SELECT %1$I FROM old_rows ORDER BY 1'
    END, TG_ARGV[1])
  LOOP
    EXIT WHEN NOT flowgate_notice(jsonb_build_object('kind', TG_ARGV[0], TG_ARGV[2], key));
  END LOOP;
  RETURN NULL;
END $$;

-- Per statement, one notice of kind TG_ARGV[0] when it changed a row (a statement trigger also fires for none).
CREATE FUNCTION flowgate_notice_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF EXISTS (SELECT 1 FROM old_rows) THEN
      PERFORM flowgate_notice(jsonb_build_object('kind', TG_ARGV[0]));
    END IF;
  ELSIF EXISTS (SELECT 1 FROM new_rows) THEN
    PERFORM flowgate_notice(jsonb_build_object('kind', TG_ARGV[0]));
  END IF;
  RETURN NULL;
END $$;

-- Per row, for UPDATE OF some columns (PostgreSQL gives no transition table to a trigger with a column list).
CREATE FUNCTION flowgate_notice_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM flowgate_notice(jsonb_build_object('kind', TG_ARGV[0]));
  RETURN NULL;
END $$;

-- api: a published, rolled back, unpublished or deleted API, and its examples. A draft saved (UPDATE apis) serves nothing new.
CREATE TRIGGER apis_notice_delete AFTER DELETE ON apis REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('api', 'id', 'apiId');
CREATE TRIGGER api_versions_notice_insert AFTER INSERT ON api_versions REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('api', 'api_id', 'apiId');
CREATE TRIGGER api_versions_notice_update AFTER UPDATE ON api_versions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('api', 'api_id', 'apiId');
CREATE TRIGGER api_versions_notice_delete AFTER DELETE ON api_versions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('api', 'api_id', 'apiId');
CREATE TRIGGER deployments_notice_insert AFTER INSERT ON deployments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('api', 'api_id', 'apiId');
CREATE TRIGGER deployments_notice_update AFTER UPDATE ON deployments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('api', 'api_id', 'apiId');
CREATE TRIGGER deployments_notice_delete AFTER DELETE ON deployments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('api', 'api_id', 'apiId');
CREATE TRIGGER api_examples_notice_insert AFTER INSERT ON api_examples REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('api', 'api_id', 'apiId');
CREATE TRIGGER api_examples_notice_update AFTER UPDATE ON api_examples REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('api', 'api_id', 'apiId');
CREATE TRIGGER api_examples_notice_delete AFTER DELETE ON api_examples REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('api', 'api_id', 'apiId');

-- environment: created, changed (variables, secrets, outbound rules) or deleted.
CREATE TRIGGER environments_notice_insert AFTER INSERT ON environments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('environment', 'name', 'name');
CREATE TRIGGER environments_notice_update AFTER UPDATE ON environments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('environment', 'name', 'name');
CREATE TRIGGER environments_notice_delete AFTER DELETE ON environments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_keys('environment', 'name', 'name');

-- access: tokens issued, changed, revoked, rolled or deleted; key groups and their members. A usage flush
-- (use_count, last_used_at, last_used_ip) names none of the columns below, so it fires nothing.
CREATE TRIGGER tokens_notice_insert AFTER INSERT ON tokens REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_rows('access');
CREATE TRIGGER tokens_notice_update AFTER UPDATE OF
  id, name, environment, scopes, vars, ip_allowlist, expires_at, signed_expires_at, rate_limit, fingerprint, kid,
  revoked_at, grace_until, replaced_by, created_at, updated_at, revision
  ON tokens FOR EACH ROW EXECUTE FUNCTION flowgate_notice_row('access');
CREATE TRIGGER tokens_notice_delete AFTER DELETE ON tokens REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_rows('access');
CREATE TRIGGER key_groups_notice_insert AFTER INSERT ON key_groups REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_rows('access');
CREATE TRIGGER key_groups_notice_update AFTER UPDATE ON key_groups REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_rows('access');
CREATE TRIGGER key_groups_notice_delete AFTER DELETE ON key_groups REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_rows('access');
CREATE TRIGGER key_group_members_notice_insert AFTER INSERT ON key_group_members REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_rows('access');
CREATE TRIGGER key_group_members_notice_update AFTER UPDATE ON key_group_members REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_rows('access');
CREATE TRIGGER key_group_members_notice_delete AFTER DELETE ON key_group_members REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_rows('access');

-- signing-keys: rotated or retired. Sealing a private key at rest (private_key, encrypted) changes no key a replica holds.
CREATE TRIGGER signing_keys_notice_insert AFTER INSERT ON signing_keys REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_rows('signing-keys');
CREATE TRIGGER signing_keys_notice_update AFTER UPDATE OF kid, public_jwk, status, retired_at
  ON signing_keys FOR EACH ROW EXECUTE FUNCTION flowgate_notice_row('signing-keys');
CREATE TRIGGER signing_keys_notice_delete AFTER DELETE ON signing_keys REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION flowgate_notice_rows('signing-keys');
`;
