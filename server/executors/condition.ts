import { isTruthy } from '../runtime/expressions.js';
import { after } from './support.js';
import type { ExecutorFactory } from './types.js';

/**
 * The output is the condition's boolean value, so the trace shows why a branch was taken. Version 2's rules
 * arrive compiled to the JSONata they stand for (prepareConfig), so both versions run this one executor.
 */
export const conditionExecutor: ExecutorFactory<'condition'> = ({ expression }) => (scope) =>
  after(expression(scope), (value) => {
    const output = isTruthy(value);
    return { port: output ? 'true' : 'false', output };
  });
