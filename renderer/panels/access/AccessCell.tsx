import { memo } from 'react';
import type { AuthConfig } from '../../../shared/model/api.js';
import type { TokenInfo } from '../../../shared/model/token.js';
import type { LiveRoute } from '../../../shared/api/live-routes.js';
import { Icon } from '../../theme/icons.js';
import { PanelIcon } from '../common/icons.js';
import { audienceOf, describeAudience, sameAuth, tokensAdmitted } from './access-model.js';

type Props = {
  environment: string;
  draftAuth: AuthConfig;
  /** What the runtime serves for this API here, if anything. */
  route: LiveRoute | undefined;
  tokens: readonly TokenInfo[];
  groupName: (id: string) => string;
  publishing: boolean;
  onPublish: (environment: string) => void;
};

/** Who can call one API in one environment now, and what a publish of the draft would change. */
export const AccessCell = memo(function AccessCell({ environment, draftAuth, route, tokens, groupName, publishing, onPublish }: Props) {
  const draft = audienceOf(draftAuth, environment);
  const publish = (label: string) => (
    <button type="button" className="btn btn-sm" disabled={publishing} onClick={() => onPublish(environment)} title={`Publishes the API's whole current draft to ${environment}`} data-testid="access-publish">
      <Icon name="rocket" /> {label}
    </button>
  );
  if (!route) {
    return (
      <div className="access-cell unpublished" data-testid="access-cell" data-environment={environment} data-state="unpublished">
        <span className="faint">Not published</span>
        <span className="access-after">Once published: {describeAudience(draft, groupName)}</span>
        {publish(`Publish`)}
      </div>
    );
  }
  const live = audienceOf(route.auth, environment);
  const callers = tokensAdmitted(live, tokens);
  const pending = !sameAuth(draftAuth, route.auth);
  return (
    <div className={`access-cell ${live.kind}`} data-testid="access-cell" data-environment={environment} data-state="live">
      <span className="badge badge-success" title={`Version ${route.version} is live in ${environment}`}>
        v{route.version} live
      </span>
      <span className="access-who">
        <PanelIcon name={live.kind === 'anyone' ? 'unlock' : 'lock'} size={12} /> {describeAudience(live, groupName)}
      </span>
      {live.kind === 'anyone' ? null : callers.length === 0 ? (
        <span className="access-none">No live token can call it yet</span>
      ) : (
        <details className="access-callers">
          <summary>{callers.length === 1 ? '1 token can call it' : `${callers.length} tokens can call it`}</summary>
          <ul>
            {callers.map((token) => (
              <li key={token.id} className="ellipsis" title={`${token.name} (…${token.fingerprint})`}>
                {token.name}
              </li>
            ))}
          </ul>
        </details>
      )}
      {pending ? (
        <div className="access-pending" data-testid="access-pending">
          <span>
            Draft: {describeAudience(draft, groupName)}. Applies after publishing.
          </span>
          {publish(`Publish to ${environment}`)}
        </div>
      ) : null}
    </div>
  );
});
