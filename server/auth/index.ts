import type { Db } from '../workspace/db.js';
import { AccessCache } from './access.js';
import { createAuthenticator, type Authenticate } from './authenticate.js';
import type { KeyEncryption } from './key-encryption.js';
import { createRequestGuard, type RequestGuard } from './guard.js';
import { workspaceIssuer } from './ids.js';
import { KeyGroupService } from './key-groups.js';
import { DEFAULT_ADDRESS_CEILING, DEFAULT_FAILED_AUTH, RateLimits, type FailedAuthPolicy } from './rate-limits.js';
import { SigningKeys } from './signing-keys.js';
import { TokenService } from './tokens.js';
import { DEFAULT_USAGE_FLUSH_MS, UsageRecorder } from './usage.js';

export type AuthOptions = {
  /** Key-encryption key for the private signing keys (`FLOWGATE_KEK`); without it they are stored as plain PKCS8. */
  kek?: string | undefined;
  /** The KEK's key, derived once by the caller, who seals environment secrets with it too. */
  sealer?: KeyEncryption | undefined;
  /** Failures one credential (a token, or none) may cause from one address. */
  failedAuth?: FailedAuthPolicy;
  /** Failures one address may cause with any credentials before its uncached tokens go unverified. */
  addressCeiling?: FailedAuthPolicy;
  usageFlushMs?: number;
  verifiedCacheSize?: number;
  now?: () => number;
};

/** Everything tokens and key groups need, wired once per workspace. */
export type Auth = {
  issuer: string;
  signingKeys: SigningKeys;
  access: AccessCache;
  tokens: TokenService;
  keyGroups: KeyGroupService;
  usage: UsageRecorder;
  rateLimits: RateLimits;
  authenticate: Authenticate;
  /** Per runtime request: lockout, authentication, rate limits; matches the runtime listener's guard shape. */
  guard: RequestGuard;
  /** Writes pending usage and stops the flush timer; call before closing the database. */
  close(): void;
};

/** Rejects with SigningKeyError (code `kek_required` / `kek_mismatch`) when the private keys can't be read. */
export async function openAuth(db: Db, options: AuthOptions = {}): Promise<Auth> {
  const now = options.now ?? Date.now;
  const issuer = workspaceIssuer(db);
  const signingKeys = await SigningKeys.open(db, { kek: options.kek, sealer: options.sealer });
  const access = new AccessCache(db);
  const usage = new UsageRecorder(db, options.usageFlushMs ?? DEFAULT_USAGE_FLUSH_MS, now);
  const rateLimits = new RateLimits(options.failedAuth ?? DEFAULT_FAILED_AUTH, now, options.addressCeiling ?? DEFAULT_ADDRESS_CEILING);
  const authenticate = createAuthenticator({
    signingKeys, access, usage, workspaceIssuer: issuer, now,
    ...(options.verifiedCacheSize === undefined ? {} : { verifiedCacheSize: options.verifiedCacheSize }),
  });
  return {
    issuer,
    signingKeys,
    access,
    tokens: new TokenService({ db, signingKeys, access, issuer, usage, now }),
    keyGroups: new KeyGroupService(db, access, now),
    usage,
    rateLimits,
    authenticate,
    guard: createRequestGuard({ authenticate, rateLimits }),
    close: () => usage.close(),
  };
}

export { SigningKeyError } from './key-encryption.js';
export { WWW_AUTHENTICATE, type AuthResult, type AuthFailure, type AuthSuccess } from './auth-result.js';
export type { GuardResult, Admitted, Refused } from './guard.js';
export type { RateLimitDecision } from './rate-limits.js';
