import { describe, expect, it } from 'vitest';
import { compileApi } from '../../../shared/compile/compile.js';
import { ApiDefinition } from '../../../shared/model/api.js';
import type { ConditionRules } from '../../../shared/rules.js';
import { condition } from '../../../shared/nodes/condition.js';
import { prepareNode } from '../../../server/runtime/engine.js';
import { runContext, scopeOf, testServices } from '../executors/helpers.js';

/** Request → Condition (at a version) → Respond on both ports. */
function flowWith(config: Record<string, unknown>, typeVersion: number = condition.version) {
  return ApiDefinition.parse({
    name: 'Check',
    method: 'POST',
    path: '/check',
    bodySchema: { type: 'object', properties: { age: { type: 'integer' }, email: { type: 'string' } }, additionalProperties: false },
    flow: {
      nodes: [
        { id: 'r', type: 'request', key: 'request', config: {} },
        { id: 'c', type: 'condition', typeVersion, key: 'adult', config },
        { id: 'y', type: 'respond', key: 'yes', config: { status: 200 } },
        { id: 'n', type: 'respond', key: 'no', config: { status: 403 } },
      ],
      edges: [
        { id: 'e1', source: 'r', target: 'c' },
        { id: 'e2', source: 'c', sourceHandle: 'true', target: 'y' },
        { id: 'e3', source: 'c', sourceHandle: 'false', target: 'n' },
      ],
    },
  });
}

const adult: ConditionRules = {
  match: 'all',
  rules: [
    { field: 'request.body.age', operator: 'atLeast', value: 18 },
    { field: 'request.body.email', operator: 'isNotEmpty' },
  ],
};

async function branch(config: Record<string, unknown>, body: unknown, typeVersion: number = condition.version): Promise<unknown> {
  const executor = prepareNode({ id: 'c', key: 'adult', type: 'condition', typeVersion, config, next: {} }, testServices());
  return executor(scopeOf({ method: 'POST', body }), runContext());
}

describe('Condition version 2: rules', () => {
  it('is the version new nodes get, and starts with no rules', () => {
    expect(condition.version).toBe(2);
    expect(condition.fields[0]).toMatchObject({ kind: 'condition', name: 'expression', default: { match: 'all', rules: [] } });
    expect(condition.summary({ expression: adult })).toBe('age ≥ 18 and email is not empty');
  });

  it('runs its rules, and the output says which way it went', async () => {
    expect(await branch({ expression: adult }, { age: 30, email: 'a@b.c' })).toEqual({ port: 'true', output: true });
    expect(await branch({ expression: adult }, { age: 30, email: '' })).toEqual({ port: 'false', output: false });
    expect(await branch({ expression: { ...adult, match: 'any' } }, { age: 12, email: 'a@b.c' })).toEqual({ port: 'true', output: true });
  });

  it('still runs an expression, in version 2 and in version 1 nodes', async () => {
    expect(await branch({ expression: 'request.body.age > 17' }, { age: 18 })).toEqual({ port: 'true', output: true });
    expect(await branch({ expression: 'request.body.age > 17' }, { age: 3 }, 1)).toEqual({ port: 'false', output: false });
    // A version 1 node saved without an expression was always true.
    expect(await branch({}, {}, 1)).toEqual({ port: 'true', output: true });
  });

  it('compiles: no rules is a problem in version 2 only; each faulty rule is named on its row', () => {
    expect(compileApi(flowWith({ expression: adult })).ok).toBe(true);
    const empty = compileApi(flowWith({ expression: { match: 'all', rules: [] } }));
    expect(empty.ok).toBe(false);
    expect(empty.problems).toContainEqual(expect.objectContaining({ code: 'required_field', field: 'expression', message: expect.stringContaining('needs a rule') as unknown }));
    expect(compileApi(flowWith({}, 1)).ok).toBe(true);

    const faulty = compileApi(flowWith({ expression: { match: 'any', rules: [{ field: '', operator: 'exists' }, { field: 'request.body.age', operator: 'greater' }] } }));
    expect(faulty.problems.filter((problem) => problem.severity === 'error').map((problem) => [problem.field, problem.message])).toEqual([
      ['expression.rules.0', 'Node "adult" (condition): "Condition", rule 1: Pick the field this rule checks'],
      ['expression.rules.1', 'Node "adult" (condition): "Condition", rule 2: Give the value to compare with'],
    ]);
  });

  it('checks what a rule reads like any expression: a step that does not exist is an error on that row', () => {
    const result = compileApi(flowWith({ expression: { match: 'all', rules: [{ field: 'steps.nobody.age', operator: 'exists' }] } }));
    expect(result.problems.some((problem) => problem.field === 'expression.rules.0' && /nobody/.test(problem.message))).toBe(true);
  });

  it('refuses rules that are not rules', () => {
    const result = compileApi(flowWith({ expression: { match: 'some', rules: [] } }));
    expect(result.problems).toContainEqual(expect.objectContaining({ code: 'invalid_value', field: 'expression' }));
  });
});
