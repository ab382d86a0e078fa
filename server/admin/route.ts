import type { Request, Response, Router } from 'express';
import { ETAG_HEADER, IF_MATCH_HEADER, revisionTag, type AnswerOf, type Route, type RouteInput, type RouteSpec } from '../../shared/api/contract.js';
import { revisionFromIfMatch } from '../http/revisions.js';
import { parseInput } from '../http/validate.js';

/** Handles one declared route: gets its input validated, returns its declared answer. */
export type RouteHandler<R extends RouteSpec> = (input: RouteInput<R>, http: { req: Request; res: Response }) => AnswerOf<R> | Promise<AnswerOf<R>>;

export type MountOptions<R extends RouteSpec> = {
  /** Writes the answer instead of `res.json` (an export sent as a pretty-printed attachment). */
  send?: (res: Response, answer: AnswerOf<R>, input: RouteInput<R>) => void;
};

/**
 * Mounts a route declared in shared/api on a router: params, query and body are validated with
 * the route's schemas (400 `invalid_input` naming every bad field), the answer goes out with the
 * declared status. A request without a body is validated as `{}`. A route that reads or writes an
 * editable object answers its revision as `ETag`; one that writes it takes the revision the client
 * read from `If-Match` (428 without), checked against the stored one by the handler's service (412).
 */
export function mount<S extends RouteSpec>(router: Router, route: Route<S>, handler: RouteHandler<S>, options: MountOptions<S> = {}): void {
  const method = route.method.toLowerCase() as Lowercase<Route['method']>;
  router[method](route.path, async (req, res) => {
    const input = {
      params: parseInput(route.params, req.params, 'path'),
      query: route.query ? parseInput(route.query, req.query, 'query') : {},
      body: route.body ? parseInput(route.body, req.body ?? {}) : undefined,
      ...(route.revision === 'write' ? { revision: revisionFromIfMatch(req.get(IF_MATCH_HEADER), `${req.method} ${req.baseUrl}${req.path}`) } : {}),
    } as RouteInput<S>;
    const answer = await handler(input, { req, res });
    // Never from a cache: a secret must not be stored, and a read's ETag is the draft's revision, which a publish leaves as it was (a 304 showed the editor the API unpublished).
    res.set('cache-control', 'no-store');
    if (route.revision && hasRevision(answer)) res.set(ETAG_HEADER, revisionTag(answer.revision));
    if (route.status === 204) {
      res.status(204).end();
    } else if (options.send) {
      res.status(route.status);
      options.send(res, answer, input);
    } else {
      res.status(route.status).json(answer);
    }
  });
}

const hasRevision = (answer: unknown): answer is { revision: number } =>
  typeof answer === 'object' && answer !== null && typeof (answer as { revision?: unknown }).revision === 'number';
