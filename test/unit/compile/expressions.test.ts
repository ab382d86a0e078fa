import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { expressionReferences, parseExpression } from '../../../shared/compile/expressions.js';

describe('parseExpression', () => {
  it('accepts valid JSONata', () => {
    expect(parseExpression('{ "name": request.body.name, "at": $now() }')).toEqual({ ok: true });
    expect(parseExpression('request.params.id')).toEqual({ ok: true });
    expect(parseExpression('steps.and')).toEqual({ ok: true });
  });

  it("gives jsonata's message and position", () => {
    expect(parseExpression('foo(')).toEqual({ ok: false, message: 'Expected ")" before end of expression', position: 4 });
    expect(parseExpression('"abc')).toMatchObject({ ok: false, position: 4 });
  });

  it('rejects literals used as path steps, which the fast path must not let through', () => {
    expect(parseExpression('steps.null')).toMatchObject({ ok: false, position: 10 });
    expect(parseExpression('steps.true.x')).toMatchObject({ ok: false });
  });

  it.each([
    'request.params.id', 'steps.and', 'steps.in.x', 'and', 'steps.function', 'steps.false', 'a.b.c_1', '_x',
    '0', '-5', '01', '1.5', '1.', '"a\nb"', '"{{"', "'x'", "'it''s'", '"a\\"b"', '{}', '[ ]', '{ }', 'true', 'null', 'nul',
  ])('agrees with jsonata about %j, shortcuts included', (source) => {
    let parses = true;
    try {
      jsonata(source);
    } catch {
      parses = false;
    }
    expect(parseExpression(source).ok).toBe(parses);
  });

  it('rejects an empty expression', () => {
    expect(parseExpression('')).toMatchObject({ ok: false });
  });
});

describe('expressionReferences', () => {
  it('lists the name chains read from the root', () => {
    expect(expressionReferences("'no user ' & request.params.id").paths).toEqual([['request', 'params', 'id']]);
    expect(expressionReferences('{ "a": steps.user.name, "b": $count(request.query.tags), "c": env.vars.base }').paths).toEqual([
      ['steps', 'user', 'name'], ['request', 'query', 'tags'], ['env', 'vars', 'base'],
    ]);
  });

  it('gives the same chains with and without the fast path', () => {
    expect(expressionReferences('request.params.id').paths).toEqual(expressionReferences('(request.params.id)').paths);
  });

  it('reads $ and $$ at the root', () => {
    expect(expressionReferences('$.token.scopes').paths).toEqual([['token', 'scopes']]);
    expect(expressionReferences('$$.request.body').paths).toEqual([['request', 'body']]);
  });

  it('stops a chain at a step that is not a name', () => {
    expect(expressionReferences('steps.list[0].id').paths).toEqual([['steps', 'list', 'id']]);
    expect(expressionReferences('steps.user.$uppercase(name)').paths).toEqual([['steps', 'user']]);
  });

  it('does not mistake names inside a filter or a later step for the root', () => {
    expect(expressionReferences('steps.users[request.params.id = id]').paths).toEqual([['steps', 'users']]);
    expect(expressionReferences('steps.users[id = $$.request.params.id]').paths).toEqual([['steps', 'users'], ['request', 'params', 'id']]);
    expect(expressionReferences('steps.x.(request.y)').paths).toEqual([['steps', 'x']]);
  });

  it('follows variables, blocks, conditions and lambdas', () => {
    const source = '($id := request.params.id; $id ? $map(steps.list.items, function($v) { $v & env.name }) : token.id)';
    expect(expressionReferences(source).paths).toEqual([['request', 'params', 'id'], ['steps', 'list', 'items'], ['env', 'name'], ['token', 'id']]);
  });

  it('lists each chain once and none for an invalid expression', () => {
    expect(expressionReferences('request.body.a + request.body.a').paths).toEqual([['request', 'body', 'a']]);
    expect(expressionReferences('request.').paths).toEqual([]);
  });
});
