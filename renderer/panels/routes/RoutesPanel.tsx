import { useCallback, useMemo } from 'react';
import { environmentNames, useApis } from '../../stores/apis.js';
import { useAccess, useLoadAccess } from '../common/access-store.js';
import { PanelIcon } from '../common/icons.js';
import { relativeTime } from '../common/relative-time.js';
import { ErrorNote, Loading, PanelEmpty, PanelHeader } from '../common/ui.js';
import { describeDraftChanges } from './draft-diff.js';
import { RouteRow } from './RouteRow.js';
import { useLiveRoutes, versionKey } from './useLiveRoutes.js';

/** Live routes: exactly what the runtime serves now, by environment, with each draft's changes since. */
export function RoutesPanel() {
  useLoadAccess();
  const { routes, served, error, loading, refreshedAt, refresh } = useLiveRoutes({ withDrafts: true });
  const apis = useApis((state) => state.apis);
  const environments = useApis((state) => state.environments);
  const keyGroups = useAccess((state) => state.keyGroups);

  const groupNames = useCallback((ids: readonly string[]) => ids.map((id) => keyGroups.find((group) => group.id === id)?.name ?? id), [keyGroups]);
  const changes = useMemo(() => {
    const byRoute = new Map<string, string[] | null>();
    for (const route of routes ?? []) {
      const draft = apis.find((api) => api.id === route.apiId);
      const version = served.get(versionKey(route.apiId, route.version));
      byRoute.set(`${route.environment} ${route.apiId}`, draft && version ? describeDraftChanges(draft, version) : null);
    }
    return byRoute;
  }, [routes, apis, served]);

  const order = environmentNames(environments);
  const byEnvironment = [...new Set((routes ?? []).map((route) => route.environment))].sort((a, b) => order.indexOf(a) - order.indexOf(b));

  return (
    <div className="panel" data-testid="routes-panel">
      <PanelHeader
        title="Live routes"
        help={refreshedAt ? `What the runtime serves right now · checked ${relativeTime(new Date(refreshedAt).toISOString())}` : 'What the runtime serves right now.'}
        actions={
          <button type="button" className="btn btn-sm" onClick={() => void refresh()} disabled={loading} data-testid="routes-refresh">
            <PanelIcon name="refresh" size={14} className={loading ? 'spin' : ''} /> Refresh
          </button>
        }
      />
      {error ? <ErrorNote onRetry={() => void refresh()}>Could not load the live routes: {error}</ErrorNote> : null}
      {routes === null ? (
        error ? null : <Loading label="Asking the runtime…" />
      ) : routes.length === 0 ? (
        <PanelEmpty icon="radio" title="Nothing is served yet">
          Open an API and press Publish: it appears here with its URL, version and who may call it.
        </PanelEmpty>
      ) : (
        byEnvironment.map((environment) => {
          const list = routes.filter((route) => route.environment === environment).sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
          return (
            <section key={environment} className="route-group" aria-label={`Routes in ${environment}`}>
              <h3 className="section-title">
                {environment} · {list.length === 1 ? '1 route' : `${list.length} routes`}
              </h3>
              <ul className="panel-list">
                {list.map((route) => (
                  <RouteRow key={`${route.environment} ${route.apiId}`} route={route} groupNames={groupNames} changes={changes.get(`${route.environment} ${route.apiId}`) ?? null} />
                ))}
              </ul>
            </section>
          );
        })
      )}
    </div>
  );
}
