import { resolveConflict, saveNow, useAutosave } from '../stores/autosave.js';
import { Icon } from '../theme/icons.js';

/** Saved / Saving… / Save failed (with retry): the draft's state on the server. */
export function SaveIndicator() {
  const status = useAutosave((state) => state.status);
  const error = useAutosave((state) => state.error);
  if (status === 'failed') {
    return (
      <span className="save-indicator failed" role="status" data-testid="save-status" data-status={status} title={error ?? undefined}>
        <Icon name="alert-circle" size={14} /> Save failed
        <button type="button" className="btn btn-sm" onClick={() => void saveNow()}>
          Retry
        </button>
      </span>
    );
  }
  if (status === 'conflict') {
    return (
      <span className="save-indicator failed" role="status" data-testid="save-status" data-status={status} title={error ?? undefined}>
        <Icon name="alert-circle" size={14} /> Not saved: changed in another window
        <button type="button" className="btn btn-sm" onClick={() => void resolveConflict()} data-testid="save-resolve">
          Resolve…
        </button>
      </span>
    );
  }
  if (status === 'invalid') {
    return (
      <span className="save-indicator invalid" role="status" data-testid="save-status" data-status={status} title={error ?? undefined}>
        <Icon name="alert-triangle" size={14} /> Not saved: fix the highlighted field
      </span>
    );
  }
  const text = status === 'saved' ? 'Saved' : 'Saving…';
  return (
    <span className={`save-indicator ${status}`} role="status" data-testid="save-status" data-status={status}>
      {status === 'saved' ? <Icon name="check" size={14} /> : <span className="spinner" aria-hidden />}
      {text}
    </span>
  );
}
