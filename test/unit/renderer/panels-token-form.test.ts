import { describe, expect, it } from 'vitest';
import type { TokenInfo } from '../../../shared/model/token.js';
import { audienceOf, describeAudience, tokensAdmitted } from '../../../renderer/panels/access/access-model.js';
import { environmentNameProblem } from '../../../renderer/panels/environments/environment-name.js';
import { createBody, emptyTokenForm, formFromToken, fromLocalInput, ipProblem, tokenFormProblem, toLocalInput, updateBody } from '../../../renderer/panels/tokens/token-form.js';

const NOW = Date.parse('2026-06-01T12:00:00Z');

const token = (patch: Partial<TokenInfo> = {}): TokenInfo => ({
  id: 'tok_1', name: 'billing', environment: 'dev', scopes: [], vars: {}, ipAllowlist: [], expiresAt: null, rateLimit: null,
  fingerprint: 'a1b2c3d4', status: 'active', createdAt: '', updatedAt: '', revokedAt: null, graceUntil: null, replacedBy: null,
  lastUsedAt: null, lastUsedIp: null, useCount: 0, groupIds: [], revision: 1, ...patch,
});

describe('token form', () => {
  it('checks IP ranges as the server does, IPv4 and IPv6', () => {
    for (const good of ['10.0.0.0/8', '192.168.1.7', '2001:db8::/32', '::1', '::ffff:10.0.0.1/128']) expect(ipProblem(good)).toBeNull();
    for (const bad of ['10.0.0.300/8', '10.0.0.0/33', '2001:db8::/129', 'localhost', '10.0.0/8', '1:2:3:4:5:6:7:8:9']) expect(ipProblem(bad)).not.toBeNull();
  });

  it('builds the creation body: trimmed, named variables only, expiry as an ISO instant', () => {
    const form = { ...emptyTokenForm('dev', NOW), name: ' ci ', scopes: ['users:read'], vars: [{ key: 'tenant', value: 'acme' }, { key: ' ', value: '' }], ips: [' 10.0.0.0/8 ', ''], expires: true, expiresAt: toLocalInput('2027-01-01T00:00:00Z') };
    expect(tokenFormProblem(form, null, NOW)).toBeNull();
    expect(createBody(form)).toEqual({ name: 'ci', environment: 'dev', scopes: ['users:read'], vars: { tenant: 'acme' }, ipAllowlist: ['10.0.0.0/8'], expiresAt: '2027-01-01T00:00:00.000Z', rateLimit: null });
  });

  it('refuses what the server would: no name, bad variable names, bad IPs, a past expiry', () => {
    const base = { ...emptyTokenForm('dev', NOW), name: 'ci' };
    expect(tokenFormProblem({ ...base, name: ' ' }, null, NOW)).toMatch(/name/);
    expect(tokenFormProblem({ ...base, vars: [{ key: '1x', value: '' }] }, null, NOW)).toMatch(/variable/);
    expect(tokenFormProblem({ ...base, ips: ['nope'] }, null, NOW)).toMatch(/IP/);
    expect(tokenFormProblem({ ...base, expires: true, expiresAt: toLocalInput('2020-01-01T00:00:00Z') }, null, NOW)).toMatch(/future/);
  });

  it('lets an edit move the expiry earlier only, and sends only what changed', () => {
    const original = token({ expiresAt: '2027-01-01T00:00:00.000Z', scopes: ['a'] });
    const form = formFromToken(original);
    expect(updateBody(form, original)).toEqual({});
    expect(tokenFormProblem({ ...form, expiresAt: toLocalInput('2028-01-01T00:00:00Z') }, original, NOW)).toMatch(/earlier/);
    expect(tokenFormProblem({ ...form, expires: false }, original, NOW)).toMatch(/cannot be removed/);
    const earlier = { ...form, name: 'billing-2', expiresAt: toLocalInput('2026-12-01T00:00:00Z') };
    expect(tokenFormProblem(earlier, original, NOW)).toBeNull();
    expect(updateBody(earlier, original)).toEqual({ name: 'billing-2', expiresAt: fromLocalInput(earlier.expiresAt) });
  });
});

describe('who can call what', () => {
  const tokens = [
    token({ id: 'a', groupIds: ['partners'], scopes: ['orders:write'] }),
    token({ id: 'b' }),
    token({ id: 'c', environment: 'prod', groupIds: ['partners'] }),
    token({ id: 'd', status: 'revoked', groupIds: ['partners'] }),
  ];
  const ids = (list: TokenInfo[]): string[] => list.map((item) => item.id);

  it('admits live tokens of the environment, in the named groups, holding the scopes', () => {
    expect(tokensAdmitted(audienceOf({ required: false, keyGroupIds: [], scopes: [] }, 'dev'), tokens)).toEqual([]);
    expect(ids(tokensAdmitted(audienceOf({ required: true, keyGroupIds: [], scopes: [] }, 'dev'), tokens))).toEqual(['a', 'b']);
    expect(ids(tokensAdmitted(audienceOf({ required: true, keyGroupIds: ['partners'], scopes: [] }, 'dev'), tokens))).toEqual(['a']);
    expect(ids(tokensAdmitted(audienceOf({ required: true, keyGroupIds: [], scopes: ['orders:write'] }, 'dev'), tokens))).toEqual(['a']);
  });

  it('says who in words', () => {
    const name = (id: string): string => (id === 'kg' ? 'partners' : id);
    expect(describeAudience(audienceOf({ required: false, keyGroupIds: [], scopes: [] }, 'dev'), name)).toBe('Anyone, no token');
    expect(describeAudience(audienceOf({ required: true, keyGroupIds: [], scopes: [] }, 'dev'), name)).toBe('Any token of dev');
    expect(describeAudience(audienceOf({ required: true, keyGroupIds: ['kg'], scopes: ['x'] }, 'prod'), name)).toBe('Tokens of prod in partners with x');
  });
});

describe('environment names', () => {
  it('follows the server: lowercase, 1–32, starts with a letter, not reserved or taken', () => {
    expect(environmentNameProblem('staging', ['dev'])).toBeNull();
    expect(environmentNameProblem('Staging', [])).toMatch(/Lowercase/);
    expect(environmentNameProblem('1st', [])).toMatch(/letter/);
    expect(environmentNameProblem('a'.repeat(33), [])).toMatch(/32/);
    expect(environmentNameProblem('qa_1', [])).toMatch(/digits/);
    expect(environmentNameProblem('admin', [])).toMatch(/reserved/);
    expect(environmentNameProblem('dev', ['dev'])).toMatch(/exists/);
  });
});
