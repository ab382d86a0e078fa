import { useCallback, useMemo, useState, type CSSProperties } from 'react';
import type { ApiRecord, AuthConfig } from '../../../shared/model/api.js';
import { errorMessage } from '../../api/errors.js';
import type { LiveRoute } from '../../../shared/api/live-routes.js';
import { environmentNames, useApis } from '../../stores/apis.js';
import { useEditor } from '../../stores/editor.js';
import { useUi } from '../../stores/ui.js';
import { useAccess } from '../common/access-store.js';
import { publishDraft, setApiAuth, useApiDrafts } from '../common/api-drafts.js';
import { AccessCell } from './AccessCell.js';
import { ApiAccessHead } from './ApiAccessHead.js';

type Props = { routes: readonly LiveRoute[]; wide: boolean; onPublished: () => void };

/** Rows: APIs (with their draft's auth, editable). Columns: environments. Cells: who can call it there now. */
export function AccessMatrix({ routes, wide, onPublished }: Props) {
  const apis = useApiDrafts();
  const environments = useApis((state) => state.environments);
  const tokens = useAccess((state) => state.tokens);
  const keyGroups = useAccess((state) => state.keyGroups);
  const openApiId = useEditor((state) => state.apiId);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const names = useMemo(() => environmentNames(environments), [environments]);
  const groupName = useCallback((id: string) => keyGroups.find((group) => group.id === id)?.name ?? id, [keyGroups]);

  const whileBusy = useCallback(async (apiId: string, work: () => Promise<void>) => {
    setBusy((current) => new Set(current).add(apiId));
    try {
      await work();
    } catch (failure) {
      useUi.getState().toast(errorMessage(failure), 'error');
    } finally {
      setBusy((current) => {
        const next = new Set(current);
        next.delete(apiId);
        return next;
      });
    }
  }, []);

  const onAuth = useCallback(
    (api: ApiRecord, auth: AuthConfig) =>
      void whileBusy(api.id, async () => {
        await setApiAuth(api.id, auth);
        useUi.getState().toast(`${api.name}: access changed in the draft. Publish to apply it.`);
      }),
    [whileBusy],
  );

  const onPublish = (api: ApiRecord, environment: string): void =>
    void whileBusy(api.id, async () => {
      const version = await publishDraft(api.id, environment);
      useUi.getState().toast(`${api.name}: v${version} is live in ${environment}`, 'success');
      onPublished();
    });

  const style = { '--env-count': names.length } as CSSProperties;
  return (
    <div className={`access-matrix ${wide ? 'wide' : ''}`} style={style} role="table" aria-label="Who can call what" data-testid="access-matrix">
      <div className="access-row access-header" role="row">
        <span className="access-corner" role="columnheader">
          API
        </span>
        {names.map((name) => (
          <span key={name} className="access-env" role="columnheader">
            {name}
          </span>
        ))}
      </div>
      {apis.map((api) => (
        <div key={api.id} className={`access-row ${api.id === openApiId ? 'is-open' : ''}`} role="row">
            <div role="rowheader" className="access-head-cell">
              <ApiAccessHead api={api} keyGroups={keyGroups} busy={busy.has(api.id)} onAuth={onAuth} />
            </div>
            {names.map((environment) => (
              <div key={environment} role="cell" className="access-cell-slot">
                <AccessCell
                  environment={environment}
                  draftAuth={api.auth}
                  route={routes.find((route) => route.apiId === api.id && route.environment === environment)}
                  tokens={tokens}
                  groupName={groupName}
                  publishing={busy.has(api.id)}
                  onPublish={(target) => onPublish(api, target)}
                />
              </div>
            ))}
        </div>
      ))}
    </div>
  );
}
