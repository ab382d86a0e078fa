/** What a successful signature check proved about a token string. */
export type VerifiedClaims = {
  readonly tokenId: string;
  readonly audience: string | readonly string[];
  /** Infinity when the token has no `exp`. */
  readonly expiresAtMs: number;
  readonly kid: string;
};

export const DEFAULT_VERIFIED_CACHE_SIZE = 10_000;

/**
 * Token string → verified claims, so a repeat caller costs a Map lookup instead of an Ed25519
 * verification. Bounded: the oldest entry goes first (insertion order; a hit does not reorder,
 * which keeps hits free of writes). An entry is never used at or after its `exp`.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedClaims>();

  constructor(private readonly maxEntries = DEFAULT_VERIFIED_CACHE_SIZE) {}

  get(token: string, nowMs: number): VerifiedClaims | undefined {
    const claims = this.entries.get(token);
    if (claims === undefined) return undefined;
    if (nowMs >= claims.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return claims;
  }

  set(token: string, claims: VerifiedClaims): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, claims);
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
