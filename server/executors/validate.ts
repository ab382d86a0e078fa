import { after } from './support.js';
import type { ExecutorFactory } from './types.js';

export const validateExecutor: ExecutorFactory<'validate'> = ({ what, schema }) => (scope) =>
  after(what(scope), (value) => {
    const output = schema(value);
    return { port: output.length === 0 ? 'valid' : 'invalid', output };
  });
