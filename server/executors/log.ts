import { after, asText } from './support.js';
import type { ExecutorFactory } from './types.js';

export const logExecutor: ExecutorFactory<'log'> = ({ level, message }, services, node) => (scope, run) =>
  after(message(scope), (value) => {
    const text = asText(value);
    services.log({ level, message: text, requestId: run.requestId, nodeKey: node.key });
    return { port: 'out', output: { level, message: text } };
  });
