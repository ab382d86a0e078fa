import { redirectLocationProblem } from '../../shared/nodes/redirect.js';
import { after, preview } from './support.js';
import { NodeFailure, type ExecutorFactory } from './types.js';

export const redirectExecutor: ExecutorFactory<'redirect'> = ({ status, url }) => (scope) =>
  after(url(scope), (location) => {
    if (typeof location !== 'string' || location === '') {
      throw new NodeFailure('invalid_redirect', `url must give a non-empty string, got ${preview(location)}`);
    }
    const problem = redirectLocationProblem(location);
    if (problem) throw new NodeFailure('invalid_redirect', `${problem}, got ${preview(location)}`);
    return { outcome: { kind: 'redirect', status, location } };
  });
