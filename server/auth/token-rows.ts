import type { RateLimit } from '../../shared/model/api.js';
import type { TokenInfo, TokenStatus } from '../../shared/model/token.js';

export type TokenRow = {
  id: string;
  name: string;
  environment: string;
  scopes: string;
  vars: string;
  ip_allowlist: string;
  expires_at: string | null;
  signed_expires_at: string | null;
  rate_limit: string | null;
  fingerprint: string;
  kid: string;
  revoked_at: string | null;
  grace_until: string | null;
  replaced_by: string | null;
  last_used_at: string | null;
  last_used_ip: string | null;
  use_count: number;
  created_at: string;
  updated_at: string;
  revision: number;
};

export function tokenStatus(row: Pick<TokenRow, 'revoked_at' | 'expires_at' | 'grace_until'>, nowMs: number): TokenStatus {
  if (row.revoked_at !== null) return 'revoked';
  if (row.expires_at !== null && nowMs >= Date.parse(row.expires_at)) return 'expired';
  if (row.grace_until !== null) return nowMs < Date.parse(row.grace_until) ? 'grace' : 'revoked';
  return 'active';
}

export function toTokenInfo(row: TokenRow, groupIds: string[], nowMs: number): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    environment: row.environment,
    scopes: JSON.parse(row.scopes) as string[],
    vars: JSON.parse(row.vars) as Record<string, string>,
    ipAllowlist: JSON.parse(row.ip_allowlist) as string[],
    expiresAt: row.expires_at,
    rateLimit: row.rate_limit === null ? null : (JSON.parse(row.rate_limit) as RateLimit),
    fingerprint: row.fingerprint,
    status: tokenStatus(row, nowMs),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    revokedAt: row.revoked_at,
    graceUntil: row.grace_until,
    replacedBy: row.replaced_by,
    lastUsedAt: row.last_used_at,
    lastUsedIp: row.last_used_ip,
    useCount: row.use_count,
    groupIds,
    revision: row.revision,
  };
}
