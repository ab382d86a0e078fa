import { useState } from 'react';
import { TOKEN_VARIABLE } from '../../../shared/snippets.js';
import { Dialog } from '../../layout/Dialog.js';
import { CopyButton } from '../../publish/CopyButton.js';
import { useEditor } from '../../stores/editor.js';
import { useSession } from '../../stores/session.js';
import { curlCommand, fetchCode, snippetAuth } from '../code-snippets.js';
import { resolveToken, useCurrentDraft } from '../current-request.js';
import { outgoingRequest } from '../request-model.js';
import { useTester } from '../tester-store.js';

const LANGUAGES = [
  { id: 'curl', label: 'curl' },
  { id: 'fetch', label: 'fetch' },
] as const;
type Language = (typeof LANGUAGES)[number]['id'];

/** The tester's request as a curl command or fetch call; the token stays a variable unless the user asks for it inline. */
export function CodeDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const endpoint = useEditor((state) => state.endpoint);
  const runtimeUrl = useSession((state) => state.runtimeUrl);
  const environment = useTester((state) => state.environment);
  const includeToken = useTester((state) => state.includeTokenInCode);
  const setIncludeToken = useTester((state) => state.setIncludeTokenInCode);
  // Read on each render so a token picked while the dialog is closed is used.
  useTester((state) => state.tokenChoice);
  useTester((state) => state.pastedToken);
  const draft = useCurrentDraft();
  const [language, setLanguage] = useState<Language>('curl');
  if (!open) return null;

  const { token } = resolveToken();
  const request = outgoingRequest(runtimeUrl, environment, endpoint, draft);
  const auth = snippetAuth({ required: endpoint.auth.required, token, includeToken });
  const code = language === 'curl' ? curlCommand(request, auth) : fetchCode(request, auth);

  return (
    <Dialog open title="Copy the request as code" onClose={onClose} className="tester-code-dialog">
      <div className="row">
        <div className="segmented" role="radiogroup" aria-label="Language">
          {LANGUAGES.map((option) => (
            <label key={option.id} className={`segment ${language === option.id ? 'selected' : ''}`} data-testid={`tester-code-${option.id}`}>
              <input type="radio" className="visually-hidden" checked={language === option.id} onChange={() => setLanguage(option.id)} />
              {option.label}
            </label>
          ))}
        </div>
        <span className="grow" />
        <label className="checkbox" title={token ? undefined : 'Pick or paste a token first'}>
          <input type="checkbox" checked={includeToken} disabled={!token} onChange={(event) => setIncludeToken(event.target.checked)} data-testid="tester-include-token" />
          Include token
        </label>
      </div>
      <pre className="tester-code mono" data-testid="tester-code" data-language={language}>
        {code}
      </pre>
      <p className="field-help">
        {auth.kind === 'inline'
          ? 'The token is written into the code: keep it out of chat, tickets and git.'
          : auth.kind === 'placeholder'
            ? `The token is read from $${TOKEN_VARIABLE}: export ${TOKEN_VARIABLE}=<token> first.`
            : 'This API needs no token.'}
      </p>
      <div className="dialog-actions">
        <CopyButton text={code} label={`Copy ${language}`} />
        <button type="button" className="btn btn-primary" onClick={onClose} data-testid="tester-code-close">
          Done
        </button>
      </div>
    </Dialog>
  );
}
