import { apiRoutes } from './apis.js';
import { collectionRoutes } from './collections.js';
import { routesOf } from './contract.js';
import { environmentRoutes } from './environments.js';
import { keyGroupRoutes } from './key-groups.js';
import { liveRouteRoutes } from './live-routes.js';
import { logRoutes } from './logs.js';
import { openApiRoutes } from './openapi.js';
import { sandboxRoutes } from './sandboxes.js';
import { sessionRoutes } from './session.js';
import { testRoutes } from './tests.js';
import { signingKeyRoutes } from './signing-keys.js';
import { templateRoutes } from './templates.js';
import { tokenRoutes } from './tokens.js';
import { traceRoutes } from './traces.js';
import { workspaceRoutes } from './workspace.js';

/** Where the admin API lives on the admin listener. */
export const ADMIN_PREFIX = '/admin/v1';

/**
 * The admin API, every route declared once: the server's routers mount these and validate with
 * their schemas; the editor's client is built from them.
 */
export const ADMIN_API = {
  session: sessionRoutes,
  apis: apiRoutes,
  environments: environmentRoutes,
  tokens: tokenRoutes,
  keyGroups: keyGroupRoutes,
  signingKeys: signingKeyRoutes,
  logs: logRoutes,
  traces: traceRoutes,
  routes: liveRouteRoutes,
  openapi: openApiRoutes,
  workspace: workspaceRoutes,
  templates: templateRoutes,
  sandboxes: sandboxRoutes,
  collections: collectionRoutes,
  tests: testRoutes,
};
export type AdminApi = typeof ADMIN_API;

export const ADMIN_ROUTES = routesOf(ADMIN_API);

// Names the runtime and the request log import from here.
export { PublishBody, RollbackBody, TestRunBody, type Published } from './apis.js';
export { LogFlagsQuery, LogQuery, type AuthBurstFlag, type LogFlag, type LogFlags, type MinuteMetrics, type NewIpFlag, type RequestLogEntry } from './logs.js';
export type { LiveRoute } from './live-routes.js';
export type { LiveTrace } from './traces.js';
