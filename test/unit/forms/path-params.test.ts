import { describe, expect, it } from 'vitest';
import { ApiDefinition, declaredPathParams, PathParam } from '../../../shared/model/api.js';
import { snippetRequest } from '../../../shared/snippets.js';
import { buildOpenApiDocument } from '../../../server/openapi/document.js';
import { compilePathParams } from '../../../server/runtime/query.js';

const params = [
  { name: 'id', type: 'integer', min: 1 },
  { name: 'code', type: 'string', enum: ['eu', 'us'] },
  { name: 'gone', type: 'number' },
].map((param) => PathParam.parse(param));

describe('declared path parameters', () => {
  it('only those the path has count, in its order', () => {
    expect(declaredPathParams({ path: '/regions/:code/users/:id', params }).map((param) => param.name)).toEqual(['code', 'id']);
  });

  it('are read as their types and checked; undeclared ones stay text', () => {
    const coerce = compilePathParams(declaredPathParams({ path: '/regions/:code/users/:id/:slug', params }));
    expect(coerce({ code: 'eu', id: '42', slug: 'x' })).toEqual({ params: { code: 'eu', id: 42, slug: 'x' } });
    expect(coerce({ code: 'asia', id: '0', slug: 'x' })).toEqual({
      problems: [
        { name: 'code', message: 'the path parameter "code" must be one of "eu", "us", not "asia"' },
        { name: 'id', message: 'the path parameter "id" must be >= 1, not "0"' },
      ],
    });
    expect(coerce({ code: 'eu', id: 'abc', slug: 'x' })).toEqual({ problems: [{ name: 'id', message: 'the path parameter "id" must be an integer, not "abc"' }] });
    expect(compilePathParams([])({ id: 'x' })).toEqual({ params: { id: 'x' } });
  });

  it('are stated in the OpenAPI document and filled with a value that fits in snippets', () => {
    const definition = ApiDefinition.parse({ name: 'Get user', method: 'GET', path: '/regions/:code/users/:id', params, flow: { nodes: [], edges: [] } });
    const document = buildOpenApiDocument({ environment: 'dev', runtimeUrl: 'http://127.0.0.1:4310', apis: [{ apiId: 'a', version: 1, definition, examples: [] }], keyGroupNames: null }) as {
      paths: Record<string, { get: { parameters: { name: string; schema: unknown }[] } }>;
    };
    expect(document.paths['/regions/{code}/users/{id}']!.get.parameters).toEqual([
      expect.objectContaining({ name: 'code', schema: { type: 'string', enum: ['eu', 'us'] } }),
      expect.objectContaining({ name: 'id', schema: { type: 'integer', minimum: 1 } }),
    ]);
    expect(snippetRequest({ endpoint: definition, environment: 'dev', runtimeUrl: 'http://127.0.0.1:4310' }).url).toBe('http://127.0.0.1:4310/dev/regions/eu/users/1');
  });
});
