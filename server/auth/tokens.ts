import type { IssuedToken, TokenCreate, TokenInfo, TokenUpdate } from '../../shared/model/token.js';
import type { ROLL_GRACE_SECONDS } from '../../shared/model/token.js';
import { HttpError, notFound } from '../http/errors.js';
import { expectRevision, revisionConflict } from '../http/revisions.js';
import type { Db } from '../workspace/db.js';
import type { AccessCache } from './access.js';
import { newTokenId } from './ids.js';
import { AllowlistError, parseAllowlist } from './ip-allowlist.js';
import type { SigningKeys } from './signing-keys.js';
import { toTokenInfo, tokenStatus, type TokenRow } from './token-rows.js';
import { signToken, toWholeSeconds } from './token-signing.js';
import type { UsageRecorder } from './usage.js';

export type TokenServiceOptions = {
  db: Db;
  signingKeys: SigningKeys;
  access: AccessCache;
  /** The `iss` claim (see `workspaceIssuer`). */
  issuer: string;
  /** Flushed before reads, so an answer's usage is current. */
  usage?: UsageRecorder;
  now?: () => number;
};

export type GraceSeconds = (typeof ROLL_GRACE_SECONDS)[number];
const MS_PER_SECOND = 1000;
/** Raises the revision of every key group a token is in: their membership changes with it. */
const RAISE_GROUP_REVISIONS = 'UPDATE key_groups SET revision = revision + 1 WHERE id IN (SELECT group_id FROM key_group_members WHERE token_id = ?)';

/** Tokens: issue, inspect, change, revoke, roll. Every change drops the token from the access cache. */
export class TokenService {
  private readonly db: Db;
  private readonly now: () => number;

  constructor(private readonly options: TokenServiceOptions) {
    this.db = options.db;
    this.now = options.now ?? Date.now;
  }

  list(filter: { environment?: string } = {}): TokenInfo[] {
    this.options.usage?.flush();
    const rows = (
      filter.environment === undefined
        ? this.db.prepare('SELECT * FROM tokens ORDER BY created_at DESC, id').all()
        : this.db.prepare('SELECT * FROM tokens WHERE environment = ? ORDER BY created_at DESC, id').all(filter.environment)
    ) as TokenRow[];
    const groups = new Map<string, string[]>();
    for (const { token_id, group_id } of this.db.prepare('SELECT token_id, group_id FROM key_group_members ORDER BY group_id').all() as {
      token_id: string;
      group_id: string;
    }[]) {
      (groups.get(token_id) ?? groups.set(token_id, []).get(token_id)!).push(group_id);
    }
    const at = this.now();
    return rows.map((row) => toTokenInfo(row, groups.get(row.id) ?? [], at));
  }

  get(id: string): TokenInfo {
    this.options.usage?.flush();
    return this.info(this.row(id));
  }

  async create(input: TokenCreate): Promise<IssuedToken> {
    if (!this.db.prepare('SELECT 1 FROM environments WHERE name = ?').get(input.environment)) {
      throw new HttpError(400, 'unknown_environment', `There is no environment "${input.environment}"`);
    }
    checkAllowlist(input.ipAllowlist);
    const expiresAt = input.expiresAt === null ? null : this.futureExpiry(input.expiresAt);
    const id = newTokenId();
    const issuedAtMs = this.now();
    const signed = await signToken(this.options.signingKeys, {
      issuer: this.options.issuer, tokenId: id, environment: input.environment, issuedAtMs, expiresAtMs: expiresAt === null ? null : Date.parse(expiresAt),
    });
    const now = new Date(issuedAtMs).toISOString();
    this.db
      .prepare(
        `INSERT INTO tokens (id, name, environment, scopes, vars, ip_allowlist, expires_at, signed_expires_at, rate_limit, fingerprint, kid, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, input.name, input.environment, JSON.stringify(input.scopes), JSON.stringify(input.vars), JSON.stringify(input.ipAllowlist),
        expiresAt, expiresAt, input.rateLimit === null ? null : JSON.stringify(input.rateLimit), signed.fingerprint, signed.kid, now, now);
    return { ...this.info(this.row(id)), token: signed.jwt };
  }

  /** Changes the token's settings; with `revision` (the one the client read), only while that is the stored one. */
  update(id: string, patch: TokenUpdate, revision?: number): TokenInfo {
    const row = this.row(id);
    expectRevision(`Token ${id}`, this.info(row), revision);
    if (patch.ipAllowlist !== undefined) checkAllowlist(patch.ipAllowlist);
    const expiresAt = patch.expiresAt === undefined ? row.expires_at : this.changedExpiry(row, patch.expiresAt);
    const json = <T>(value: T | undefined, current: string): string => (value === undefined ? current : JSON.stringify(value));
    const changed = this.db
      .prepare(
        `UPDATE tokens SET name = ?, scopes = ?, vars = ?, ip_allowlist = ?, expires_at = ?, rate_limit = ?, updated_at = ?, revision = revision + 1
         WHERE id = ? AND revision = ?`,
      )
      .run(
        patch.name ?? row.name, json(patch.scopes, row.scopes), json(patch.vars, row.vars), json(patch.ipAllowlist, row.ip_allowlist), expiresAt,
        patch.rateLimit === undefined ? row.rate_limit : patch.rateLimit === null ? null : JSON.stringify(patch.rateLimit), this.nowIso(), id, row.revision,
      );
    // Changed between the read and the write (another process on the same workspace).
    if (changed.changes === 0) throw revisionConflict(`Token ${id}`, this.get(id), revision ?? row.revision);
    this.options.access.invalidate([id]);
    return this.get(id);
  }

  /** Refused from the next request on. Revoking twice changes nothing. */
  revoke(id: string): TokenInfo {
    const row = this.row(id);
    if (row.revoked_at === null) {
      const now = this.nowIso();
      this.db.prepare('UPDATE tokens SET revoked_at = ?, updated_at = ?, revision = revision + 1 WHERE id = ?').run(now, now, id);
      this.options.access.invalidate([id]);
    }
    return this.get(id);
  }

  delete(id: string): void {
    this.row(id);
    this.db.transaction(() => {
      // Its key groups lose a member: a window that read them before must not put it back.
      this.db.prepare(RAISE_GROUP_REVISIONS).run(id);
      this.db.prepare('DELETE FROM tokens WHERE id = ?').run(id);
    })();
    this.options.access.invalidate([id]);
    this.options.usage?.forget(id);
  }

  /**
   * A replacement with the same settings and key groups; the old token keeps working for the
   * grace period, or stops at once when it is 0.
   */
  async roll(id: string, graceSeconds: GraceSeconds): Promise<IssuedToken> {
    const before = this.row(id);
    this.assertRollable(before);
    const newId = newTokenId();
    const issuedAtMs = this.now();
    const signed = await signToken(this.options.signingKeys, {
      issuer: this.options.issuer, tokenId: newId, environment: before.environment, issuedAtMs,
      expiresAtMs: before.expires_at === null ? null : Date.parse(before.expires_at),
    });
    const now = new Date(issuedAtMs).toISOString();
    this.db.transaction(() => {
      const old = this.row(id);
      this.assertRollable(old);
      this.db
        .prepare(
          `INSERT INTO tokens (id, name, environment, scopes, vars, ip_allowlist, expires_at, signed_expires_at, rate_limit, fingerprint, kid, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(newId, old.name, old.environment, old.scopes, old.vars, old.ip_allowlist, old.expires_at, old.expires_at, old.rate_limit,
          signed.fingerprint, signed.kid, now, now);
      this.db
        .prepare('INSERT INTO key_group_members (group_id, token_id, added_at) SELECT group_id, ?, ? FROM key_group_members WHERE token_id = ?')
        .run(newId, now, id);
      // Its key groups gain the replacement: a window that read them before must not drop it.
      this.db.prepare(RAISE_GROUP_REVISIONS).run(id);
      if (graceSeconds === 0) {
        this.db.prepare('UPDATE tokens SET revoked_at = ?, replaced_by = ?, updated_at = ?, revision = revision + 1 WHERE id = ?').run(now, newId, now, id);
      } else {
        const graceUntil = new Date(issuedAtMs + graceSeconds * MS_PER_SECOND).toISOString();
        this.db.prepare('UPDATE tokens SET grace_until = ?, replaced_by = ?, updated_at = ?, revision = revision + 1 WHERE id = ?').run(graceUntil, newId, now, id);
      }
    })();
    this.options.access.invalidate([id, newId]);
    return { ...this.info(this.row(newId)), token: signed.jwt };
  }

  private assertRollable(row: TokenRow): void {
    const status = tokenStatus(row, this.now());
    if (row.replaced_by !== null && status !== 'revoked') {
      throw new HttpError(409, 'token_already_rolled', `Token ${row.id} was already rolled; its replacement is ${row.replaced_by}`);
    }
    if (status === 'revoked') throw new HttpError(409, 'token_revoked', `Token ${row.id} is revoked and cannot be rolled: create a new token`);
    if (status === 'expired') throw new HttpError(409, 'token_expired', `Token ${row.id} has expired and cannot be rolled: create a new token`);
  }

  private changedExpiry(row: TokenRow, requested: string | null): string | null {
    const signed = row.signed_expires_at;
    const expiresAt = requested === null ? null : this.futureExpiry(requested);
    if (signed !== null && (expiresAt === null || Date.parse(expiresAt) > Date.parse(signed))) {
      throw new HttpError(
        400,
        'expiry_signed',
        `This token's expiry (${signed}) is signed into it: it can be brought forward but not removed or pushed later. Create a new token for a later expiry.`,
      );
    }
    return expiresAt;
  }

  private futureExpiry(iso: string): string {
    const expiresAt = toWholeSeconds(iso);
    if (Date.parse(expiresAt) <= this.now()) throw new HttpError(400, 'invalid_expiry', `expiresAt (${iso}) must lie in the future`);
    return expiresAt;
  }

  private row(id: string): TokenRow {
    const row = this.db.prepare('SELECT * FROM tokens WHERE id = ?').get(id) as TokenRow | undefined;
    if (!row) throw notFound(`Token ${id}`);
    return row;
  }

  private info(row: TokenRow): TokenInfo {
    const groupIds = (this.db.prepare('SELECT group_id FROM key_group_members WHERE token_id = ? ORDER BY group_id').all(row.id) as { group_id: string }[])
      .map((member) => member.group_id);
    return toTokenInfo(row, groupIds, this.now());
  }

  private nowIso(): string {
    return new Date(this.now()).toISOString();
  }
}

function checkAllowlist(entries: readonly string[]): void {
  try {
    parseAllowlist(entries);
  } catch (error) {
    if (error instanceof AllowlistError) throw new HttpError(400, 'invalid_input', `ipAllowlist: ${error.message}`);
    throw error;
  }
}
