import { after, expressionConfig, numberConfig, preview } from './support.js';
import { NodeFailure, type ExecutorFactory } from './types.js';

const DEFAULT_STATUS = 302;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export const redirectExecutor: ExecutorFactory = (node) => {
  const configured = numberConfig(node, 'status', DEFAULT_STATUS);
  const status = REDIRECT_STATUSES.has(configured) ? configured : DEFAULT_STATUS;
  const url = expressionConfig(node, 'url');
  return (scope) =>
    after(url(scope), (location) => {
      if (typeof location !== 'string' || location === '') {
        throw new NodeFailure('invalid_redirect', `url must give a non-empty string, got ${preview(location)}`);
      }
      return { outcome: { kind: 'redirect', status, location } };
    });
};
