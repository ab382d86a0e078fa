import type { KeyGroup, KeyGroupInput, KeyGroupUpdate } from '../../shared/model/token.js';
import { HttpError, notFound } from '../http/errors.js';
import { expectRevision, revisionConflict } from '../http/revisions.js';
import type { ChangeFeed } from '../storage/changes.js';
import { newKeyGroupId } from './ids.js';
import { isForeignKeyViolation, isUniqueViolation, type GroupRow, type KeyGroupStore } from './key-group-store.js';

/** Named sets of tokens that APIs accept (`auth.keyGroupIds`). Every change is announced as `access` once committed. */
export class KeyGroupService {
  constructor(
    private readonly store: KeyGroupStore,
    private readonly changes: ChangeFeed,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<KeyGroup[]> {
    const [rows, members, uses] = [await this.store.list(), await this.store.members(), await this.store.apiUses()];
    const membersOf = groupBy(members, (member) => member.group_id, (member) => member.token_id);
    const usesOf = groupBy(uses, (use) => use.group_id, (use) => use.api_id);
    return rows.map((row) => toKeyGroup(row, membersOf.get(row.id) ?? [], usesOf.get(row.id) ?? []));
  }

  async get(id: string): Promise<KeyGroup> {
    const row = await this.row(id);
    return toKeyGroup(row, await this.store.memberIds(id), [...new Set((await this.store.apiUses(id)).map((use) => use.api_id))]);
  }

  async create(input: KeyGroupInput): Promise<KeyGroup> {
    await this.assertNameFree(input.name);
    const tokenIds = await this.existingTokens(input.tokenIds);
    const id = newKeyGroupId();
    const now = this.nowIso();
    await this.namedUniquely(input.name, tokenIds, () =>
      this.store.create({ id, name: input.name, description: input.description, created_at: now, updated_at: now }, tokenIds),
    );
    await this.announce();
    return this.get(id);
  }

  /**
   * Changes the group; with `revision` (the one the client read), only while that is the stored one.
   * A workspace import changes it regardless.
   */
  async update(id: string, patch: KeyGroupUpdate, revision?: number): Promise<KeyGroup> {
    const row = await this.row(id);
    if (revision !== undefined) expectRevision(`The key group "${row.name}"`, await this.get(id), revision);
    if (patch.name !== undefined) await this.assertNameFree(patch.name, id);
    const tokenIds = patch.tokenIds === undefined ? undefined : await this.existingTokens(patch.tokenIds);
    const name = patch.name ?? row.name;
    const changed = await this.namedUniquely(name, tokenIds, () =>
      this.store.update(id, { name, description: patch.description ?? row.description, updated_at: this.nowIso() }, row.revision, tokenIds),
    );
    // Changed between the read and the write (another request or replica on the same workspace).
    if (!changed) throw revisionConflict(`The key group "${row.name}"`, await this.get(id), revision ?? row.revision);
    await this.announce();
    return this.get(id);
  }

  /** Refused while an API names the group, naming those APIs. */
  async delete(id: string): Promise<void> {
    await this.row(id);
    const uses = await this.store.apiUses(id);
    if (uses.length > 0) {
      const apis = [...new Map(uses.map((use) => [use.api_id, { id: use.api_id, name: use.api_name }])).values()];
      throw new HttpError(
        409,
        'key_group_in_use',
        `The key group is used by ${apis.map((api) => `"${api.name}" (${api.id})`).join(', ')}: remove it from their auth settings (and republish) first`,
        { apis },
      );
    }
    if (!(await this.store.delete(id))) throw notFound(`Key group ${id}`);
    await this.announce();
  }

  private announce(): Promise<void> {
    return this.changes.announce({ kind: 'access' });
  }

  private async existingTokens(tokenIds: string[]): Promise<string[]> {
    const unique = [...new Set(tokenIds)];
    const unknown = await this.store.missingTokens(unique);
    if (unknown.length > 0) throw new HttpError(400, 'unknown_token', `No such token: ${unknown.join(', ')}`, { tokenIds: unknown });
    return unique;
  }

  private async assertNameFree(name: string, exceptId?: string): Promise<void> {
    const taken = await this.store.idNamed(name);
    if (taken !== undefined && taken !== exceptId) throw nameTaken(name);
  }

  /** The same answers when another request (or replica) took the name, or deleted a member token, between the checks and the write. */
  private async namedUniquely<T>(name: string, tokenIds: string[] | undefined, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(name);
      if (isForeignKeyViolation(error) && tokenIds !== undefined) await this.existingTokens(tokenIds);
      throw error;
    }
  }

  private async row(id: string): Promise<GroupRow> {
    const row = await this.store.get(id);
    if (!row) throw notFound(`Key group ${id}`);
    return row;
  }

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }
}

const nameTaken = (name: string): HttpError => new HttpError(409, 'key_group_name_taken', `A key group named "${name}" already exists`);

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
