import { useCallback, useEffect, useMemo, useState } from 'react';
import type { IssuedToken, TokenInfo } from '../../../shared/model/token.js';
import { Icon } from '../../theme/icons.js';
import { useAccess, useLoadAccess } from '../common/access-store.js';
import { fullTime } from '../common/relative-time.js';
import { ErrorNote, Loading, PanelEmpty, PanelHeader } from '../common/ui.js';
import { RemoveTokenDialog } from './RemoveTokenDialog.js';
import { RollDialog } from './RollDialog.js';
import { useSessionTokens } from './session-tokens.js';
import { TokenFormDialog } from './TokenFormDialog.js';
import { TokenRevealDialog } from './TokenRevealDialog.js';
import { TokenRow, type TokenAction } from './TokenRow.js';

type Revealed = { issued: IssuedToken; title: string; note?: string };

/** Tokens: create (shown once), list with status and usage, edit, roll, revoke, delete. */
export function TokensPanel() {
  useLoadAccess();
  const tokens = useAccess((state) => state.tokens);
  const keyGroups = useAccess((state) => state.keyGroups);
  const loaded = useAccess((state) => state.loaded);
  const error = useAccess((state) => state.error);
  const [form, setForm] = useState<{ editing: TokenInfo | null } | null>(null);
  const [rolling, setRolling] = useState<TokenInfo | null>(null);
  const [removing, setRemoving] = useState<{ token: TokenInfo; kind: 'revoke' | 'delete' } | null>(null);
  const [revealed, setRevealed] = useState<Revealed | null>(null);

  // Revoked, expired or rolled tokens change how (and whether) the tester offers the ones kept in this session;
  // tokens missing from this list are left to the tester's own fresh check (listedAt 0 keeps them).
  useEffect(() => {
    if (loaded && !error) useSessionTokens.getState().sync(tokens, 0);
  }, [error, loaded, tokens]);

  const groupNames = useMemo(() => {
    const names = new Map<string, string[]>();
    for (const group of keyGroups) for (const id of group.tokenIds) names.set(id, [...(names.get(id) ?? []), group.name]);
    return names;
  }, [keyGroups]);

  const onAction = useCallback((action: TokenAction, token: TokenInfo) => {
    if (action === 'edit') setForm({ editing: token });
    else if (action === 'roll') setRolling(token);
    else setRemoving({ token, kind: action });
  }, []);

  const reveal = (issued: IssuedToken, title: string, note?: string): void => {
    useSessionTokens.getState().add({ id: issued.id, name: issued.name, environment: issued.environment, token: issued.token });
    setRevealed({ issued, title, ...(note ? { note } : {}) });
  };

  const create = (
    <button type="button" className="btn btn-primary btn-sm" onClick={() => setForm({ editing: null })} data-testid="create-token">
      <Icon name="plus" /> Create token
    </button>
  );

  return (
    <div className="panel" data-testid="tokens-panel">
      <PanelHeader title="Tokens" help="API tokens let apps call your APIs that require authentication." actions={tokens.length > 0 ? create : null} />
      {error ? <ErrorNote onRetry={() => void useAccess.getState().load()}>Could not load tokens: {error}</ErrorNote> : null}
      {!loaded ? (
        <Loading label="Loading tokens…" />
      ) : tokens.length === 0 && !error ? (
        <PanelEmpty icon="key" title="No tokens yet" action={create}>
          A token is the key an app sends as <code>Authorization: Bearer …</code> to call an API that requires a token. Each token belongs to one environment and can carry scopes, variables and an IP allowlist.
        </PanelEmpty>
      ) : (
        <ul className="panel-list" aria-label="Tokens">
          {tokens.map((token) => (
            <TokenRow key={token.id} token={token} groupNames={groupNames.get(token.id) ?? []} onAction={onAction} />
          ))}
        </ul>
      )}
      <TokenFormDialog
        open={form !== null}
        editing={form?.editing ?? null}
        onClose={() => setForm(null)}
        onIssued={(issued) => {
          setForm(null);
          reveal(issued, 'Your new token');
        }}
      />
      <RollDialog
        token={rolling}
        onClose={() => setRolling(null)}
        onRolled={(issued, grace) => {
          const old = rolling;
          setRolling(null);
          void useAccess.getState().load();
          const graceUntil = grace === 0 ? null : new Date(Date.now() + grace * 1000).toISOString();
          const note = old ? (graceUntil === null ? `“${old.name}” (…${old.fingerprint}) stopped working.` : `“${old.name}” (…${old.fingerprint}) keeps working until ${fullTime(graceUntil)}.`) : undefined;
          reveal(issued, 'Token rolled', note);
          if (old) useSessionTokens.getState().markRolled(old.id, issued.id, graceUntil);
        }}
      />
      <RemoveTokenDialog removing={removing} onClose={() => setRemoving(null)} />
      <TokenRevealDialog issued={revealed?.issued ?? null} title={revealed?.title ?? ''} note={revealed?.note} onDone={() => setRevealed(null)} />
    </div>
  );
}
