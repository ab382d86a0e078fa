import { base64url, decodeJwt, exportSPKI, SignJWT } from 'jose';
import { beforeEach, describe, expect, it } from 'vitest';
import type { IssuedToken, TokenCreateInput } from '../../../shared/model/token.js';
import { TokenCreate } from '../../../shared/model/token.js';
import { WWW_AUTHENTICATE } from '../../../server/auth/index.js';
import { check, openWorkspace, REQUIRED, type Workspace } from './setup.js';

const HOUR_MS = 3_600_000;

let ws: Workspace;
beforeEach(async () => {
  ws = await openWorkspace();
});

const create = (input: Partial<TokenCreateInput> = {}): Promise<IssuedToken> =>
  ws.auth.tokens.create(TokenCreate.parse({ name: 'billing', environment: 'dev', ...input }));

/** Signs with this workspace's real key, so only the claim under test is wrong. */
async function signOwn(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  const { kid, privateKey } = ws.auth.signingKeys.current();
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT', ...header }).sign(privateKey);
}

const invalidToken = { ok: false, status: 401, code: 'invalid_token', wwwAuthenticate: 'Bearer realm="flowgate", error="invalid_token"' };

describe("DESIGN.md's table", () => {
  it('no Authorization: Bearer → 401 unauthorized with the realm challenge', async () => {
    const expected = { ok: false, status: 401, code: 'unauthorized', wwwAuthenticate: 'Bearer realm="flowgate"' };
    expect(await check(ws.auth, undefined)).toMatchObject(expected);
    expect(await check(ws.auth, 'dXNlcjpwYXNz', { scheme: 'Basic' })).toMatchObject(expected);
  });

  it('a valid token passes, with its settings as token.*', async () => {
    const group = await ws.auth.keyGroups.create({ name: 'partners', description: '', tokenIds: [] });
    const issued = await create({ scopes: ['users:read'], vars: { tenant: 'acme' } });
    await ws.auth.keyGroups.update(group.id, { tokenIds: [issued.id] });
    const result = await check(ws.auth, issued.token, { scheme: 'bearer' });
    expect(result).toEqual({
      ok: true,
      tokenId: issued.id,
      rateLimit: null,
      token: { id: issued.id, name: 'billing', environment: 'dev', groups: ['partners'], scopes: ['users:read'], vars: { tenant: 'acme' } },
    });
  });

  it('a token of another environment → 403 wrong_environment, without a challenge', async () => {
    const { token } = await create();
    const result = await check(ws.auth, token, { environment: 'prod' });
    expect(result).toMatchObject({ ok: false, status: 403, code: 'wrong_environment' });
    expect(result).not.toHaveProperty('wwwAuthenticate');
  });

  it('missing scope → 403 insufficient_scope naming every required scope', async () => {
    const { token } = await create({ scopes: ['users:read'] });
    const auth = { ...REQUIRED, scopes: ['users:read', 'users:write'] };
    expect(await check(ws.auth, token, { auth })).toMatchObject({
      ok: false,
      status: 403,
      code: 'insufficient_scope',
      wwwAuthenticate: 'Bearer realm="flowgate", error="insufficient_scope", scope="users:read users:write"',
    });
    expect(WWW_AUTHENTICATE.insufficientScope(['a'])).toBe('Bearer realm="flowgate", error="insufficient_scope", scope="a"');
    expect(await check(ws.auth, token, { auth: { ...REQUIRED, scopes: ['users:read'] } })).toMatchObject({ ok: true });
  });

  it('key groups: only members pass, and membership changes apply to the next request', async () => {
    const issued = await create();
    const group = await ws.auth.keyGroups.create({ name: 'partners', description: '', tokenIds: [] });
    const auth = { ...REQUIRED, keyGroupIds: [group.id] };
    expect(await check(ws.auth, issued.token, { auth })).toMatchObject({ ok: false, status: 403, code: 'not_in_key_group' });
    await ws.auth.keyGroups.update(group.id, { tokenIds: [issued.id] });
    expect(await check(ws.auth, issued.token, { auth })).toMatchObject({ ok: true });
    await ws.auth.keyGroups.update(group.id, { tokenIds: [] });
    expect(await check(ws.auth, issued.token, { auth })).toMatchObject({ ok: false, code: 'not_in_key_group' });
    // An API naming no group accepts any valid token of its environment.
    expect(await check(ws.auth, issued.token)).toMatchObject({ ok: true });
  });
});

describe('bad tokens → 401 invalid_token', () => {
  it('garbage and empty bearer values', async () => {
    expect(await check(ws.auth, 'not-a-jwt')).toMatchObject(invalidToken);
    expect(await check(ws.auth, '')).toMatchObject(invalidToken);
    expect(await check(ws.auth, 'a'.repeat(10_000))).toMatchObject(invalidToken);
  });

  it('alg: none', async () => {
    const { token } = await create();
    const [, payload] = token.split('.');
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: ws.auth.signingKeys.current().kid }));
    expect(await check(ws.auth, `${header}.${payload}.`)).toMatchObject(invalidToken);
  });

  it('HS256 signed with the public key as the secret', async () => {
    const { token } = await create();
    const claims = decodeJwt(token);
    const { kid } = ws.auth.signingKeys.current();
    const jwk = ws.auth.signingKeys.jwks().keys.find((key) => key.kid === kid)!;
    const pem = await exportSPKI(ws.auth.signingKeys.verifyKey(kid)!);
    for (const secret of [pem, JSON.stringify(jwk), jwk.x!]) {
      const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid, typ: 'JWT' }).sign(new TextEncoder().encode(secret));
      expect(await check(ws.auth, forged)).toMatchObject(invalidToken);
    }
  });

  it("another workspace's token, even with the same claims", async () => {
    const other = await openWorkspace();
    const foreign = await other.auth.tokens.create(TokenCreate.parse({ name: 'x', environment: 'dev' }));
    expect(await check(ws.auth, foreign.token)).toMatchObject(invalidToken);
    // Same kid and id as a real token here, signed by the other workspace's key.
    const mine = await create();
    const { kid } = ws.auth.signingKeys.current();
    const forged = await new SignJWT(decodeJwt(mine.token))
      .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
      .sign(other.auth.signingKeys.current().privateKey);
    expect(await check(ws.auth, forged)).toMatchObject(invalidToken);
  });

  it('a tampered payload', async () => {
    const { token } = await create();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = decodeJwt(token);
    const tampered = base64url.encode(JSON.stringify({ ...claims, aud: 'prod' }));
    expect(tampered).not.toBe(payload);
    expect(await check(ws.auth, `${header}.${tampered}.${signature}`, { environment: 'prod' })).toMatchObject(invalidToken);
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await check(ws.auth, `${header}.${payload}.${flipped}`)).toMatchObject(invalidToken);
  });

  it('expired: refused whether the token was cached or not', async () => {
    const expiresAt = new Date(ws.clock.ms + HOUR_MS).toISOString();
    const cached = await create({ expiresAt });
    const fresh = await create({ expiresAt });
    expect(decodeJwt(cached.token).exp).toBe(Math.floor(Date.parse(expiresAt) / 1000));
    expect(await check(ws.auth, cached.token)).toMatchObject({ ok: true });
    ws.clock.advance(HOUR_MS + 1000);
    expect(await check(ws.auth, cached.token)).toMatchObject({ ...invalidToken, message: 'The token has expired.' });
    expect(await check(ws.auth, fresh.token)).toMatchObject(invalidToken);
  });

  it('nbf in the future', async () => {
    const { id } = await create();
    const nowS = Math.floor(ws.clock.ms / 1000);
    const early = await signOwn({ iss: ws.auth.issuer, aud: 'dev', jti: id, iat: nowS, nbf: nowS + 3600 });
    expect(await check(ws.auth, early)).toMatchObject(invalidToken);
    const onTime = await signOwn({ iss: ws.auth.issuer, aud: 'dev', jti: id, iat: nowS });
    expect(await check(ws.auth, onTime)).toMatchObject({ ok: true });
  });

  it('a wrong issuer, a missing jti or an unknown id, though signed by our key', async () => {
    const { id } = await create();
    const iat = Math.floor(ws.clock.ms / 1000);
    expect(await check(ws.auth, await signOwn({ iss: 'flowgate:ws_other', aud: 'dev', jti: id, iat }))).toMatchObject(invalidToken);
    expect(await check(ws.auth, await signOwn({ iss: ws.auth.issuer, aud: 'dev', iat }))).toMatchObject(invalidToken);
    expect(await check(ws.auth, await signOwn({ iss: ws.auth.issuer, aud: 'dev', jti: 'tok_nope', iat }))).toMatchObject(invalidToken);
  });

  it('revoked: the very next request fails, though the token was cached', async () => {
    const issued = await create();
    expect(await check(ws.auth, issued.token)).toMatchObject({ ok: true });
    await ws.auth.tokens.revoke(issued.id);
    const next = ws.auth.authenticate({ authorization: `Bearer ${issued.token}`, environment: 'dev', auth: REQUIRED, clientIp: '127.0.0.1' });
    expect(next).not.toBeInstanceOf(Promise);
    expect(next).toMatchObject({ ...invalidToken, message: 'The token has been revoked.' });
  });

  it('deleted: refused', async () => {
    const issued = await create();
    expect(await check(ws.auth, issued.token)).toMatchObject({ ok: true });
    await ws.auth.tokens.delete(issued.id);
    expect(await check(ws.auth, issued.token)).toMatchObject(invalidToken);
  });

  it('rolled with a grace period: works until the grace ends, then fails', async () => {
    const old = await create();
    const replacement = await ws.auth.tokens.roll(old.id, 60);
    expect(await check(ws.auth, old.token)).toMatchObject({ ok: true });
    expect(await check(ws.auth, replacement.token)).toMatchObject({ ok: true });
    ws.clock.advance(61_000);
    expect(await check(ws.auth, old.token)).toMatchObject(invalidToken);
    expect(await check(ws.auth, replacement.token)).toMatchObject({ ok: true });
  });
});

describe('IP allowlist', () => {
  it('IPv4 CIDRs, with IPv4-mapped IPv6 clients compared as IPv4', async () => {
    const { token } = await create({ ipAllowlist: ['10.0.0.0/8', '192.168.1.5'] });
    for (const ip of ['10.1.2.3', '::ffff:10.1.2.3', '192.168.1.5']) expect(await check(ws.auth, token, { ip })).toMatchObject({ ok: true });
    for (const ip of ['11.0.0.1', '192.168.1.6', '::1', '', 'garbage']) {
      expect(await check(ws.auth, token, { ip })).toMatchObject({ ok: false, status: 403, code: 'ip_not_allowed' });
    }
  });

  it('IPv6 CIDRs and mapped ranges', async () => {
    const { token } = await create({ ipAllowlist: ['2001:db8::/32', '::ffff:172.16.0.0/108'] });
    for (const ip of ['2001:db8::1', '2001:db8:ffff::42', '172.16.3.4', '::ffff:172.16.3.4']) {
      expect(await check(ws.auth, token, { ip })).toMatchObject({ ok: true });
    }
    for (const ip of ['2001:db9::1', '172.32.0.1', '10.0.0.1']) expect(await check(ws.auth, token, { ip })).toMatchObject({ code: 'ip_not_allowed' });
  });

  it('an allowlist change applies to the next request', async () => {
    const issued = await create();
    expect(await check(ws.auth, issued.token, { ip: '203.0.113.9' })).toMatchObject({ ok: true });
    await ws.auth.tokens.update(issued.id, { ipAllowlist: ['10.0.0.0/8'] });
    expect(await check(ws.auth, issued.token, { ip: '203.0.113.9' })).toMatchObject({ code: 'ip_not_allowed' });
    await ws.auth.tokens.update(issued.id, { ipAllowlist: [] });
    expect(await check(ws.auth, issued.token, { ip: '203.0.113.9' })).toMatchObject({ ok: true });
  });
});

describe('verified-token cache', () => {
  it('answers a repeat caller synchronously, without a second verification', async () => {
    const { token } = await create();
    const input = { authorization: `Bearer ${token}`, environment: 'dev', auth: REQUIRED, clientIp: '127.0.0.1' };
    const first = ws.auth.authenticate(input);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toMatchObject({ ok: true });
    const second = ws.auth.authenticate(input);
    expect(second).not.toBeInstanceOf(Promise);
    expect(second).toMatchObject({ ok: true });
  });

  it('settings changes show in token.* on the next request', async () => {
    const issued = await create({ vars: { tenant: 'acme' } });
    expect(await check(ws.auth, issued.token)).toMatchObject({ token: { vars: { tenant: 'acme' } } });
    await ws.auth.tokens.update(issued.id, { vars: { tenant: 'globex' }, scopes: ['a'], name: 'renamed' });
    expect(await check(ws.auth, issued.token)).toMatchObject({ token: { vars: { tenant: 'globex' }, scopes: ['a'], name: 'renamed' } });
  });
});

describe('an API that does not require auth', () => {
  const open = { required: false, keyGroupIds: [], scopes: [] };

  it('serves anonymous callers, and hands a usable token to the flow', async () => {
    const { token, id } = await create();
    expect(await check(ws.auth, undefined, { auth: open })).toEqual({ ok: true, token: null, tokenId: null, rateLimit: null });
    expect(await check(ws.auth, token, { auth: open })).toMatchObject({ ok: true, tokenId: id });
    expect(await check(ws.auth, 'garbage', { auth: open })).toMatchObject({ ok: true, token: null });
    expect(await check(ws.auth, token, { auth: open, environment: 'prod' })).toMatchObject({ ok: true, token: null });
  });
});
