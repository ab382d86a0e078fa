import { useMemo, useState } from 'react';
import { Dialog } from '../../layout/Dialog.js';
import { CopyButton } from '../../publish/CopyButton.js';
import { environmentNames, useApis } from '../../stores/apis.js';
import { useSession } from '../../stores/session.js';
import { Icon } from '../../theme/icons.js';
import { PanelIcon } from '../common/icons.js';
import { ErrorNote, Loading, PanelHeader } from '../common/ui.js';
import { WorkspaceActions } from '../workspace/WorkspaceActions.js';
import { DocsView } from './DocsView.js';
import { useOpenApi } from './useOpenApi.js';

/** The OpenAPI 3.1 document of an environment, rendered here (no CDN: the editor's CSP allows none), plus import/export. */
export function DocsPanel() {
  const environments = useApis((state) => state.environments);
  const names = useMemo(() => environmentNames(environments), [environments]);
  const runtimeUrl = useSession((state) => state.runtimeUrl);
  const [picked, setPicked] = useState('dev');
  const environment = names.includes(picked) ? picked : (names[0] ?? 'dev');
  const [expanded, setExpanded] = useState(false);
  const { doc, error, loading, reload } = useOpenApi(environment);
  const rawUrl = `${runtimeUrl}/${environment}/openapi.json`;

  return (
    <div className="panel docs-panel" data-testid="docs-panel">
      <PanelHeader title="Docs" help="OpenAPI 3.1 of what each environment serves." actions={<WorkspaceActions />} />
      <div className="docs-toolbar">
        <select className="select docs-environment" aria-label="Environment" value={environment} onChange={(event) => setPicked(event.target.value)} data-testid="docs-environment">
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-sm btn-icon" title="Refresh" aria-label="Refresh" onClick={() => void reload()} disabled={loading}>
          <PanelIcon name="refresh" size={14} className={loading ? 'spin' : ''} />
        </button>
        <button type="button" className="btn btn-sm" onClick={() => setExpanded(true)} disabled={!doc} data-testid="docs-expand">
          <Icon name="maximize" /> Expand
        </button>
      </div>
      <div className="docs-raw">
        <a href={rawUrl} target="_blank" rel="noreferrer" className="ellipsis" data-testid="docs-raw-link">
          {environment}/openapi.json <Icon name="external" size={12} />
        </a>
        <CopyButton text={rawUrl} label="Copy URL" />
      </div>
      {error ? <ErrorNote onRetry={() => void reload()}>Could not load the document: {error}</ErrorNote> : null}
      {doc ? <DocsView doc={doc} /> : error ? null : <Loading label="Reading what is published…" />}
      <Dialog open={expanded && doc !== null} title={`Docs: ${environment}`} onClose={() => setExpanded(false)} className="docs-dialog">
        {doc ? <DocsView doc={doc} expanded /> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => setExpanded(false)}>
            Close
          </button>
        </div>
      </Dialog>
    </div>
  );
}
