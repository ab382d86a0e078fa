import { useEffect, useState } from 'react';
import { OutboundHost, type Environment } from '../../../shared/model/environment.js';
import { errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { writeWithRevision } from '../../conflict/write-with-revision.js';
import { ENVIRONMENT_FIELD_LABELS } from './field-labels.js';
import { useApis } from '../../stores/apis.js';

type Props = { environment: Environment };

const hostsOf = (text: string): string[] => text.split(/[\s,]+/).map((host) => host.trim()).filter(Boolean);

/**
 * Where this environment's HTTP request nodes may call. Off by default: this machine, private
 * networks and cloud metadata are refused, so a flow cannot be turned against what sits behind Flowgate.
 */
export function OutboundSettingsForm({ environment }: Props) {
  const [allowPrivate, setAllowPrivate] = useState(environment.outbound.allowPrivate);
  const [hosts, setHosts] = useState(environment.outbound.allowHosts.join('\n'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setAllowPrivate(environment.outbound.allowPrivate);
    setHosts(environment.outbound.allowHosts.join('\n'));
  }, [environment.outbound]);

  const list = hostsOf(hosts);
  const badHost = list.find((host) => !OutboundHost.safeParse(host).success);
  const dirty = allowPrivate !== environment.outbound.allowPrivate || list.join('\n') !== environment.outbound.allowHosts.join('\n');
  const save = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const outbound = { allowPrivate, allowHosts: list };
      await writeWithRevision({
        subject: `The environment "${environment.name}"`,
        read: environment,
        mine: { outbound },
        labels: ENVIRONMENT_FIELD_LABELS,
        write: (revision) => admin.environments.update({ params: { name: environment.name }, body: { outbound }, revision }),
      });
      await useApis.getState().refreshEnvironments();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="rows-editor" data-testid={`env-outbound-${environment.name}`}>
      <span className="field-label">Outbound calls</span>
      <span className="field-help">
        HTTP request nodes in {environment.name} may call public internet addresses only. This machine (localhost), private networks (10.x, 192.168.x…) and cloud
        metadata addresses are refused, and Flowgate&apos;s own ports always are.
      </span>
      <label className="checkbox">
        <input type="checkbox" checked={allowPrivate} onChange={(event) => setAllowPrivate(event.target.checked)} data-testid="env-outbound-private" />
        <span>Allow this machine and private networks</span>
      </label>
      {allowPrivate ? (
        <span className="field-help" role="note">
          Flows in {environment.name} can now reach services on this computer and your local network, such as a database admin page or a router. Turn this on only
          for an environment whose flows you trust, typically dev.
        </span>
      ) : null}
      <label className="field">
        <span className="field-label">Allowed hosts</span>
        <textarea
          className={`input mono ${badHost ? 'invalid' : ''}`}
          rows={2}
          value={hosts}
          placeholder={'billing.internal\n*.corp.example.com'}
          onChange={(event) => setHosts(event.target.value)}
          data-testid="env-outbound-hosts"
        />
        {badHost ? (
          <span className="field-error">“{badHost}” is not a host name, *.domain or IP address</span>
        ) : (
          <span className="field-help">One per line: these may be called wherever they resolve, private addresses included.</span>
        )}
      </label>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="card-actions">
        <button type="button" className="btn btn-primary btn-sm" disabled={!dirty || busy || badHost !== undefined} onClick={() => void save()} data-testid="env-outbound-save">
          Save outbound settings
        </button>
      </div>
    </div>
  );
}
