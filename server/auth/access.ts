import type { RateLimit } from '../../shared/model/api.js';
import type { TokenContext } from '../../shared/model/runtime.js';
import { parseAllowlist, type ParsedAllowlist } from './ip-allowlist.js';
import { SerialReload } from './serial-reload.js';
import type { AccessMembership, AccessRow, TokenStore } from './token-store.js';

/** Everything the runtime needs to decide about one token, parsed once; never mutated (replaced on change). */
export type AccessEntry = {
  readonly id: string;
  readonly name: string;
  readonly environment: string;
  readonly scopes: ReadonlySet<string>;
  readonly vars: Readonly<Record<string, string>>;
  readonly ipAllowlist: ParsedAllowlist;
  /** Infinity when the token never expires. */
  readonly expiresAtMs: number;
  readonly revoked: boolean;
  /** Infinity unless the token was rolled with a grace period. */
  readonly graceUntilMs: number;
  readonly groups: ReadonlySet<string>;
  readonly rateLimit: RateLimit | null;
  /** What flows see as `token`: built here so a request allocates none of it. */
  readonly context: Readonly<TokenContext>;
};

/** An entry and what it was built from: a token's revision rises with every change of its row. */
type Loaded = { entry: AccessEntry; revision: number; groups: string };

/**
 * Token id → access data for every token of the workspace, read per request without touching
 * the database. It is a snapshot: `reload()` (on every `access` change, from this replica or
 * another) compares every token's revision and key groups, and reads and parses again only the
 * tokens that changed.
 */
export class AccessCache {
  private entries = new Map<string, Loaded>();
  private readonly reloads: SerialReload;

  constructor(private readonly store: Pick<TokenStore, 'accessVersions' | 'accessRows'>) {
    this.reloads = new SerialReload(() => this.load());
  }

  /** null: no such token (never made here, or deleted). */
  get(tokenId: string): AccessEntry | null {
    return this.entries.get(tokenId)?.entry ?? null;
  }

  /** Settles once a read that began after this call is in force. */
  reload(): Promise<void> {
    return this.reloads.run();
  }

  get size(): number {
    return this.entries.size;
  }

  private async load(): Promise<void> {
    const { tokens, memberships } = await this.store.accessVersions();
    const groupsOf = new Map<string, AccessMembership[]>();
    for (const member of memberships) (groupsOf.get(member.token_id) ?? groupsOf.set(member.token_id, []).get(member.token_id)!).push(member);
    const groupsKey = (id: string): string => (groupsOf.get(id) ?? []).map((group) => `${group.group_id}\u0000${group.group_name}`).join('\u0000');
    const changed = tokens.filter(({ id, revision }) => {
      const previous = this.entries.get(id);
      return previous === undefined || previous.revision !== revision || previous.groups !== groupsKey(id);
    });
    const fresh = new Map<string, AccessRow>();
    if (changed.length > 0) {
      // At the first load every token is new: read them all at once rather than by id.
      const rows = await this.store.accessRows(this.entries.size === 0 ? undefined : changed.map((token) => token.id));
      for (const row of rows) fresh.set(row.id, row);
    }
    const changedIds = new Set(changed.map((token) => token.id));
    const entries = new Map<string, Loaded>();
    for (const { id } of tokens) {
      const row = fresh.get(id);
      // A changed token missing from the rows was deleted in between: the delete's own change reloads again.
      if (row) entries.set(id, { entry: toEntry(row, groupsOf.get(id) ?? []), revision: row.revision, groups: groupsKey(id) });
      else if (!changedIds.has(id)) entries.set(id, this.entries.get(id)!);
    }
    this.entries = entries;
  }
}

function toEntry(row: AccessRow, groups: readonly AccessMembership[]): AccessEntry {
  const scopes = JSON.parse(row.scopes) as string[];
  const vars = Object.freeze(JSON.parse(row.vars) as Record<string, string>);
  const context: TokenContext = {
    id: row.id,
    name: row.name,
    environment: row.environment,
    // Names, not ids: builders write `'partners' in token.groups`.
    groups: Object.freeze(groups.map((group) => group.group_name)) as string[],
    scopes: Object.freeze([...scopes]) as string[],
    vars,
  };
  return {
    id: row.id,
    name: row.name,
    environment: row.environment,
    scopes: new Set(scopes),
    vars,
    ipAllowlist: parseAllowlist(JSON.parse(row.ip_allowlist) as string[]),
    expiresAtMs: row.expires_at ? Date.parse(row.expires_at) : Infinity,
    revoked: row.revoked_at !== null,
    graceUntilMs: row.grace_until ? Date.parse(row.grace_until) : Infinity,
    groups: new Set(groups.map((group) => group.group_id)),
    rateLimit: row.rate_limit ? (JSON.parse(row.rate_limit) as RateLimit) : null,
    context: Object.freeze(context),
  };
}
