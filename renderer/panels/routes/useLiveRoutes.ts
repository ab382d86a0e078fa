import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiDefinition } from '../../../shared/model/api.js';
import { errorMessage } from '../../api/errors.js';
import type { LiveRoute } from '../../../shared/api/live-routes.js';
import { admin } from '../../api/client.js';
import { useApis } from '../../stores/apis.js';

export type LiveRoutes = {
  routes: LiveRoute[] | null;
  /** The served definitions, by `apiId@version`: versions never change, so they are fetched once. */
  served: ReadonlyMap<string, ApiDefinition>;
  error: string | null;
  loading: boolean;
  refreshedAt: number | null;
  refresh: () => Promise<void>;
};

export const versionKey = (apiId: string, version: number): string => `${apiId}@${version}`;

/**
 * GET /routes (with `withDrafts`, also the drafts and served versions of the APIs it lists); again when the
 * window regains focus and whenever a publish or rollback in the editor changes a deployment.
 */
export function useLiveRoutes({ withDrafts }: { withDrafts: boolean }): LiveRoutes {
  const [routes, setRoutes] = useState<LiveRoute[] | null>(null);
  const [served, setServed] = useState<ReadonlyMap<string, ApiDefinition>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [refreshedAt, setRefreshedAt] = useState<number | null>(null);
  const known = useRef(new Map<string, ApiDefinition>());
  /** Only the latest of overlapping refreshes gets to set the state. */
  const latest = useRef(0);

  const refresh = useCallback(async () => {
    const call = ++latest.current;
    setLoading(true);
    try {
      const next = await admin.routes.list();
      const apiIds = withDrafts ? [...new Set(next.map((route) => route.apiId))] : [];
      await Promise.all(
        apiIds.map(async (apiId) => {
          const needsVersions = next.some((route) => route.apiId === apiId && !known.current.has(versionKey(apiId, route.version)));
          const [record, versions] = await Promise.all([admin.apis.get({ params: { id: apiId } }), needsVersions ? admin.apis.versions({ params: { id: apiId } }) : Promise.resolve([])]);
          useApis.getState().upsert(record);
          for (const version of versions) known.current.set(versionKey(apiId, version.version), version.definition);
        }),
      );
      if (call !== latest.current) return;
      setServed(new Map(known.current));
      setRoutes(next);
      setError(null);
      setRefreshedAt(Date.now());
    } catch (failure) {
      if (call === latest.current) setError(errorMessage(failure));
    } finally {
      if (call === latest.current) setLoading(false);
    }
  }, [withDrafts]);

  const deployments = useApis((state) => state.apis.map((api) => `${api.id}:${api.deployments.map((item) => `${item.environment}@${item.version}`).join(',')}`).join(';'));
  useEffect(() => {
    void refresh();
  }, [deployments, refresh]);

  useEffect(() => {
    const onFocus = (): void => void refresh();
    const onVisible = (): void => {
      if (document.visibilityState === 'visible') void refresh();
    };
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh]);

  return { routes, served, error, loading, refreshedAt, refresh };
}
