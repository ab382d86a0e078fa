import { after, asText, expressionConfig, numberConfig, textConfig } from './support.js';
import type { ExecutorFactory } from './types.js';

const DEFAULT_STATUS = 400;
const DEFAULT_CODE = 'bad_request';

export const failExecutor: ExecutorFactory = (node) => {
  const status = numberConfig(node, 'status', DEFAULT_STATUS);
  const code = textConfig(node, 'code', DEFAULT_CODE) || DEFAULT_CODE;
  const message = expressionConfig(node, 'message');
  return (scope) =>
    after(message(scope), (value) => ({
      outcome: { kind: 'fail', status, code, message: value === undefined ? '' : asText(value) },
    }));
};
