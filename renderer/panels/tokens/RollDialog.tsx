import { useEffect, useState } from 'react';
import { ROLL_GRACE_SECONDS, type IssuedToken, type TokenInfo } from '../../../shared/model/token.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { Dialog } from '../../layout/Dialog.js';

type Grace = (typeof ROLL_GRACE_SECONDS)[number];

const GRACE_LABELS: Record<Grace, string> = { 0: 'None', 60: '1 min', 900: '15 min', 3600: '1 h', 86_400: '24 h' };
/** Long enough to redeploy a client with the new token, short enough to matter. */
const DEFAULT_GRACE: Grace = 900;

type Props = { token: TokenInfo | null; onClose: () => void; onRolled: (issued: IssuedToken, graceSeconds: Grace) => void };

/** Roll: a replacement with the same settings and groups; the old token keeps working for the grace period picked. */
export function RollDialog({ token, onClose, onRolled }: Props) {
  const [grace, setGrace] = useState<Grace>(DEFAULT_GRACE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setGrace(DEFAULT_GRACE);
    setError(null);
  }, [token]);
  if (!token) return null;

  const roll = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onRolled(await admin.tokens.roll({ params: { id: token.id }, body: { graceSeconds: grace } }), grace);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open title={`Roll ${token.name}`} onClose={onClose} onSubmit={() => void roll()}>
      <p className="muted">A new token replaces this one, with the same environment, scopes, variables, IP allowlist and key groups. Update your clients with it before the old one stops working.</p>
      <div className="field">
        <span className="field-label">The old token keeps working for</span>
        <div className="segmented" role="radiogroup" aria-label="Grace period">
          {ROLL_GRACE_SECONDS.map((seconds) => (
            <label key={seconds} className={`segment ${grace === seconds ? 'selected' : ''}`}>
              <input type="radio" name="grace" className="visually-hidden" checked={grace === seconds} onChange={() => setGrace(seconds)} />
              {GRACE_LABELS[seconds]}
            </label>
          ))}
        </div>
        <span className="field-help">{grace === 0 ? 'The old token stops working at once.' : `Then it is revoked on its own.`}</span>
      </div>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} autoFocus>
          Roll token
        </button>
      </div>
    </Dialog>
  );
}
