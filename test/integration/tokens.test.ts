import { createLocalJWKSet, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../support/http.js';
import { ENGINES, startTestServerOn } from '../support/engines.js';
import type { TestServer } from '../support/test-server.js';
import {
  b64url, call, CHALLENGE, createToken, decodeJwt, expectOk, expectRefused, freshIp, guarded, publish, sleep, workspaceSigner,
} from '../support/tokens.js';
import { edit } from '../support/revisions.js';

/**
 * DESIGN.md "What a request gets", the rows about tokens, over real HTTP against
 * the server on a loopback port. One server for the file; each test has its own API paths and calls from its
 * own loopback address, so failed-authentication counters never cross tests.
 */
describe.each(ENGINES)('tokens at the runtime: what a request gets (%s)', (engine) => {
  let server: TestServer;
  let url: (path: string, environment?: string) => string;

  beforeAll(async () => {
    server = await startTestServerOn(engine);
    url = (path, environment = 'dev') => `${server.runtimeUrl}/${environment}${path}`;
    const id = await publish(server, guarded('/private'));
    const published = await server.admin('POST', `/apis/${id}/publish`, { environment: 'prod' });
    expect(published.status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
  });

  describe('401: no token', () => {
    it('answers 401 unauthorized with the bare challenge when there is no Authorization header', async () => {
      expectRefused(await call(url('/private'), { from: freshIp() }), 401, 'unauthorized', CHALLENGE.unauthorized);
    });

    it('treats another scheme (Basic) as no bearer token at all', async () => {
      const from = freshIp();
      expectRefused(await call(url('/private'), { from, authorization: 'Basic dXNlcjpwYXNz' }), 401, 'unauthorized', CHALLENGE.unauthorized);
      expectRefused(await call(url('/private'), { from, authorization: 'Bearer' }), 401, 'unauthorized', CHALLENGE.unauthorized);
    });
  });

  describe('401 invalid_token: the token is not one this workspace signed as it stands', () => {
    it('malformed', async () => {
      const from = freshIp();
      for (const authorization of ['Bearer not-a-jwt', 'Bearer a.b.c', 'Bearer \u00e9.x.y', `Bearer ${'x'.repeat(5000)}`, 'Bearer e30.e30.']) {
        expectRefused(await call(url('/private'), { from, authorization }), 401, 'invalid_token', CHALLENGE.invalidToken);
      }
    });

    it('bad signature: our header and payload with a flipped signature, or signed by a stranger’s Ed25519 key', async () => {
      const from = freshIp();
      const { token } = await createToken(server);
      expectOk(await call(url('/private'), { from, token }));
      const [header, payload, signature] = token.split('.');
      const flipped = Buffer.from(signature!, 'base64url');
      flipped[0] = flipped[0]! ^ 0x01;
      expectRefused(await call(url('/private'), { from, token: `${header}.${payload}.${flipped.toString('base64url')}` }), 401, 'invalid_token', CHALLENGE.invalidToken);

      const stranger = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const claims = decodeJwt(token);
      const forged = await new SignJWT(claims.payload).setProtectedHeader(claims.header).sign(stranger.privateKey);
      expectRefused(await call(url('/private'), { from, token: forged }), 401, 'invalid_token', CHALLENGE.invalidToken);
    });

    it('wrong alg: `alg: none`', async () => {
      const from = freshIp();
      const { token } = await createToken(server);
      const { header, payload } = decodeJwt(token);
      for (const alg of ['none', 'None', 'NONE']) {
        const unsigned = `${b64url({ ...header, alg })}.${b64url(payload)}.`;
        expectRefused(await call(url('/private'), { from, token: unsigned }), 401, 'invalid_token', CHALLENGE.invalidToken);
      }
    });

    it('wrong alg: HS256 signed with the public key (from the JWKS) as the HMAC secret', async () => {
      const from = freshIp();
      const { token } = await createToken(server);
      const { header, payload } = decodeJwt(token);
      const jwks = await getJson(`${server.runtimeUrl}/.well-known/jwks.json`);
      const jwk = jwks.body.keys.find((key: any) => key.kid === header.kid);
      expect(jwk).toBeDefined();
      const secrets = [
        new TextEncoder().encode(JSON.stringify(jwk)),
        new TextEncoder().encode(JSON.stringify(jwks.body)),
        Buffer.from(jwk.x, 'base64url'),
        new TextEncoder().encode(jwk.x),
      ];
      for (const secret of secrets) {
        for (const alg of ['HS256', 'HS512']) {
          const forged = await new SignJWT(payload).setProtectedHeader({ ...header, alg }).sign(secret);
          expectRefused(await call(url('/private'), { from, token: forged }), 401, 'invalid_token', CHALLENGE.invalidToken);
        }
      }
    });

    it('a token of another workspace (a second server)', async () => {
      const other = await startTestServerOn(engine);
      try {
        const id = await publish(other, guarded('/private'));
        expect(id).toEqual(expect.any(String));
        const foreign = await createToken(other);
        expectOk(await call(`${other.runtimeUrl}/dev/private`, { token: foreign.token }));
        expectRefused(await call(url('/private'), { from: freshIp(), token: foreign.token }), 401, 'invalid_token', CHALLENGE.invalidToken);
      } finally {
        await other.close();
      }
    });

    // workspaceSigner reads the sealed key from the SQLite file: SQLite only.
    it.runIf(engine === 'sqlite')('a token signed with our own key but another workspace’s issuer', async () => {
      const from = freshIp();
      const { id } = await createToken(server);
      const signer = await workspaceSigner(server.dbFile, server.kek);
      const now = Math.floor(Date.now() / 1000);
      const good = await signer.sign({ iss: signer.issuer, aud: 'dev', jti: id, iat: now });
      expectOk(await call(url('/private'), { from, token: good }));
      const foreignIssuer = await signer.sign({ iss: 'flowgate:ws_someoneelse', aud: 'dev', jti: id, iat: now });
      expectRefused(await call(url('/private'), { from, token: foreignIssuer }), 401, 'invalid_token', CHALLENGE.invalidToken);
    });

    it('tampered payload: aud or jti changed, signature kept', async () => {
      const from = freshIp();
      const mine = await createToken(server);
      const another = await createToken(server, { name: 'another' });
      const { header, payload, signature } = decodeJwt(mine.token);
      const tamper = (changes: Record<string, unknown>): string => `${b64url(header)}.${b64url({ ...payload, ...changes })}.${signature}`;
      expectRefused(await call(url('/private', 'prod'), { from, token: tamper({ aud: 'prod' }) }), 401, 'invalid_token', CHALLENGE.invalidToken);
      expectRefused(await call(url('/private'), { from, token: tamper({ jti: another.id }) }), 401, 'invalid_token', CHALLENGE.invalidToken);
      expectRefused(await call(url('/private'), { from, token: tamper({ exp: payload.iat + 3600 }) }), 401, 'invalid_token', CHALLENGE.invalidToken);
      expectOk(await call(url('/private'), { from, token: mine.token }));
    });

    it('expired: works until its expiry, 401 from then on', async () => {
      const from = freshIp();
      // Expiry is kept in whole seconds: the next whole second after one from now.
      const expiresAt = new Date((Math.floor(Date.now() / 1000) + 2) * 1000);
      const { id, token } = await createToken(server, { expiresAt: expiresAt.toISOString() });
      expect(decodeJwt(token).payload.exp).toBe(expiresAt.getTime() / 1000);
      expectOk(await call(url('/private'), { from, token }));
      await sleep(expiresAt.getTime() - Date.now() + 50);
      const expired = await call(url('/private'), { from, token });
      expectRefused(expired, 401, 'invalid_token', CHALLENGE.invalidToken);
      expect(expired.json.error.message).toContain('expired');
      expect((await server.admin('GET', `/tokens/${id}`)).body.status).toBe('expired');
    });

    // workspaceSigner reads the sealed key from the SQLite file: SQLite only.
    it.runIf(engine === 'sqlite')('nbf in the future (a token signed with the workspace’s own key, read from its database and unsealed with its KEK)', async () => {
      // The admin API never issues an nbf, so this signs one with the workspace's real key; the
      // same claims without nbf pass, so the refusal is the nbf's alone.
      const from = freshIp();
      const { id } = await createToken(server);
      const signer = await workspaceSigner(server.dbFile, server.kek);
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: signer.issuer, aud: 'dev', jti: id, iat: now };
      expectOk(await call(url('/private'), { from, token: await signer.sign(claims) }));
      expectOk(await call(url('/private'), { from, token: await signer.sign({ ...claims, nbf: now - 10 }) }));
      const early = await signer.sign({ ...claims, nbf: now + 3600 });
      expectRefused(await call(url('/private'), { from, token: early }), 401, 'invalid_token', CHALLENGE.invalidToken);
    });

    it('unknown (deleted) and revoked: refused on the very next request', async () => {
      const from = freshIp();
      const revoked = await createToken(server);
      expectOk(await call(url('/private'), { from, token: revoked.token }));
      expect((await server.admin('POST', `/tokens/${revoked.id}/revoke`)).status).toBe(200);
      const afterRevoke = await call(url('/private'), { from, token: revoked.token });
      expectRefused(afterRevoke, 401, 'invalid_token', CHALLENGE.invalidToken);
      expect(afterRevoke.json.error.message).toContain('revoked');

      const deleted = await createToken(server);
      expectOk(await call(url('/private'), { from, token: deleted.token }));
      expect((await server.admin('DELETE', `/tokens/${deleted.id}`)).status).toBe(204);
      expectRefused(await call(url('/private'), { from, token: deleted.token }), 401, 'invalid_token', CHALLENGE.invalidToken);
    });
  });

  describe('403: a genuine token that may not call this API', () => {
    it('wrong aud: a prod token on /dev, and the same dev token on /prod, get 403 wrong_environment', async () => {
      const from = freshIp();
      const prod = await createToken(server, { environment: 'prod' });
      expect(decodeJwt(prod.token).payload.aud).toBe('prod');
      expectOk(await call(url('/private', 'prod'), { from, token: prod.token }));
      expectRefused(await call(url('/private'), { from, token: prod.token }), 403, 'wrong_environment');

      const dev = await createToken(server);
      expectOk(await call(url('/private'), { from, token: dev.token }));
      expectRefused(await call(url('/private', 'prod'), { from, token: dev.token }), 403, 'wrong_environment');
    });

    it('IP allowlist: refused outside it, admitted on the very next request once the address is added', async () => {
      const from = freshIp();
      const { id, token } = await createToken(server, { ipAllowlist: ['10.0.0.0/8'] });
      expectRefused(await call(url('/private'), { from, token }), 403, 'ip_not_allowed');
      const patched = await edit(server, 'PATCH', `/tokens/${id}`, { ipAllowlist: ['10.0.0.0/8', `${from}/32`] });
      expect(patched.status).toBe(200);
      expectOk(await call(url('/private'), { from, token }));
      expectRefused(await call(url('/private'), { from: freshIp(), token }), 403, 'ip_not_allowed');
      expect((await edit(server, 'PATCH', `/tokens/${id}`, { ipAllowlist: ['10.0.0.0/8'] })).status).toBe(200);
      expectRefused(await call(url('/private'), { from, token }), 403, 'ip_not_allowed');
    });

    it('IP allowlist in IPv6 terms: ::1 does not admit 127.x, an IPv4-mapped range does', async () => {
      const from = freshIp();
      const { id, token } = await createToken(server, { ipAllowlist: ['::1/128', '2001:db8::/32'] });
      expectRefused(await call(url('/private'), { from, token }), 403, 'ip_not_allowed');
      expect((await edit(server, 'PATCH', `/tokens/${id}`, { ipAllowlist: ['::ffff:127.0.0.0/104'] })).status).toBe(200);
      expectOk(await call(url('/private'), { from, token }));
    });

    it('ignores X-Forwarded-For and its kin: the socket address decides', async () => {
      const from = freshIp();
      const { token } = await createToken(server, { ipAllowlist: ['10.0.0.0/8'] });
      const claimed = { 'x-forwarded-for': '10.1.2.3', 'x-real-ip': '10.1.2.3', forwarded: 'for=10.1.2.3', 'true-client-ip': '10.1.2.3' };
      expectRefused(await call(url('/private'), { from, token, headers: claimed }), 403, 'ip_not_allowed');
      // Nor does a forwarded header get a token refused that its real address allows.
      const local = await createToken(server, { ipAllowlist: [`${from}/32`] });
      expectOk(await call(url('/private'), { from, token: local.token, headers: { 'x-forwarded-for': '203.0.113.9' } }));
    });

    it('key groups: not in the API’s group → 403 not_in_key_group; added → 200 next request; removed → 403 next request', async () => {
      const from = freshIp();
      const group = await server.admin('POST', '/key-groups', { name: 'partners-kg', description: 'partners' });
      expect(group.status).toBe(201);
      const other = await server.admin('POST', '/key-groups', { name: 'others-kg' });
      await publish(server, guarded('/kg/partners', { keyGroupIds: [group.body.id] }));
      const { id, token } = await createToken(server);
      expect((await edit(server, 'PUT', `/key-groups/${other.body.id}`, { tokenIds: [id] })).status).toBe(200);

      expectRefused(await call(url('/kg/partners'), { from, token }), 403, 'not_in_key_group');
      const added = await edit(server, 'PUT', `/key-groups/${group.body.id}`, { tokenIds: [id] });
      expect(added.status).toBe(200);
      expect(added.body.tokenIds).toEqual([id]);
      expectOk(await call(url('/kg/partners'), { from, token }));
      expect((await edit(server, 'PUT', `/key-groups/${group.body.id}`, { tokenIds: [] })).status).toBe(200);
      expectRefused(await call(url('/kg/partners'), { from, token }), 403, 'not_in_key_group');

      // An API naming two groups takes a member of either; one naming none takes any valid token.
      await publish(server, guarded('/kg/either', { keyGroupIds: [group.body.id, other.body.id] }));
      expectOk(await call(url('/kg/either'), { from, token }));
      expectOk(await call(url('/private'), { from, token }));
    });

    it('deleting a key group an API uses is refused with 409 naming the API', async () => {
      const group = await server.admin('POST', '/key-groups', { name: 'in-use-kg' });
      const apiId = await publish(server, guarded('/kg/in-use', { keyGroupIds: [group.body.id], name: 'Uses the group' }));
      const refused = await server.admin('DELETE', `/key-groups/${group.body.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('key_group_in_use');
      expect(refused.body.error.message).toContain('"Uses the group"');
      expect(refused.body.error.message).toContain(apiId);
      expect(refused.body.error.details).toEqual({ apis: [{ id: apiId, name: 'Uses the group' }] });
      expect((await server.admin('GET', `/key-groups/${group.body.id}`)).status).toBe(200);

      const unused = await server.admin('POST', '/key-groups', { name: 'unused-kg' });
      expect((await server.admin('DELETE', `/key-groups/${unused.body.id}`)).status).toBe(204);
    });

    it('missing scope → 403 insufficient_scope with the scope list; granted → 200 next request', async () => {
      const from = freshIp();
      await publish(server, guarded('/scoped', { scopes: ['users:read', 'users:write'] }));
      const { id, token } = await createToken(server, { scopes: ['users:read'] });
      expectRefused(await call(url('/scoped'), { from, token }), 403, 'insufficient_scope', CHALLENGE.insufficientScope(['users:read', 'users:write']));
      expect((await edit(server, 'PATCH', `/tokens/${id}`, { scopes: ['users:read', 'users:write', 'other'] })).status).toBe(200);
      expectOk(await call(url('/scoped'), { from, token }));
      expect((await edit(server, 'PATCH', `/tokens/${id}`, { scopes: ['users:write'] })).status).toBe(200);
      expectRefused(await call(url('/scoped'), { from, token }), 403, 'insufficient_scope', CHALLENGE.insufficientScope(['users:read', 'users:write']));
    });
  });

  it('refuses a token in the query string (access_token, token, api_key) with 400 token_in_url, header or not', async () => {
    const from = freshIp();
    const { token } = await createToken(server);
    for (const name of ['access_token', 'token', 'api_key']) {
      expectRefused(await call(`${url('/private')}?${name}=${token}`, { from }), 400, 'token_in_url');
      expectRefused(await call(`${url('/private')}?x=1&${name}=${token}`, { from, token }), 400, 'token_in_url');
    }
    expectOk(await call(url('/private'), { from, token }));
  });

  it('roll with a grace period: old and new both work; rolled with grace 0, the old one stops at once', async () => {
    const from = freshIp();
    const group = await server.admin('POST', '/key-groups', { name: 'roll-kg' });
    await publish(server, guarded('/roll', { keyGroupIds: [group.body.id], scopes: ['r'], body: '{"id": token.id, "vars": token.vars}' }));
    const first = await createToken(server, { scopes: ['r'], vars: { tenant: 'acme' } });
    await edit(server, 'PUT', `/key-groups/${group.body.id}`, { tokenIds: [first.id] });
    expectOk(await call(url('/roll'), { from, token: first.token }));

    const rolled = await server.admin('POST', `/tokens/${first.id}/roll`, { graceSeconds: 60 });
    expect(rolled.status).toBe(201);
    const second = { id: rolled.body.id as string, token: rolled.body.token as string };
    expect(second.token).not.toBe(first.token);
    expect(rolled.body).toMatchObject({ scopes: ['r'], vars: { tenant: 'acme' }, groupIds: [group.body.id], status: 'active' });
    expect((await server.admin('GET', `/tokens/${first.id}`)).body).toMatchObject({ status: 'grace', replacedBy: second.id });

    const old = await call(url('/roll'), { from, token: first.token });
    expectOk(old);
    expect(old.json).toEqual({ id: first.id, vars: { tenant: 'acme' } });
    const fresh = await call(url('/roll'), { from, token: second.token });
    expectOk(fresh);
    expect(fresh.json).toEqual({ id: second.id, vars: { tenant: 'acme' } });

    const rolledAgain = await server.admin('POST', `/tokens/${second.id}/roll`, { graceSeconds: 0 });
    expect(rolledAgain.status).toBe(201);
    expectRefused(await call(url('/roll'), { from, token: second.token }), 401, 'invalid_token', CHALLENGE.invalidToken);
    expectOk(await call(url('/roll'), { from, token: rolledAgain.body.token }));
    // The first token's own grace is still running.
    expectOk(await call(url('/roll'), { from, token: first.token }));
    // Only the listed grace periods exist.
    expect((await server.admin('POST', `/tokens/${rolledAgain.body.id}/roll`, { graceSeconds: 5 })).status).toBe(400);
  });

  it('hands the token’s name, variables, scopes and groups to flows as token.*, current on the next request', async () => {
    const from = freshIp();
    const body = '{"id": token.id, "name": token.name, "environment": token.environment, "vars": token.vars, "scopes": token.scopes, "groups": token.groups}';
    await publish(server, guarded('/whoami', { body }));
    const { id, token } = await createToken(server, { name: 'billing-service', scopes: ['users:read', 'billing'], vars: { tenant: 'acme', plan: 'gold' } });
    const group = await server.admin('POST', '/key-groups', { name: 'partners', tokenIds: [id] });
    expect(group.status).toBe(201);
    const answer = await call(url('/whoami'), { from, token });
    expectOk(answer);
    expect(answer.json).toEqual({
      id, name: 'billing-service', environment: 'dev', vars: { tenant: 'acme', plan: 'gold' }, scopes: ['users:read', 'billing'], groups: ['partners'],
    });

    await edit(server, 'PATCH', `/tokens/${id}`, { vars: { tenant: 'globex' }, name: 'billing-v2' });
    await edit(server, 'PUT', `/key-groups/${group.body.id}`, { name: 'partners-renamed' });
    const changed = await call(url('/whoami'), { from, token });
    expect(changed.json).toMatchObject({ name: 'billing-v2', vars: { tenant: 'globex' }, groups: ['partners-renamed'] });

    // On an API that does not require a token, a caller without one (or with a bad one) is anonymous.
    await publish(server, { ...guarded('/whoami-open', { body: '{"token": token}' }), auth: { required: false, keyGroupIds: [], scopes: [] } });
    expect((await call(url('/whoami-open'), { from })).json).toEqual({ token: null });
    expect((await call(url('/whoami-open'), { from, token: 'garbage' })).json).toEqual({ token: null });
    expect((await call(url('/whoami-open'), { from, token })).json.token).toMatchObject({ id, name: 'billing-v2' });
  });

  it('serves the public keys as a JWKS; after a rotation both, and tokens of either key work until the old one is retired', async () => {
    const from = freshIp();
    const before = await getJson(`${server.runtimeUrl}/.well-known/jwks.json`);
    expect(before.status).toBe(200);
    expect(before.body.keys).toHaveLength(1);
    const [oldKey] = before.body.keys;
    expect(oldKey).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.any(String), alg: 'EdDSA', use: 'sig' });
    const old = await createToken(server);
    expect(decodeJwt(old.token).header).toEqual({ alg: 'EdDSA', kid: oldKey.kid, typ: 'JWT' });
    expectOk(await call(url('/private'), { from, token: old.token }));

    const rotated = await server.admin('POST', '/signing-keys/rotate');
    expect(rotated.status).toBe(201);
    const after = await getJson(`${server.runtimeUrl}/.well-known/jwks.json`);
    expect(after.body.keys.map((key: any) => key.kid).sort()).toEqual([oldKey.kid, rotated.body.kid].sort());
    for (const key of after.body.keys) expect(Object.keys(key).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);

    const fresh = await createToken(server);
    expect(decodeJwt(fresh.token).header.kid).toBe(rotated.body.kid);
    expectOk(await call(url('/private'), { from, token: old.token }));
    expectOk(await call(url('/private'), { from, token: fresh.token }));
    // A client can check both tokens against the published JWKS.
    const keySet = createLocalJWKSet(after.body);
    for (const token of [old.token, fresh.token]) {
      await expect(jwtVerify(token, keySet, { algorithms: ['EdDSA'], audience: 'dev' })).resolves.toBeDefined();
    }

    expect((await server.admin('POST', `/signing-keys/${oldKey.kid}/retire`)).status).toBe(200);
    expectRefused(await call(url('/private'), { from, token: old.token }), 401, 'invalid_token', CHALLENGE.invalidToken);
    expectOk(await call(url('/private'), { from, token: fresh.token }));
    expect((await getJson(`${server.runtimeUrl}/.well-known/jwks.json`)).body.keys.map((key: any) => key.kid)).toEqual([rotated.body.kid]);
  });
});
