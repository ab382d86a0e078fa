import type { ApiRecord } from '../../shared/model/api.js';
import { useApis } from '../stores/apis.js';
import { useEditor } from '../stores/editor.js';

/** What the runtime routes on: the method and the path's shape (parameter names and a trailing slash do not count). */
export function routeShape(method: string, path: string): string {
  return `${method} ${path.replace(/:[^/]+/g, ':').replace(/\/+$/, '') || '/'}`;
}

/** Another of the workspace's APIs answering the same method and path as `self`, which two APIs cannot share. */
export function routeClash<T extends Pick<ApiRecord, 'id' | 'method' | 'path'>>(apis: readonly T[], self: { id: string | null; method: string; path: string }): T | undefined {
  const shape = routeShape(self.method, self.path);
  return apis.find((api) => api.id !== self.id && routeShape(api.method, api.path) === shape);
}

/** Why the open API's method and path cannot be kept, in words, naming the API that has them. */
export function routeClashMessage(other: Pick<ApiRecord, 'name' | 'method' | 'path'>): string {
  return `“${other.name}” already answers ${other.method} ${other.path}: two APIs cannot share a method and path. Change the path or the method.`;
}

/** The API whose method and path the open API's draft repeats, if any. */
export function useRouteClash(): ApiRecord | undefined {
  const apiId = useEditor((state) => state.apiId);
  const method = useEditor((state) => state.endpoint.method);
  const path = useEditor((state) => state.endpoint.path);
  const apis = useApis((state) => state.apis);
  return apiId ? routeClash(apis, { id: apiId, method, path }) : undefined;
}
