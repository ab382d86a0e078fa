import type { PgClient, PgDatabase } from '../../storage/postgres.js';
import type { ApiUse, GroupChange, GroupMember, GroupRow, KeyGroupStore } from '../key-group-store.js';

/** A definition's `auth.keyGroupIds` as rows; anything but an array names none. */
const groupIdsOf = (definition: string): string =>
  `jsonb_array_elements_text(CASE WHEN jsonb_typeof(${definition}::jsonb #> '{auth,keyGroupIds}') = 'array' THEN ${definition}::jsonb #> '{auth,keyGroupIds}' ELSE '[]'::jsonb END)`;

// The draft and every deployed version count: deleting a group a live version names would lock its callers out.
const API_USES = `
  SELECT j.value AS group_id, a.id AS api_id, a.name AS api_name
    FROM apis a, ${groupIdsOf('a.definition')} AS j(value)
  UNION
  SELECT j.value, a.id, a.name
    FROM deployments d
    JOIN api_versions v ON v.api_id = d.api_id AND v.version = d.version
    JOIN apis a ON a.id = d.api_id,
    ${groupIdsOf('v.definition')} AS j(value)`;

export class PostgresKeyGroupStore implements KeyGroupStore {
  constructor(private readonly pg: PgDatabase) {}

  list(): Promise<GroupRow[]> {
    return this.pg.all<GroupRow>('SELECT * FROM key_groups ORDER BY lower(name), name');
  }

  members(): Promise<GroupMember[]> {
    return this.pg.all<GroupMember>('SELECT group_id, token_id FROM key_group_members ORDER BY token_id');
  }

  get(id: string): Promise<GroupRow | undefined> {
    return this.pg.one<GroupRow>('SELECT * FROM key_groups WHERE id = $1', [id]);
  }

  async memberIds(groupId: string): Promise<string[]> {
    return (await this.pg.all<{ token_id: string }>('SELECT token_id FROM key_group_members WHERE group_id = $1 ORDER BY token_id', [groupId])).map(
      (member) => member.token_id,
    );
  }

  apiUses(groupId?: string): Promise<ApiUse[]> {
    // Byte order, as SQLite sorts text.
    const order = 'ORDER BY api_name COLLATE "C", api_id COLLATE "C"';
    return groupId === undefined
      ? this.pg.all<ApiUse>(`SELECT * FROM (${API_USES}) uses ${order}`)
      : this.pg.all<ApiUse>(`SELECT * FROM (${API_USES}) uses WHERE group_id = $1 ${order}`, [groupId]);
  }

  async idNamed(name: string): Promise<string | undefined> {
    return (await this.pg.one<{ id: string }>('SELECT id FROM key_groups WHERE lower(name) = lower($1)', [name]))?.id;
  }

  async missingTokens(tokenIds: readonly string[]): Promise<string[]> {
    const found = new Set(
      (await this.pg.all<{ id: string }>('SELECT id FROM tokens WHERE id = ANY($1::text[])', [[...tokenIds]])).map((token) => token.id),
    );
    return tokenIds.filter((tokenId) => !found.has(tokenId));
  }

  create(row: Omit<GroupRow, 'revision'>, tokenIds: readonly string[]): Promise<void> {
    return this.pg.transaction(async (client) => {
      await this.pg.run('INSERT INTO key_groups (id, name, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)',
        [row.id, row.name, row.description, row.created_at, row.updated_at], client);
      await this.setMembers(client, row.id, tokenIds, row.created_at);
    });
  }

  update(id: string, change: GroupChange, revision: number, tokenIds: readonly string[] | undefined): Promise<boolean> {
    return this.pg.transaction(async (client) => {
      const changed = await this.pg.run(
        'UPDATE key_groups SET name = $1, description = $2, updated_at = $3, revision = revision + 1 WHERE id = $4 AND revision = $5',
        [change.name, change.description, change.updated_at, id, revision],
        client,
      );
      if (changed === 0) return false;
      if (tokenIds !== undefined) await this.setMembers(client, id, tokenIds, change.updated_at);
      return true;
    });
  }

  async delete(id: string): Promise<boolean> {
    return (await this.pg.run('DELETE FROM key_groups WHERE id = $1', [id])) > 0;
  }

  private async setMembers(client: PgClient, groupId: string, tokenIds: readonly string[], at: string): Promise<void> {
    await this.pg.run('DELETE FROM key_group_members WHERE group_id = $1', [groupId], client);
    if (tokenIds.length === 0) return;
    await this.pg.run(
      'INSERT INTO key_group_members (group_id, token_id, added_at) SELECT $1, token_id, $3 FROM unnest($2::text[]) AS t(token_id) ON CONFLICT DO NOTHING',
      [groupId, [...tokenIds], at],
      client,
    );
  }
}
