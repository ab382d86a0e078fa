import { LOG_LEVELS } from '../../shared/nodes/log.js';
import { after, asText, expressionConfig, textConfig } from './support.js';
import { NodeFailure, type ExecutorFactory } from './types.js';

type LogLevel = (typeof LOG_LEVELS)[number];

export const logExecutor: ExecutorFactory = (node, services) => {
  const level = textConfig(node, 'level', 'info') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new NodeFailure('invalid_config', `level must be one of ${LOG_LEVELS.join(', ')}`);
  const message = expressionConfig(node, 'message');
  return (scope, run) =>
    after(message(scope), (value) => {
      const text = asText(value);
      services.log({ level, message: text, requestId: run.requestId, nodeKey: node.key });
      return { port: 'out', output: { level, message: text } };
    });
};
