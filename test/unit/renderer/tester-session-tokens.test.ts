import { describe, expect, it } from 'vitest';
import { inStepWith, isSessionToken, isUsable, markRolled, tokenLabel, type SessionToken } from '../../../renderer/panels/tokens/rolled-tokens.js';
import type { TokenInfo } from '../../../shared/model/token.js';

const token = (id: string, extra: Partial<SessionToken> = {}): SessionToken => ({ id, name: 'mobile-app', environment: 'dev', token: `jwt-${id}`, addedAt: 1000, ...extra });
const info = (id: string, status: TokenInfo['status'], extra: Partial<TokenInfo> = {}): TokenInfo => ({ id, status, graceUntil: null, replacedBy: null, ...extra }) as TokenInfo;

describe('tokens kept for the tester', () => {
  it('labels a rolled pair: the new one current, the old one with the end of its grace, each once', () => {
    const rolled = markRolled([token('new'), token('old')], 'old', 'new', '2030-01-01T14:05:00Z');
    expect(rolled.map((item) => item.id)).toEqual(['new', 'old']);
    expect(tokenLabel(rolled[0]!, rolled)).toBe('mobile-app (dev) · current');
    expect(tokenLabel(rolled[1]!, rolled)).toMatch(/^mobile-app \(dev\) · old, grace until \d\d:\d\d/);
    expect(tokenLabel(token('solo'), [token('solo')])).toBe('mobile-app (dev)');
  });

  it('drops the old token at once when the roll gave no grace, and one past its grace is not offered', () => {
    expect(markRolled([token('new'), token('old')], 'old', 'new', null).map((item) => item.id)).toEqual(['new']);
    expect(isUsable(token('old', { graceUntil: '2020-01-01T00:00:00Z' }), Date.parse('2021-01-01T00:00:00Z'))).toBe(false);
    expect(isUsable(token('new'), Date.now())).toBe(true);
  });

  it('follows the workspace: revoked, expired and unknown tokens go, rolled ones are marked, newer ones stay', () => {
    const kept = [token('a'), token('b'), token('c'), token('d'), token('e', { addedAt: 5000 })];
    const infos = [info('a', 'active'), info('b', 'revoked'), info('c', 'expired'), info('f', 'active'), info('d', 'grace', { graceUntil: '2030-01-01T00:00:00Z', replacedBy: 'f' })];
    const synced = inStepWith(kept, infos, 2000);
    expect(synced.map((item) => item.id)).toEqual(['a', 'd', 'e']);
    expect(synced[1]).toMatchObject({ replacedBy: 'f', graceUntil: '2030-01-01T00:00:00Z' });
  });

  it('reads back only well-formed kept tokens', () => {
    expect(isSessionToken(token('a'))).toBe(true);
    expect(isSessionToken({ id: 'a', name: 'x', environment: 'dev' })).toBe(false);
    expect(isSessionToken({ ...token('a'), graceUntil: 5 })).toBe(false);
  });
});
