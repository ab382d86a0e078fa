import { describe, expect, expectTypeOf, it } from 'vitest';
import { prepareConfig, type HeaderEvaluator, type PreparedConfig } from '../../../server/executors/config.js';
import type { Evaluator, MapEvaluator } from '../../../server/runtime/expressions.js';
import type { SchemaCheck } from '../../../server/runtime/schemas.js';
import type { httpRequest } from '../../../shared/nodes/http-request.js';
import type { redirect } from '../../../shared/nodes/redirect.js';
import { nodeDefinition } from '../../../shared/nodes/registry.js';
import type { respond } from '../../../shared/nodes/respond.js';
import type { set } from '../../../shared/nodes/set.js';
import type { validate } from '../../../shared/nodes/validate.js';
import { scopeOf } from './helpers.js';

function definitionOf(type: string) {
  const definition = nodeDefinition(type);
  if (!definition) throw new Error(`unknown node type ${type}`);
  return definition;
}

describe('executor configs: types', () => {
  it('follow each field kind of the definition', () => {
    expectTypeOf<PreparedConfig<typeof respond>>().toEqualTypeOf<{ readonly status: number; readonly headers: HeaderEvaluator; readonly body: Evaluator }>();
    expectTypeOf<PreparedConfig<typeof redirect>['status']>().toEqualTypeOf<301 | 302 | 303 | 307 | 308>();
    expectTypeOf<PreparedConfig<typeof httpRequest>['method']>().toEqualTypeOf<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD'>();
    expectTypeOf<PreparedConfig<typeof set>['fields']>().toEqualTypeOf<MapEvaluator>();
    expectTypeOf<PreparedConfig<typeof validate>['schema']>().toEqualTypeOf<SchemaCheck>();
  });
});

describe('executor configs: prepareConfig', () => {
  it("fills the definition's defaults", () => {
    const config = prepareConfig(definitionOf('fail'), {});
    expect(config).toMatchObject({ status: 400, code: 'bad_request' });
    expect((config.message as Evaluator)(scopeOf())).toBe('Something is wrong with the request');
  });

  it('gives a hidden field its default, whatever the draft holds', () => {
    const config = prepareConfig(definitionOf('http.request'), { method: 'GET', body: '{{ not even JSONata' });
    expect((config.body as Evaluator)(scopeOf())).toBeUndefined();
  });

  it('evaluates a header map to text headers, leaving out those that give nothing', async () => {
    const config = prepareConfig(definitionOf('respond'), { headers: { 'x-count': '3', 'x-user': 'request.body', 'x-none': 'request.nothing', 'x-len': '$length("abc")' } });
    const headers = (config.headers as HeaderEvaluator)(scopeOf({ body: { id: 1 } }));
    expect(await headers).toEqual({ 'x-count': '3', 'x-user': '{"id":1}', 'x-len': '3' });
  });

  it('refuses a value of the wrong kind, out of range, or not an option', () => {
    expect(() => prepareConfig(definitionOf('respond'), { status: '200' })).toThrow(expect.objectContaining({ code: 'invalid_config', message: 'status must be a whole number' }));
    expect(() => prepareConfig(definitionOf('http.request'), { timeoutMs: 60_000 })).toThrow(expect.objectContaining({ code: 'invalid_config', message: 'timeoutMs must be between 1 and 30000' }));
    expect(() => prepareConfig(definitionOf('log'), { level: 'loud' })).toThrow(expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining('level must be one of') }));
    expect(() => prepareConfig(definitionOf('record.get'), { collection: '../etc' })).toThrow(expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining('collection is not valid') }));
    expect(() => prepareConfig(definitionOf('fail'), { code: '' })).toThrow(expect.objectContaining({ code: 'invalid_config', message: 'code is required' }));
  });

  it('refuses an invalid header name, and a schema ajv cannot compile', () => {
    expect(() => prepareConfig(definitionOf('respond'), { headers: { 'x bad': '1' } })).toThrow(expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining("a header name holds letters") }));
    expect(() => prepareConfig(definitionOf('validate'), { schema: { type: 'strin' } })).toThrow(expect.objectContaining({ code: 'invalid_schema', message: expect.stringMatching(/^schema: /) }));
  });

  it('refuses an expression that does not parse', () => {
    expect(() => prepareConfig(definitionOf('transform'), { expression: 'request.(' })).toThrow(expect.objectContaining({ code: 'invalid_expression' }));
  });
});
