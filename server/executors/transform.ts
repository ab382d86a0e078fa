import { after } from './support.js';
import type { ExecutorFactory } from './types.js';

export const transformExecutor: ExecutorFactory<'transform'> = ({ expression }) => (scope) => after(expression(scope), (output) => ({ port: 'out', output }));
