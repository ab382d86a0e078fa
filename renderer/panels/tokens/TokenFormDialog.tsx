import { useEffect, useMemo, useState } from 'react';
import { Scope } from '../../../shared/model/api.js';
import type { IssuedToken, TokenInfo } from '../../../shared/model/token.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { writeWithRevision } from '../../conflict/write-with-revision.js';
import { ChipInput } from '../../inspector/ChipInput.js';
import { Dialog, FormActions } from '../../layout/Dialog.js';
import { environmentNames, useApis } from '../../stores/apis.js';
import { useUi } from '../../stores/ui.js';
import { useAccess } from '../common/access-store.js';
import { KeyValueRows } from '../common/KeyValueRows.js';
import { TextRows } from '../common/TextRows.js';
import { KeyGroupPicker } from './KeyGroupPicker.js';
import { LimitsFields } from './LimitsFields.js';
import { saveMembership } from './save-membership.js';
import { createBody, emptyTokenForm, formFromToken, ipProblem, tokenFormProblem, updateBody, type TokenForm } from './token-form.js';

const TOKEN_FIELD_LABELS = { name: 'Name', scopes: 'Scopes', vars: 'Variables', ipAllowlist: 'IP allowlist', expiresAt: 'Expires', rateLimit: 'Rate limit', groupIds: 'Key groups' };

const scopeProblem = (value: string): string | null => {
  const result = Scope.safeParse(value);
  return result.success ? null : 'A scope is printable ASCII without spaces or quotes, e.g. users:read';
};

type Props = {
  open: boolean;
  /** The token to edit, or null to create one. */
  editing: TokenInfo | null;
  onClose: () => void;
  onIssued: (issued: IssuedToken) => void;
};

/** Create a token, or edit everything of one but its environment (signed into it). */
export function TokenFormDialog({ open, editing, onClose, onIssued }: Props) {
  const environments = useApis((state) => state.environments);
  const names = useMemo(() => environmentNames(environments), [environments]);
  const keyGroups = useAccess((state) => state.keyGroups);
  const [form, setForm] = useState<TokenForm>(() => emptyTokenForm('dev'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);

  useEffect(() => {
    if (!open) return;
    setForm(editing ? formFromToken(editing) : emptyTokenForm(names[0] ?? 'dev'));
    setError(null);
    setTried(false);
    // Reset on opening only: an environment list refreshed meanwhile must not wipe what was typed.
  }, [open, editing]);

  const update = (patch: Partial<TokenForm>): void => setForm((current) => ({ ...current, ...patch }));
  const problem = tokenFormProblem(form, editing);

  const submit = async (): Promise<void> => {
    setTried(true);
    if (problem || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (editing) {
        const patch = updateBody(form, editing);
        const saved = await writeWithRevision({
          subject: `The token "${editing.name}"`,
          read: editing,
          mine: patch,
          labels: TOKEN_FIELD_LABELS,
          write: (revision) => admin.tokens.update({ params: { id: editing.id }, body: patch, revision }),
        });
        // Null: the other window's settings were kept, and the list shows them.
        if (saved) useAccess.getState().upsertToken({ ...saved, groupIds: await saveMembership(saved.id, form.groupIds) });
        else await useAccess.getState().load();
        onClose();
      } else {
        const issued = await admin.tokens.create({ body: createBody(form) });
        const { token: _secret, ...info } = issued;
        useAccess.getState().upsertToken(info);
        // The token exists from here on: a failed group change must not hide its only showing.
        const groupIds = await saveMembership(issued.id, form.groupIds).catch((failure: unknown) => {
          useUi.getState().toast(`The token was created, but its key groups were not saved: ${errorMessage(failure)}`, 'error');
          return info.groupIds;
        });
        useAccess.getState().upsertToken({ ...info, groupIds });
        onIssued({ ...issued, groupIds });
      }
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} title={editing ? `Edit ${editing.name}` : 'Create a token'} onClose={onClose} onSubmit={() => void submit()} className="token-dialog">
      <div className="token-form scroll">
        <label className="field">
          <span className="field-label">Name</span>
          <input className="input" value={form.name} autoFocus placeholder="billing-service" onChange={(event) => update({ name: event.target.value })} data-testid="token-name" />
          <span className="field-help">Who or what will use it; shown in the request log.</span>
        </label>
        <label className="field">
          <span className="field-label">Environment</span>
          <select className="select" value={form.environment} disabled={editing !== null} onChange={(event) => update({ environment: event.target.value })} data-testid="token-environment">
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <span className="field-help">{editing ? 'Signed into the token: create a new one for another environment.' : 'The token opens APIs of this environment only.'}</span>
        </label>
        <div className="field">
          <span className="field-label">Scopes</span>
          <ChipInput label="Scopes" values={form.scopes} onChange={(scopes) => update({ scopes })} placeholder="users:read, then Enter" validate={scopeProblem} testId="token-scopes" />
          <span className="field-help">APIs that list scopes accept only tokens holding all of them.</span>
        </div>
        <div className="field">
          <span className="field-label">Variables</span>
          <KeyValueRows rows={form.vars} onChange={(vars) => update({ vars })} label="Variable" keyPlaceholder="tenant" valuePlaceholder="acme" testId="token-vars" />
          <span className="field-help">Flows read them as token.vars.&lt;name&gt;.</span>
        </div>
        <div className="field">
          <span className="field-label">IP allowlist</span>
          <TextRows rows={form.ips} onChange={(ips) => update({ ips })} problem={ipProblem} label="IP range" placeholder="10.0.0.0/8 or 2001:db8::/32" addLabel="Add IP range" testId="token-ips" />
          <span className="field-help">Empty: any address. Otherwise only these addresses or CIDR ranges (IPv4 and IPv6).</span>
        </div>
        <div className="field">
          <span className="field-label">Key groups</span>
          <KeyGroupPicker groups={keyGroups} picked={form.groupIds} onChange={(groupIds) => update({ groupIds })} />
          <span className="field-help">An API that names key groups accepts only tokens in one of them.</span>
        </div>
        <LimitsFields form={form} editing={editing} onChange={update} />
      </div>
      {tried && problem ? <p className="field-error">{problem}</p> : null}
      <FormActions error={error} onCancel={onClose} submitLabel={editing ? 'Save' : 'Create token'} disabled={busy} testId="token-submit" />
    </Dialog>
  );
}
