import { isUsable, tokenLabel } from '../../panels/tokens/rolled-tokens.js';
import { useSessionTokens } from '../../panels/tokens/session-tokens.js';
import { useEditor } from '../../stores/editor.js';
import { useTester, type TokenChoice } from '../tester-store.js';

const PASTED = 'pasted';
const SESSION_PREFIX = 'session:';

const valueOf = (choice: TokenChoice): string => (choice.kind === 'session' ? `${SESSION_PREFIX}${choice.id}` : choice.kind === 'pasted' ? PASTED : '');

function choiceOf(value: string): TokenChoice {
  if (value === PASTED) return { kind: 'pasted' };
  if (value.startsWith(SESSION_PREFIX)) return { kind: 'session', id: value.slice(SESSION_PREFIX.length) };
  return { kind: 'none' };
}

/**
 * The token to send: one created in this session (kept for the session by the Tokens panel), or one pasted here.
 * The paste field is a masked text field, not a password field, so no password manager offers to save it.
 */
export function TokenField() {
  const required = useEditor((state) => state.endpoint.auth.required);
  const kept = useSessionTokens((state) => state.tokens);
  // A rolled token past its grace is refused by now: not offered.
  const tokens = kept.filter((token) => isUsable(token, Date.now()));
  const choice = useTester((state) => state.tokenChoice);
  const pasted = useTester((state) => state.pastedToken);
  const mode = useTester((state) => state.mode);
  const environment = useTester((state) => state.environment);
  const setToken = useTester((state) => state.setToken);
  const picked = choice.kind === 'session' ? tokens.find((token) => token.id === choice.id) : undefined;
  const sorted = [...tokens].sort((a, b) => Number(b.environment === environment) - Number(a.environment === environment));
  // A picked token that was revoked or deleted since is gone from memory: show "No token" rather than a stale name.
  const value = choice.kind === 'session' && !picked ? '' : valueOf(choice);

  let note: string | null = null;
  if (mode === 'draft') note = 'Draft runs check the token as the published API would (rate limits aside).';
  else if (picked && picked.environment !== environment) note = `This token is for ${picked.environment}: ${environment} will refuse it (403).`;
  else if (!required) note = 'This API does not require a token.';
  else if (tokens.length === 0 && choice.kind === 'none') note = 'Tokens you create in the Tokens panel can be picked here for this session.';

  return (
    <div className="tester-token">
      <label className="tester-token-label" htmlFor="tester-token-select">
        Token
      </label>
      <select id="tester-token-select" className="select tester-token-select" value={value} onChange={(event) => setToken(choiceOf(event.target.value))} data-testid="tester-token">
        <option value="">No token</option>
        {sorted.map((token) => (
          <option key={token.id} value={`${SESSION_PREFIX}${token.id}`}>
            {tokenLabel(token, tokens)}
          </option>
        ))}
        <option value={PASTED}>Paste a token…</option>
      </select>
      {choice.kind === 'pasted' ? (
        <input
          type="text"
          className="input mono tester-token-input"
          placeholder="eyJhbGciOiJFZERTQSIs…"
          autoComplete="off"
          spellCheck={false}
          aria-label="Pasted token"
          value={pasted}
          onChange={(event) => setToken({ kind: 'pasted' }, event.target.value)}
          data-testid="tester-token-paste"
        />
      ) : null}
      {note ? <span className="field-help tester-token-note">{note}</span> : null}
    </div>
  );
}
