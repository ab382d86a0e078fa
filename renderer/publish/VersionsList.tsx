import { useCallback, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { ApiVersion } from '../../shared/model/api.js';
import { admin } from '../api/client.js';
import { errorMessage } from '../api/errors.js';
import { ConfirmDialog } from '../layout/Dialog.js';
import { useApis } from '../stores/apis.js';
import { useUi } from '../stores/ui.js';

type Props = { apiId: string; environments: readonly string[]; refreshKey: number };

/** A switch of what an environment serves, waiting for the builder's yes. */
type Switch = { environment: string; version: number; serving: number | undefined };

const when = (iso: string): string => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

const switchVerb = (change: Switch): string => (change.serving !== undefined && change.serving > change.version ? 'Roll back' : 'Serve');

function switchMessage(change: Switch): string {
  const now = change.serving === undefined ? `${change.environment} serves no version of this API yet` : `${change.environment} serves v${change.serving} now`;
  return `${now}. Callers get v${change.version} from their next request (requests in flight finish on the version they started on); the draft is not changed.`;
}

/** Published versions, newest first, with where each is served; any version can be served again in any environment. */
export function VersionsList({ apiId, environments, refreshKey }: Props) {
  const [versions, setVersions] = useState<ApiVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [asked, setAsked] = useState<Switch | null>(null);
  const toast = useUi((state) => state.toast);

  const load = useCallback(async () => {
    try {
      setVersions((await admin.apis.versions({ params: { id: apiId } })).sort((a, b) => b.version - a.version));
      setError(null);
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [apiId]);
  useEffect(() => void load(), [load, refreshKey]);

  const serve = async ({ environment, version }: Switch): Promise<void> => {
    setAsked(null);
    setBusy(`${environment}:${version}`);
    try {
      await admin.apis.rollback({ params: { id: apiId }, body: { environment, version } });
      toast(`${environment} now serves v${version}`, 'success');
      await Promise.all([load(), useApis.getState().refreshOne(apiId)]);
    } catch (failure) {
      toast(`Could not switch ${environment} to v${version}: ${errorMessage(failure)}`, 'error');
    } finally {
      setBusy(null);
    }
  };

  if (error) return <p className="field-error">Could not load the versions: {error}</p>;
  if (!versions) return <p className="faint">Loading versions…</p>;
  if (versions.length === 0) return <p className="faint">Nothing published yet. Each publish freezes the draft into a numbered version you can roll back to.</p>;
  const current = (environment: string): number | undefined => versions.find((version) => version.environments.includes(environment))?.version;

  return (
    <>
      <ul className="versions" data-testid="versions">
        {versions.map((version) => (
          <li key={version.version} className="version-row">
            <span className="version-number">v{version.version}</span>
            <span className="grow faint">{when(version.createdAt)}</span>
            {version.environments.map((environment) => (
              <span key={environment} className="badge badge-success" title={`${environment} serves this version`}>
                {environment}
              </span>
            ))}
            {environments
              .filter((environment) => !version.environments.includes(environment))
              .map((environment) => {
                const serving = current(environment);
                const verb = switchVerb({ environment, version: version.version, serving });
                return (
                  <button
                    key={environment}
                    type="button"
                    className="btn btn-sm"
                    disabled={busy !== null}
                    title={`${verb} ${environment} to v${version.version}`}
                    onClick={() => setAsked({ environment, version: version.version, serving })}
                    data-testid={`serve-${environment}-v${version.version}`}
                  >
                    {verb} {environment}
                  </button>
                );
              })}
          </li>
        ))}
      </ul>
      {/* In a portal: the confirmation is its own dialog, not a form inside the Publish dialog's form. */}
      {createPortal(
        <ConfirmDialog
          open={asked !== null}
          title={asked ? `${switchVerb(asked)} ${asked.environment} to v${asked.version}?` : ''}
          message={asked ? switchMessage(asked) : null}
          confirmLabel={asked ? `${switchVerb(asked)} ${asked.environment}` : ''}
          danger={asked?.serving !== undefined}
          busy={busy !== null}
          onConfirm={() => asked && void serve(asked)}
          onClose={() => setAsked(null)}
        />,
        document.body,
      )}
    </>
  );
}
