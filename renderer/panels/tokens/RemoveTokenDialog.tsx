import { useEffect, useState } from 'react';
import type { TokenInfo } from '../../../shared/model/token.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { ConfirmDialog } from '../../layout/Dialog.js';
import { useAccess } from '../common/access-store.js';
import { useSessionTokens } from './session-tokens.js';

type Props = { removing: { token: TokenInfo; kind: 'revoke' | 'delete' } | null; onClose: () => void };

/** Revoke (refused from the next request on, kept in the list and the log) or delete (gone, and out of its key groups). */
export function RemoveTokenDialog({ removing, onClose }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [removing]);
  if (!removing) return null;
  const { token, kind } = removing;

  const confirm = async (): Promise<void> => {
    setBusy(true);
    try {
      if (kind === 'revoke') useAccess.getState().upsertToken(await admin.tokens.revoke({ params: { id: token.id } }));
      else {
        await admin.tokens.delete({ params: { id: token.id } });
        await useAccess.getState().load();
      }
      useSessionTokens.getState().remove(token.id);
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const message =
    kind === 'revoke'
      ? `Every request with “${token.name}” (…${token.fingerprint}) is refused from now on, with 401. This cannot be undone; the token stays in the list for the record.`
      : `“${token.name}” (…${token.fingerprint}) is removed from the workspace and its key groups, and stops working at once. This cannot be undone.`;

  return (
    <ConfirmDialog
      open
      title={kind === 'revoke' ? `Revoke ${token.name}?` : `Delete ${token.name}?`}
      message={
        <>
          {message}
          {error ? <span className="field-error confirm-error" role="alert">{error}</span> : null}
        </>
      }
      confirmLabel={kind === 'revoke' ? 'Revoke token' : 'Delete token'}
      danger
      busy={busy}
      onConfirm={() => void confirm()}
      onClose={onClose}
    />
  );
}
