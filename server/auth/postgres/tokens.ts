import { notFound } from '../../http/errors.js';
import type { PgDatabase } from '../../storage/postgres.js';
import type { TokenRow } from '../token-rows.js';
import { groupIdsByToken, type AccessMembership, type AccessRow, type AccessVersions, type NewTokenRow, type StoredToken, type TokenRoll, type TokenSettings, type TokenStore } from '../token-store.js';

const INSERT_COLUMNS = 'id, name, environment, scopes, vars, ip_allowlist, expires_at, signed_expires_at, rate_limit, fingerprint, kid, created_at, updated_at';
const RAISE_GROUP_REVISIONS = 'UPDATE key_groups SET revision = revision + 1 WHERE id IN (SELECT group_id FROM key_group_members WHERE token_id = $1)';
const ACCESS_COLUMNS = 'id, name, environment, scopes, vars, ip_allowlist, expires_at, rate_limit, revoked_at, grace_until, revision';

export class PostgresTokenStore implements TokenStore {
  constructor(private readonly pg: PgDatabase) {}

  async list(environment?: string): Promise<StoredToken[]> {
    const rows =
      environment === undefined
        ? await this.pg.all<TokenRow>('SELECT * FROM tokens ORDER BY created_at DESC, id')
        : await this.pg.all<TokenRow>('SELECT * FROM tokens WHERE environment = $1 ORDER BY created_at DESC, id', [environment]);
    const groups = groupIdsByToken(await this.pg.all<{ token_id: string; group_id: string }>('SELECT token_id, group_id FROM key_group_members ORDER BY group_id'));
    return rows.map((row) => ({ row, groupIds: groups.get(row.id) ?? [] }));
  }

  async get(id: string): Promise<StoredToken | undefined> {
    const row = await this.pg.one<TokenRow>('SELECT * FROM tokens WHERE id = $1', [id]);
    if (!row) return undefined;
    const members = await this.pg.all<{ group_id: string }>('SELECT group_id FROM key_group_members WHERE token_id = $1 ORDER BY group_id', [id]);
    return { row, groupIds: members.map((member) => member.group_id) };
  }

  async environmentExists(name: string): Promise<boolean> {
    return (await this.pg.one('SELECT 1 FROM environments WHERE name = $1', [name])) !== undefined;
  }

  async insert(token: NewTokenRow): Promise<void> {
    await this.pg.run(`INSERT INTO tokens (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`, [
      token.id, token.name, token.environment, token.scopes, token.vars, token.ip_allowlist, token.expires_at, token.signed_expires_at,
      token.rate_limit, token.fingerprint, token.kid, token.created_at, token.updated_at,
    ]);
  }

  async update(id: string, settings: TokenSettings, revision: number): Promise<boolean> {
    const changed = await this.pg.run(
      `UPDATE tokens SET name = $1, scopes = $2, vars = $3, ip_allowlist = $4, expires_at = $5, rate_limit = $6, updated_at = $7, revision = revision + 1
       WHERE id = $8 AND revision = $9`,
      [settings.name, settings.scopes, settings.vars, settings.ip_allowlist, settings.expires_at, settings.rate_limit, settings.updated_at, id, revision],
    );
    return changed > 0;
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return (await this.pg.run('UPDATE tokens SET revoked_at = $1, updated_at = $1, revision = revision + 1 WHERE id = $2 AND revoked_at IS NULL', [at, id])) > 0;
  }

  delete(id: string): Promise<boolean> {
    return this.pg.transaction(async (client) => {
      // Its key groups lose a member: a window that read them before must not put it back.
      await this.pg.run(RAISE_GROUP_REVISIONS, [id], client);
      return (await this.pg.run('DELETE FROM tokens WHERE id = $1', [id], client)) > 0;
    });
  }

  roll(oldId: string, roll: TokenRoll): Promise<void> {
    return this.pg.transaction(async (client) => {
      // Locked: two replicas rolling one token at once make one replacement, the other is refused by check().
      const old = await this.pg.one<TokenRow>('SELECT * FROM tokens WHERE id = $1 FOR UPDATE', [oldId], client);
      if (!old) throw notFound(`Token ${oldId}`);
      roll.check(old);
      const { id, fingerprint, kid } = roll.replacement;
      await this.pg.run(`INSERT INTO tokens (${INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11, $11)`, [
        id, old.name, old.environment, old.scopes, old.vars, old.ip_allowlist, old.expires_at, old.rate_limit, fingerprint, kid, roll.at,
      ], client);
      await this.pg.run('INSERT INTO key_group_members (group_id, token_id, added_at) SELECT group_id, $1, $2 FROM key_group_members WHERE token_id = $3', [id, roll.at, oldId], client);
      // Its key groups gain the replacement: a window that read them before must not drop it.
      await this.pg.run(RAISE_GROUP_REVISIONS, [oldId], client);
      if (roll.graceUntil === null) {
        await this.pg.run('UPDATE tokens SET revoked_at = $1, replaced_by = $2, updated_at = $1, revision = revision + 1 WHERE id = $3', [roll.at, id, oldId], client);
      } else {
        await this.pg.run('UPDATE tokens SET grace_until = $1, replaced_by = $2, updated_at = $3, revision = revision + 1 WHERE id = $4', [roll.graceUntil, id, roll.at, oldId], client);
      }
    });
  }

  accessVersions(): Promise<AccessVersions> {
    // One REPEATABLE READ transaction: the revisions and the memberships as of one moment.
    return this.pg.transaction(async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return {
        tokens: await this.pg.all<AccessVersions['tokens'][number]>('SELECT id, revision FROM tokens', [], client),
        memberships: await this.pg.all<AccessMembership>(
          'SELECT m.token_id, g.id AS group_id, g.name AS group_name FROM key_group_members m JOIN key_groups g ON g.id = m.group_id ORDER BY lower(g.name), g.name',
          [],
          client,
        ),
      };
    });
  }

  accessRows(ids?: readonly string[]): Promise<AccessRow[]> {
    return ids === undefined
      ? this.pg.all<AccessRow>(`SELECT ${ACCESS_COLUMNS} FROM tokens`)
      : this.pg.all<AccessRow>(`SELECT ${ACCESS_COLUMNS} FROM tokens WHERE id = ANY($1::text[])`, [[...ids]]);
  }
}
