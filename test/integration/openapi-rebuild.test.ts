import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echo } from '../fixtures/apis.js';
import { ENGINES, startTestServerOn } from '../support/engines.js';
import { getJson, rawRequest } from '../support/http.js';
import { edit } from '../support/revisions.js';
import type { TestServer } from '../support/test-server.js';

/** Enough APIs that the document's first build takes several slices. */
const IMPORTED_APIS = 150;

/** A constant answer: the listener runs it itself (bounded). */
const constant = (n: number) => echo(`/many/${n}`, `{"n": ${n}}`, { name: `Many ${n}` });

function workspaceFile(count: number) {
  const apis = Array.from({ length: count }, (_, n) => {
    const definition = constant(n);
    return { ...definition, id: `many-${n}`, versions: [{ version: 1, definition }], deployments: [{ environment: 'dev', version: 1 }] };
  });
  return { format: 'flowgate-workspace', version: 1, exportedAt: new Date().toISOString(), apis };
}

describe.each(ENGINES)('The OpenAPI document follows what is served (%s)', (engine) => {
  let server: TestServer;
  const document = async (environment = 'dev'): Promise<any> => {
    const answer = await getJson(`${server.runtimeUrl}/${environment}/openapi.json`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const operation = (doc: any, path: string, method = 'get'): any => doc.paths[path]?.[method];
  const ok = async (method: string, path: string, body?: unknown): Promise<any> => {
    const answer = await server.admin(method, path, body);
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    return answer.body;
  };

  beforeAll(async () => {
    server = await startTestServerOn(engine);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('shows a publish, a republished change, a rollback and an unpublish, each in the next document', async () => {
    const id = (await ok('POST', '/apis', echo('/greeting', '"hello"', { name: 'Greeting' }))).id as string;
    expect(operation(await document(), '/greeting')).toBeUndefined();
    await ok('POST', `/apis/${id}/publish`, { environment: 'dev' });
    const first = operation(await document(), '/greeting');
    expect(first).toMatchObject({ summary: 'Greeting', 'x-flowgate-api-id': id, 'x-flowgate-version': 1 });
    expect(operation(await document('prod'), '/greeting')).toBeUndefined();

    expect((await edit(server, 'PUT', `/apis/${id}`, echo('/greeting', '"hi"', { name: 'Kind greeting', description: 'Says hi.' }))).status).toBe(200);
    // A saved draft is not served: the document stays.
    expect(operation(await document(), '/greeting').summary).toBe('Greeting');
    await ok('POST', `/apis/${id}/publish`, { environment: 'dev' });
    const second = operation(await document(), '/greeting');
    expect(second).toMatchObject({ summary: 'Kind greeting', 'x-flowgate-version': 2 });
    expect(second.description).toContain('Says hi.');
    expect((await server.admin('GET', '/openapi.json?environment=dev')).body.paths['/greeting'].get.summary).toBe('Kind greeting');

    await ok('POST', `/apis/${id}/rollback`, { environment: 'dev', version: 1 });
    expect(operation(await document(), '/greeting')).toMatchObject({ summary: 'Greeting', 'x-flowgate-version': 1 });
    await ok('POST', `/apis/${id}/unpublish`, { environment: 'dev' });
    expect(operation(await document(), '/greeting')).toBeUndefined();
  });

  it('answers 304 to a client holding the current document, and the new one after a publish', async () => {
    // node:http, not fetch: fetch sends Cache-Control: no-cache with If-None-Match, which asks for the whole answer.
    const url = `${server.runtimeUrl}/dev/openapi.json`;
    const first = await rawRequest(url);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    expect(first.text).toBe(JSON.stringify(first.json));
    expect((await rawRequest(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const id = (await ok('POST', '/apis', echo('/etag-check', '1'))).id as string;
    await ok('POST', `/apis/${id}/publish`, { environment: 'dev' });
    const changed = await rawRequest(url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(Object.keys(changed.json.paths)).toContain('/etag-check');
  });

  it('is served whole to requests made while it is built, while the APIs keep answering and a publish lands', async () => {
    await ok('POST', '/workspace/import', { file: workspaceFile(IMPORTED_APIS), onConflict: 'rename' });
    const late = (await ok('POST', '/apis', constant(IMPORTED_APIS))).id as string;

    // The first build after the import, requested several times at once, with calls and a publish meanwhile.
    const during = [document(), document(), document()];
    const calls = Array.from({ length: 5 }, (_, n) => getJson(`${server.runtimeUrl}/dev/many/${n}`));
    const published = ok('POST', `/apis/${late}/publish`, { environment: 'dev' });
    for (const [n, call] of calls.entries()) expect(await call).toMatchObject({ status: 200, body: { n } });
    await published;
    for (const doc of await Promise.all(during)) {
      const many = Object.keys(doc.paths).filter((path) => path.startsWith('/many/'));
      // Each is a whole document of the table as it was asked: with or without the API published meanwhile.
      expect([IMPORTED_APIS, IMPORTED_APIS + 1]).toContain(many.length);
      expect(operation(doc, '/many/0')).toMatchObject({ summary: 'Many 0' });
    }
    // Asked after the publish answered: it is in.
    const after = await document();
    expect(operation(after, `/many/${IMPORTED_APIS}`)).toMatchObject({ summary: `Many ${IMPORTED_APIS}`, 'x-flowgate-api-id': late });
    expect(Object.keys(after.paths).filter((path) => path.startsWith('/many/'))).toHaveLength(IMPORTED_APIS + 1);
  });
});
