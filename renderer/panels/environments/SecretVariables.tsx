import { useState } from 'react';
import { MIN_SECRET_CHARS, VARIABLE_NAME_PATTERN, type Environment } from '../../../shared/model/environment.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { writeWithRevision } from '../../conflict/write-with-revision.js';
import { useApis } from '../../stores/apis.js';
import { Icon } from '../../theme/icons.js';
import { ENVIRONMENT_FIELD_LABELS } from './field-labels.js';

const MASK = '••••••••';

type Props = { environment: Environment };

/**
 * Secret variables: write-only. Each is shown masked and can be replaced or removed, never read
 * back; flows read it as env.vars.<name>, and traces, logs and Draft answers show [secret] instead.
 */
export function SecretVariables({ environment }: Props) {
  const [editing, setEditing] = useState<{ name: string; value: string; adding: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (secrets: Record<string, string | null>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const secretNames = [...new Set([...environment.secretNames, ...Object.keys(secrets)])].filter((name) => secrets[name] !== null).sort();
      await writeWithRevision({
        subject: `The environment "${environment.name}"`,
        read: environment,
        // Values never leave the server: the side-by-side compares names.
        mine: { secretNames },
        labels: ENVIRONMENT_FIELD_LABELS,
        write: (revision) => admin.environments.update({ params: { name: environment.name }, body: { secrets }, revision }),
      });
      await useApis.getState().refreshEnvironments();
      setEditing(null);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const problem = editing ? secretProblem(editing, environment) : null;
  return (
    <div className="rows-editor" data-testid={`env-secrets-${environment.name}`}>
      <span className="field-help">
        Secrets (API keys, passwords) are encrypted in the workspace and never shown again: replace one to change it. Flows read them as env.vars.&lt;name&gt;; traces,
        logs and Draft answers show [secret] in their place, and exports leave their values out.
      </span>
      {environment.secretNames.map((name) =>
        editing && !editing.adding && editing.name === name ? null : (
          <div key={name} className="kv-pair" data-testid="env-secret">
            <span className="input mono" aria-label={`Secret ${name}`}>{name}</span>
            <span className="input" aria-label={`Value of ${name}, hidden`}>{MASK}</span>
            <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={() => setEditing({ name, value: '', adding: false })}>
              Replace
            </button>
            <button type="button" className="btn btn-ghost btn-sm btn-icon" disabled={busy} aria-label={`Remove secret ${name}`} title="Remove" onClick={() => void send({ [name]: null })}>
              <Icon name="x" />
            </button>
          </div>
        ),
      )}
      {editing ? (
        <div className="rows-editor-row">
          <div className="kv-pair">
            <input
              className={`input mono ${problem?.field === 'name' ? 'invalid' : ''}`}
              value={editing.name}
              readOnly={!editing.adding}
              placeholder="apiKey"
              aria-label="Secret name"
              onChange={(event) => setEditing({ ...editing, name: event.target.value })}
            />
            <input
              className="input"
              type="password"
              autoComplete="off"
              autoFocus={!editing.adding}
              value={editing.value}
              placeholder={editing.adding ? 'value' : `new value for ${editing.name}`}
              aria-label="Secret value"
              onChange={(event) => setEditing({ ...editing, value: event.target.value })}
              data-testid="env-secret-value"
            />
            <button type="button" className="btn btn-primary btn-sm" disabled={busy || problem !== null} onClick={() => void send({ [editing.name.trim()]: editing.value })} data-testid="env-secret-save">
              Save
            </button>
            <button type="button" className="btn btn-ghost btn-sm" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
          {problem && (problem.field === 'name' || editing.value !== '') ? <span className="field-error">{problem.message}</span> : null}
          {editing.adding && Object.hasOwn(environment.vars, editing.name.trim()) ? (
            <span className="field-help">A plain variable has this name: saving makes it a secret.</span>
          ) : null}
        </div>
      ) : (
        <button type="button" className="btn btn-sm btn-ghost rows-editor-add" onClick={() => setEditing({ name: '', value: '', adding: true })} data-testid="env-secret-add">
          <Icon name="plus" /> Add secret
        </button>
      )}
      {error ? <p className="field-error" role="alert">{error}</p> : null}
    </div>
  );
}

function secretProblem(editing: { name: string; value: string; adding: boolean }, environment: Environment): { field: 'name' | 'value'; message: string } | null {
  const name = editing.name.trim();
  if (editing.adding) {
    if (name === '') return { field: 'name', message: 'Give the secret a name' };
    if (!VARIABLE_NAME_PATTERN.test(name)) return { field: 'name', message: 'Letters, digits and _, not starting with a digit' };
    if (environment.secretNames.includes(name)) return { field: 'name', message: 'A secret of this name exists: replace it instead' };
  }
  if (editing.value.length < MIN_SECRET_CHARS) return { field: 'value', message: `A secret has at least ${MIN_SECRET_CHARS} characters` };
  return null;
}
