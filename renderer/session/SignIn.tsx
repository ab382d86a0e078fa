import { useState } from 'react';
import { useSession, type SignInReason } from '../stores/session.js';
import { Icon } from '../theme/icons.js';

const REASONS: Record<SignInReason, string | null> = {
  none: null,
  'expired-link': 'That sign-in link was used already or has expired: each link opens one session. Start `flowgate serve` again for a fresh link, or paste the admin key below.',
  'session-ended': 'Your session ended (it lasts 12 hours, and ends when the server restarts). Sign in again to continue; unsaved edits were kept in this tab.',
  'signed-out': 'You are signed out.',
};

/** Shown whenever there is no session: nothing of the workspace loads without one. */
export function SignIn() {
  const reason = useSession((state) => state.reason);
  const error = useSession((state) => state.error);
  const signIn = useSession((state) => state.signIn);
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const why = REASONS[reason];

  return (
    <div className="sign-in">
      <form
        className="sign-in-card"
        onSubmit={(event) => {
          event.preventDefault();
          if (!key.trim()) return;
          setBusy(true);
          void signIn(key).finally(() => setBusy(false));
        }}
      >
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden>
            <Icon name="git-branch" size={20} />
          </span>
          Flowgate
        </div>
        <h1 className="sign-in-title">Sign in to this workspace</h1>
        {why ? (
          <p className={`sign-in-reason ${reason === 'signed-out' ? '' : 'warning'}`} role="status" data-testid="signin-reason">
            {why}
          </p>
        ) : null}
        <p className="muted">
          The quickest way in is the <strong>Editor</strong> link that <code>flowgate serve</code> printed when it started (<code>http://127.0.0.1:…/login?code=…</code>): open it in this browser and you are signed in.
        </p>
        <label className="field">
          <span className="field-label">Or paste the admin key</span>
          <input
            className={`input mono ${error ? 'invalid' : ''}`}
            type="password"
            autoComplete="off"
            autoFocus
            value={key}
            placeholder="The key printed at first start, or kept in <workspace>.admin-key"
            onChange={(event) => setKey(event.target.value)}
            data-testid="admin-key"
          />
          {error ? <span className="field-error">{error}</span> : null}
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !key.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
