import type { DesktopSession } from './surface.js';
import { originOf } from './window.js';

/**
 * Which publishes the editor has in flight, seen by the main process itself in the window's
 * network traffic, so an update never restarts the app under one. (A browser or curl publishing
 * through the admin API is covered by the server's drain on stop.)
 */

/**
 * The admin routes that change what the runtime serves: publish, unpublish, rollback and a
 * workspace import. electron/ may not import shared/api (the layer rule keeps the main process
 * light), so a unit test holds these to the routes declared there.
 */
export const PUBLISH_ROUTE_PATHS = ['/admin/v1/apis/:id/publish', '/admin/v1/apis/:id/unpublish', '/admin/v1/apis/:id/rollback', '/admin/v1/workspace/import'] as const;

const PUBLISH_PATHS = PUBLISH_ROUTE_PATHS.map((route) => new RegExp(`^${route.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, '[^/]+')}$`));

export function isPublishRequest(method: string, url: string, editorOrigin: string | undefined): boolean {
  if (method !== 'POST' || editorOrigin === undefined || originOf(url) !== editorOrigin) return false;
  const { pathname } = new URL(url);
  return PUBLISH_PATHS.some((path) => path.test(pathname));
}

export type PublishWatch = {
  inFlight: () => number;
  /** Resolves once no publish is in flight (at once when none is). */
  idle: () => Promise<void>;
};

export function watchPublishes(session: DesktopSession, editorOrigin: () => string | undefined): PublishWatch {
  const pending = new Set<number>();
  let waiting: (() => void)[] = [];
  const finished = ({ id }: { id: number }): void => {
    if (!pending.delete(id) || pending.size > 0) return;
    const resolve = waiting;
    waiting = [];
    for (const done of resolve) done();
  };
  session.webRequest.onSendHeaders(({ id, method, url }) => {
    if (isPublishRequest(method, url, editorOrigin())) pending.add(id);
  });
  session.webRequest.onCompleted(finished);
  session.webRequest.onErrorOccurred(finished);
  return {
    inFlight: () => pending.size,
    idle: () => (pending.size === 0 ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve))),
  };
}
