import type { RateLimit } from '../../shared/model/api.js';
import type { TokenContext } from '../../shared/model/runtime.js';
import type { Db } from '../workspace/db.js';
import { parseAllowlist, type ParsedAllowlist } from './ip-allowlist.js';
import type { TokenRow } from './token-rows.js';

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

type AccessRow = Pick<TokenRow, 'id' | 'name' | 'environment' | 'scopes' | 'vars' | 'ip_allowlist' | 'expires_at' | 'rate_limit' | 'revoked_at' | 'grace_until'>;

// Only tokens that passed signature verification get looked up, so this bounds stale entries, not attackers.
const MAX_ENTRIES = 100_000;

/**
 * Token id → access data, loaded on first use and dropped by every mutation (tokens, key groups),
 * so a revoke or an allowlist change applies to the very next request.
 */
export class AccessCache {
  private readonly entries = new Map<string, AccessEntry | null>();
  private readonly selectToken;
  private readonly selectGroups;

  constructor(db: Db) {
    this.selectToken = db.prepare(
      'SELECT id, name, environment, scopes, vars, ip_allowlist, expires_at, rate_limit, revoked_at, grace_until FROM tokens WHERE id = ?',
    );
    this.selectGroups = db.prepare(
      'SELECT g.id, g.name FROM key_group_members m JOIN key_groups g ON g.id = m.group_id WHERE m.token_id = ? ORDER BY g.name',
    );
  }

  /** null: no such token (deleted). */
  get(tokenId: string): AccessEntry | null {
    const cached = this.entries.get(tokenId);
    if (cached !== undefined) return cached;
    const entry = this.load(tokenId);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(tokenId, entry);
    return entry;
  }

  /** Drops the given tokens, or everything when none are named. */
  invalidate(tokenIds?: Iterable<string>): void {
    if (tokenIds === undefined) return this.entries.clear();
    for (const id of tokenIds) this.entries.delete(id);
  }

  private load(tokenId: string): AccessEntry | null {
    const row = this.selectToken.get(tokenId) as AccessRow | undefined;
    if (!row) return null;
    const groups = this.selectGroups.all(tokenId) as { id: string; name: string }[];
    const scopes = JSON.parse(row.scopes) as string[];
    const vars = Object.freeze(JSON.parse(row.vars) as Record<string, string>);
    const context: TokenContext = {
      id: row.id,
      name: row.name,
      environment: row.environment,
      // Names, not ids: builders write `'partners' in token.groups`.
      groups: Object.freeze(groups.map((group) => group.name)) as string[],
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
      groups: new Set(groups.map((group) => group.id)),
      rateLimit: row.rate_limit ? (JSON.parse(row.rate_limit) as RateLimit) : null,
      context: Object.freeze(context),
    };
  }
}
