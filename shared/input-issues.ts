import type { z } from 'zod';

/** One refused field of an input: where (dotted path, `(root)` for the whole) and why, in the schema's words. */
export type InputIssue = { path: string; message: string };

/**
 * zod's issues as the builder reads them. A refused record key (or map/set element) is reported
 * by zod as "Invalid key in record" with the key's own reason nested: the nested reason is the one
 * to show ("cannot name a value: use letters, digits and _…").
 */
export function inputIssues(error: z.ZodError, root = '(root)'): InputIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || root, message: messageOf(issue) }));
}

function messageOf(issue: z.core.$ZodIssue): string {
  if ((issue.code === 'invalid_key' || issue.code === 'invalid_element') && issue.issues.length > 0) {
    return issue.issues.map((nested) => nested.message).join('; ');
  }
  return issue.message;
}
