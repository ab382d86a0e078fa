import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { environmentNames, useApis } from '../../stores/apis.js';
import { useEditor } from '../../stores/editor.js';
import { useSession } from '../../stores/session.js';
import { Icon } from '../../theme/icons.js';
import { useCurrentDraft } from '../current-request.js';
import { resetDraftData } from '../draft-data.js';
import type { TesterMode } from '../history.js';
import { requestUrl } from '../request-model.js';
import { sendRequest } from '../send.js';
import { useTester } from '../tester-store.js';
import { CodeDialog } from './CodeDialog.js';

const MODES: { id: TesterMode; label: string; help: string }[] = [
  { id: 'live', label: 'Live', help: 'Call the published URL over HTTP: auth and rate limits act as for any client' },
  {
    id: 'draft',
    label: 'Draft',
    help: "Run the unsaved draft through a test-run, without publishing: the same checks as Live, except rate limits. Its writes go to this session's Draft data, never to live records",
  },
];

/** Mode, environment, method and URL, and the Send / Cancel button. */
export function RequestBar() {
  const apiId = useEditor((state) => state.apiId);
  const endpoint = useEditor((state) => state.endpoint);
  const runtimeUrl = useSession((state) => state.runtimeUrl);
  const environments = useApis((state) => state.environments);
  const deployments = useApis((state) => state.apis.find((api) => api.id === apiId)?.deployments);
  const { mode, environment, sending, setMode, setEnvironment, cancel } = useTester(
    useShallow((state) => ({ mode: state.mode, environment: state.environment, sending: state.sending, setMode: state.setMode, setEnvironment: state.setEnvironment, cancel: state.cancel })),
  );
  const draft = useCurrentDraft();
  const [codeOpen, setCodeOpen] = useState(false);
  const names = useMemo(() => environmentNames(environments), [environments]);
  const url = requestUrl(runtimeUrl, environment, endpoint, draft);
  const published = deployments?.find((deployment) => deployment.environment === environment);

  return (
    <div className="tester-bar">
      <div className="segmented tester-modes" role="radiogroup" aria-label="Mode">
        {MODES.map((option) => (
          <label key={option.id} className={`segment ${mode === option.id ? 'selected' : ''}`} title={option.help} data-testid={`tester-mode-${option.id}`}>
            <input type="radio" className="visually-hidden" name="tester-mode" checked={mode === option.id} onChange={() => setMode(option.id)} />
            {option.label}
          </label>
        ))}
      </div>
      {mode === 'draft' ? (
        <button
          type="button"
          className="btn btn-sm btn-ghost btn-icon"
          onClick={() => void resetDraftData()}
          data-testid="tester-reset-draft-data"
          aria-label="Reset Draft data"
          title="Reset Draft data: Draft runs write to this session's own copy of the records; reset it so they see the live records again"
        >
          <Icon name="undo" />
        </button>
      ) : null}
      <select className="select tester-env" aria-label="Environment" value={environment} onChange={(event) => setEnvironment(event.target.value)} data-testid="tester-environment">
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <div className="tester-url" title={url}>
        <span className={`method method-${endpoint.method}`}>{endpoint.method}</span>
        <code className="ellipsis" data-testid="tester-url">
          {url}
        </code>
        {mode === 'live' && !published ? (
          <span className="badge badge-warning" title={`Live mode needs the API published in ${environment}`}>
            not published
          </span>
        ) : null}
        {mode === 'live' && published?.draftChanged ? (
          <span className="badge" title="The draft differs from what this environment serves; Live answers with the published version">
            v{published.version}
          </span>
        ) : null}
      </div>
      <button type="button" className="btn btn-sm" onClick={() => setCodeOpen(true)} data-testid="tester-code-open" title="Copy as curl or fetch">
        <Icon name="copy" /> Code
      </button>
      {sending ? (
        <button type="button" className="btn btn-sm tester-send" onClick={cancel} data-testid="tester-cancel">
          <span className="spinner" aria-hidden /> Cancel
        </button>
      ) : (
        <button type="button" className="btn btn-primary btn-sm tester-send" onClick={() => void sendRequest()} data-testid="tester-send" title="Send (Ctrl+Enter)">
          <Icon name="send" /> Send
        </button>
      )}
      <CodeDialog open={codeOpen} onClose={() => setCodeOpen(false)} />
    </div>
  );
}
