import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { Dialog, FormActions } from '../../layout/Dialog.js';
import { useApis } from '../../stores/apis.js';
import { useSession } from '../../stores/session.js';
import { environmentNameProblem } from './environment-name.js';

type Props = { open: boolean; onClose: () => void; onCreated: (name: string) => void };

export function CreateEnvironmentDialog({ open, onClose, onCreated }: Props) {
  const environments = useApis((state) => state.environments);
  const runtimeUrl = useSession((state) => state.runtimeUrl);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setName('');
    setDescription('');
    setTouched(false);
    setError(null);
  }, [open]);

  const problem = environmentNameProblem(name, environments.map((environment) => environment.name));

  const create = async (): Promise<void> => {
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(null);
    try {
      await admin.environments.create({ body: { name, description: description.trim(), vars: {} } });
      await useApis.getState().refreshEnvironments();
      onCreated(name);
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title="New environment" onClose={onClose} onSubmit={() => void create()}>
      <label className="field">
        <span className="field-label">Name</span>
        <input
          className={`input mono ${touched && problem ? 'invalid' : ''}`}
          value={name}
          autoFocus
          placeholder="staging"
          maxLength={40}
          aria-invalid={touched && problem ? true : undefined}
          onChange={(event) => {
            setName(event.target.value);
            setTouched(true);
          }}
          data-testid="environment-name"
        />
        {touched && problem ? <span className="field-error">{problem}</span> : <span className="field-help mono">{`${runtimeUrl}/${name || 'staging'}/…`}</span>}
      </label>
      <label className="field">
        <span className="field-label">Description</span>
        <input className="input" value={description} placeholder="Optional" onChange={(event) => setDescription(event.target.value)} />
      </label>
      <FormActions error={error} onCancel={onClose} submitLabel="Create environment" disabled={busy || (touched && problem !== null)} testId="environment-create" />
    </Dialog>
  );
}
