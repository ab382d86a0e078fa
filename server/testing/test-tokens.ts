import { randomBytes } from 'node:crypto';
import type { TokenProfile } from '../../shared/model/api-tests.js';
import type { TokenContext } from '../../shared/model/runtime.js';
import type { AccessEntry } from '../auth/access.js';
import { createAuthenticator, type Authenticate } from '../auth/authenticate.js';
import { parseAllowlist } from '../auth/ip-allowlist.js';
import type { SigningKeys } from '../auth/signing-keys.js';
import { signToken } from '../auth/token-signing.js';

/** A test's token lives for one request: long enough for any deadline, too short to be worth stealing from a log. */
export const TEST_TOKEN_LIFETIME_MS = 60_000;
const TOKEN_ID_BYTES = 12;

export type TestTokenDeps = {
  signingKeys: SigningKeys;
  /** The workspace's `iss`, so the runtime's own verification takes the token. */
  issuer: string;
  /** Key-group id → name, as flows see groups (`token.groups`). */
  groupNames: ReadonlyMap<string, string>;
  now?: () => number;
};

export type IssuedTestToken = { jwt: string; tokenId: string; release: () => void };

/**
 * Tokens made from a test's token profile: signed with the workspace's current key for a minute,
 * checked by the runtime's own authenticator (signature, issuer, expiry, environment, address, key
 * groups, scopes), with the profile as their access data. Nothing is written to the workspace and
 * no token string outlives its request.
 */
export class TestTokens {
  private readonly entries = new Map<string, AccessEntry>();
  readonly authenticate: Authenticate;

  constructor(private readonly deps: TestTokenDeps) {
    this.authenticate = createAuthenticator({
      signingKeys: deps.signingKeys,
      access: { get: (tokenId) => this.entries.get(tokenId) ?? null },
      workspaceIssuer: deps.issuer,
      ...(deps.now ? { now: deps.now } : {}),
    });
  }

  /** Signs a token for the profile; `release` forgets it once its request is answered. */
  async issue(profile: TokenProfile, environment: string, name: string): Promise<IssuedTestToken> {
    const now = (this.deps.now ?? Date.now)();
    const tokenId = `tok_test_${randomBytes(TOKEN_ID_BYTES).toString('base64url')}`;
    const tokenEnvironment = profile.environment ?? environment;
    const context: TokenContext = {
      id: tokenId,
      name,
      environment: tokenEnvironment,
      groups: profile.keyGroupIds.map((id) => this.deps.groupNames.get(id) ?? id),
      scopes: [...profile.scopes],
      vars: { ...profile.vars },
    };
    this.entries.set(tokenId, {
      id: tokenId,
      name,
      environment: tokenEnvironment,
      scopes: new Set(profile.scopes),
      vars: context.vars,
      ipAllowlist: parseAllowlist([]),
      expiresAtMs: now + TEST_TOKEN_LIFETIME_MS,
      revoked: false,
      graceUntilMs: Infinity,
      groups: new Set(profile.keyGroupIds),
      rateLimit: null,
      context: Object.freeze(context),
    });
    const signed = await signToken(this.deps.signingKeys, {
      issuer: this.deps.issuer,
      tokenId,
      environment: tokenEnvironment,
      issuedAtMs: now,
      expiresAtMs: now + TEST_TOKEN_LIFETIME_MS,
    });
    return { jwt: signed.jwt, tokenId, release: () => this.entries.delete(tokenId) };
  }
}
