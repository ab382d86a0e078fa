import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const books = {
  collection: 'books',
  item: 'book',
  fields: [
    { name: 'title', type: 'string', required: true, min: 1 },
    { name: 'genre', type: 'string', required: false, enum: ['novel', 'poetry'] },
    { name: 'year', type: 'integer', required: false },
  ],
  requireToken: false,
};

describe('templates through the admin API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  const call = async (method: string, path: string, body?: unknown) =>
    getJson(`${server.runtimeUrl}/dev${path}`, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });

  it('a dry run says what it would make and makes nothing', async () => {
    const plan = await server.admin('POST', '/templates/crud/apply', { params: books, dryRun: true });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ dryRun: true, ok: true, counts: { create: 5 } });
    expect((await server.admin('GET', '/apis')).body).toEqual([]);
  });

  it('CRUD for a collection: five drafts that publish as they are and serve list, get, create, update and delete', async () => {
    const applied = await server.admin('POST', '/templates/crud/apply', { params: books });
    expect(applied.status).toBe(200);
    const ids = (applied.body.items as { kind: string; id: string; route: string }[]).filter((item) => item.kind === 'api').map((item) => item.id);
    expect(applied.body.items.map((item: { route: string }) => item.route)).toEqual(['GET /books', 'GET /books/:id', 'POST /books', 'PATCH /books/:id', 'DELETE /books/:id']);
    for (const id of ids) expect((await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' })).status).toBe(200);

    const refused = await call('POST', '/books', { genre: 'novel' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid_body');
    expect((await call('POST', '/books', { title: 'Dune', genre: 'sci-fi' })).status).toBe(400);

    const created: string[] = [];
    for (const [title, genre, year] of [['Dune', 'novel', 1965], ['Odes', 'poetry', 1819], ['Emma', 'novel', 1815]] as const) {
      const answer = await call('POST', '/books', { title, genre, year });
      expect(answer.status).toBe(201);
      created.push(answer.body.id as string);
    }
    const first = await call('GET', '/books?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await call('GET', `/books?limit=2&cursor=${encodeURIComponent(first.body.nextCursor as string)}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor ?? null).toBeNull();
    const novels = await call('GET', '/books?genre=novel');
    expect(novels.body.items.map((book: { title: string }) => book.title).sort()).toEqual(['Dune', 'Emma']);
    expect((await call('GET', '/books?limit=500')).status).toBe(400);

    expect((await call('GET', `/books/${created[0]}`)).body).toMatchObject({ title: 'Dune', year: 1965 });
    expect((await call('PATCH', `/books/${created[0]}`, { year: 1966 })).body).toMatchObject({ title: 'Dune', year: 1966 });
    expect((await call('PATCH', '/books/nope', { year: 1 })).status).toBe(404);
    expect((await call('DELETE', `/books/${created[0]}`)).status).toBe(204);
    const gone = await call('GET', `/books/${created[0]}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('not_found');
    expect((await call('DELETE', `/books/${created[0]}`)).status).toBe(404);

    const document = await getJson(`${server.runtimeUrl}/dev/openapi.json`);
    expect(document.body.paths['/books'].post.requestBody.required).toBe(true);
    expect(document.body.paths['/books'].get.parameters.map((param: { name: string }) => param.name)).toEqual(['title', 'genre', 'year', 'limit', 'cursor']);
  });

  it('a second time, clashing names are renamed; unknown templates and answers that do not fit are refused', async () => {
    const again = await server.admin('POST', '/templates/crud/apply', { params: books });
    expect(again.status).toBe(200);
    expect(again.body.items[0]).toMatchObject({ action: 'rename', newName: 'List books (2)' });

    const unknown = await server.admin('POST', '/templates/nope/apply', { params: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_template');
    const bad = await server.admin('POST', '/templates/webhook/apply', { params: { source: 'a/b' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_template_params', message: expect.stringContaining('source') as unknown });
  });

  it('webhook: refused without the environment’s secret, stored with it', async () => {
    const applied = await server.admin('POST', '/templates/webhook/apply', { params: { source: 'shop' } });
    const [id] = (applied.body.items as { id: string }[]).map((item) => item.id);
    expect((await server.admin('POST', `/apis/${id}/publish`, { environment: 'dev' })).status).toBe(200);
    const send = (secret?: string) =>
      getJson(`${server.runtimeUrl}/dev/webhooks/shop`, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret ? { 'x-webhook-secret': secret } : {}) }, body: JSON.stringify({ type: 'order.paid' }) });
    expect((await send('anything')).status).toBe(401);
    const env = await server.admin('GET', '/environments/dev');
    expect((await server.admin('PUT', '/environments/dev', { vars: { WEBHOOK_SECRET: 's3cret' } }, { 'if-match': `"${env.body.revision as number}"` })).status).toBe(200);
    expect((await send()).status).toBe(401);
    expect((await send('wrong')).status).toBe(401);
    const stored = await send('s3cret');
    expect(stored.status).toBe(202);
    expect(stored.body).toMatchObject({ received: true, id: expect.any(String) as unknown });
  });
});
