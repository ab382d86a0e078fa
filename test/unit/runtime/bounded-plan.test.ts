import { describe, expect, it } from 'vitest';
import type { ApiDefinition } from '../../../shared/model/api.js';
import { isBoundedPlan } from '../../../server/workers/bounded-plan.js';
import { planOf, type TestEdge, type TestNode } from '../engine/plan-of.js';

const GET = { method: 'GET' } as ApiDefinition;
const POST = { method: 'POST' } as ApiDefinition;

/** request → <middle> → respond, with the middle node's port `out` (or `found` for record.get). */
function through(middle: TestNode, port = 'out', respondBody = 'steps.value'): [TestNode[], TestEdge[]] {
  return [
    [{ key: 'request', type: 'request' }, { ...middle, key: 'value' }, { key: 'ok', type: 'respond', config: { status: 200, body: respondBody } }, { key: 'gone', type: 'fail', config: { status: 404, code: 'missing', message: '"no"' } }],
    [['request', 'out', 'value'], ['value', port, 'ok'], ...(port === 'found' ? ([['value', 'missing', 'gone']] as TestEdge[]) : [])],
  ];
}

const bounded = (definition: ApiDefinition, [nodes, edges]: [TestNode[], TestEdge[]]): boolean => isBoundedPlan(definition, planOf(nodes, edges));

describe('which plans may run on the listener', () => {
  it('takes a read of one record with expressions in the compiled subset', () => {
    expect(bounded(GET, through({ key: 'value', type: 'record.get', config: { collection: 'users', id: 'request.params.id' } }, 'found'))).toBe(true);
    expect(bounded(GET, through({ key: 'value', type: 'transform', config: { expression: '{"name": $uppercase(request.query.name), "at": $now()}' } }))).toBe(true);
    expect(bounded(GET, through({ key: 'value', type: 'set', config: { fields: { a: 'request.params.id', b: '"x" & request.query.y' } } }))).toBe(true);
  });

  it('leaves to the workers what could run long: ranges, other functions, regexes, bodies, calls out, queries, writes', () => {
    const transform = (expression: string) => through({ key: 'value', type: 'transform', config: { expression } });
    expect(bounded(GET, transform('$string([1..10000000])'))).toBe(false);
    expect(bounded(GET, transform('$sum(request.query.n)'))).toBe(false);
    expect(bounded(GET, transform('$match(request.query.s, /(a+)+$/)'))).toBe(false);
    expect(bounded(GET, through({ key: 'value', type: 'transform', config: { expression: '"ok"' } }, 'out', '$replace(steps.value, "o", "0")'))).toBe(false);
    expect(bounded(POST, transform('"ok"'))).toBe(false);
    expect(bounded(GET, through({ key: 'value', type: 'http.request', config: { method: 'GET', url: '"https://example.com"' } }, 'ok'))).toBe(false);
    expect(bounded(GET, through({ key: 'value', type: 'record.insert', config: { collection: 'users', document: '{}' } }))).toBe(false);
  });

  it('takes a record.query that reads one page by keys: version 2, no count, its filter written out', () => {
    const query = (config: Record<string, unknown>, typeVersion?: number) => through({ key: 'value', type: 'record.query', typeVersion, config: { collection: 'users', ...config } });
    expect(bounded(GET, query({ filter: '{"team": request.query.team}' }))).toBe(true);
    expect(bounded(GET, query({ filter: '{"team": request.query.team, "age": $number(request.query.age)}', sort: '-age', limit: 'request.query.limit' }))).toBe(true);
    expect(bounded(GET, query({}))).toBe(true);
  });

  it('leaves to the workers a record.query that counts, pages by offset, computes its filter or runs slow expressions', () => {
    const query = (config: Record<string, unknown>, typeVersion?: number) => through({ key: 'value', type: 'record.query', typeVersion, config: { collection: 'users', ...config } });
    expect(bounded(GET, query({ filter: '{"team": request.query.team}', count: true }))).toBe(false);
    expect(bounded(GET, query({ filter: '{"team": request.query.team}' }, 1))).toBe(false);
    expect(bounded(GET, query({ filter: 'request.query' }))).toBe(false);
    expect(bounded(GET, query({ filter: '$merge([{"team": "red"}, request.query])' }))).toBe(false);
    expect(bounded(GET, query({ filter: '{"team": $string([1..10000000])}' }))).toBe(false);
    expect(bounded(GET, query({ filter: '{"team": request.query.team}', limit: '$sum(request.query.n)' }))).toBe(false);
    expect(bounded(POST, query({ filter: '{"team": request.query.team}' }))).toBe(false);
  });
});
