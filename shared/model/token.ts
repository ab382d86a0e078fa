import { z } from 'zod';
import { RateLimit, Scope } from './api.js';
import { EnvironmentName } from './environment.js';
import { plainName } from './names.js';

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const PREFIX = /^(?:0|[1-9]\d{0,2})$/;
const IPV4_BITS = 32;
const IPV6_BITS = 128;
const IPV6_GROUPS = 8;

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/** RFC 4291 text form, with an optional dotted IPv4 tail; zone ids (`%eth0`) are not addresses. */
export function isIpv6(text: string): boolean {
  const lastColon = text.lastIndexOf(':');
  if (lastColon === -1) return false;
  let head = text;
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!IPV4.test(tail)) return false;
    // A dotted tail fills the last two groups.
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string | undefined): string[] => (part ? part.split(':') : []);
  const left = groups(halves[0]);
  const right = groups(halves[1]);
  if (!left.every((g) => IPV6_GROUP.test(g)) || !right.every((g) => IPV6_GROUP.test(g))) return false;
  const count = left.length + right.length;
  return halves.length === 2 ? count < IPV6_GROUPS : count === IPV6_GROUPS;
}

/** `10.0.0.0/8`, `2001:db8::/32`, or a bare address (meaning /32 or /128). */
export function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const prefix = slash === -1 ? null : text.slice(slash + 1);
  const bits = isIpv4(address) ? IPV4_BITS : isIpv6(address) ? IPV6_BITS : 0;
  if (bits === 0) return false;
  if (prefix === null) return true;
  return PREFIX.test(prefix) && Number(prefix) <= bits;
}

export const IpRange = z
  .string()
  .trim()
  .max(64)
  .refine(isCidr, 'an allowlist entry is an IPv4 or IPv6 address, optionally with a /prefix (10.0.0.0/8, 2001:db8::/32)');

export const TokenName = plainName(z.string().trim().min(1).max(200));
export const KeyGroupName = plainName(z.string().trim().min(1).max(200));
export const TokenVars = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name is an identifier (flows read it as token.vars.<name>)'), z.string().max(10_000))
  .refine((vars) => Object.keys(vars).length <= 100, 'a token holds at most 100 variables');
export const IpAllowlist = z.array(IpRange).max(100);
/** The server also checks that it lies in the future. */
export const TokenExpiry = z.iso.datetime({ offset: true }).nullable();

export const TokenCreate = z.object({
  name: TokenName,
  environment: EnvironmentName,
  scopes: z.array(Scope).max(100).default([]),
  vars: TokenVars.default({}),
  ipAllowlist: IpAllowlist.default([]),
  expiresAt: TokenExpiry.default(null),
  rateLimit: RateLimit.nullable().default(null),
});
export type TokenCreate = z.infer<typeof TokenCreate>;
export type TokenCreateInput = z.input<typeof TokenCreate>;

/** Everything but the environment, which the signed `aud` fixes for the token's life. */
export const TokenUpdate = z.object({
  name: TokenName.optional(),
  scopes: z.array(Scope).max(100).optional(),
  vars: TokenVars.optional(),
  ipAllowlist: IpAllowlist.optional(),
  expiresAt: TokenExpiry.optional(),
  rateLimit: RateLimit.nullable().optional(),
});
export type TokenUpdate = z.infer<typeof TokenUpdate>;

/** None, 1 min, 15 min, 1 h, 24 h. */
export const ROLL_GRACE_SECONDS = [0, 60, 900, 3600, 86_400] as const;
export const TokenRoll = z.object({
  graceSeconds: z.literal(ROLL_GRACE_SECONDS, { error: `graceSeconds is one of ${ROLL_GRACE_SECONDS.join(', ')}` }),
});
export type TokenRoll = z.infer<typeof TokenRoll>;

export const KeyGroupInput = z.object({
  name: KeyGroupName,
  description: z.string().max(2000).default(''),
  tokenIds: z.array(z.string().min(1).max(100)).max(10_000).default([]),
});
export type KeyGroupInput = z.infer<typeof KeyGroupInput>;

/** Fields left out keep their value; `tokenIds`, when given, is the whole new membership. */
export const KeyGroupUpdate = z.object({
  name: KeyGroupName.optional(),
  description: z.string().max(2000).optional(),
  tokenIds: z.array(z.string().min(1).max(100)).max(10_000).optional(),
});
export type KeyGroupUpdate = z.infer<typeof KeyGroupUpdate>;

/** `grace`: rolled, and still accepted until `graceUntil`. A rolled token past its grace is `revoked`. */
export type TokenStatus = 'active' | 'revoked' | 'expired' | 'grace';

export type TokenInfo = {
  id: string;
  name: string;
  environment: string;
  scopes: string[];
  vars: Record<string, string>;
  ipAllowlist: string[];
  expiresAt: string | null;
  rateLimit: RateLimit | null;
  /** First 8 hex digits of the SHA-256 of the token string; shown as `…a1b2c3d4`. */
  fingerprint: string;
  status: TokenStatus;
  createdAt: string;
  updatedAt: string;
  revokedAt: string | null;
  graceUntil: string | null;
  replacedBy: string | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  useCount: number;
  groupIds: string[];
  /** Raised by every change of its settings (not by use); a change names the one it read (If-Match). */
  revision: number;
};

/** The only answers that hold a token string: creation and roll. */
export type IssuedToken = TokenInfo & { token: string };

export type KeyGroup = {
  id: string;
  name: string;
  description: string;
  tokenIds: string[];
  /** APIs whose draft or a deployed version names this group. */
  apiIds: string[];
  createdAt: string;
  updatedAt: string;
  /** Raised by every change, membership included; a change names the one it read (If-Match). */
  revision: number;
};

export type SigningKeyStatus = 'current' | 'verifying' | 'retired';

export type SigningKeyInfo = {
  kid: string;
  createdAt: string;
  status: SigningKeyStatus;
  retiredAt: string | null;
};
