import { useEditor } from '../stores/editor.js';
import { useSession } from '../stores/session.js';
import { useUi } from '../stores/ui.js';
import { Icon } from '../theme/icons.js';
import { ConnectionBadge } from './ConnectionBadge.js';
import { SaveIndicator } from './SaveIndicator.js';

/** Brand, the open API, its save state, Publish, the server it works on, help and sign-out. */
export function TopBar() {
  const apiId = useEditor((state) => state.apiId);
  const name = useEditor((state) => state.endpoint.name);
  const method = useEditor((state) => state.endpoint.method);
  const path = useEditor((state) => state.endpoint.path);
  const setPublishOpen = useUi((state) => state.setPublishOpen);
  const setShortcutsOpen = useUi((state) => state.setShortcutsOpen);
  const signOut = useSession((state) => state.signOut);

  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          <Icon name="git-branch" size={16} />
        </span>
        Flowgate
      </div>
      {apiId ? (
        <div className="top-bar-api">
          <span className="top-bar-name ellipsis" title={name || undefined}>
            {name || 'Untitled API'}
          </span>
          <span className="mono top-bar-route" title={`${method} ${path}`}>
            <span className={`method method-${method}`}>{method}</span>
            <span className="ellipsis">{path}</span>
          </span>
          <SaveIndicator />
        </div>
      ) : (
        <div className="grow" />
      )}
      <div className="top-bar-actions">
        <ConnectionBadge />
        {apiId ? (
          <button type="button" className="btn btn-primary" onClick={() => setPublishOpen(true)} data-testid="publish">
            <Icon name="rocket" /> Publish
          </button>
        ) : null}
        <button type="button" className="btn btn-ghost btn-icon" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" onClick={() => setShortcutsOpen(true)}>
          <Icon name="keyboard" />
        </button>
        <button type="button" className="btn btn-ghost btn-icon" title="Sign out" aria-label="Sign out" onClick={() => void signOut()}>
          <Icon name="log-out" />
        </button>
      </div>
    </header>
  );
}
