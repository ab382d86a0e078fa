import { describe, expect, it } from 'vitest';
import { exampleFromSchema } from '../../shared/schema-example.js';

describe('exampleFromSchema', () => {
  it('prefers what the schema says: example, examples, default, const, enum', () => {
    expect(exampleFromSchema({ type: 'string', example: 'ex' })).toBe('ex');
    expect(exampleFromSchema({ type: 'string', examples: ['first', 'second'] })).toBe('first');
    expect(exampleFromSchema({ type: 'integer', default: 7 })).toBe(7);
    expect(exampleFromSchema({ const: 'fixed' })).toBe('fixed');
    expect(exampleFromSchema({ type: 'string', enum: ['draft', 'live'] })).toBe('draft');
  });

  it('falls back to placeholders by type and format, within bounds', () => {
    expect(exampleFromSchema({ type: 'string' })).toBe('string');
    expect(exampleFromSchema({ type: 'string', minLength: 10 })).toBe('stringxxxx');
    expect(exampleFromSchema({ type: 'string', format: 'date-time' })).toBe('2024-01-31T12:00:00Z');
    expect(exampleFromSchema({ type: 'string', format: 'uuid' })).toMatch(/^[0-9a-f-]{36}$/);
    expect(exampleFromSchema({ type: 'integer', minimum: 5 })).toBe(5);
    expect(exampleFromSchema({ type: 'number', exclusiveMinimum: 0, maximum: 0.5 })).toBe(0.5);
    expect(exampleFromSchema({ type: ['null', 'boolean'] })).toBe(true);
    expect(exampleFromSchema({ type: 'null' })).toBeNull();
    expect(exampleFromSchema({})).toBeNull();
    expect(exampleFromSchema(true)).toBeNull();
  });

  it('builds objects and arrays, tuples included', () => {
    expect(
      exampleFromSchema({
        type: 'object',
        properties: { tags: { type: 'array', items: { type: 'string' } }, point: { type: 'array', items: [{ type: 'number' }, { type: 'boolean' }] } },
      }),
    ).toEqual({ tags: ['string'], point: [1, true] });
    expect(exampleFromSchema({ properties: { a: { type: 'integer' } } })).toEqual({ a: 1 });
  });

  it('follows local references and combinators, and stops at cycles', () => {
    const schema = {
      definitions: { node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/definitions/node' } } } },
      allOf: [{ properties: { a: { const: 1 } } }, { properties: { b: { oneOf: [{ type: 'boolean' }, { type: 'string' }] } } }],
    };
    expect(exampleFromSchema(schema)).toEqual({ a: 1, b: true });
    expect(exampleFromSchema({ $defs: schema.definitions, $ref: '#/$defs/node' })).toEqual({ name: 'string', child: null });
    expect(exampleFromSchema({ $ref: 'https://example.com/other.json' })).toBeNull();
  });

  it('stops at a depth instead of walking a deep schema for ever', () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 50; i++) deep = { type: 'object', properties: { inner: deep } };
    let value = exampleFromSchema(deep) as Record<string, unknown> | null;
    let depth = 0;
    while (value && typeof value === 'object') {
      value = value.inner as Record<string, unknown> | null;
      depth++;
    }
    expect(depth).toBeLessThan(10);
  });
});
