import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INLINE_MAX_RECORD_BYTES } from '../../server/workers/inline.js';
import { getJson } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { publish } from '../support/tokens.js';

const node = (id: string, type: string, key: string, config: Record<string, unknown>) => ({ id, type, key, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, sourceHandle: string, target: string) => ({ id, source, sourceHandle, target });

/** request → record.get → respond: a plan that cannot run long, so the listener runs it. */
const readNote = (expression = 'steps.note') => ({
  name: 'Read note', method: 'GET', path: '/notes/:id',
  flow: {
    nodes: [
      node('r', 'request', 'request', {}),
      node('g', 'record.get', 'note', { collection: 'notes', id: 'request.params.id' }),
      node('o', 'respond', 'ok', { status: 200, body: expression }),
      node('m', 'fail', 'missing', { status: 404, code: 'not_found', message: '"no note " & request.params.id' }),
    ],
    edges: [edge('e1', 'r', 'out', 'g'), edge('e2', 'g', 'found', 'o'), edge('e3', 'g', 'missing', 'm')],
  },
});

const saveNote = {
  name: 'Save note', method: 'POST', path: '/notes',
  flow: {
    nodes: [node('r', 'request', 'request', {}), node('i', 'record.insert', 'saved', { collection: 'notes', document: 'request.body' }), node('o', 'respond', 'ok', { status: 201, body: '{"id": steps.saved.id}' })],
    edges: [edge('e1', 'r', 'out', 'i'), edge('e2', 'i', 'out', 'o')],
  },
};

describe('bounded plans on the listener, the rest in flow workers', () => {
  let server: TestServer;
  const dispatched = (): number => server.built.services.flowPool.status().dispatched;

  beforeAll(async () => {
    server = await startTestServer();
    await publish(server, readNote());
    await publish(server, saveNote);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers a small record from the listener, without a worker', async () => {
    const saved = await getJson(`${server.runtimeUrl}/dev/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'small', text: 'hello' }) });
    expect(saved.status).toBe(201);
    const before = dispatched();
    const read = await getJson(`${server.runtimeUrl}/dev/notes/small`);
    expect(read).toMatchObject({ status: 200, body: { id: 'small', text: 'hello' } });
    expect((await getJson(`${server.runtimeUrl}/dev/notes/nothing`)).body.error.code).toBe('not_found');
    expect(dispatched()).toBe(before);
  });

  it('reads a record too big to parse on the listener in a worker, with the same answer', async () => {
    const text = 'x'.repeat(INLINE_MAX_RECORD_BYTES + 1000);
    expect((await getJson(`${server.runtimeUrl}/dev/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'big', text }) })).status).toBe(201);
    const before = dispatched();
    const read = await getJson(`${server.runtimeUrl}/dev/notes/big`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ id: 'big', text });
    expect(dispatched()).toBe(before + 1);
  });

  it('sends every body-taking request to a worker: the listener never parses a body', async () => {
    const before = dispatched();
    const saved = await getJson(`${server.runtimeUrl}/dev/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text": "in a worker"}' });
    expect(saved.status).toBe(201);
    expect(dispatched()).toBe(before + 1);
  });
});
