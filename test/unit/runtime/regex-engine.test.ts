import { describe, expect, it } from 'vitest';
import { LinearRegExp, linearRegexProblem, UnsupportedRegexError } from '../../../shared/compile/linear-regex.js';

/** Patterns a backtracking engine also answers quickly: the linear engine must find the same matches. */
const AGREES: [pattern: string, flags: string, inputs: string[]][] = [
  ['^[A-Z0-9]+$', '', ['ABC123', 'abc', '', 'A-1']],
  ['(\\d{3})-(\\d{4})', 'g', ['call 555-1234 or 555-9876', 'none']],
  ['(?<year>\\d{4})-(?<month>\\d\\d)', '', ['on 2024-05-17']],
  ['\\s+', 'g', ['a \u00a0b\u2003c\td\u2028e']],
  ['\\S+', 'g', ['a \u00a0b\u2003c']],
  ['[\\s,]+', 'g', ['a, b\u00a0 c']],
  ['a.c', '', ['abc', 'a\nc', 'a\rc', 'a\u2028c']],
  // RE2 reads code points, as RegExp does with the u flag: `.` takes a whole emoji, with or without it.
  ['a.c', 'u', ['a😀c']],
  ['^b', 'm', ['a\nb']],
  ['^b', '', ['a\nb']],
  ['b$', '', ['ab\n', 'ab']],
  ['hello', 'i', ['Say HELLO', 'hell']],
  ['\\bword\\b', 'g', ['a word, words, sword word']],
  ['[^]', '', ['x', '\n']],
  ['x[]', '', ['x']],
  ['\\u00e9+', '', ['caféé']],
  ['\\u{1F600}', 'u', ['smile 😀']],
  ['\\uD83D\\uDE00', '', ['smile 😀']],
  ['\\p{Lu}\\p{Letter}+', 'u', ['say Hello']],
  ['\\p{Script=Greek}+', 'u', ['abc αβγ']],
  ['\\x41\\cJ', '', ['A\n']],
  ['[\\b]', '', ['a\bb']],
  ['\\/path\\.json', '', ['/path.json']],
  ['\\a\\e\\z', '', ['aez']],
  ['[[a]+', '', ['[[a']],
  ['a{2,3}?', 'g', ['aaaa']],
  ['\\v\\0', '', ['\v\0']],
  ['(a)|(b)', 'g', ['xbya']],
  ['x*', 'g', ['abc']],
];

function nativeMatches(pattern: string, flags: string, input: string): unknown[] {
  const regex = new RegExp(pattern, flags);
  return collect((from) => {
    regex.lastIndex = from;
    return [regex.exec(input), regex.lastIndex];
  }, flags.includes('g'));
}

function linearMatches(pattern: string, flags: string, input: string): unknown[] {
  const regex = new LinearRegExp(pattern, flags);
  return collect((from) => {
    regex.lastIndex = from;
    return [regex.exec(input), regex.lastIndex];
  }, flags.includes('g'));
}

/** Every match as [text, index, groups], walking lastIndex as JSONata does (one step on past an empty match). */
function collect(exec: (from: number) => [RegExpExecArray | null, number], global: boolean): unknown[] {
  const found: unknown[] = [];
  let from = 0;
  for (let guard = 0; guard < 50; guard++) {
    const [match, lastIndex] = exec(from);
    if (!match) break;
    found.push([[...match], match.index]);
    if (!global) break;
    from = lastIndex === match.index ? lastIndex + 1 : lastIndex;
    if (from > match.input.length) break;
  }
  return found;
}

describe('LinearRegExp', () => {
  it.each(AGREES)('finds what RegExp finds for /%s/%s', (pattern, flags, inputs) => {
    for (const input of inputs) expect(linearMatches(pattern, flags, input)).toEqual(nativeMatches(pattern, flags, input));
  });

  it('answers test() as RegExp does, for Ajv', () => {
    const regex = new LinearRegExp('^[a-z]+@[a-z]+$', 'u');
    expect(regex.test('ada@example')).toBe(true);
    expect(regex.test('ada@')).toBe(false);
    expect(String(regex)).toBe('/^[a-z]+@[a-z]+$/u');
  });

  it('takes a RegExp, as JSONata hands it its parsed literal', () => {
    const regex = new LinearRegExp(/b(c)/gi);
    expect(regex.global).toBe(true);
    expect([...(regex.exec('ABC') ?? [])]).toEqual(['BC', 'C']);
    expect(regex.lastIndex).toBe(3);
  });

  it.each([
    ['(a+)+$', 'a'.repeat(5000) + '!'],
    ['^([A-Z0-9]+)+$', 'A'.repeat(5000) + '!'],
    ['^(\\w+\\s?)*$', 'word '.repeat(1000) + '!'],
    ['(.*a){12}', 'a'.repeat(2000)],
  ])('matches /%s/ against a hostile input in linear time', (pattern, input) => {
    const regex = new LinearRegExp(pattern, 'g');
    const started = performance.now();
    regex.exec(input);
    // A backtracking engine needs longer than the universe's age; linear time is milliseconds (generous for a loaded machine).
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('linearRegexProblem', () => {
  it.each([
    ['(a)\\1', /backreference \("\\1"\)/],
    ['(?<q>["\'])x\\k<q>', /backreference \("\\k<…>"\)/],
    ['foo(?=bar)', /lookahead \("\(\?="\)/],
    ['foo(?!bar)', /lookahead \("\(\?!"\)/],
    ['(?<=\\$)\\d+', /lookbehind \("\(\?<="\)/],
    ['(?<!-)\\d+', /lookbehind \("\(\?<!"\)/],
    ['\\01', /octal escape/],
    ['a{1001}', /cannot be compiled by the linear-time engine: invalid repeat count/],
    ['[a-z', /never closed/],
  ])('refuses /%s/ and says why', (pattern, reason) => {
    const problem = linearRegexProblem(pattern);
    expect(problem).toMatch(reason);
    expect(problem).toContain(`/${pattern}/`);
    expect(() => new LinearRegExp(pattern)).toThrow(UnsupportedRegexError);
  });

  it('accepts what RE2 can run', () => {
    expect(linearRegexProblem('^(?<id>[a-z0-9-]{3,40})$', 'u')).toBeNull();
    expect(linearRegexProblem('(?:\\d+\\.)*\\d+')).toBeNull();
  });

  it('refuses flags it does not know', () => {
    expect(linearRegexProblem('a', 'y')).toMatch(/only i, m and u/);
  });
});
