import { describe, expect, it } from 'vitest';
import { QueryParam } from '../../../shared/model/api.js';
import { compileQueryParams } from '../../../server/runtime/query.js';

const params = [
  { name: 'limit', type: 'integer', min: 1, max: 100, default: 20 },
  { name: 'sort', type: 'string', enum: ['name', 'age'] },
  { name: 'email', type: 'string', format: 'email' },
  { name: 'code', type: 'string', min: 2, max: 3, required: true },
].map((param) => QueryParam.parse(param));

describe('declared query parameters with a format, bounds and allowed values', () => {
  const coerce = compileQueryParams(params);

  it('pass when they fit, typed and defaulted', () => {
    expect(coerce({ limit: '50', sort: 'age', email: 'a@b.co', code: 'ab' })).toEqual({ query: { limit: 50, sort: 'age', email: 'a@b.co', code: 'ab' } });
    expect(coerce({ code: 'abc' })).toEqual({ query: { limit: 20, code: 'abc' } });
  });

  it('are refused, each named, when they do not', () => {
    const refused = coerce({ limit: '500', sort: 'size', email: 'nope', code: 'a' });
    expect(refused).toEqual({
      problems: [
        { name: 'limit', message: 'the query parameter "limit" must be <= 100, not "500"' },
        { name: 'sort', message: 'the query parameter "sort" must be one of "name", "age", not "size"' },
        { name: 'email', message: 'the query parameter "email" must match format "email", not "nope"' },
        { name: 'code', message: 'the query parameter "code" must NOT have fewer than 2 characters, not "a"' },
      ],
    });
  });

  it('keep their constraints in the stored definition', () => {
    expect(QueryParam.safeParse({ name: 'x', enum: [] }).success).toBe(false);
    expect(QueryParam.safeParse({ name: 'x', format: 'hostname' }).success).toBe(false);
    expect(QueryParam.parse({ name: 'x', type: 'number', min: 0.5, example: 2 })).toEqual({ name: 'x', type: 'number', required: false, min: 0.5, example: 2 });
  });
});
