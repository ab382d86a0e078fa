import type { IssuedToken, TokenCreate, TokenInfo, TokenUpdate } from '../../shared/model/token.js';
import type { ROLL_GRACE_SECONDS } from '../../shared/model/token.js';
import { HttpError, notFound } from '../http/errors.js';
import { expectRevision, revisionConflict } from '../http/revisions.js';
import type { ChangeFeed } from '../storage/changes.js';
import { newTokenId } from './ids.js';
import { AllowlistError, parseAllowlist } from './ip-allowlist.js';
import type { SigningKeys } from './signing-keys.js';
import { toTokenInfo, tokenStatus, type TokenRow } from './token-rows.js';
import { signToken, toWholeSeconds } from './token-signing.js';
import type { StoredToken, TokenStore } from './token-store.js';
import type { UsageRecorder } from './usage.js';

export type TokenServiceOptions = {
  store: TokenStore;
  signingKeys: SigningKeys;
  /** Told after every committed change, so every replica's access cache reloads. */
  changes: ChangeFeed;
  /** The `iss` claim (see `workspaceIssuer`). */
  issuer: string;
  /** Flushed before reads, so an answer's usage is current. */
  usage?: UsageRecorder;
  now?: () => number;
};

export type GraceSeconds = (typeof ROLL_GRACE_SECONDS)[number];
const MS_PER_SECOND = 1000;

/** Tokens: issue, inspect, change, revoke, roll. Every change is announced as `access` once committed. */
export class TokenService {
  private readonly store: TokenStore;
  private readonly now: () => number;

  constructor(private readonly options: TokenServiceOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
  }

  async list(filter: { environment?: string } = {}): Promise<TokenInfo[]> {
    await this.options.usage?.flush();
    const at = this.now();
    return (await this.store.list(filter.environment)).map(({ row, groupIds }) => toTokenInfo(row, groupIds, at));
  }

  async get(id: string): Promise<TokenInfo> {
    await this.options.usage?.flush();
    return this.info(await this.stored(id));
  }

  async create(input: TokenCreate): Promise<IssuedToken> {
    if (!(await this.store.environmentExists(input.environment))) {
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
    await this.store.insert({
      id, name: input.name, environment: input.environment, scopes: JSON.stringify(input.scopes), vars: JSON.stringify(input.vars),
      ip_allowlist: JSON.stringify(input.ipAllowlist), expires_at: expiresAt, signed_expires_at: expiresAt,
      rate_limit: input.rateLimit === null ? null : JSON.stringify(input.rateLimit), fingerprint: signed.fingerprint, kid: signed.kid, created_at: now, updated_at: now,
    });
    await this.announce();
    return { ...this.info(await this.stored(id)), token: signed.jwt };
  }

  /** Changes the token's settings; with `revision` (the one the client read), only while that is the stored one. */
  async update(id: string, patch: TokenUpdate, revision?: number): Promise<TokenInfo> {
    const stored = await this.stored(id);
    const { row } = stored;
    expectRevision(`Token ${id}`, this.info(stored), revision);
    if (patch.ipAllowlist !== undefined) checkAllowlist(patch.ipAllowlist);
    const expiresAt = patch.expiresAt === undefined ? row.expires_at : this.changedExpiry(row, patch.expiresAt);
    const json = <T>(value: T | undefined, current: string): string => (value === undefined ? current : JSON.stringify(value));
    const changed = await this.store.update(id, {
      name: patch.name ?? row.name, scopes: json(patch.scopes, row.scopes), vars: json(patch.vars, row.vars), ip_allowlist: json(patch.ipAllowlist, row.ip_allowlist),
      expires_at: expiresAt, rate_limit: patch.rateLimit === undefined ? row.rate_limit : patch.rateLimit === null ? null : JSON.stringify(patch.rateLimit),
      updated_at: this.nowIso(),
    }, row.revision);
    // Changed between the read and the write (another request or replica on the same workspace).
    if (!changed) throw revisionConflict(`Token ${id}`, await this.get(id), revision ?? row.revision);
    await this.announce();
    return this.get(id);
  }

  /** Refused from the next request on (on every replica once the announce is applied). Revoking twice changes nothing. */
  async revoke(id: string): Promise<TokenInfo> {
    const { row } = await this.stored(id);
    if (row.revoked_at === null && (await this.store.revoke(id, this.nowIso()))) await this.announce();
    return this.get(id);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.delete(id))) throw notFound(`Token ${id}`);
    this.options.usage?.forget(id);
    await this.announce();
  }

  /**
   * A replacement with the same settings and key groups; the old token keeps working until the
   * `grace_until` stored in its row (so every replica ends it at the same instant), or stops at once when it is 0.
   */
  async roll(id: string, graceSeconds: GraceSeconds): Promise<IssuedToken> {
    const { row: before } = await this.stored(id);
    this.assertRollable(before);
    const newId = newTokenId();
    const issuedAtMs = this.now();
    const signed = await signToken(this.options.signingKeys, {
      issuer: this.options.issuer, tokenId: newId, environment: before.environment, issuedAtMs,
      expiresAtMs: before.expires_at === null ? null : Date.parse(before.expires_at),
    });
    const at = new Date(issuedAtMs).toISOString();
    await this.store.roll(id, {
      replacement: { id: newId, fingerprint: signed.fingerprint, kid: signed.kid },
      at,
      graceUntil: graceSeconds === 0 ? null : new Date(issuedAtMs + graceSeconds * MS_PER_SECOND).toISOString(),
      check: (old) => this.assertRollable(old),
    });
    await this.announce();
    return { ...this.info(await this.stored(newId)), token: signed.jwt };
  }

  private announce(): Promise<void> {
    return this.options.changes.announce({ kind: 'access' });
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

  private async stored(id: string): Promise<StoredToken> {
    const stored = await this.store.get(id);
    if (!stored) throw notFound(`Token ${id}`);
    return stored;
  }

  private info({ row, groupIds }: StoredToken): TokenInfo {
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
