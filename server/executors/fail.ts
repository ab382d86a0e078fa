import { after, asText } from './support.js';
import type { ExecutorFactory } from './types.js';

export const failExecutor: ExecutorFactory<'fail'> = ({ status, code, message }) => (scope) =>
  after(message(scope), (value) => ({
    outcome: { kind: 'fail', status, code, message: value === undefined ? '' : asText(value) },
  }));
