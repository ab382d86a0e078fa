import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { inputIssues } from '../../shared/input-issues.js';
import { TestSuiteInput } from '../../shared/model/api-tests.js';

describe('input issues in the builder’s words', () => {
  it('gives a refused record key its own reason, not zod’s "Invalid key in record"', () => {
    const parsed = TestSuiteInput.safeParse({ name: 'Notes', steps: [{ name: 'make', apiId: 'api_1', save: { 'note-id': 'body.id' } }] });
    expect(parsed.success).toBe(false);
    expect(inputIssues(parsed.error!)).toEqual([{ path: 'steps.0.save.note-id', message: 'cannot name a value: use letters, digits and _, not starting with a digit (later steps write {{name}})' }]);
  });

  it('names the whole input as the caller says when the path is empty, and keeps other messages as written', () => {
    const parsed = z.object({ name: z.string().min(1, 'a name cannot be empty') }).safeParse({ name: '' });
    expect(inputIssues(parsed.error!)).toEqual([{ path: 'name', message: 'a name cannot be empty' }]);
    expect(inputIssues(z.string().safeParse(1).error!)).toEqual([{ path: '(root)', message: expect.any(String) }]);
    expect(inputIssues(z.string().safeParse(1).error!, '')[0]!.path).toBe('');
  });
});
