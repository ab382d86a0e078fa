import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { fieldPath, readRules, ruleProblems } from '../../../shared/rules-read.js';
import { RULE_OPERATORS, UNARY_OPERATORS, describeRules, rulesSource, type ConditionRules, type Rule, type RuleValue } from '../../../shared/rules.js';

const scope = {
  request: {
    body: { name: 'Ada Lovelace', email: 'ada@example.com', age: 36, tags: ['admin', 'ops'], note: '', extra: {}, none: null, list: [], 'first name': 'Ada' },
    query: { limit: 10, min: 18 },
  },
  steps: { limits: { max: 40 } },
};

const check = async (set: ConditionRules): Promise<unknown> => jsonata(rulesSource(set)).evaluate(scope);
const one = (field: string, operator: Rule['operator'], value?: RuleValue): ConditionRules => ({ match: 'all', rules: [value === undefined ? { field, operator } : { field, operator, value }] });

describe('rules compiled to JSONata', () => {
  it('compare like JSONata does', async () => {
    expect(rulesSource(one('request.body.age', 'atLeast', 18))).toBe('request.body.age >= 18');
    expect(await check(one('request.body.age', 'atLeast', 18))).toBe(true);
    expect(await check(one('request.body.age', 'less', { field: 'steps.limits.max' }))).toBe(true);
    expect(await check(one('request.body.name', 'equals', 'Ada Lovelace'))).toBe(true);
    expect(await check(one('request.body.name', 'notEquals', 'Ada Lovelace'))).toBe(false);
    expect(await check(one('request.body.`first name`', 'equals', 'Ada'))).toBe(true);
  });

  it('contains: an item of a list, or text within text', async () => {
    expect(await check(one('request.body.tags', 'contains', 'admin'))).toBe(true);
    expect(await check(one('request.body.tags', 'contains', 'adm'))).toBe(false);
    expect(await check(one('request.body.email', 'contains', '@example'))).toBe(true);
    expect(await check(one('request.body.age', 'contains', 3))).toBe(true);
    expect(Boolean(await check(one('request.body.missing', 'contains', 'x')))).toBe(false);
  });

  it('starts with, matches, exists, is empty and is not empty', async () => {
    expect(await check(one('request.body.name', 'startsWith', 'Ada'))).toBe(true);
    expect(await check(one('request.body.name', 'startsWith', 'Lovelace'))).toBe(false);
    expect(await check(one('request.body.email', 'matches', '^[a-z]+@example\\.com$'))).toBe(true);
    expect(await check(one('request.body.email', 'matches', 'a/b'))).toBe(false);
    expect(await check(one('request.body.note', 'exists'))).toBe(true);
    expect(await check(one('request.body.missing', 'exists'))).toBe(false);
    for (const empty of ['note', 'extra', 'none', 'list', 'missing']) expect(await check(one(`request.body.${empty}`, 'isEmpty')), empty).toBe(true);
    for (const full of ['name', 'age', 'tags']) expect(await check(one(`request.body.${full}`, 'isEmpty')), full).toBe(false);
    for (const empty of ['note', 'extra', 'none', 'list', 'missing']) expect(await check(one(`request.body.${empty}`, 'isNotEmpty')), empty).toBe(false);
    expect(await check(one('request.body.tags', 'isNotEmpty'))).toBe(true);
  });

  it('joins rules by all or any; no rules is always for all and never for any', async () => {
    const rules: Rule[] = [
      { field: 'request.body.age', operator: 'greater', value: 40 },
      { field: 'request.body.tags', operator: 'isNotEmpty' },
    ];
    expect(rulesSource({ match: 'any', rules })).toBe('request.body.age > 40 or ($exists(request.body.tags) and request.body.tags != null and request.body.tags != "" and request.body.tags != [] and request.body.tags != {})');
    expect(await check({ match: 'any', rules })).toBe(true);
    expect(await check({ match: 'all', rules })).toBe(false);
    expect(rulesSource({ match: 'all', rules: [] })).toBe('true');
    expect(rulesSource({ match: 'any', rules: [] })).toBe('false');
    expect(describeRules({ match: 'all', rules })).toBe('age > 40 and tags is not empty');
  });
});

describe('readRules', () => {
  const values: RuleValue[] = ['text', 'with "quotes" and \\ and /', '42', 42, -1.5, 0, true, false, null, { field: 'steps.limits.max' }];

  it('reads back every operator with every kind of value', () => {
    for (const operator of RULE_OPERATORS) {
      const tried = UNARY_OPERATORS.has(operator) ? [undefined] : operator === 'matches' ? ['^a/b', '\\d+'] : values;
      for (const value of tried) {
        const set = one('request.body.`first name`', operator, value);
        expect(readRules(rulesSource(set)), `${operator} ${JSON.stringify(value)}`).toEqual(set);
      }
    }
  });

  it('reads several rules, and expressions written by hand in the same shape', () => {
    const set: ConditionRules = {
      match: 'all',
      rules: [
        { field: 'request.body.email', operator: 'contains', value: '@' },
        { field: 'request.query.limit', operator: 'atMost', value: 100 },
        { field: 'request.body.tags', operator: 'isEmpty' },
      ],
    };
    expect(readRules(rulesSource(set))).toEqual(set);
    expect(readRules('(request.query.limit > 10) or (steps.user.role = "admin")')).toEqual({
      match: 'any',
      rules: [
        { field: 'request.query.limit', operator: 'greater', value: 10 },
        { field: 'steps.user.role', operator: 'equals', value: 'admin' },
      ],
    });
    expect(readRules('  true ')).toEqual({ match: 'all', rules: [] });
    expect(readRules('false')).toEqual({ match: 'any', rules: [] });
  });

  it('leaves other expressions as expressions', () => {
    for (const source of [
      'a = 1 and b = 2 or c = 3',
      '$count(request.body.tags) > 1',
      'request.body.age + 1 > 3',
      'request.body.tags[0] = "x"',
      '10 < request.body.age',
      '$contains(request.body.email, "@")',
      'request.body.name = "a" ? true : false',
      'request.body.email ~> $uppercase() = "X"',
      '$contains($string(request.body.email), /x/i)',
      '"a" in request.body.tags',
      'request.body.(',
    ]) {
      expect(readRules(source), source).toBeNull();
    }
  });
});

describe('ruleProblems and fieldPath', () => {
  it('names what to fix in each rule', () => {
    expect(
      ruleProblems({
        match: 'all',
        rules: [
          { field: '', operator: 'exists' },
          { field: 'request.body.x + 1', operator: 'equals', value: 1 },
          { field: 'request.body.x', operator: 'equals' },
          { field: 'request.body.x', operator: 'matches', value: '(a)\\1' },
          { field: 'request.body.x', operator: 'less', value: { field: 'not a path' } },
          { field: 'request.body.x', operator: 'isEmpty' },
        ],
      }),
    ).toEqual([
      { index: 0, part: 'field', message: 'Pick the field this rule checks' },
      { index: 1, part: 'field', message: '“request.body.x + 1” is not a field path like request.body.email' },
      { index: 2, part: 'value', message: 'Give the value to compare with' },
      { index: 3, part: 'value', message: expect.stringMatching(/^The pattern .*back/) as unknown as string },
      { index: 4, part: 'value', message: '“not a path” is not a field path like steps.user.id' },
    ]);
  });

  it('writes a path the way rules keep it', () => {
    expect(fieldPath(' request.body.email ')).toBe('request.body.email');
    expect(fieldPath('request.body.`first name`')).toBe('request.body.`first name`');
    expect(fieldPath('request.body.`and`')).toBe('request.body.`and`');
    expect(fieldPath('request.body.x[0]')).toBeNull();
  });
});
