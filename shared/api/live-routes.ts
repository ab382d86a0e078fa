import type { AuthConfig, RateLimit } from '../model/api.js';
import { answer, defineRoute } from './contract.js';

/** A route the runtime serves right now (`GET /routes`). */
export type LiveRoute = {
  method: string;
  /** The full URL a client calls, with `:params` left in. */
  url: string;
  environment: string;
  apiId: string;
  name: string;
  path: string;
  version: number;
  auth: AuthConfig;
  rateLimit: RateLimit | null;
};

/** /routes: what the runtime serves now, per environment. */
export const liveRouteRoutes = {
  list: defineRoute({ method: 'GET', path: '/routes', answer: answer<LiveRoute[]>() }),
};
