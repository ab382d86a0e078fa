import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../support/http.js';
import { serve, type Served } from '../support/serve.js';
import { makeTempDir, removeTempDirs } from '../support/temp.js';
import { call, createToken, expectOk, expectRefused, freshIp, guarded, publish } from '../support/tokens.js';
import { edit } from '../support/revisions.js';

/**
 * A token string is shown once, in the creation (or roll) answer, and is nowhere else: not in
 * the workspace files, the request log, the server's output or any other admin answer. A real
 * `flowgate serve`, for its output and its SIGTERM; the folder is the test's, to read after the stop.
 */
describe('a token string appears nowhere after it is handed out', () => {
  let server: Served;
  const secrets: string[] = [];
  const handedOut: string[] = [];
  let tokenIds: string[] = [];
  let groupId = '';

  /** The whole token, and its signature alone (the part nothing else could rebuild). */
  const needles = (): string[] => secrets.flatMap((token) => [token, token.split('.')[2]!]);

  const expectAbsent = (haystack: string | Buffer, where: string): void => {
    const text = Buffer.isBuffer(haystack) ? haystack.toString('latin1') : haystack;
    for (const needle of needles()) expect(text.includes(needle), `a token in ${where}`).toBe(false);
  };

  /** Every file of the workspace folder: the database, its -wal and -shm while open, the admin key and KEK files. */
  const workspaceFiles = (open: boolean): string[] => {
    const files = readdirSync(server.dir).map((name) => path.join(server.dir, name));
    expect(files).toContain(server.dbFile);
    if (open) expect(files).toEqual(expect.arrayContaining([`${server.dbFile}-wal`, `${server.dbFile}-shm`]));
    return files;
  };

  beforeAll(async () => {
    server = await serve({ dir: makeTempDir() });
    const from = freshIp();
    await publish(server, guarded('/secret', { body: '{"token": token, "headers": request.headers}' }));

    const created = await createToken(server, { name: 'secret-keeper', vars: { tenant: 'acme' }, scopes: ['s'], ipAllowlist: ['127.0.0.0/8'] });
    const group = await server.admin('POST', '/key-groups', { name: 'keepers', tokenIds: [created.id] });
    groupId = group.body.id;
    secrets.push(created.token);
    handedOut.push(JSON.stringify(created.body));

    const used = await call(`${server.runtimeUrl}/dev/secret`, { from, token: created.token });
    expectOk(used);
    // Flows never see the Authorization header.
    expect(used.text.includes(created.token)).toBe(false);
    expect(used.json.headers.authorization).toBeUndefined();

    const rolled = await server.admin('POST', `/tokens/${created.id}/roll`, { graceSeconds: 60 });
    expect(rolled.status).toBe(201);
    secrets.push(rolled.body.token);
    handedOut.push(JSON.stringify(rolled.body));
    for (const token of secrets) expectOk(await call(`${server.runtimeUrl}/dev/secret`, { from, token }));

    // Sent where it must never be accepted, it must not be kept either.
    expectRefused(await call(`${server.runtimeUrl}/dev/secret?access_token=${created.token}`, { from }), 400, 'token_in_url');
    expect((await call(`${server.runtimeUrl}/dev/nowhere?token=${rolled.body.token}`, { from })).status).toBe(404);
    // Nor a refused variant of it.
    expect((await call(`${server.runtimeUrl}/prod/secret`, { from, token: created.token })).status).toBe(404);

    const third = await createToken(server, { name: 'revoked-one' });
    secrets.push(third.token);
    handedOut.push(JSON.stringify(third.body));
    expectOk(await call(`${server.runtimeUrl}/dev/secret`, { from, token: third.token }));
    await server.admin('POST', `/tokens/${third.id}/revoke`);
    expect((await call(`${server.runtimeUrl}/dev/secret`, { from, token: third.token })).status).toBe(401);

    tokenIds = [created.id, rolled.body.id, third.id];
    // Reading tokens and the log writes the buffered usage and log rows, so the files hold everything.
    expect((await server.admin('GET', '/tokens')).status).toBe(200);
    expect((await server.admin('GET', '/logs')).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    removeTempDirs();
  });

  it('is in the creation and roll answers, once each', () => {
    expect(secrets).toHaveLength(3);
    expect(new Set(secrets).size).toBe(3);
    for (const [index, token] of secrets.entries()) expect(handedOut[index]).toContain(token);
  });

  it('is in no other admin answer', async () => {
    const paths = [
      '/tokens', '/tokens?environment=dev', ...tokenIds.map((id) => `/tokens/${id}`), '/key-groups', `/key-groups/${groupId}`,
      '/logs', '/logs?limit=1000', `/logs?token=${tokenIds[0]}`, '/logs?status=4xx', '/logs/flags', '/logs/metrics', '/signing-keys', '/apis',
      '/environments', '/routes',
    ];
    for (const apiPath of paths) {
      const answer = await server.admin('GET', apiPath);
      expect(answer.status, apiPath).toBe(200);
      expectAbsent(JSON.stringify(answer.body), `GET ${apiPath}`);
    }
    const tokens = await server.admin('GET', '/tokens');
    for (const token of tokens.body) {
      expect(token.token).toBeUndefined();
      expect(token.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    }
    // What the workspace keeps instead: id, fingerprint and usage.
    const first = tokens.body.find((token: any) => token.id === tokenIds[0]);
    expect(first).toMatchObject({ useCount: expect.any(Number), lastUsedIp: expect.stringMatching(/^127\./), status: 'grace' });
    expect(first.useCount).toBeGreaterThanOrEqual(2);
    // Changing a token answers it without its string.
    const patched = await edit(server, 'PATCH', `/tokens/${tokenIds[1]}`, { name: 'renamed' });
    expect(patched.body.token).toBeUndefined();
    expectAbsent(JSON.stringify(patched.body), 'PATCH /tokens/:id');
    expectAbsent(JSON.stringify((await server.admin('POST', `/tokens/${tokenIds[2]}/revoke`)).body), 'POST /tokens/:id/revoke');
    expectAbsent(JSON.stringify((await getJson(`${server.runtimeUrl}/.well-known/jwks.json`)).body), 'the JWKS');
  });

  it('is not in the request log, though the requests are', async () => {
    const logs = await server.admin('GET', '/logs?limit=1000');
    expect(logs.body.length).toBeGreaterThanOrEqual(7);
    expect(logs.body.some((row: any) => row.errorCode === 'token_in_url' && row.path === '/dev/secret')).toBe(true);
    expectAbsent(JSON.stringify(logs.body), 'the request log');
  });

  it('is in none of the workspace’s files while the server runs', () => {
    for (const file of workspaceFiles(true)) expectAbsent(readFileSync(file), file);
  });

  it('is not in the server’s output, nor in the files after a graceful stop', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output()).toContain('Stopped.');
    expectAbsent(server.output(), 'the server output');
    for (const file of workspaceFiles(false)) expectAbsent(readFileSync(file), file);
    // What is kept is the fingerprint, id and usage.
    const bytes = readFileSync(server.dbFile).toString('latin1') + (existsSync(`${server.dbFile}-wal`) ? readFileSync(`${server.dbFile}-wal`).toString('latin1') : '');
    expect(bytes).toContain(tokenIds[0]);
  });
});
