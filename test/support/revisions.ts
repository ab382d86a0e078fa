import type { AdminCall } from './admin.js';

type WithAdmin = { admin: AdminCall };

/**
 * Changes an editable object (an API, environment, token or key group) as the editor does: reads it
 * for its ETag, then writes with that revision as If-Match.
 */
export async function edit(server: WithAdmin, method: 'PUT' | 'PATCH', path: string, body: unknown): ReturnType<AdminCall> {
  const read = await server.admin('GET', path);
  const etag = read.headers.get('etag');
  return server.admin(method, path, body, etag === null ? {} : { 'if-match': etag });
}
