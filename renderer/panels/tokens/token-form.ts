import type { RateLimit } from '../../../shared/model/api.js';
import { isCidr, type KeyGroup, type TokenCreate, type TokenInfo, type TokenUpdate } from '../../../shared/model/token.js';
import { recordFromRows, rowsFromRecord, rowsValid, type KeyValueRow } from '../common/KeyValueRows.js';

/** What the token form edits; dates as the `datetime-local` input holds them (local time, minutes). */
export type TokenForm = {
  name: string;
  environment: string;
  scopes: string[];
  vars: KeyValueRow[];
  ips: string[];
  expires: boolean;
  expiresAt: string;
  rateLimited: boolean;
  rateLimit: RateLimit;
  /** Key groups the token belongs to: membership is kept on the groups, so it is saved there. */
  groupIds: string[];
};

export const DEFAULT_TOKEN_RATE_LIMIT: RateLimit = { requests: 1000, perSeconds: 60 };
const DAY_MS = 24 * 60 * 60 * 1000;
/** A new expiry starts 90 days out: a common rotation period. */
const DEFAULT_EXPIRY_DAYS = 90;

const pad = (n: number): string => String(n).padStart(2, '0');

/** An ISO instant as a `datetime-local` value in the user's time zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value (local time) as an ISO instant, or null when it is not a date. */
export function fromLocalInput(value: string): string | null {
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

export function ipProblem(text: string): string | null {
  return isCidr(text) ? null : 'Not an IPv4 or IPv6 address or range, e.g. 10.0.0.0/8 or 2001:db8::/32';
}

export function emptyTokenForm(environment: string, now = Date.now()): TokenForm {
  return {
    name: '',
    environment,
    scopes: [],
    vars: [],
    ips: [],
    expires: false,
    expiresAt: toLocalInput(new Date(now + DEFAULT_EXPIRY_DAYS * DAY_MS).toISOString()),
    rateLimited: false,
    rateLimit: DEFAULT_TOKEN_RATE_LIMIT,
    groupIds: [],
  };
}

export function formFromToken(token: TokenInfo): TokenForm {
  return {
    name: token.name,
    environment: token.environment,
    scopes: token.scopes,
    vars: rowsFromRecord(token.vars),
    ips: token.ipAllowlist,
    expires: token.expiresAt !== null,
    expiresAt: token.expiresAt ? toLocalInput(token.expiresAt) : toLocalInput(new Date(Date.now() + DEFAULT_EXPIRY_DAYS * DAY_MS).toISOString()),
    rateLimited: token.rateLimit !== null,
    rateLimit: token.rateLimit ?? DEFAULT_TOKEN_RATE_LIMIT,
    groupIds: token.groupIds,
  };
}

/** Why the form cannot be sent, or null. `original` is the token being edited, whose expiry may only move earlier. */
export function tokenFormProblem(form: TokenForm, original: TokenInfo | null, now = Date.now()): string | null {
  if (form.name.trim() === '') return 'Give the token a name, e.g. the service that will use it';
  if (!form.environment) return 'Pick an environment';
  if (!rowsValid(form.vars)) return 'Fix the variable names';
  if (form.ips.some((ip) => ip.trim() !== '' && ipProblem(ip.trim()))) return 'Fix the IP allowlist';
  if (form.expires) {
    const expiresAt = fromLocalInput(form.expiresAt);
    if (!expiresAt) return 'Pick an expiry date and time';
    if (Date.parse(expiresAt) <= now) return 'The expiry must lie in the future';
    if (original?.expiresAt && Date.parse(expiresAt) > Date.parse(original.expiresAt)) return 'An expiry can only move earlier: create a new token to extend it';
  } else if (original?.expiresAt) {
    return 'An expiry cannot be removed: create a new token instead';
  }
  return null;
}

const allowlist = (form: TokenForm): string[] => form.ips.map((ip) => ip.trim()).filter(Boolean);
const expiry = (form: TokenForm): string | null => (form.expires ? fromLocalInput(form.expiresAt) : null);
const rateLimit = (form: TokenForm): RateLimit | null => (form.rateLimited ? form.rateLimit : null);

export function createBody(form: TokenForm): TokenCreate {
  return {
    name: form.name.trim(),
    environment: form.environment,
    scopes: form.scopes,
    vars: recordFromRows(form.vars),
    ipAllowlist: allowlist(form),
    expiresAt: expiry(form),
    rateLimit: rateLimit(form),
  };
}

/** Only what changed, so an untouched expiry is not re-sent (and re-rounded). */
export function updateBody(form: TokenForm, original: TokenInfo): TokenUpdate {
  const patch: TokenUpdate = {};
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (form.name.trim() !== original.name) patch.name = form.name.trim();
  if (!same(form.scopes, original.scopes)) patch.scopes = form.scopes;
  const vars = recordFromRows(form.vars);
  if (!same(vars, original.vars)) patch.vars = vars;
  if (!same(allowlist(form), original.ipAllowlist)) patch.ipAllowlist = allowlist(form);
  const expiresAt = expiry(form);
  const unchangedExpiry = original.expiresAt !== null && form.expires && form.expiresAt === toLocalInput(original.expiresAt);
  if (!unchangedExpiry && expiresAt !== original.expiresAt) patch.expiresAt = expiresAt;
  if (!same(rateLimit(form), original.rateLimit)) patch.rateLimit = rateLimit(form);
  return patch;
}

/** A key group's new member list: what `PUT /key-groups/:id` takes as `tokenIds`. */
export type MembershipChange = { groupId: string; tokenIds: string[] };

/** The key groups whose members change when the token should be in exactly `groupIds`, with their new member lists. */
export function membershipChanges(groups: readonly Pick<KeyGroup, 'id' | 'tokenIds'>[], tokenId: string, groupIds: readonly string[]): MembershipChange[] {
  const wanted = new Set(groupIds);
  return groups.flatMap((group) => {
    const member = group.tokenIds.includes(tokenId);
    if (member === wanted.has(group.id)) return [];
    return [{ groupId: group.id, tokenIds: member ? group.tokenIds.filter((id) => id !== tokenId) : [...group.tokenIds, tokenId] }];
  });
}
