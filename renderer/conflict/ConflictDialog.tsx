import { Dialog } from '../layout/Dialog.js';
import { useConflicts, type ConflictChoice } from './conflict-store.js';
import './conflict.css';

/**
 * "Changed in another window": the object's two versions side by side, named by what differs, and
 * the choices (Reload, Keep mine, and Merge both when no change of either side would be lost).
 */
export function ConflictDialog() {
  const asked = useConflicts((state) => state.asked[0]);
  const choose = (choice: ConflictChoice) => (): void => asked?.answer(choice);
  return (
    <Dialog open={asked !== undefined} title="Changed in another window" onClose={choose('later')} className="conflict-dialog">
      {asked ? (
        <div className="conflict" data-testid="conflict-dialog">
          <p>
            <strong>{asked.subject}</strong> was changed in another window after this one read it, so your last change was <strong>not saved</strong>.
          </p>
          {asked.differences.length === 0 ? (
            <p className="muted">Both versions are the same now: either choice keeps everything.</p>
          ) : (
            <div className="conflict-table scroll" role="table" aria-label="What differs">
              <div className="conflict-row conflict-head" role="row">
                <span role="columnheader">What</span>
                <span role="columnheader">In the other window (saved)</span>
                <span role="columnheader">Yours (not saved)</span>
              </div>
              {asked.differences.map((difference) => (
                <div key={difference.id} className={`conflict-row ${difference.both ? 'both' : ''}`} role="row" data-testid="conflict-row">
                  <span role="cell" className="conflict-where">
                    {difference.where}
                    {difference.both ? <span className="badge badge-warning">changed in both</span> : null}
                  </span>
                  <span role="cell" className="mono">{difference.theirs}</span>
                  <span role="cell" className="mono">{difference.mine}</span>
                </div>
              ))}
            </div>
          )}
          {asked.mergeable ? (
            <p className="muted">Your changes and the other window&apos;s touch different things: Merge both keeps all of them.</p>
          ) : asked.clashes.length > 0 ? (
            <p className="muted" data-testid="conflict-clashes">Both windows changed {asked.clashes.join('; ')}: choose which version to keep.</p>
          ) : null}
          <p className="faint">
            Reload takes the other window&apos;s version and drops yours. {asked.keepMineNote ?? 'Keep mine saves yours over it.'}
          </p>
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={choose('reload')} data-testid="conflict-reload">
              Reload
            </button>
            <button type="button" className={`btn ${asked.mergeable ? '' : 'btn-primary'}`} onClick={choose('keep-mine')} data-testid="conflict-keep-mine">
              Keep mine
            </button>
            {asked.mergeable ? (
              <button type="button" className="btn btn-primary" onClick={choose('merge')} data-testid="conflict-merge" autoFocus>
                Merge both
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
