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

type Loaded = { entry: AccessEntry; signature: string };

/**
 * Token id → access data for every token of the workspace, read per request without touching
 * the database. It is a snapshot: `reload()` (on every `access` change, from this replica or
 * another) reads it again, keeping the parsed entries of tokens that did not change.
 */
export class AccessCache {
  private entries = new Map<string, Loaded>();
  private readonly reloads: SerialReload;

  constructor(private readonly store: Pick<TokenStore, 'accessSnapshot'>) {
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
    const { tokens, memberships } = await this.store.accessSnapshot();
    const groups = new Map<string, AccessMembership[]>();
    for (const member of memberships) (groups.get(member.token_id) ?? groups.set(member.token_id, []).get(member.token_id)!).push(member);
    const entries = new Map<string, Loaded>();
    for (const row of tokens) {
      const tokenGroups = groups.get(row.id) ?? [];
      const signature = signatureOf(row, tokenGroups);
      const previous = this.entries.get(row.id);
      entries.set(row.id, previous?.signature === signature ? previous : { entry: toEntry(row, tokenGroups), signature });
    }
    this.entries = entries;
  }
}

/** Everything an entry is built from: equal signatures, equal entries. */
function signatureOf(row: AccessRow, groups: readonly AccessMembership[]): string {
  return JSON.stringify([row.revision, row.name, row.scopes, row.vars, row.ip_allowlist, row.expires_at, row.rate_limit, row.revoked_at, row.grace_until,
    groups.map((group) => [group.group_id, group.group_name])]);
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
