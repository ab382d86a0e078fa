import { LocalChangeFeed, type Change, type ChangeFeed } from '../storage/changes.js';
import type { Storage } from '../storage/storage.js';
import { AccessCache } from './access.js';
import { createAuthenticator, type Authenticate } from './authenticate.js';
import { keyEncryption, type KeyEncryption } from './key-encryption.js';
import { createRequestGuard, type RequestGuard } from './guard.js';
import { workspaceIssuer } from './ids.js';
import { keyGroupStoreFor } from './key-group-store.js';
import { KeyGroupService } from './key-groups.js';
import type { FailedAuthPolicy, RateLimitCounters } from './rate-limits.js';
import { rateLimitsFor } from './rate-limits/for-storage.js';
import { authSettingsFor } from './settings.js';
import { signingKeyStoreFor } from './signing-key-store.js';
import { SigningKeys } from './signing-keys.js';
import { tokenStoreFor } from './token-store.js';
import { TokenService } from './tokens.js';
import { usageStoreFor } from './usage-store.js';
import { DEFAULT_USAGE_FLUSH_MS, UsageRecorder } from './usage.js';

export type AuthOptions = {
  /** Key-encryption key for the private signing keys (`FLOWGATE_KEK`); without it they are stored as plain PKCS8. */
  kek?: string | undefined;
  /** The KEK's key, derived once by the caller, who seals environment secrets with it too. */
  sealer?: KeyEncryption | undefined;
  /**
   * The workspace's change feed: writes announce `access` / `signing-keys` on it and the caches
   * reload on those (and on `workspace`). Without one, auth keeps a feed of its own (one replica).
   */
  changes?: ChangeFeed | undefined;
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
  /** In this process for SQLite; in the database, shared by every replica, for PostgreSQL. */
  rateLimits: RateLimitCounters;
  authenticate: Authenticate;
  /** Per runtime request: lockout, authentication, rate limits; matches the runtime listener's guard shape. */
  guard: RequestGuard;
  /** Writes pending usage, stops the flush timer and leaves the change feed; call before closing the database. */
  close(): Promise<void>;
};

/** Rejects with SigningKeyError (code `kek_required` / `kek_mismatch`) when the private keys can't be read. */
export async function openAuth(storage: Storage, options: AuthOptions = {}): Promise<Auth> {
  const now = options.now ?? Date.now;
  const changes = options.changes ?? new LocalChangeFeed();
  const settings = authSettingsFor(storage);
  const issuer = await workspaceIssuer(settings);
  const sealer = options.sealer ?? (options.kek ? await keyEncryption(settings, options.kek) : null);
  const signingKeys = await SigningKeys.open(signingKeyStoreFor(storage), { sealer, changes });
  const tokenStore = tokenStoreFor(storage);
  const access = new AccessCache(tokenStore);
  await access.reload();
  const unsubscribe = changes.subscribe((change) => applyChange(change, { access, signingKeys }));
  const usage = new UsageRecorder(usageStoreFor(storage), options.usageFlushMs ?? DEFAULT_USAGE_FLUSH_MS, now);
  const rateLimits = await rateLimitsFor(storage, { failedAuth: options.failedAuth, addressCeiling: options.addressCeiling, now });
  const authenticate = createAuthenticator({
    signingKeys, access, usage, workspaceIssuer: issuer, now,
    ...(options.verifiedCacheSize === undefined ? {} : { verifiedCacheSize: options.verifiedCacheSize }),
  });
  return {
    issuer,
    signingKeys,
    access,
    tokens: new TokenService({ store: tokenStore, signingKeys, changes, issuer, usage, now }),
    keyGroups: new KeyGroupService(keyGroupStoreFor(storage), changes, now),
    usage,
    rateLimits,
    authenticate,
    guard: createRequestGuard({ authenticate, rateLimits }),
    close: async () => {
      unsubscribe();
      rateLimits.close();
      await usage.close();
      if (!options.changes) await changes.close();
    },
  };
}

/** What this replica reloads when a change (its own or another replica's) is announced. */
async function applyChange(change: Change, caches: { access: AccessCache; signingKeys: SigningKeys }): Promise<void> {
  if (change.kind === 'access') await caches.access.reload();
  else if (change.kind === 'signing-keys') await caches.signingKeys.reload();
  else if (change.kind === 'workspace') await Promise.all([caches.access.reload(), caches.signingKeys.reload()]);
}

export { SigningKeyError } from './key-encryption.js';
export { WWW_AUTHENTICATE, type AuthResult, type AuthFailure, type AuthSuccess } from './auth-result.js';
export type { GuardResult, Admitted, Refused } from './guard.js';
export type { RateLimitDecision } from './rate-limits.js';
