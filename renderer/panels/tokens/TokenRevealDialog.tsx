import { useEffect, useState, type ReactNode } from 'react';
import type { IssuedToken } from '../../../shared/model/token.js';
import { Dialog } from '../../layout/Dialog.js';
import { Icon } from '../../theme/icons.js';
import { useSessionTokens } from './session-tokens.js';

/** How long the copy button says "Copied". */
const COPIED_MS = 1500;

type Props = {
  issued: IssuedToken | null;
  title: string;
  /** A line under the token, e.g. how long a rolled token's predecessor keeps working. */
  note?: ReactNode;
  onDone: () => void;
};

/** Shows a freshly issued token string, the only time it can be seen; closing asks whether it was copied. */
export function TokenRevealDialog({ issued, title, note, onDone }: Props) {
  const tryIt = useSessionTokens((state) => state.tryIt);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    setCopied(false);
    setConfirming(false);
  }, [issued]);

  if (!issued) return null;
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(issued.token);
      setCopied(true);
      setTimeout(() => setCopied(false), COPIED_MS);
    } catch {
      setCopied(false);
    }
  };

  return (
    <Dialog open title={confirming ? 'Did you copy the token?' : title} onClose={() => (confirming ? setConfirming(false) : setConfirming(true))} className="token-reveal" onSubmit={() => (confirming ? onDone() : setConfirming(true))}>
      {confirming ? (
        <>
          <p className="muted">Once this dialog closes, the token for “{issued.name}” cannot be shown again, not even by Flowgate. If you lose it, roll the token to get a new one.</p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={() => setConfirming(false)} data-testid="token-back">
              Show it again
            </button>
            <button type="submit" className="btn btn-primary" autoFocus data-testid="token-confirm-close">
              I copied it, close
            </button>
          </div>
        </>
      ) : (
        <>
          <div className="token-warning" role="note">
            <Icon name="alert-triangle" size={16} />
            <span>Copy this token now. It is shown only once and cannot be shown again: Flowgate keeps only its fingerprint.</span>
          </div>
          <div className="token-secret-box">
            <code className="token-secret mono" data-testid="issued-token" tabIndex={0} aria-label="Token">
              {issued.token}
            </code>
            <button type="button" className="btn btn-sm" onClick={() => void copy()} data-testid="copy-token">
              <Icon name={copied ? 'check' : 'copy'} /> {copied ? 'Copied' : 'Copy token'}
            </button>
          </div>
          <dl className="token-facts">
            <dt>Name</dt>
            <dd>{issued.name}</dd>
            <dt>Environment</dt>
            <dd>
              <span className="badge badge-accent">{issued.environment}</span>
            </dd>
            <dt>Fingerprint</dt>
            <dd className="mono">…{issued.fingerprint}</dd>
          </dl>
          {note ? <p className="muted token-note">{note}</p> : null}
          <p className="field-help">
            Send it as <code>Authorization: Bearer &lt;token&gt;</code>. Never put it in a URL: Flowgate refuses tokens in the query string.
          </p>
          <div className="dialog-actions">
            {tryIt ? (
              <button
                type="button"
                className="btn"
                onClick={() => {
                  tryIt({ id: issued.id, name: issued.name, environment: issued.environment, token: issued.token });
                  setConfirming(true);
                }}
              >
                <Icon name="send" /> Try it now
              </button>
            ) : null}
            <button type="submit" className="btn btn-primary" data-testid="token-done">
              Done
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
