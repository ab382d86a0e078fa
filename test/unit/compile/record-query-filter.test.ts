import { describe, expect, it } from 'vitest';
import { filterFieldsOf } from '../../../shared/nodes/record-query-filter.js';
import { recordQuery } from '../../../shared/nodes/record-query.js';
import { indexesNeededBy } from '../../../server/services/record-index-needs.js';

describe('record.query filter fields', () => {
  it('reads the field names of an object written out', () => {
    expect(filterFieldsOf('{"team": request.query.team, "active": true, "team": 1}')).toEqual({ kind: 'fields', fields: ['team', 'active'] });
    expect(filterFieldsOf('{}')).toEqual({ kind: 'fields', fields: [] });
    expect(filterFieldsOf('')).toEqual({ kind: 'fields', fields: [] });
  });

  it('calls a filter computed when its fields are known only when it runs', () => {
    expect(filterFieldsOf('request.body')).toMatchObject({ kind: 'computed', reason: expect.stringContaining('not an object written out') });
    expect(filterFieldsOf('$merge([{"a": 1}, request.body])')).toMatchObject({ kind: 'computed' });
    expect(filterFieldsOf('{request.query.field: 1}')).toMatchObject({ kind: 'computed', reason: expect.stringContaining('field name in it is computed') });
    expect(filterFieldsOf('{"say \\"hi\\"": 1}')).toMatchObject({ kind: 'computed', reason: expect.stringContaining('quote') });
    expect(filterFieldsOf('{"a": ')).toEqual({ kind: 'unreadable' });
  });

  it('warns from the definition’s check, on the filter field', () => {
    const config = { collection: 'people', filter: 'request.body', sort: '', limit: '50', cursor: '', count: false, offset: '0' };
    expect(recordQuery.check!(config)).toEqual([{ field: 'filter', severity: 'warning', message: expect.stringContaining('cannot use an index') }]);
    expect(recordQuery.check!({ ...config, filter: '{"team": request.query.team}' })).toEqual([]);
  });

  it('asks for an index per filter field (then the sort field) and one on the sort field alone', () => {
    const node = (config: Record<string, unknown>) => ({ id: 'q', type: 'record.query', typeVersion: 2, key: 'q', position: { x: 0, y: 0 }, config });
    const definition = (config: Record<string, unknown>) => ({ name: 'x', method: 'GET' as const, path: '/x', flow: { nodes: [node(config)], edges: [] } });
    expect(indexesNeededBy(definition({ collection: 'people', filter: '{"team": 1, "age": 2}', sort: '-name' }) as never)).toEqual([
      { collection: 'people', fields: ['team', 'name'] },
      { collection: 'people', fields: ['age', 'name'] },
      { collection: 'people', fields: ['name'] },
    ]);
    expect(indexesNeededBy(definition({ collection: 'people', filter: '{"age": 2}', sort: 'age' }) as never)).toEqual([
      { collection: 'people', fields: ['age'] },
      { collection: 'people', fields: ['age'] },
    ]);
    expect(indexesNeededBy(definition({ collection: 'people', filter: 'request.body' }) as never)).toEqual([]);
  });
});
