import type { ExecutorFactory } from './types.js';

/** The request is already in the scope; storing it as a step lets later nodes read steps.<key> too. */
export const requestExecutor: ExecutorFactory<'request'> = () => (scope) => ({ port: 'out', output: scope.request });
