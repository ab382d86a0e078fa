import { useState } from 'react';
import { COLLECTION_PATTERN } from '../../../shared/nodes/records.js';
import { Dialog, FormActions } from '../../layout/Dialog.js';

type Props = { taken: readonly string[]; onClose: () => void; onCreate: (name: string) => void };

/** Names a collection to add records to; it is stored with its first record. */
export function NewCollectionDialog({ taken, onClose, onCreate }: Props) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (): void => {
    const trimmed = name.trim();
    if (!COLLECTION_PATTERN.test(trimmed)) return setError('Up to 64 letters, digits, "_" or "-", starting with a letter or "_"');
    if (taken.includes(trimmed)) return setError(`"${trimmed}" exists already`);
    onCreate(trimmed);
  };
  return (
    <Dialog open title="New collection" onClose={onClose} onSubmit={submit}>
      <label className="field">
        <span className="field-label">Name</span>
        <input className="input mono" value={name} onChange={(event) => setName(event.target.value)} placeholder="people" autoFocus data-testid="new-collection-name" />
        <span className="field-help">Flows name it in their record nodes&apos; Collection field. It is kept once it holds a record.</span>
      </label>
      <FormActions error={error} onCancel={onClose} submitLabel="Open" testId="new-collection-submit" />
    </Dialog>
  );
}
