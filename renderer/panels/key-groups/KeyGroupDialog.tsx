import { useEffect, useState } from 'react';
import type { KeyGroup } from '../../../shared/model/token.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { writeWithRevision } from '../../conflict/write-with-revision.js';
import { Dialog, FormActions } from '../../layout/Dialog.js';
import { useAccess } from '../common/access-store.js';

type Props = { open: boolean; editing: KeyGroup | null; onClose: () => void; onSaved?: (group: KeyGroup) => void };

/** Create a key group, or rename one and change its description. */
export function KeyGroupDialog({ open, editing, onClose, onSaved }: Props) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setName(editing?.name ?? '');
    setDescription(editing?.description ?? '');
    setError(null);
  }, [open, editing]);

  const save = async (): Promise<void> => {
    if (name.trim() === '') return setError('Give the group a name, e.g. partners');
    setBusy(true);
    setError(null);
    try {
      const input = { name: name.trim(), description: description.trim() };
      const group = editing
        ? await writeWithRevision({
            subject: `The key group "${editing.name}"`,
            read: editing,
            mine: input,
            labels: { name: 'Name', description: 'Description', tokenIds: 'Members' },
            write: (revision) => admin.keyGroups.update({ params: { id: editing.id }, body: input, revision }),
          })
        : await admin.keyGroups.create({ body: input });
      if (group) {
        useAccess.getState().upsertKeyGroup(group);
        onSaved?.(group);
      } else {
        // The other window's version was kept: the list shows it.
        await useAccess.getState().load();
      }
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title={editing ? `Edit ${editing.name}` : 'New key group'} onClose={onClose} onSubmit={() => void save()}>
      <label className="field">
        <span className="field-label">Name</span>
        <input className="input" value={name} autoFocus placeholder="partners" onChange={(event) => setName(event.target.value)} data-testid="key-group-name" />
      </label>
      <label className="field">
        <span className="field-label">Description</span>
        <textarea className="textarea" value={description} placeholder="Who is in it and why (optional)" onChange={(event) => setDescription(event.target.value)} />
      </label>
      <FormActions error={error} onCancel={onClose} submitLabel={editing ? 'Save' : 'Create group'} disabled={busy} testId="key-group-save" />
    </Dialog>
  );
}
