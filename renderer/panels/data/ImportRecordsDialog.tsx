import { useState } from 'react';
import type { OnConflict, RecordsWritten } from '../../../shared/api/collections.js';
import { admin } from '../../api/client.js';
import { errorMessage } from '../../api/errors.js';
import { Dialog } from '../../layout/Dialog.js';
import type { ImportFile } from './records-file.js';

type Props = { collection: string; file: ImportFile; onClose: () => void; onImported: (written: RecordsWritten) => void };

const CONFLICT_CHOICES: { value: OnConflict; label: string }[] = [
  { value: 'fail', label: 'Import nothing (the default)' },
  { value: 'skip', label: 'Keep the stored record' },
  { value: 'replace', label: 'Replace it with the file’s' },
];

/** Imports a picked file into a collection, all or nothing, asking what to do with ids already there. */
export function ImportRecordsDialog({ collection, file, onClose, onImported }: Props) {
  const [onConflict, setOnConflict] = useState<OnConflict>('fail');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      onImported(await admin.collections.write({ params: { name: collection }, body: { ...file.body, onConflict } }));
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open title={`Import into ${collection}`} onClose={onClose} onSubmit={() => void submit()} className="import-records-dialog">
      <p className="muted">
        <strong>{file.name}</strong> · {file.format.toUpperCase()}
        {file.records === null ? '' : ` · ${file.records.toLocaleString('en')} record${file.records === 1 ? '' : 's'}`}. Every record is imported or none is.
      </p>
      <fieldset className="field import-conflicts">
        <legend className="field-label">When an id is already in {collection}</legend>
        {CONFLICT_CHOICES.map((choice) => (
          <label key={choice.value} className="checkbox">
            <input type="radio" name="on-conflict" value={choice.value} checked={onConflict === choice.value} onChange={() => setOnConflict(choice.value)} />
            {choice.label}
          </label>
        ))}
      </fieldset>
      {error ? (
        <p className="field-error" role="alert" data-testid="import-records-error">
          {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="import-records-submit">
          Import
        </button>
      </div>
    </Dialog>
  );
}
