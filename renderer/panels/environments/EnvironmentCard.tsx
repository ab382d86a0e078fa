import { useEffect, useState } from 'react';
import type { Environment } from '../../../shared/model/environment.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { writeWithRevision } from '../../conflict/write-with-revision.js';
import { useApis } from '../../stores/apis.js';
import { Icon } from '../../theme/icons.js';
import { PanelIcon } from '../common/icons.js';
import { KeyValueRows, recordFromRows, rowsFromRecord, rowsValid, type KeyValueRow } from '../common/KeyValueRows.js';
import { ENVIRONMENT_FIELD_LABELS } from './field-labels.js';
import { OutboundSettingsForm } from './OutboundSettingsForm.js';
import { SecretVariables } from './SecretVariables.js';

type Props = { environment: Environment; published: number; tokens: number; initiallyOpen: boolean; onDelete: (environment: Environment) => void };

/** One environment: what runs in it, and its variables (edited, then saved together). */
export function EnvironmentCard({ environment, published, tokens, initiallyOpen, onDelete }: Props) {
  const [expanded, setExpanded] = useState(initiallyOpen);
  const [rows, setRows] = useState<KeyValueRow[]>(() => rowsFromRecord(environment.vars));
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ error: string } | { saved: true } | null>(null);
  useEffect(() => setRows(rowsFromRecord(environment.vars)), [environment.vars]);

  const dirty = JSON.stringify(recordFromRows(rows)) !== JSON.stringify(environment.vars) || rows.some((row) => row.key.trim() === '');
  const save = async (): Promise<void> => {
    setBusy(true);
    setStatus(null);
    try {
      const vars = recordFromRows(rows);
      const saved = await writeWithRevision({
        subject: `The environment "${environment.name}"`,
        read: environment,
        mine: { vars },
        labels: ENVIRONMENT_FIELD_LABELS,
        write: (revision) => admin.environments.update({ params: { name: environment.name }, body: { vars }, revision }),
      });
      await useApis.getState().refreshEnvironments();
      setStatus(saved ? { saved: true } : null);
    } catch (failure) {
      setStatus({ error: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };
  const varCount = Object.keys(environment.vars).length + environment.secretNames.length;
  const detailsId = `environment-${environment.name}`;

  return (
    <li className="panel-card" data-testid="environment" data-environment={environment.name}>
      <button type="button" className="card-toggle" aria-expanded={expanded} aria-controls={detailsId} onClick={() => setExpanded(!expanded)}>
        <PanelIcon name="chevron-right" size={14} className="card-chevron" />
        <span className="card-title mono">{environment.name}</span>
        <span className="badge">{varCount === 1 ? '1 variable' : `${varCount} variables`}</span>
        {environment.outbound.allowPrivate ? (
          <span className="badge" title="Flows here may call this machine and private networks">private calls allowed</span>
        ) : null}
      </button>
      <p className="card-meta">
        {published === 1 ? '1 API published' : `${published} APIs published`} · {tokens === 1 ? '1 token' : `${tokens} tokens`}
        {environment.description ? ` · ${environment.description}` : ''}
      </p>
      {expanded ? (
        <div id={detailsId} className="card-details">
          <span className="field-help">Flows read these as env.vars.&lt;name&gt;: base URLs, tenant ids, feature flags. A change applies to the next request.</span>
          <KeyValueRows rows={rows} onChange={(next) => { setRows(next); setStatus(null); }} label="Variable" keyPlaceholder="baseUrl" valuePlaceholder="https://api.example.com" testId={`env-vars-${environment.name}`} />
          {status && 'error' in status ? <p className="field-error" role="alert">{status.error}</p> : null}
          <div className="card-actions">
            <button type="button" className="btn btn-primary btn-sm" disabled={!dirty || busy || !rowsValid(rows)} onClick={() => void save()} data-testid="environment-save">
              Save variables
            </button>
            {status && 'saved' in status && !dirty ? (
              <span className="saved-note" role="status">
                <Icon name="check" size={14} /> Saved
              </span>
            ) : null}
            {environment.name === 'dev' ? null : (
              <button type="button" className="btn btn-ghost btn-sm row-delete push-right" onClick={() => onDelete(environment)} aria-label={`Delete environment ${environment.name}`}>
                <Icon name="trash" /> Delete
              </button>
            )}
          </div>
          <SecretVariables environment={environment} />
          <OutboundSettingsForm environment={environment} />
        </div>
      ) : null}
    </li>
  );
}
