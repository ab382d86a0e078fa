import type { z } from 'zod';
import { inputIssues } from '../../shared/input-issues.js';
import { HttpError } from './errors.js';

/** Parses input with a zod schema; a failure is a 400 whose message names every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = inputIssues(result.error);
  throw new HttpError(400, 'invalid_input', `The ${what} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
