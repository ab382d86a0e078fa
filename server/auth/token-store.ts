import { notFound } from '../http/errors.js';
import { byEngine, type Storage } from '../storage/storage.js';
import type { Db } from '../workspace/db.js';
import { PostgresTokenStore } from './postgres/tokens.js';
import type { TokenRow } from './token-rows.js';

export type StoredToken = { row: TokenRow; groupIds: string[] };

/** What a new token's row holds; usage, revocation and roll columns start empty. */
export type NewTokenRow = Pick<
  TokenRow,
  'id' | 'name' | 'environment' | 'scopes' | 'vars' | 'ip_allowlist' | 'expires_at' | 'signed_expires_at' | 'rate_limit' | 'fingerprint' | 'kid' | 'created_at' | 'updated_at'
>;

/** The settings a token's owner may change (JSON columns as stored text). */
export type TokenSettings = Pick<TokenRow, 'name' | 'scopes' | 'vars' | 'ip_allowlist' | 'expires_at' | 'rate_limit' | 'updated_at'>;

export type TokenRoll = {
  /** The replacement's own columns; its settings and key groups are copied from the old token inside the transaction. */
  replacement: Pick<TokenRow, 'id' | 'fingerprint' | 'kid'>;
  at: string;
  /** When the old token stops; null: at once (it is revoked). */
  graceUntil: string | null;
  /** Throws when the old token, as read inside the transaction, can't be rolled. */
  check(old: TokenRow): void;
};

export type AccessRow = Pick<TokenRow, 'id' | 'name' | 'environment' | 'scopes' | 'vars' | 'ip_allowlist' | 'expires_at' | 'rate_limit' | 'revoked_at' | 'grace_until' | 'revision'>;
export type AccessMembership = { token_id: string; group_id: string; group_name: string };
/**
 * Every token's revision (raised by every change of its own row) and every key-group membership (by
 * group name): what the access cache compares to read again only the tokens that changed.
 */
export type AccessVersions = { tokens: Pick<AccessRow, 'id' | 'revision'>[]; memberships: AccessMembership[] };

/** Tokens' rows. Newest first, then by id; a token's group ids sorted. */
export interface TokenStore {
  list(environment?: string): Promise<StoredToken[]>;
  get(id: string): Promise<StoredToken | undefined>;
  environmentExists(name: string): Promise<boolean>;
  insert(token: NewTokenRow): Promise<void>;
  /** False when the stored revision is no longer `revision` (or the token is gone). */
  update(id: string, settings: TokenSettings, revision: number): Promise<boolean>;
  /** False when it was revoked already (or is gone). */
  revoke(id: string, at: string): Promise<boolean>;
  /** Its key groups' revisions rise (they lose a member); false when there was no such token. */
  delete(id: string): Promise<boolean>;
  /** Inserts the replacement into the old token's key groups and marks the old one replaced; throws notFound when it is gone. */
  roll(oldId: string, roll: TokenRoll): Promise<void>;
  accessVersions(): Promise<AccessVersions>;
  /** The access columns of these tokens (those that still exist), or of every token when none are named. */
  accessRows(ids?: readonly string[]): Promise<AccessRow[]>;
}

const INSERT_COLUMNS = 'id, name, environment, scopes, vars, ip_allowlist, expires_at, signed_expires_at, rate_limit, fingerprint, kid, created_at, updated_at';
/** Raises the revision of every key group a token is in: their membership changes with it. */
const RAISE_GROUP_REVISIONS = 'UPDATE key_groups SET revision = revision + 1 WHERE id IN (SELECT group_id FROM key_group_members WHERE token_id = ?)';
const ACCESS_COLUMNS = 'id, name, environment, scopes, vars, ip_allowlist, expires_at, rate_limit, revoked_at, grace_until, revision';

export class SqliteTokenStore implements TokenStore {
  constructor(private readonly db: Db) {}

  async list(environment?: string): Promise<StoredToken[]> {
    const rows = (
      environment === undefined
        ? this.db.prepare('SELECT * FROM tokens ORDER BY created_at DESC, id').all()
        : this.db.prepare('SELECT * FROM tokens WHERE environment = ? ORDER BY created_at DESC, id').all(environment)
    ) as TokenRow[];
    const groups = groupIdsByToken(this.db.prepare('SELECT token_id, group_id FROM key_group_members ORDER BY group_id').all() as Member[]);
    return rows.map((row) => ({ row, groupIds: groups.get(row.id) ?? [] }));
  }

  async get(id: string): Promise<StoredToken | undefined> {
    return this.stored(id);
  }

  async environmentExists(name: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM environments WHERE name = ?').get(name) !== undefined;
  }

  async insert(token: NewTokenRow): Promise<void> {
    this.db.prepare(`INSERT INTO tokens (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      token.id, token.name, token.environment, token.scopes, token.vars, token.ip_allowlist, token.expires_at, token.signed_expires_at,
      token.rate_limit, token.fingerprint, token.kid, token.created_at, token.updated_at,
    );
  }

  async update(id: string, settings: TokenSettings, revision: number): Promise<boolean> {
    const changed = this.db
      .prepare(
        `UPDATE tokens SET name = ?, scopes = ?, vars = ?, ip_allowlist = ?, expires_at = ?, rate_limit = ?, updated_at = ?, revision = revision + 1
         WHERE id = ? AND revision = ?`,
      )
      .run(settings.name, settings.scopes, settings.vars, settings.ip_allowlist, settings.expires_at, settings.rate_limit, settings.updated_at, id, revision);
    return changed.changes > 0;
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const changed = this.db.prepare('UPDATE tokens SET revoked_at = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND revoked_at IS NULL').run(at, at, id);
    return changed.changes > 0;
  }

  async delete(id: string): Promise<boolean> {
    const deleted = this.db.transaction(() => {
      // Its key groups lose a member: a window that read them before must not put it back.
      this.db.prepare(RAISE_GROUP_REVISIONS).run(id);
      return this.db.prepare('DELETE FROM tokens WHERE id = ?').run(id).changes > 0;
    })();
    return deleted;
  }

  async roll(oldId: string, roll: TokenRoll): Promise<void> {
    this.db.transaction(() => {
      const old = this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(oldId) as TokenRow | undefined;
      if (!old) throw notFound(`Token ${oldId}`);
      roll.check(old);
      const { id, fingerprint, kid } = roll.replacement;
      this.db.prepare(`INSERT INTO tokens (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        id, old.name, old.environment, old.scopes, old.vars, old.ip_allowlist, old.expires_at, old.expires_at, old.rate_limit, fingerprint, kid, roll.at, roll.at,
      );
      this.db.prepare('INSERT INTO key_group_members (group_id, token_id, added_at) SELECT group_id, ?, ? FROM key_group_members WHERE token_id = ?').run(id, roll.at, oldId);
      // Its key groups gain the replacement: a window that read them before must not drop it.
      this.db.prepare(RAISE_GROUP_REVISIONS).run(oldId);
      if (roll.graceUntil === null) {
        this.db.prepare('UPDATE tokens SET revoked_at = ?, replaced_by = ?, updated_at = ?, revision = revision + 1 WHERE id = ?').run(roll.at, id, roll.at, oldId);
      } else {
        this.db.prepare('UPDATE tokens SET grace_until = ?, replaced_by = ?, updated_at = ?, revision = revision + 1 WHERE id = ?').run(roll.graceUntil, id, roll.at, oldId);
      }
    })();
  }

  async accessVersions(): Promise<AccessVersions> {
    return {
      tokens: this.db.prepare('SELECT id, revision FROM tokens').all() as AccessVersions['tokens'],
      memberships: this.db
        .prepare('SELECT m.token_id, g.id AS group_id, g.name AS group_name FROM key_group_members m JOIN key_groups g ON g.id = m.group_id ORDER BY g.name')
        .all() as AccessMembership[],
    };
  }

  async accessRows(ids?: readonly string[]): Promise<AccessRow[]> {
    if (ids === undefined) return this.db.prepare(`SELECT ${ACCESS_COLUMNS} FROM tokens`).all() as AccessRow[];
    return this.db.prepare(`SELECT ${ACCESS_COLUMNS} FROM tokens WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as AccessRow[];
  }

  private stored(id: string): StoredToken | undefined {
    const row = this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as TokenRow | undefined;
    if (!row) return undefined;
    const groupIds = (this.db.prepare('SELECT group_id FROM key_group_members WHERE token_id = ? ORDER BY group_id').all(id) as { group_id: string }[]).map(
      (member) => member.group_id,
    );
    return { row, groupIds };
  }
}

type Member = { token_id: string; group_id: string };

/** Token id → its group ids, in the order the members were listed. */
export function groupIdsByToken(members: readonly Member[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { token_id, group_id } of members) (groups.get(token_id) ?? groups.set(token_id, []).get(token_id)!).push(group_id);
  return groups;
}

export const tokenStoreFor = (storage: Storage): TokenStore =>
  byEngine<TokenStore>(storage, { sqlite: (db) => new SqliteTokenStore(db), postgres: (pg) => new PostgresTokenStore(pg) });
