import { byEngine, type Storage } from '../storage/storage.js';
import type { Db } from '../workspace/db.js';
import { PostgresKeyGroupStore } from './postgres/key-groups.js';

export type GroupRow = { id: string; name: string; description: string; created_at: string; updated_at: string; revision: number };
export type GroupMember = { group_id: string; token_id: string };
/** An API whose draft or a deployed version names the group in `auth.keyGroupIds`. */
export type ApiUse = { group_id: string; api_id: string; api_name: string };
export type GroupChange = Pick<GroupRow, 'name' | 'description' | 'updated_at'>;

/** Key groups and their members. Groups by name whatever its case, members by token id, API uses by API name then id. */
export interface KeyGroupStore {
  list(): Promise<GroupRow[]>;
  members(): Promise<GroupMember[]>;
  get(id: string): Promise<GroupRow | undefined>;
  memberIds(groupId: string): Promise<string[]>;
  apiUses(groupId?: string): Promise<ApiUse[]>;
  /** The id of the group with this name in any case. */
  idNamed(name: string): Promise<string | undefined>;
  /** Those of the ids that name no token. */
  missingTokens(tokenIds: readonly string[]): Promise<string[]>;
  /** Throws a unique violation (see isUniqueViolation) when the name is taken meanwhile. */
  create(row: Omit<GroupRow, 'revision'>, tokenIds: readonly string[]): Promise<void>;
  /** False when the stored revision is no longer `revision`; `tokenIds` replaces the members when given. */
  update(id: string, change: GroupChange, revision: number, tokenIds: readonly string[] | undefined): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

// The draft and every deployed version count: deleting a group a live version names would lock its callers out.
const API_USES = `
  SELECT j.value AS group_id, a.id AS api_id, a.name AS api_name
    FROM apis a, json_each(CASE WHEN json_valid(a.definition) THEN a.definition ELSE '{}' END, '$.auth.keyGroupIds') j
  UNION
  SELECT j.value, a.id, a.name
    FROM deployments d
    JOIN api_versions v ON v.api_id = d.api_id AND v.version = d.version
    JOIN apis a ON a.id = d.api_id,
    json_each(CASE WHEN json_valid(v.definition) THEN v.definition ELSE '{}' END, '$.auth.keyGroupIds') j`;

export class SqliteKeyGroupStore implements KeyGroupStore {
  constructor(private readonly db: Db) {}

  async list(): Promise<GroupRow[]> {
    return this.db.prepare('SELECT * FROM key_groups ORDER BY name').all() as GroupRow[];
  }

  async members(): Promise<GroupMember[]> {
    return this.db.prepare('SELECT group_id, token_id FROM key_group_members ORDER BY token_id').all() as GroupMember[];
  }

  async get(id: string): Promise<GroupRow | undefined> {
    return this.db.prepare('SELECT * FROM key_groups WHERE id = ?').get(id) as GroupRow | undefined;
  }

  async memberIds(groupId: string): Promise<string[]> {
    return (this.db.prepare('SELECT token_id FROM key_group_members WHERE group_id = ? ORDER BY token_id').all(groupId) as { token_id: string }[]).map(
      (member) => member.token_id,
    );
  }

  async apiUses(groupId?: string): Promise<ApiUse[]> {
    const uses = this.db.prepare(`SELECT * FROM (${API_USES}) ${groupId === undefined ? '' : 'WHERE group_id = ?'} ORDER BY api_name, api_id`);
    return (groupId === undefined ? uses.all() : uses.all(groupId)) as ApiUse[];
  }

  async idNamed(name: string): Promise<string | undefined> {
    // The column is NOCASE: = matches any case.
    return (this.db.prepare('SELECT id FROM key_groups WHERE name = ?').get(name) as { id: string } | undefined)?.id;
  }

  async missingTokens(tokenIds: readonly string[]): Promise<string[]> {
    const exists = this.db.prepare('SELECT 1 FROM tokens WHERE id = ?');
    return tokenIds.filter((tokenId) => !exists.get(tokenId));
  }

  async create(row: Omit<GroupRow, 'revision'>, tokenIds: readonly string[]): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO key_groups (id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(row.id, row.name, row.description, row.created_at, row.updated_at);
      this.setMembers(row.id, tokenIds, row.created_at);
    })();
  }

  async update(id: string, change: GroupChange, revision: number, tokenIds: readonly string[] | undefined): Promise<boolean> {
    return this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE key_groups SET name = ?, description = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND revision = ?')
        .run(change.name, change.description, change.updated_at, id, revision);
      if (changed.changes === 0) return false;
      if (tokenIds !== undefined) this.setMembers(id, tokenIds, change.updated_at);
      return true;
    })();
  }

  async delete(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM key_groups WHERE id = ?').run(id).changes > 0;
  }

  private setMembers(groupId: string, tokenIds: readonly string[], at: string): void {
    this.db.prepare('DELETE FROM key_group_members WHERE group_id = ?').run(groupId);
    const insert = this.db.prepare('INSERT OR IGNORE INTO key_group_members (group_id, token_id, added_at) VALUES (?, ?, ?)');
    for (const tokenId of tokenIds) insert.run(groupId, tokenId, at);
  }
}

/** A unique constraint refused the write: SQLite's SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's unique_violation. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

/** A foreign key refused the write (a member token deleted meanwhile): SQLite's SQLITE_CONSTRAINT_FOREIGNKEY, PostgreSQL's foreign_key_violation. */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

export const keyGroupStoreFor = (storage: Storage): KeyGroupStore =>
  byEngine<KeyGroupStore>(storage, { sqlite: (db) => new SqliteKeyGroupStore(db), postgres: (pg) => new PostgresKeyGroupStore(pg) });
