import { describe, expect, it } from 'vitest';
import { parseJsonBody } from '../../../server/runtime/body.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../../server/runtime/json-depth.js';

const nested = (depth: number, open = '[', close = ']'): string => open.repeat(depth) + close.repeat(depth);

describe('nestsDeeperThan', () => {
  it.each([
    [nested(MAX_JSON_DEPTH), false],
    [nested(MAX_JSON_DEPTH + 1), true],
    ['{"a":'.repeat(MAX_JSON_DEPTH) + '1' + '}'.repeat(MAX_JSON_DEPTH), false],
    ['{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1), true],
    [`{"text": "${'['.repeat(1000)}"}`, false],
    [`["a\\"[[[", "\\\\", ${nested(MAX_JSON_DEPTH - 1)}]`, false],
    [`["\\\\\\"${'['.repeat(100)}"]`, false],
    [`[${'[1],'.repeat(10_000)}1]`, false],
  ])('reads %j as deeper: %s', (text, deeper) => {
    expect(nestsDeeperThan(text, MAX_JSON_DEPTH)).toBe(deeper);
    if (!deeper) expect(() => JSON.parse(text) as unknown).not.toThrow();
  });

  it('scans a 5 MB body of strings quickly', () => {
    const text = JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ key: `value ${i} with \\"quotes\\" and [brackets]`.repeat(2) })));
    const started = performance.now();
    expect(nestsDeeperThan(text, MAX_JSON_DEPTH)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('parseJsonBody', () => {
  it('answers a 10,000-level body with 400 invalid_json naming the limit, without parsing it', () => {
    const text = nested(10_000);
    expect(() => parseJsonBody(text, text.length, 'application/json')).toThrow(
      expect.objectContaining({ status: 400, code: 'invalid_json', message: expect.stringContaining(`${MAX_JSON_DEPTH} levels`) }),
    );
  });

  it('still parses JSON at the limit', () => {
    const text = nested(MAX_JSON_DEPTH);
    expect(parseJsonBody(text, text.length, 'application/json').body).toBeInstanceOf(Array);
  });
});
