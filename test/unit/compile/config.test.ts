import { describe, expect, it } from 'vitest';
import { compileOne, onlyProblem, planOf, problemsWith } from './helpers.js';

describe('compileApi: config fields', () => {
  it('fills defaults into the plan', () => {
    const plan = planOf(compileOne('http.request', {}, ['ok', 'error']));
    expect(plan.nodes[1]?.config).toEqual({ method: 'GET', url: '"https://example.com"', headers: {}, body: '', timeoutMs: 10_000, redirect: 'manual' });
  });

  it('rejects an empty required field', () => {
    const result = compileOne('fail', { code: '' }, []);
    const problem = onlyProblem(result, 'required_field');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'subject', field: 'code' });
    expect(problem.message).toBe('Node "subject" (fail): "Error code" is required');
  });

  it('rejects a blank required expression', () => {
    expect(onlyProblem(compileOne('transform', { expression: '  ' }), 'required_field').field).toBe('expression');
  });

  it('allows an empty optional expression', () => {
    expect(compileOne('respond', { body: '' }, []).ok).toBe(true);
  });

  it('rejects an integer field holding something else', () => {
    expect(onlyProblem(compileOne('respond', { status: '200' }, []), 'invalid_value')).toMatchObject({ nodeId: 'subject', field: 'status' });
    expect(onlyProblem(compileOne('respond', { status: 200.5 }, []), 'invalid_value').field).toBe('status');
  });

  it('rejects an integer out of its range', () => {
    const problem = onlyProblem(compileOne('fail', { status: 200 }, []), 'invalid_value');
    expect(problem).toMatchObject({ field: 'status' });
    expect(problem.message).toContain('between 400 and 599');
  });

  it('rejects a select value that is not an option', () => {
    const problem = onlyProblem(compileOne('log', { level: 'verbose' }), 'invalid_value');
    expect(problem).toMatchObject({ field: 'level' });
    expect(problem.message).toContain('"debug", "info", "warn", "error"');
  });

  it('rejects text that does not match its pattern', () => {
    const problem = onlyProblem(compileOne('fail', { code: 'Not Found' }, []), 'invalid_value');
    expect(problem).toMatchObject({ field: 'code' });
    expect(problem.message).toContain('lowercase snake_case');
  });

  it('rejects an expression map that is not an object of strings', () => {
    expect(onlyProblem(compileOne('set', { fields: ['a'] }), 'invalid_value').field).toBe('fields');
    expect(onlyProblem(compileOne('set', { fields: { a: 1 } }), 'invalid_value').field).toBe('fields');
  });

  it('rejects invalid names in an expression map', () => {
    expect(onlyProblem(compileOne('respond', { headers: { 'x bad': '"1"' } }, []), 'invalid_value').field).toBe('headers.x bad');
    expect(onlyProblem(compileOne('set', { fields: { ' a': '1' } }), 'invalid_value').field).toBe('fields. a');
  });

  it('rejects an empty entry of an expression map', () => {
    expect(onlyProblem(compileOne('set', { fields: { total: '' } }), 'required_field').field).toBe('fields.total');
  });

  it('checks only the fields that are shown', () => {
    // body is shown for POST only; a broken body on a GET is never sent.
    expect(compileOne('http.request', { method: 'GET', body: '{{' }, ['ok', 'error']).ok).toBe(true);
    expect(onlyProblem(compileOne('http.request', { method: 'POST', body: '{{' }, ['ok', 'error']), 'invalid_expression').field).toBe('body');
  });

  it("reports the definition's own check as an error", () => {
    expect(onlyProblem(compileOne('respond', { status: 302 }, []), 'invalid_config')).toMatchObject({ severity: 'error', nodeId: 'subject', field: 'status' });
    expect(onlyProblem(compileOne('set', { fields: {} }), 'invalid_config').field).toBe('fields');
  });

  it("reports the definition's own check as a warning, which still compiles", () => {
    const result = compileOne('redirect', { status: 301 }, []);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([expect.objectContaining({ severity: 'warning', code: 'config_warning', nodeId: 'subject', field: 'status' })]);
  });

  it('skips the check of a node whose values are of the wrong kind', () => {
    const result = compileOne('respond', { status: 'abc' }, []);
    expect(problemsWith(result, 'invalid_config')).toEqual([]);
  });
});

describe('compileApi: expressions', () => {
  it('rejects invalid JSONata with its position', () => {
    const problem = onlyProblem(compileOne('transform', { expression: 'request.body.(' }), 'invalid_expression');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'subject', field: 'expression', position: 14 });
    expect(problem.message).toMatch(/^Node "subject" \(transform\), field "expression": The expression ends too soon: .+ \(position 14\) in "request\.body\.\("$/);
  });

  it('rejects invalid JSONata in an entry of an expression map', () => {
    const problem = onlyProblem(compileOne('set', { fields: { ok: '1', broken: '1 +' } }), 'invalid_expression');
    expect(problem).toMatchObject({ field: 'fields.broken', position: 3 });
    expect(onlyProblem(compileOne('respond', { headers: { 'X-Id': '"a' } }, []), 'invalid_expression').field).toBe('headers.X-Id');
  });

  it('rejects a path parameter the path does not have', () => {
    const problem = onlyProblem(compileOne('transform', { expression: 'request.params.userId & request.params.id' }), 'unknown_path_param');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'subject', field: 'expression' });
    expect(problem.message).toContain('request.params.userId is not a parameter of the path "/items/:id" (its parameters: id)');
  });

  it('finds unknown path parameters inside maps, functions and $$ paths', () => {
    const result = compileOne('set', { fields: { a: '$string(request.params.x)', b: 'steps.subject[id = $$.request.params.y]' } });
    expect(problemsWith(result, 'unknown_path_param').map((problem) => problem.field)).toEqual(['fields.a', 'fields.b']);
  });

  it('refuses a step key no node has, suggesting the one meant', () => {
    const result = compileOne('transform', { expression: 'steps.subjet.name' });
    expect(result.ok).toBe(false);
    const problem = onlyProblem(result, 'unknown_step');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'subject', field: 'expression', position: 6 });
    expect(problem.message).toContain('steps.subjet is not the key of any node in this flow, so it reads nothing; did you mean steps.subject?');
  });
});

describe('compileApi: JSON Schemas', () => {
  it('rejects an invalid schema in a node', () => {
    const problem = onlyProblem(compileOne('validate', { schema: { type: 'strin' } }, ['valid', 'invalid']), 'invalid_schema');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'subject', field: 'schema' });
  });

  it('rejects a schema with a reference it cannot resolve', () => {
    expect(onlyProblem(compileOne('validate', { schema: { $ref: '#/definitions/nope' } }, ['valid', 'invalid']), 'invalid_schema').field).toBe('schema');
  });

  it('accepts schemas sharing an $id, even a meta-schema’s, again and again', () => {
    for (let round = 0; round < 3; round++) {
      for (const $id of ['https://example.com/user', 'http://json-schema.org/draft-07/schema#']) {
        expect(compileOne('validate', { schema: { $id, type: 'object', properties: { n: { type: 'integer', minimum: round } } } }, ['valid', 'invalid']).ok).toBe(true);
      }
    }
    expect(onlyProblem(compileOne('validate', { schema: { type: 'strin' } }, ['valid', 'invalid']), 'invalid_schema').field).toBe('schema');
  });

  it("rejects an invalid body schema on the Request node", () => {
    const problem = onlyProblem(compileOne('respond', {}, [], { bodySchema: { type: 'object', properties: 3 } }), 'invalid_schema');
    expect(problem).toMatchObject({ severity: 'error', nodeId: 'req', field: 'bodySchema' });
  });

  it('warns about a body schema on a GET', () => {
    const result = compileOne('respond', {}, [], { method: 'GET', bodySchema: { type: 'object' } });
    expect(result.ok).toBe(true);
    expect(onlyProblem(result, 'body_schema_ignored')).toMatchObject({ severity: 'warning', field: 'bodySchema' });
  });
});
