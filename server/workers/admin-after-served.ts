import type { RequestListener, ServerResponse } from 'node:http';
import type { FlowPool } from './pool.js';

/** Admin reads need nothing from the flow workers. */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * An admin change (a publish, a rollback, an environment edit…) is answered once every flow worker
 * has compiled what it changed, so the next request does not pay for that on its deadline.
 */
export function answeredOnceServed(admin: RequestListener, pool: FlowPool): RequestListener {
  return (req, res) => {
    if (READ_METHODS.has(req.method ?? 'GET')) return admin(req, res);
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      void pool.served().then(() => end(...args));
      return res;
    }) as ServerResponse['end'];
    admin(req, res);
  };
}
