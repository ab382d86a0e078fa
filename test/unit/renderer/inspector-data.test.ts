import { CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { EditorState } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { flowShapes } from '../../../shared/compile/shapes.js';
import { arrayOf, objectOf, scalar } from '../../../shared/nodes/shape.js';
import { expressionCompletion, type ExpressionScope } from '../../../renderer/inspector/code/completion.js';
import { dataRow, MAX_CHILD_ROWS, pathText, preview } from '../../../renderer/inspector/data/data-tree.js';

const shapes = flowShapes(
  {
    path: '/users/:id',
    query: [{ name: 'limit', type: 'integer' }],
    bodySchema: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'object', properties: { city: { type: 'string' } } } } },
    flow: { nodes: [{ id: 'n1', key: 'user', type: 'set', config: { fields: { email: 'request.body.name', tags: '["a"]' } } }] },
  },
  { envVars: ['baseUrl'], tokenVars: ['team'], samples: new Map() },
);
const scope: ExpressionScope = { pathParams: ['id'], queryNames: ['limit'], envVars: ['baseUrl'], stepKeys: ['user'], shapes };

/** The labels completion offers with the cursor at the end of `text`. */
function offered(text: string): string[] {
  const context = new CompletionContext(EditorState.create({ doc: text }), text.length, false);
  const result = expressionCompletion(() => scope)(context) as CompletionResult | null;
  return result ? result.options.map((option) => option.label) : [];
}

describe('expression completion', () => {
  it('offers the fields of a step after steps.<key>.', () => {
    expect(offered('steps.user.')).toEqual(['email', 'tags']);
    expect(offered('steps.')).toEqual(['user']);
  });

  it('offers the body schema, parameters and variables', () => {
    expect(offered('request.body.')).toEqual(['name', 'address']);
    expect(offered('request.body.address.')).toEqual(['city']);
    expect(offered('request.params.')).toEqual(['id']);
    expect(offered('request.query.')).toEqual(['limit']);
    expect(offered('token.vars.')).toEqual(['team']);
    expect(offered('env.vars.')).toEqual(['baseUrl']);
  });

  it("offers JSONata's own functions, none it does not have", () => {
    const functions = offered('$su');
    expect(functions).toEqual(expect.arrayContaining(['$substring', '$sum', '$now']));
    expect(functions).not.toContain('$uuid');
  });
});

describe('the data panel tree', () => {
  it('writes paths as expressions read them, backquoting names that are not plain words', () => {
    expect(pathText(['steps', 'user', 'email'])).toBe('steps.user.email');
    expect(pathText(['request', 'body', 'first name'])).toBe('request.body.`first name`');
    expect(pathText(['steps', 'user', 'null'])).toBe('steps.user.`null`');
  });

  it("lists an object's fields and an array's items' fields, with the last run's values", () => {
    const row = dataRow('user', ['steps', 'user'], objectOf({ email: scalar('string'), roles: arrayOf(objectOf({ name: scalar('string') })) }), {
      email: 'ada@example.com',
      roles: [{ name: 'admin' }],
    });
    expect(row.children!.map((child) => [child.name, pathText(child.path), preview(child)])).toEqual([
      ['email', 'steps.user.email', '"ada@example.com"'],
      ['roles', 'steps.user.roles', '1 item'],
    ]);
    expect(preview(row.children![1]!.children![0]!)).toBe('"admin"');
    expect(preview(dataRow('n', ['steps', 'n'], scalar('number'), undefined))).toBe('number');
  });

  it('counts the fields past the ones it lists', () => {
    const fields = Object.fromEntries(Array.from({ length: MAX_CHILD_ROWS + 5 }, (_, index) => [`f${index}`, scalar('string')]));
    const row = dataRow('wide', ['steps', 'wide'], objectOf(fields), undefined);
    expect(row.children).toHaveLength(MAX_CHILD_ROWS);
    expect(row.hidden).toBe(5);
  });
});
