import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { echo } from '../fixtures/apis.js';

/** Names a terminal, a log viewer or the editor would show as something else (finding 7). */
const HOSTILE_NAMES: Record<string, string> = {
  NUL: 'billing\u0000admin',
  ESC: 'billing\u001b[31mred',
  'CR/LF': 'billing\r\nX-Injected: 1',
  'U+202E': 'invoice\u202Efdp.exe',
  'U+2066': 'left\u2066isolate',
};

/** request → record.insert(body) → record.update(patch from the body) → respond with the stored record. */
const insertThenUpdate = {
  name: 'Insert then update',
  method: 'POST',
  path: '/things',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'i', type: 'record.insert', key: 'created', position: { x: 200, y: 0 }, config: { collection: 'things', document: 'request.body.document' } },
      { id: 'u', type: 'record.update', key: 'updated', position: { x: 400, y: 0 }, config: { collection: 'things', id: 'steps.created.id', patch: 'request.body.patch' } },
      { id: 'g', type: 'record.get', key: 'stored', position: { x: 600, y: 0 }, config: { collection: 'things', id: 'steps.created.id' } },
      { id: 'o', type: 'respond', key: 'answer', position: { x: 800, y: 0 }, config: { status: 200, body: '{"inserted": steps.created, "updated": steps.updated, "stored": steps.stored}' } },
      { id: 'm', type: 'fail', key: 'missing', position: { x: 600, y: 100 }, config: { status: 404, code: 'missing', message: '"gone"' } },
    ],
    edges: [
      { id: 'e1', source: 'r', sourceHandle: 'out', target: 'i' },
      { id: 'e2', source: 'i', sourceHandle: 'out', target: 'u' },
      { id: 'e3', source: 'u', sourceHandle: 'found', target: 'g' },
      { id: 'e4', source: 'u', sourceHandle: 'missing', target: 'm' },
      { id: 'e5', source: 'g', sourceHandle: 'found', target: 'o' },
      { id: 'e6', source: 'g', sourceHandle: 'missing', target: 'm' },
    ],
  },
};

describe('names refuse control and bidi characters (finding 7)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  /** A change as the editor sends it: naming the revision it read (If-Match) where the object has one. */
  const change = async (method: 'PUT' | 'PATCH', path: string, body: unknown) => {
    const etag = (await server.admin('GET', path)).headers.get('etag');
    return server.admin(method, path, body, etag === null ? {} : { 'if-match': etag });
  };

  for (const [what, name] of Object.entries(HOSTILE_NAMES)) {
    it(`refuses ${what} in API, token, key-group and environment names with 400 invalid_input`, async () => {
      const attempts = [
        await server.admin('POST', '/apis', echo('/named', '"x"', { name })),
        await server.admin('POST', '/tokens', { name, environment: 'dev' }),
        await server.admin('POST', '/key-groups', { name }),
        await server.admin('POST', '/environments', { name }),
      ];
      for (const attempt of attempts) {
        expect(attempt.status, JSON.stringify(attempt.body)).toBe(400);
        expect(attempt.body.error.code).toBe('invalid_input');
        expect(attempt.body.error.message).toMatch(/name/);
      }
      expect(attempts[0]!.body.error.message).toContain('control characters');
    });
  }

  it('refuses them in renames too, and still takes ordinary names in any script', async () => {
    const group = await server.admin('POST', '/key-groups', { name: 'Partenaires – Zürich 東京' });
    expect(group.status).toBe(201);
    expect((await change('PUT', `/key-groups/${group.body.id}`, { name: 'x\u202Ey' })).status).toBe(400);
    const token = await server.admin('POST', '/tokens', { name: 'Service de facturation', environment: 'dev' });
    expect(token.status).toBe(201);
    expect((await change('PATCH', `/tokens/${token.body.id}`, { name: 'a\nb' })).status).toBe(400);
  });
});

describe('__proto__, constructor and prototype are data in every record operation (finding 7)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.admin('POST', '/apis', insertThenUpdate);
    expect((await server.admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' })).status).toBe(200);
  });
  afterAll(() => server?.close());

  it('stores them as fields on insert and on update, and reads them back as fields', async () => {
    const body = '{"document": {"__proto__": {"polluted": true}, "constructor": "c", "name": "a"}, "patch": {"__proto__": {"admin": true}, "prototype": "p"}}';
    const answer = await getJson(`${server.runtimeUrl}/dev/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const text = JSON.stringify(answer.body);
    const { inserted, updated, stored } = JSON.parse(text) as Record<string, Record<string, unknown>>;
    expect(Object.hasOwn(inserted!, '__proto__')).toBe(true);
    expect(inserted!.constructor).toBe('c');
    // The update's __proto__ replaces the field as data; before, it swapped the record's prototype and vanished.
    for (const record of [updated!, stored!]) {
      expect(Object.hasOwn(record, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(record, '__proto__')!.value).toEqual({ admin: true });
      expect(record.prototype).toBe('p');
      expect(record.constructor).toBe('c');
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
