import type { TokenInfo } from '../../../shared/model/token.js';

/** A token string issued or pasted in this session (`addedAt`, epoch ms); `replacedBy` and `graceUntil` once it was rolled. */
export type SessionToken = { id: string; name: string; environment: string; token: string; addedAt?: number; replacedBy?: string; graceUntil?: string };

const isText = (value: unknown): value is string => typeof value === 'string';

export function isSessionToken(value: unknown): value is SessionToken {
  if (typeof value !== 'object' || value === null) return false;
  const token = value as Record<string, unknown>;
  return isText(token.id) && isText(token.name) && isText(token.environment) && isText(token.token) && (token.addedAt === undefined || typeof token.addedAt === 'number') && (token.replacedBy === undefined || isText(token.replacedBy)) && (token.graceUntil === undefined || isText(token.graceUntil));
}

/** After a roll: the old token is marked with its successor and the end of its grace, or dropped when it stopped at once. */
export function markRolled(tokens: readonly SessionToken[], oldId: string, newId: string, graceUntil: string | null): SessionToken[] {
  if (graceUntil === null) return tokens.filter((token) => token.id !== oldId);
  return tokens.map((token) => (token.id === oldId ? { ...token, replacedBy: newId, graceUntil } : token));
}

/**
 * The tokens in step with the workspace's list (asked for at `listedAt`, epoch ms): revoked, expired, deleted (or
 * another workspace's) ones go, rolled ones are marked; a token added after the list was asked for stays.
 */
export function inStepWith(tokens: readonly SessionToken[], infos: readonly TokenInfo[], listedAt: number): SessionToken[] {
  const byId = new Map(infos.map((info) => [info.id, info]));
  return tokens.flatMap((token) => {
    const info = byId.get(token.id);
    if (!info) return (token.addedAt ?? 0) >= listedAt ? [token] : [];
    if (info.status === 'revoked' || info.status === 'expired') return [];
    if (info.status === 'grace' && info.graceUntil) return [{ ...token, ...(info.replacedBy ? { replacedBy: info.replacedBy } : {}), graceUntil: info.graceUntil }];
    return [token];
  });
}

/** Still usable: not a rolled token past its grace. */
export const isUsable = (token: SessionToken, now: number): boolean => !token.graceUntil || Date.parse(token.graceUntil) > now;

const clock = (iso: string): string => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** How the token picker names a token: "mobile-app (dev)", with "· current" or "· old, grace until 14:05" around a roll. */
export function tokenLabel(token: SessionToken, all: readonly SessionToken[]): string {
  const base = `${token.name} (${token.environment})`;
  if (token.graceUntil) return `${base} · old, grace until ${clock(token.graceUntil)}`;
  if (all.some((other) => other.replacedBy === token.id)) return `${base} · current`;
  return base;
}
