import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, echo } from '../fixtures/apis.js';
import { getJson } from '../support/http.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** The external validator: OpenAPI 3.1's own JSON Schema, plus its checks of references and parameters. */
async function expectValid(document: unknown): Promise<void> {
  await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
}

const listItems = echo('/items', '{"items": [], "limit": request.query.limit}', {
  name: 'List items',
  description: 'Lists the items of the catalogue.',
  query: [
    { name: 'limit', type: 'integer', required: false, default: 20, description: 'How many' },
    { name: 'q', type: 'string', required: true },
    { name: 'archived', type: 'boolean', default: false },
  ],
});

/** draft-07 features the document has to translate: definitions + $ref, tuple items, dependencies. */
const createOrder = createUser({
  name: 'Create order',
  path: '/orders',
  bodySchema: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    required: ['customer', 'lines'],
    definitions: { line: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } } },
    properties: {
      customer: { type: 'string', format: 'email' },
      lines: { type: 'array', items: { $ref: '#/definitions/line' } },
      point: { type: 'array', items: [{ type: 'number' }, { type: 'number' }], additionalItems: false },
    },
    dependencies: { point: ['customer'] },
  },
});

const secretReport = (keyGroupId: string) =>
  echo('/reports/:year', '{"year": request.params.year}', {
    name: 'Secret report',
    auth: { required: true, keyGroupIds: [keyGroupId], scopes: ['reports:read', 'reports:export'] },
    rateLimit: { requests: 10, perSeconds: 60 },
  });

const goHome = {
  name: 'Go home',
  method: 'GET',
  path: '/home',
  flow: {
    nodes: [
      { id: 'r', type: 'request', key: 'request', config: {} },
      { id: 'c', type: 'condition', key: 'old', config: { expression: 'request.query.old = "1"' } },
      { id: 'm', type: 'redirect', key: 'moved', config: { url: '"/dev/new-home"', status: 308 } },
      { id: 'f', type: 'fail', key: 'gone', config: { status: 410, code: 'gone', message: '"gone"' } },
    ],
    edges: [
      { id: 'e1', source: 'r', target: 'c' },
      { id: 'e2', source: 'c', sourceHandle: 'true', target: 'm' },
      { id: 'e3', source: 'c', sourceHandle: 'false', target: 'f' },
    ],
  },
};

describe('OpenAPI 3.1 of the published APIs', () => {
  let server: TestServer;
  let doc: any;
  let keyGroupId: string;

  const publish = async (definition: unknown, environment = 'dev'): Promise<string> => {
    const created = await server.admin('POST', '/apis', definition);
    expect(created.status).toBe(201);
    const published = await server.admin('POST', `/apis/${created.body.id}/publish`, { environment });
    expect(published.status).toBe(200);
    return created.body.id as string;
  };

  beforeAll(async () => {
    server = await startTestServer();
    keyGroupId = (await server.admin('POST', '/key-groups', { name: 'partners' })).body.id;
    await publish(listItems);
    const orders = await publish(createOrder);
    await publish(secretReport(keyGroupId));
    await publish(goHome);
    await server.admin('POST', '/apis', echo('/draft-only', '"never published"'));
    const example = await server.admin('POST', `/apis/${orders}/examples`, {
      name: 'One line',
      request: { body: { customer: 'a@example.com', lines: [{ sku: 'A-1', qty: 2 }] } },
      response: { status: 201, body: { id: 'o1', customer: 'a@example.com' } },
    });
    expect(example.status).toBe(201);
    const answer = await server.admin('GET', '/openapi.json?environment=dev');
    expect(answer.status).toBe(200);
    doc = answer.body;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('passes the external validator, with one path per published API and no drafts', async () => {
    await expectValid(doc);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: `${server.runtimeUrl}/dev`, description: 'The dev environment' }]);
    expect(Object.keys(doc.paths).sort()).toEqual(['/home', '/items', '/orders', '/reports/{year}']);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('describes an open API with typed query parameters, and no auth answers', () => {
    const operation = doc.paths['/items'].get;
    expect(operation).toMatchObject({ operationId: 'listItems', summary: 'List items', tags: ['items'] });
    expect(operation.parameters).toEqual([
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', default: 20 }, description: 'How many' },
      { name: 'q', in: 'query', required: true, schema: { type: 'string' } },
      { name: 'archived', in: 'query', required: false, schema: { type: 'boolean', default: false } },
    ]);
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '500', '504']);
    expect(operation.responses['400'].description).toContain('invalid_query');
    expect(operation.security).toBeUndefined();
  });

  it('turns a draft-07 body schema into a 2020-12 component, with examples', () => {
    const operation = doc.paths['/orders'].post;
    const media = operation.requestBody.content['application/json'];
    expect(operation.requestBody.required).toBe(true);
    expect(media.schema).toEqual({ $ref: '#/components/schemas/CreateOrderBody' });
    expect(media.examples['One line'].value.lines[0].sku).toBe('A-1');
    const schema = doc.components.schemas.CreateOrderBody;
    expect(schema.$schema).toBeUndefined();
    expect(schema.$defs.line.required).toEqual(['sku']);
    expect(schema.properties.lines.items).toEqual({ $ref: '#/components/schemas/CreateOrderBody/$defs/line' });
    expect(schema.properties.point).toEqual({ type: 'array', prefixItems: [{ type: 'number' }, { type: 'number' }], items: false });
    expect(schema.dependentRequired).toEqual({ point: ['customer'] });
    expect(Object.keys(operation.responses)).toEqual(['201', '400', '413', '415', '500', '504']);
    expect(operation.responses['201'].headers.location).toEqual({ schema: { type: 'string' } });
    expect(operation.responses['201'].content['application/json'].examples['One line'].value.id).toBe('o1');

    // The translated schema holds as 2020-12 and still checks what the runtime checks.
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ components: doc.components }, 'https://flowgate.test/openapi.json');
    const check = ajv.compile({ $ref: 'https://flowgate.test/openapi.json#/components/schemas/CreateOrderBody' });
    expect(check({ customer: 'a@example.com', lines: [{ sku: 'x' }], point: [1, 2] })).toBe(true);
    expect(check({ customer: 'a@example.com', lines: [{ qty: 1 }] })).toBe(false);
    expect(check({ customer: 'a@example.com', lines: [], point: [1, 2, 3] })).toBe(false);
  });

  it('puts scopes on bearerAuth, and 401/403/429 with rate-limit headers on an API that needs a token', () => {
    const operation = doc.paths['/reports/{year}'].get;
    expect(operation.security).toEqual([{ bearerAuth: ['reports:read', 'reports:export'] }]);
    expect(operation.parameters).toEqual([{ name: 'year', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '403', '429', '500', '504']);
    expect(operation.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    expect(operation.responses['429'].headers['Retry-After']).toEqual({ $ref: '#/components/headers/Retry-After' });
    expect(operation.responses['200'].headers['X-RateLimit-Remaining']).toEqual({ $ref: '#/components/headers/X-RateLimit-Remaining' });
    expect(operation.description).toContain('`partners`');
    expect(operation.description).toContain('10 requests per 60 s');
  });

  it('documents a redirect with its Location header, and the flow’s own failure', () => {
    const operation = doc.paths['/home'].get;
    expect(operation.responses['308'].headers.Location).toMatchObject({ required: true, schema: { type: 'string', format: 'uri-reference' } });
    expect(operation.responses['308'].content).toBeUndefined();
    expect(operation.responses['410'].description).toContain('`gone`');
    expect(operation.responses['410'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
  });

  it('serves the same document on the runtime at /<environment>/openapi.json, for existing environments only', async () => {
    const runtime = await getJson(`${server.runtimeUrl}/dev/openapi.json`);
    expect(runtime.status).toBe(200);
    // The public document names no key groups; otherwise it is the builder's.
    expect(JSON.stringify(runtime.body.paths)).toBe(JSON.stringify(doc.paths).replace('the key group `partners` are', 'certain key groups are'));
    expect(runtime.body.servers[0].url).toBe(`${server.runtimeUrl}/dev`);
    expect(runtime.headers.get('access-control-allow-origin')).toBe('*');
    expect((await getJson(`${server.runtimeUrl}/staging/openapi.json`)).status).toBe(404);

    const prod = await getJson(`${server.runtimeUrl}/prod/openapi.json`);
    await expectValid(prod.body);
    expect(prod.body.paths).toEqual({});
    expect((await server.admin('GET', '/openapi.json?environment=nope')).status).toBe(404);
    expect((await server.admin('GET', '/openapi.json?environment=Bad%20Name')).status).toBe(400);
  });

  it('lets a published API at /openapi.json win over the document', async () => {
    await publish(echo('/openapi.json', '{"mine": true}'), 'prod');
    expect((await getJson(`${server.runtimeUrl}/prod/openapi.json`)).body).toEqual({ mine: true });
    const admin = await server.admin('GET', '/openapi.json?environment=prod');
    await expectValid(admin.body);
    expect(Object.keys(admin.body.paths)).toEqual(['/openapi.json']);
  });

  it('lists, refuses and deletes examples', async () => {
    const apis = (await server.admin('GET', '/apis')).body as any[];
    const orders = apis.find((api) => api.path === '/orders').id;
    const listed = await server.admin('GET', `/apis/${orders}/examples`);
    expect(listed.body).toHaveLength(1);
    expect((await server.admin('POST', `/apis/${orders}/examples`, { name: '' })).status).toBe(400);
    expect((await server.admin('GET', '/apis/api_missing/examples')).status).toBe(404);
    expect((await server.admin('DELETE', `/apis/${orders}/examples/${listed.body[0].id}`)).status).toBe(204);
    expect((await server.admin('DELETE', `/apis/${orders}/examples/${listed.body[0].id}`)).status).toBe(404);
    const after = (await server.admin('GET', '/openapi.json')).body;
    expect(after.paths['/orders'].post.requestBody.content['application/json'].examples).toBeUndefined();
  });
});
