import type { KeyGroup, KeyGroupInput, KeyGroupUpdate } from '../../shared/model/token.js';
import { HttpError, notFound } from '../http/errors.js';
import { expectRevision, revisionConflict } from '../http/revisions.js';
import type { Db } from '../workspace/db.js';
import type { AccessCache } from './access.js';
import { newKeyGroupId } from './ids.js';

type GroupRow = { id: string; name: string; description: string; created_at: string; updated_at: string; revision: number };
type ApiUse = { group_id: string; api_id: string; api_name: string };

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

/** Named sets of tokens that APIs accept (`auth.keyGroupIds`). Membership changes reach the runtime at once. */
export class KeyGroupService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessCache,
    private readonly now: () => number = Date.now,
  ) {}

  list(): KeyGroup[] {
    const rows = this.db.prepare('SELECT * FROM key_groups ORDER BY name').all() as GroupRow[];
    const members = groupBy(this.db.prepare('SELECT group_id, token_id FROM key_group_members ORDER BY token_id').all() as { group_id: string; token_id: string }[],
      (member) => member.group_id, (member) => member.token_id);
    const uses = groupBy(this.apiUses(), (use) => use.group_id, (use) => use.api_id);
    return rows.map((row) => toKeyGroup(row, members.get(row.id) ?? [], uses.get(row.id) ?? []));
  }

  get(id: string): KeyGroup {
    const row = this.row(id);
    return toKeyGroup(row, this.memberIds(id), [...new Set(this.apiUses(id).map((use) => use.api_id))]);
  }

  create(input: KeyGroupInput): KeyGroup {
    this.assertNameFree(input.name);
    const tokenIds = this.existingTokens(input.tokenIds);
    const id = newKeyGroupId();
    const now = this.nowIso();
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO key_groups (id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, input.name, input.description, now, now);
      this.setMembers(id, tokenIds, now);
    })();
    this.access.invalidate(tokenIds);
    return this.get(id);
  }

  /**
   * Changes the group; with `revision` (the one the client read), only while that is the stored one.
   * A workspace import changes it regardless.
   */
  update(id: string, patch: KeyGroupUpdate, revision?: number): KeyGroup {
    const row = this.row(id);
    if (revision !== undefined) expectRevision(`The key group "${row.name}"`, this.get(id), revision);
    if (patch.name !== undefined) this.assertNameFree(patch.name, id);
    const tokenIds = patch.tokenIds === undefined ? undefined : this.existingTokens(patch.tokenIds);
    const before = this.memberIds(id);
    const now = this.nowIso();
    this.db.transaction(() => {
      const changed = this.db
        .prepare('UPDATE key_groups SET name = ?, description = ?, updated_at = ?, revision = revision + 1 WHERE id = ? AND revision = ?')
        .run(patch.name ?? row.name, patch.description ?? row.description, now, id, row.revision);
      // Changed between the read and the write (another process on the same workspace).
      if (changed.changes === 0) throw revisionConflict(`The key group "${row.name}"`, this.get(id), revision ?? row.revision);
      if (tokenIds !== undefined) this.setMembers(id, tokenIds, now);
    })();
    // Members before and after: a rename changes every member's `token.groups` too.
    this.access.invalidate([...before, ...(tokenIds ?? [])]);
    return this.get(id);
  }

  /** Refused while an API names the group, naming those APIs. */
  delete(id: string): void {
    this.row(id);
    const uses = this.apiUses(id);
    if (uses.length > 0) {
      const apis = [...new Map(uses.map((use) => [use.api_id, { id: use.api_id, name: use.api_name }])).values()];
      throw new HttpError(
        409,
        'key_group_in_use',
        `The key group is used by ${apis.map((api) => `"${api.name}" (${api.id})`).join(', ')}: remove it from their auth settings (and republish) first`,
        { apis },
      );
    }
    const members = this.memberIds(id);
    this.db.prepare('DELETE FROM key_groups WHERE id = ?').run(id);
    this.access.invalidate(members);
  }

  private setMembers(groupId: string, tokenIds: string[], now: string): void {
    this.db.prepare('DELETE FROM key_group_members WHERE group_id = ?').run(groupId);
    const insert = this.db.prepare('INSERT OR IGNORE INTO key_group_members (group_id, token_id, added_at) VALUES (?, ?, ?)');
    for (const tokenId of tokenIds) insert.run(groupId, tokenId, now);
  }

  private existingTokens(tokenIds: string[]): string[] {
    const unique = [...new Set(tokenIds)];
    const exists = this.db.prepare('SELECT 1 FROM tokens WHERE id = ?');
    const unknown = unique.filter((tokenId) => !exists.get(tokenId));
    if (unknown.length > 0) throw new HttpError(400, 'unknown_token', `No such token: ${unknown.join(', ')}`, { tokenIds: unknown });
    return unique;
  }

  private assertNameFree(name: string, exceptId?: string): void {
    const taken = this.db.prepare('SELECT id FROM key_groups WHERE name = ?').get(name) as { id: string } | undefined;
    if (taken && taken.id !== exceptId) throw new HttpError(409, 'key_group_name_taken', `A key group named "${name}" already exists`);
  }

  private apiUses(groupId?: string): ApiUse[] {
    const uses = this.db.prepare(`SELECT * FROM (${API_USES}) ${groupId === undefined ? '' : 'WHERE group_id = ?'} ORDER BY api_name, api_id`);
    return (groupId === undefined ? uses.all() : uses.all(groupId)) as ApiUse[];
  }

  private memberIds(groupId: string): string[] {
    return (this.db.prepare('SELECT token_id FROM key_group_members WHERE group_id = ? ORDER BY token_id').all(groupId) as { token_id: string }[]).map(
      (member) => member.token_id,
    );
  }

  private row(id: string): GroupRow {
    const row = this.db.prepare('SELECT * FROM key_groups WHERE id = ?').get(id) as GroupRow | undefined;
    if (!row) throw notFound(`Key group ${id}`);
    return row;
  }

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }
}

function groupBy<T>(items: T[], key: (item: T) => string, value: (item: T) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const list = groups.get(key(item)) ?? [];
    if (!list.includes(value(item))) list.push(value(item));
    groups.set(key(item), list);
  }
  return groups;
}

const toKeyGroup = (row: GroupRow, tokenIds: string[], apiIds: string[]): KeyGroup => ({
  id: row.id,
  name: row.name,
  description: row.description,
  tokenIds,
  apiIds,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  revision: row.revision,
});
