import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { answer, defineRoute } from '../../../shared/api/contract.js';
import { mount } from '../../../server/admin/route.js';
import { errorHandler } from '../../../server/http/error-handler.js';

/** A small contract of its own, so each rule of the helper is seen once. */
const shelf = {
  list: defineRoute({ method: 'GET', path: '/shelves/:shelf/books', query: z.object({ limit: z.coerce.number().int().min(1).default(10) }), answer: answer<{ shelf: string; limit: number }>() }),
  add: defineRoute({ method: 'POST', path: '/shelves/:shelf/books', body: z.object({ title: z.string().min(1), pages: z.number().int().default(1) }), status: 201, answer: answer<{ title: string; pages: number }>() }),
  optional: defineRoute({ method: 'POST', path: '/shelves/:shelf/dust', body: z.object({ gently: z.boolean().default(true) }), answer: answer<{ gently: boolean }>() }),
  remove: defineRoute({ method: 'DELETE', path: '/shelves/:shelf/books/:book', status: 204 }),
  lend: defineRoute({ method: 'POST', path: '/shelves/:shelf/lend', status: 201, holdsSecret: true, answer: answer<{ code: string }>() }),
  read: defineRoute({ method: 'GET', path: '/shelves/:shelf', revision: 'read', answer: answer<{ shelf: string; revision: number }>() }),
  relabel: defineRoute({ method: 'PUT', path: '/shelves/:shelf', body: z.object({ label: z.string().min(1) }), revision: 'write', answer: answer<{ label: string; revision: number }>() }),
};

let server: Server;
let base: string;

beforeAll(async () => {
  const router = Router();
  mount(router, shelf.list, ({ params, query }) => ({ shelf: params.shelf, limit: query.limit }));
  mount(router, shelf.add, ({ body }) => body);
  mount(router, shelf.optional, ({ body }) => body);
  mount(router, shelf.remove, () => undefined);
  mount(router, shelf.lend, async () => ({ code: 'library-card' }));
  mount(router, shelf.read, ({ params }) => ({ shelf: params.shelf, revision: 7 }));
  mount(router, shelf.relabel, ({ body, revision }) => ({ label: body.label, revision: revision + 1 }));
  const app = express();
  app.use(express.json());
  app.use('/admin/v1', router);
  app.use(errorHandler);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; json: any; headers: Headers }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

describe('mount: a declared route on an Express router', () => {
  it('hands the handler decoded params and the parsed query, defaults filled in', async () => {
    expect(await call('GET', '/shelves/top%20shelf/books')).toMatchObject({ status: 200, json: { shelf: 'top shelf', limit: 10 } });
    expect((await call('GET', '/shelves/a/books?limit=3')).json).toEqual({ shelf: 'a', limit: 3 });
  });

  it('answers with the declared status: 201 with the answer, 204 with nothing', async () => {
    expect(await call('POST', '/shelves/a/books', { title: 'Dune' })).toMatchObject({ status: 201, json: { title: 'Dune', pages: 1 } });
    expect(await call('DELETE', '/shelves/a/books/b1')).toMatchObject({ status: 204, text: '' });
  });

  it('refuses bad input with 400 invalid_input in the one error shape, naming each field', async () => {
    const badBody = await call('POST', '/shelves/a/books', { title: '', pages: 1.5 });
    expect(badBody).toMatchObject({ status: 400, json: { error: { code: 'invalid_input', requestId: expect.stringMatching(/^req_/) } } });
    expect(badBody.json.error.message).toMatch(/^The request body is invalid: title: .*; pages: /);
    expect(badBody.json.error.details).toEqual([expect.objectContaining({ path: 'title' }), expect.objectContaining({ path: 'pages' })]);
    const badQuery = await call('GET', '/shelves/a/books?limit=0');
    expect(badQuery).toMatchObject({ status: 400, json: { error: { code: 'invalid_input' } } });
    expect(badQuery.json.error.message).toMatch(/^The query is invalid: limit: /);
  });

  it('validates a request without a body as {}', async () => {
    expect(await call('POST', '/shelves/a/dust')).toMatchObject({ status: 200, json: { gently: true } });
    expect(await call('POST', '/shelves/a/books')).toMatchObject({ status: 400, json: { error: { code: 'invalid_input' } } });
  });

  it('never lets an answer be cached: one that holds a secret, nor a read whose ETag a publish leaves unchanged', async () => {
    const lent = await call('POST', '/shelves/a/lend');
    expect(lent).toMatchObject({ status: 201, json: { code: 'library-card' } });
    expect(lent.headers.get('cache-control')).toBe('no-store');
    expect((await call('GET', '/shelves/a/books')).headers.get('cache-control')).toBe('no-store');
  });

  it('answers the revision of a route that reads or writes an editable object as ETag', async () => {
    const read = await call('GET', '/shelves/top');
    expect(read).toMatchObject({ status: 200, json: { shelf: 'top', revision: 7 } });
    expect(read.headers.get('etag')).toBe('"7"');
  });

  it('hands a writing route the If-Match revision; none is 428 revision_required, a malformed one 400', async () => {
    const relabelled = await call('PUT', '/shelves/top', { label: 'Poetry' }, { 'if-match': '"7"' });
    expect(relabelled).toMatchObject({ status: 200, json: { label: 'Poetry', revision: 8 } });
    expect(relabelled.headers.get('etag')).toBe('"8"');
    const missing = await call('PUT', '/shelves/top', { label: 'Poetry' });
    expect(missing).toMatchObject({ status: 428, json: { error: { code: 'revision_required' } } });
    expect(missing.json.error.message).toMatch(/^PUT \/admin\/v1\/shelves\/top needs the revision you last read, sent as If-Match/);
    expect(await call('PUT', '/shelves/top', { label: 'Poetry' }, { 'if-match': 'W/"7"' })).toMatchObject({ status: 400, json: { error: { code: 'invalid_if_match' } } });
    // The body is checked before the revision: a bad one is the first thing to fix.
    expect(await call('PUT', '/shelves/top', { label: '' })).toMatchObject({ status: 400, json: { error: { code: 'invalid_input' } } });
  });
});

/** Never run: tsc (npm run typecheck) checks that handlers are typed by their route's declaration. */
function handlersTypedByTheContract(router: Router): void {
  // @ts-expect-error a handler answers what its route declares
  mount(router, shelf.add, () => ({ title: 1 }));
  // @ts-expect-error a handler reads only the params its path names
  mount(router, shelf.list, ({ params }) => ({ shelf: params.book, limit: 1 }));
  // @ts-expect-error a route without a body hands its handler none
  mount(router, shelf.lend, ({ body }) => ({ code: body.code }));
  // @ts-expect-error only a writing route hands its handler a revision
  mount(router, shelf.read, ({ revision }) => ({ shelf: 'a', revision }));
}

describe('mount types', () => {
  it('are checked by tsc, not at run time', () => {
    expect(handlersTypedByTheContract).toBeTypeOf('function');
  });
});
