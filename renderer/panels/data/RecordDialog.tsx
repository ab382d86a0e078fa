import { useState } from 'react';
import type { StoredRecord } from '../../../shared/api/collections.js';
import { errorMessage } from '../../api/errors.js';
import { Dialog } from '../../layout/Dialog.js';

type Props = {
  collection: string;
  /** The record to view and edit; none to add one. */
  record: StoredRecord | null;
  onClose: () => void;
  onSave: (record: Record<string, unknown>) => Promise<void>;
  onDelete: (record: StoredRecord) => Promise<void>;
};

/** A record as JSON: read it, edit it (its id stays), or delete it; or write a new one (an id is made when it has none). */
export function RecordDialog({ collection, record, onClose, onSave, onDelete }: Props) {
  const [text, setText] = useState(() => JSON.stringify(record ?? { name: '' }, null, 2));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const save = (): void => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (failure) {
      setError(`Not valid JSON: ${errorMessage(failure)}`);
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      setError('A record is a JSON object, in braces');
      return;
    }
    void run(() => onSave(parsed as Record<string, unknown>));
  };

  return (
    <Dialog open title={record ? `Record "${record.id}" in ${collection}` : `New record in ${collection}`} onClose={onClose} onSubmit={save} className="record-dialog">
      <label className="field">
        <span className="field-label">JSON</span>
        <textarea
          className="textarea mono record-json"
          value={text}
          onChange={(event) => setText(event.target.value)}
          spellCheck={false}
          rows={14}
          aria-label="Record JSON"
          data-testid="record-json"
        />
        <span className="field-help">{record ? 'The id names the record and cannot change here.' : 'Leave out "id" and one is made for you.'}</span>
      </label>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        {record ? (
          <button type="button" className="btn btn-ghost row-delete push-left" onClick={() => void run(() => onDelete(record))} disabled={busy} data-testid="record-delete">
            Delete
          </button>
        ) : null}
        <button type="button" className="btn" onClick={() => void navigator.clipboard?.writeText(text)} title="Copy the JSON">
          Copy
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="record-save">
          {record ? 'Save' : 'Add'}
        </button>
      </div>
    </Dialog>
  );
}
