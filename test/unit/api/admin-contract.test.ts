import type { RequestListener } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_API, ADMIN_PREFIX, ADMIN_ROUTES } from '../../../shared/api/admin.js';
import { admin } from '../../../renderer/api/client.js';
import { startTestServer, type TestServer } from '../../support/test-server.js';

/** What Express keeps per `use` or route: enough to read the mounted routes back. */
type Layer = { rawPath?: unknown; route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: Layer[] } };

/** Every route an Express app serves, as "METHOD /full/path", read from its (nested) router stacks. */
function servedRoutes(app: RequestListener): string[] {
  const router = (app as unknown as { router?: { stack: Layer[] } }).router;
  if (!router) throw new Error('The admin handler is not an Express app: its routes cannot be read back');
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) found.push(`${method.toUpperCase()} ${prefix}${layer.route.path}`);
      } else if (layer.handle.stack) {
        walk(layer.handle.stack, prefix + (typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : ''));
      }
    }
  };
  walk(router.stack, '');
  return found;
}

const declared = ADMIN_ROUTES.map((route) => `${route.method} ${ADMIN_PREFIX}${route.path}`);
const probePath = (path: string): string => path.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, 'probe');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe('the admin API contract (shared/api) and the server', () => {
  it('declares each method and path once', () => {
    expect(new Set(declared).size).toBe(declared.length);
    expect(declared.length).toBeGreaterThan(40);
  });

  it('serves exactly the declared routes: none missing, none undeclared', () => {
    const served = servedRoutes(server.built.services.adminApp).filter((route) => route.split(' ')[1]!.startsWith(`${ADMIN_PREFIX}/`));
    expect(served).toContain(`GET ${ADMIN_PREFIX}/session`);
    expect([...served].sort()).toEqual([...declared].sort());
  });

  it('answers without signing in only the routes declared so; every other route is a 401', async () => {
    const answered: string[] = [];
    for (const route of ADMIN_ROUTES) {
      const response = await fetch(`${server.adminUrl}${ADMIN_PREFIX}${probePath(route.path)}`, {
        method: route.method,
        headers: route.body ? { 'content-type': 'application/json' } : {},
        body: route.body ? '{}' : undefined,
      });
      await response.arrayBuffer();
      if (response.status !== 401) answered.push(`${route.method} ${route.path}`);
    }
    expect(answered.sort()).toEqual(ADMIN_ROUTES.filter((route) => route.withoutSignIn).map((route) => `${route.method} ${route.path}`).sort());
  });

  it('gives the editor one call per declared route', () => {
    const calls = Object.entries(ADMIN_API).flatMap(([area, routes]) =>
      Object.keys(routes).map((name) => typeof (admin as unknown as Record<string, Record<string, unknown>>)[area]?.[name]),
    );
    expect(calls).toEqual(ADMIN_ROUTES.map(() => 'function'));
  });
});
