import { describe, expect, it } from 'vitest';
import { ApiDefinition } from '../../../shared/model/api.js';
import type { ApiExample } from '../../../shared/model/api-example.js';
import { assembleDocument, buildOpenApiDocument, placeApis } from '../../../server/openapi/document.js';
import { OperationFragments } from '../../../server/openapi/fragments.js';
import type { DocumentedApi } from '../../../server/openapi/operation.js';
import { createUser, echo, getUser } from '../../fixtures/apis.js';

const definition = (input: Record<string, unknown>): ApiDefinition => ApiDefinition.parse(input);
const example = (id: string): ApiExample => ({
  id,
  apiId: 'users-create',
  name: `Example ${id}`,
  request: { params: {}, query: {}, headers: {}, body: { name: 'Ada', email: 'ada@example.com' } },
  response: { status: 201, body: { id: 'u1' } },
  createdAt: '2026-01-01T00:00:00.000Z',
} as ApiExample);

/** Paths sharing a template with other parameter names, two methods on one path, a body schema, a key group and an example. */
function served(): DocumentedApi[] {
  return [
    { apiId: 'users-get', version: 3, definition: definition(getUser()), examples: [] },
    { apiId: 'users-create', version: 1, definition: definition(createUser()), examples: [example('ex1')] },
    { apiId: 'users-delete', version: 2, definition: definition(getUser({ name: 'Delete user', method: 'DELETE', path: '/users/:userId' })), examples: [] },
    { apiId: 'orders', version: 1, definition: definition(createUser({ name: 'Create user', path: '/orders', auth: { required: true, keyGroupIds: ['kg1'], scopes: ['orders:write'] } })), examples: [] },
    { apiId: 'home', version: 1, definition: definition(echo('/', '"home"')), examples: [] },
  ];
}

describe('The OpenAPI document joined from its operations', () => {
  it('is the JSON that JSON.stringify gives of the document object, and the same document as built whole', async () => {
    const apis = served();
    const input = { environment: 'dev', runtimeUrl: 'http://127.0.0.1:4310', apis, keyGroupNames: new Map([['kg1', 'partners']]) };
    const placements = placeApis(apis);
    const parts = await new OperationFragments().parts('dev\u0000named', placements, input.keyGroupNames);
    const { document, body } = assembleDocument(input, placements, parts);
    expect(body.toString('utf8')).toBe(JSON.stringify(document));
    expect(JSON.parse(body.toString('utf8'))).toEqual(buildOpenApiDocument(input));
    expect(Object.keys((document as { paths: object }).paths)).toEqual(['/', '/orders', '/users', '/users/{id}']);
    expect(Object.keys((document as any).paths['/users/{id}'])).toEqual(['get', 'delete']);
    expect(Object.keys((document as any).components.schemas)).toEqual(['Error', 'CreateUserBody', 'CreateUser2Body']);
  });

  it('builds again only the operations whose inputs changed, and lets go of APIs no longer served', async () => {
    const fragments = new OperationFragments();
    const apis = served();
    await fragments.parts('dev\u0000unnamed', placeApis(apis), null);
    expect(fragments.built).toBe(5);
    await fragments.parts('dev\u0000unnamed', placeApis(apis), null);
    expect(fragments.built).toBe(5);

    // A new version of one API, an example added to another: those two only.
    const republished = apis.map((api) => (api.apiId === 'users-get' ? { ...api, version: 4, definition: definition(getUser({ name: 'Read user' })) } : api));
    const withExample = republished.map((api) => (api.apiId === 'users-create' ? { ...api, examples: [example('ex1'), example('ex2')] } : api));
    const parts = await fragments.parts('dev\u0000unnamed', placeApis(withExample), null);
    expect(fragments.built).toBe(7);
    expect(parts.map((part) => part.operation.summary)).toContain('Read user');

    // Unpublished, then back: built again, as nothing was kept for it.
    const without = withExample.filter((api) => api.apiId !== 'home');
    await fragments.parts('dev\u0000unnamed', placeApis(without), null);
    expect(fragments.built).toBe(7);
    await fragments.parts('dev\u0000unnamed', placeApis(withExample), null);
    expect(fragments.built).toBe(8);
  });

  it('places only what changed into the last order, in the order a whole sort gives', () => {
    const apis = [...served(), ...Array.from({ length: 40 }, (_, n) => ({ apiId: `echo-${n}`, version: 1, definition: definition(echo(`/echo/${(n * 7) % 40}`, '1')), examples: [] }))];
    const previous = placeApis(apis).map((placement) => placement.api);
    const changed = [
      ...apis.filter((api) => api.apiId !== 'echo-3' && api.apiId !== 'users-get'),
      { apiId: 'users-get', version: 4, definition: definition(getUser({ path: '/people/:id' })), examples: [] },
      { apiId: 'new-1', version: 1, definition: definition(echo('/echo/12', '2', { method: 'DELETE' })), examples: [] },
      { apiId: 'new-2', version: 1, definition: definition(echo('/Zebra', '3')), examples: [] },
    ];
    const order = (placements: ReturnType<typeof placeApis>) => placements.map((placement) => `${placement.api.definition.method} ${placement.api.definition.path}`);
    expect(order(placeApis(changed, previous))).toEqual(order(placeApis(changed)));
  });

  it('gives the event loop a turn between slices of building', async () => {
    const apis = served();
    const turns: string[] = [];
    setImmediate(() => turns.push('another request'));
    const building = new OperationFragments().parts('dev\u0000unnamed', placeApis(apis), null, 0).then(() => turns.push('document'));
    await building;
    expect(turns).toEqual(['another request', 'document']);
  });
});
