import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { expressionFindings } from '../../../shared/compile/expression-findings.js';
import { closestName, editDistance } from '../../../shared/compile/functions.js';
import { JSONATA_FUNCTIONS, readSignature } from '../../../shared/compile/jsonata-functions.js';
import { compileApi } from '../../../shared/compile/compile.js';
import { ApiDefinition } from '../../../shared/model/api.js';
import { compileOne, onlyProblem, problemsWith } from './helpers.js';

type Registered = { signature?: { definition?: string } };

describe('the table of JSONata functions', () => {
  it.each(Object.keys(JSONATA_FUNCTIONS))('has $%s with the signature JSONata registers', async (name) => {
    const registered = (await jsonata(`$${name}`).evaluate({})) as Registered;
    expect(registered.signature?.definition).toBe(JSONATA_FUNCTIONS[name]!.signature);
  });

  it('reads arities from signatures: optional, context (-) and one-or-more (+) parameters', () => {
    expect(readSignature('<s-nn?:s>').arity).toEqual({ min: 1, max: 3 });
    expect(readSignature('<a+>').arity).toEqual({ min: 1, max: Number.POSITIVE_INFINITY });
    expect(readSignature('<s-f<s:o>n?:a<o>>')).toEqual({ arity: { min: 1, max: 3 }, returns: 'a' });
    expect(readSignature('<s-(sf)(sf)n?:s>').arity).toEqual({ min: 2, max: 4 });
    expect(readSignature('<:n>')).toEqual({ arity: { min: 0, max: 0 }, returns: 'n' });
  });
});

describe('expressionFindings: functions', () => {
  it('names an unknown function and underlines it', () => {
    const [finding] = expressionFindings('$nosuchfn(1)');
    expect(finding).toMatchObject({ code: 'unknown_function', from: 0, to: 9 });
    expect(finding!.message).toBe('There is no function $nosuchfn; type $ in the field to see the functions there are');
  });

  it('suggests the function meant by a typo, a case slip or a JavaScript name', () => {
    expect(expressionFindings('$substrin(request.body.name, 1)')[0]!.message).toBe('There is no function $substrin. Did you mean $substring?');
    expect(expressionFindings('$upperCase(x)')[0]!.message).toBe('There is no function $upperCase. Did you mean $uppercase?');
    expect(expressionFindings('"a" & $toUpperCase(x)')[0]).toMatchObject({ message: 'There is no function $toUpperCase. Did you mean $uppercase?', from: 6, to: 18 });
  });

  it('accepts functions the expression defines, lambda parameters and $now/$millis', () => {
    expect(expressionFindings('($twice := function($n) { $n * 2 }; $twice(2))')).toEqual([]);
    expect(expressionFindings('$map([1, 2], function($v, $i, $apply) { $apply($v) })')).toEqual([]);
    expect(expressionFindings('$now() & $string($millis())')).toEqual([]);
  });

  it('counts arguments against the built-in signature, the value before ~> included', () => {
    expect(expressionFindings('$substring("abc", 1, 2, 3)')[0]).toMatchObject({
      code: 'wrong_arity',
      message: '$substring(text, start, length?) takes at most 3 arguments, but is given 4',
      from: 0,
      to: 10,
    });
    expect(expressionFindings('$exists()')[0]!.message).toBe('$exists(value) needs 1 argument, but is given none');
    expect(expressionFindings('$replace("a")')[0]!.message).toBe('$replace(text, pattern, replacement, limit?) needs at least 2 arguments, but is given 1');
    expect(expressionFindings('"abc" ~> $substring(1, 2, 3)')[0]!.message).toBe(
      '$substring(text, start, length?) takes at most 3 arguments, but is given 4 (counting the value before ~>)',
    );
    expect(expressionFindings('"abc" ~> $uppercase()')).toEqual([]);
    expect(expressionFindings('"abc" ~> $nope')[0]).toMatchObject({ code: 'unknown_function', from: 9, to: 14 });
    expect(expressionFindings('$random(1)')[0]!.message).toBe('$random() takes no arguments, but is given 1');
  });

  it('leaves out the context argument a path supplies', () => {
    expect(expressionFindings('request.body.name.$uppercase()')).toEqual([]);
    expect(expressionFindings('[1, 2].$power(2)')).toEqual([]);
  });

  it('finds calls inside objects, conditions, lambdas and partial applications', () => {
    const findings = expressionFindings('{ "a": true ? $nope1() : 1, "b": $map([1], function($v) { $nope2($v) }), "c": $substring(?, 1, 2, 3) }');
    expect(findings.map((finding) => finding.code)).toEqual(['unknown_function', 'unknown_function', 'wrong_arity']);
  });
});

describe('suggestions', () => {
  it('measures edits, a swap of neighbours as one', () => {
    expect(editDistance('count', 'cuont')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests only what is close', () => {
    expect(closestName('emial', ['email', 'name'])).toBe('email');
    expect(closestName('nosuchfn', ['substring', 'uppercase'])).toBeUndefined();
    expect(closestName('ab', ['xy'])).toBeUndefined();
  });
});

describe('compileApi: functions are compile problems', () => {
  it('refuses $nosuchfn, naming node and field, so the flow cannot be published', () => {
    const result = compileOne('respond', { body: '$nosuchfn(1)' }, []);
    expect(result.ok).toBe(false);
    const problem = onlyProblem(result, 'unknown_function');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'subject', field: 'body', position: 0 });
    expect(problem.message).toBe('Node "subject" (respond), field "body": There is no function $nosuchfn; type $ in the field to see the functions there are');
  });

  it('refuses a wrong number of arguments in a map entry', () => {
    const result = compileOne('set', { fields: { short: '$power(2, 3, 4)' } });
    expect(onlyProblem(result, 'wrong_arity')).toMatchObject({ severity: 'error', field: 'fields.short' });
  });

  it('still loads a version published before these checks, warning instead', () => {
    const definition = ApiDefinition.parse({
      name: 'Old',
      method: 'GET',
      path: '/old',
      flow: {
        nodes: [
          { id: 'r', type: 'request', key: 'request' },
          { id: 'o', type: 'respond', key: 'ok', config: { body: '{ "a": $nosuchfn(1), "b": $substring(), "c": steps.gone }' } },
        ],
        edges: [{ id: 'e', source: 'r', sourceHandle: 'out', target: 'o' }],
      },
    });
    expect(compileApi(definition).ok).toBe(false);
    const loaded = compileApi(definition, { published: true });
    expect(loaded.ok).toBe(true);
    expect(loaded.problems.map((problem) => [problem.code, problem.severity])).toEqual([
      ['unknown_function', 'warning'],
      ['wrong_arity', 'warning'],
      ['unknown_step', 'warning'],
    ]);
  });

  it('passes every built-in called as documented', () => {
    const result = compileOne('transform', { expression: '{ "n": $count([1]), "s": $join(["a"], ","), "t": $trim(" a "), "r": $round(1.5, 0), "p": $pad("a", 3) }' });
    expect(problemsWith(result, 'unknown_function')).toEqual([]);
    expect(problemsWith(result, 'wrong_arity')).toEqual([]);
  });
});
