import { useState } from 'react';
import { CreateApiDialog } from '../api-list/CreateApiDialog.js';
import { useApis } from '../stores/apis.js';
import { Icon } from '../theme/icons.js';

/** The centre before an API is open: what to do next. */
export function Welcome() {
  const count = useApis((state) => state.apis.length);
  const loaded = useApis((state) => state.loaded);
  const [creating, setCreating] = useState(false);
  if (!loaded) return <div className="welcome" />;
  return (
    <div className="welcome">
      <div className="empty-state welcome-card">
        <span className="welcome-mark">
          <Icon name="git-branch" size={28} />
        </span>
        {count === 0 ? (
          <>
            <h3>Create your first API</h3>
            <p>Pick a method and a path like GET /users/:id, then drag nodes from the palette to build the answer, and publish it to dev.</p>
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="welcome-create">
              <Icon name="plus" /> Create your first API
            </button>
          </>
        ) : (
          <>
            <h3>Open an API</h3>
            <p>Pick one from the list on the left, or create a new one.</p>
            <button type="button" className="btn" onClick={() => setCreating(true)}>
              <Icon name="plus" /> New API
            </button>
          </>
        )}
      </div>
      <CreateApiDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
