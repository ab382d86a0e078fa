import { describe, expect, it } from 'vitest';
import { renameInExpression, renameStepReferences } from '../../../renderer/stores/rename-references.js';
import type { StepNode } from '../../../renderer/stores/editor-doc.js';

const node = (id: string, type: string, key: string, config: Record<string, unknown>): StepNode =>
  ({ id, type: 'step', position: { x: 0, y: 0 }, data: { type, key, config } }) as unknown as StepNode;

describe('renaming a step follows its references', () => {
  it('rewrites steps.<old> and nothing that merely starts with it', () => {
    expect(renameInExpression('steps.user.name & steps.users.count & $$.steps.user', 'user', 'account')).toBe(
      'steps.account.name & steps.users.count & $$.steps.account',
    );
    expect(renameInExpression('mysteps.user', 'user', 'account')).toBe('mysteps.user');
  });

  it('changes the expression fields of the nodes that read the step, and leaves the others as they were', () => {
    const nodes = [
      node('a', 'record.get', 'user', { collection: 'users', id: 'request.params.id' }),
      node('b', 'respond', 'ok', { status: 200, body: 'steps.user', headers: { etag: 'steps.user.version' } }),
      node('c', 'fail', 'missing', { status: 404, code: 'not_found', message: '"no such user"' }),
      node('d', 'set', 'shape', { fields: { who: 'steps.user.name', when: '$now()' } }),
    ];
    const renamed = renameStepReferences(nodes, 'user', 'account');
    expect(renamed[0]).toBe(nodes[0]);
    expect(renamed[2]).toBe(nodes[2]);
    expect(renamed[1]!.data.config).toEqual({ status: 200, body: 'steps.account', headers: { etag: 'steps.account.version' } });
    expect(renamed[3]!.data.config).toEqual({ fields: { who: 'steps.account.name', when: '$now()' } });
  });

  it('does nothing for keys that are not identifiers', () => {
    const nodes = [node('b', 'respond', 'ok', { status: 200, body: 'steps.user' })];
    expect(renameStepReferences(nodes, 'user', '')[0]).toBe(nodes[0]);
    expect(renameStepReferences(nodes, 'user', '1x')[0]).toBe(nodes[0]);
  });
});
