import { useEffect, useMemo, useState } from 'react';
import type { ApiExample } from '../../../shared/model/api-example.js';
import { buildSnippets, SNIPPET_LANGUAGES, TOKEN_VARIABLE, type SnippetLanguage } from '../../../shared/snippets.js';
import { admin } from '../../api/client.js';
import { CopyButton } from '../../publish/CopyButton.js';
import { environmentNames, useApis } from '../../stores/apis.js';
import { useDocumentedBodySchema } from '../../inspector/input-form/documented-body.js';
import { useEditor } from '../../stores/editor.js';
import { useSession } from '../../stores/session.js';
import { PanelEmpty, PanelHeader } from '../common/ui.js';

/** curl, fetch and Python requests that call the open API in an environment; the token comes from $FLOWGATE_TOKEN. */
export function SnippetsPanel() {
  const apiId = useEditor((state) => state.apiId);
  const endpoint = useEditor((state) => state.endpoint);
  const bodySchema = useDocumentedBodySchema();
  const runtimeUrl = useSession((state) => state.runtimeUrl);
  const environments = useApis((state) => state.environments);
  const deployments = useApis((state) => state.apis.find((api) => api.id === apiId)?.deployments);
  const names = useMemo(() => environmentNames(environments), [environments]);
  const [picked, setPicked] = useState('dev');
  const environment = names.includes(picked) ? picked : (names[0] ?? 'dev');
  const [language, setLanguage] = useState<SnippetLanguage>('curl');
  const [examples, setExamples] = useState<ApiExample[]>([]);
  const [exampleId, setExampleId] = useState('');

  useEffect(() => {
    setExamples([]);
    setExampleId('');
    if (apiId) void admin.openapi.examples({ params: { id: apiId } }).then(setExamples, () => setExamples([]));
  }, [apiId]);

  const example = examples.find((candidate) => candidate.id === exampleId)?.request;
  // The body the API documents (its schema, or a first Validate step's), so the generated one is accepted.
  const snippets = useMemo(
    () => buildSnippets({ endpoint: { ...endpoint, bodySchema }, environment, runtimeUrl, ...(example ? { example } : {}) }),
    [endpoint, bodySchema, environment, runtimeUrl, example],
  );

  if (!apiId) {
    return (
      <div className="panel">
        <PanelEmpty icon="layers" title="No API open">
          Open an API to get curl, fetch and Python snippets that call it.
        </PanelEmpty>
      </div>
    );
  }
  const deployed = deployments?.find((deployment) => deployment.environment === environment);
  const code = snippets[language];

  return (
    <div className="panel snippets-panel" data-testid="snippets-panel">
      <PanelHeader title="Snippets" help={`Call ${endpoint.method} ${endpoint.path} from a terminal or your code.`} />
      <div className="snippets-options">
        <select className="select snippets-select" aria-label="Environment" value={environment} onChange={(event) => setPicked(event.target.value)} data-testid="snippets-environment">
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        {examples.length > 0 ? (
          <select className="select snippets-select" aria-label="Values" value={exampleId} onChange={(event) => setExampleId(event.target.value)}>
            <option value="">Generated values</option>
            {examples.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                Example: {candidate.name}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      {!deployed ? (
        <p className="snippets-note warning">Not published to {environment} yet: the call answers 404 until you publish.</p>
      ) : deployed.draftChanged ? (
        <p className="snippets-note">The snippet follows the draft, which differs from v{deployed.version} that {environment} serves.</p>
      ) : null}
      <div className="tabs snippets-tabs" role="tablist" aria-label="Language">
        {SNIPPET_LANGUAGES.map((option) => (
          <button key={option.id} type="button" role="tab" className="tab" aria-selected={language === option.id} onClick={() => setLanguage(option.id)} data-testid={`snippet-tab-${option.id}`}>
            {option.label}
          </button>
        ))}
        <div className="tabs-trailing">
          <CopyButton text={code} />
        </div>
      </div>
      <pre className="snippet-code" data-testid="snippet-code" role="tabpanel">
        {code}
      </pre>
      {endpoint.auth.required ? (
        <p className="snippets-note">
          Needs a token of {environment}: set <code>{TOKEN_VARIABLE}</code> to one from the Tokens panel. Snippets never contain a token.
        </p>
      ) : null}
    </div>
  );
}
