import { isTruthy } from '../runtime/expressions.js';
import { after } from './support.js';
import type { ExecutorFactory } from './types.js';

/** The output is the expression's boolean value, so the trace shows why a branch was taken. */
export const conditionExecutor: ExecutorFactory<'condition'> = ({ expression }) => (scope) =>
  after(expression(scope), (value) => {
    const output = isTruthy(value);
    return { port: output ? 'true' : 'false', output };
  });
