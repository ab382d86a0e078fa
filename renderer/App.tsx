import { useEffect } from 'react';
import { Shell } from './layout/Shell.js';
import { SignIn } from './session/SignIn.js';
import { takeSignInReasonFromUrl, useSession } from './stores/session.js';

export function App() {
  const status = useSession((state) => state.status);
  const error = useSession((state) => state.error);
  const check = useSession((state) => state.check);
  useEffect(() => {
    takeSignInReasonFromUrl();
    void check();
  }, [check]);

  if (status === 'checking') return <div className="boot" aria-busy="true" />;
  if (status === 'unreachable') {
    return (
      <div className="sign-in">
        <div className="sign-in-card">
          <h1 className="sign-in-title">Cannot reach the Flowgate server</h1>
          <p className="muted">{error}</p>
          <button type="button" className="btn btn-primary" onClick={() => void check()}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (status === 'signed-out') return <SignIn />;
  return <Shell />;
}
