import { memo } from 'react';
import type { LiveRoute } from '../../../shared/api/live-routes.js';
import { CopyButton } from '../../publish/CopyButton.js';
import { openApi } from '../../stores/open-api.js';
import { Icon } from '../../theme/icons.js';
import { PanelIcon } from '../common/icons.js';

type Props = {
  route: LiveRoute;
  groupNames: (ids: readonly string[]) => string[];
  /** How the API's draft differs from the served version; null while unknown. */
  changes: string[] | null;
};

/** One served route: method and URL, version, who may call it, its limit, and whether the draft has moved on. */
export const RouteRow = memo(function RouteRow({ route, groupNames, changes }: Props) {
  const groups = groupNames(route.auth.keyGroupIds);
  // The path is what tells routes apart: when the URL is too long, the origin gives way first.
  const origin = /^[a-z]+:\/\/[^/]+/i.exec(route.url)?.[0] ?? '';
  return (
    <li className="panel-card route-row" data-testid="live-route" data-api-id={route.apiId} data-environment={route.environment}>
      <div className="route-head">
        <span className={`method method-${route.method}`}>{route.method}</span>
        <span className="route-name ellipsis" title={route.name}>
          {route.name}
        </span>
        <span className="badge" title={`Version ${route.version} is live in ${route.environment}`}>
          v{route.version}
        </span>
      </div>
      <div className="route-url">
        <code className="mono route-url-text" title={route.url} data-testid="route-url" data-url={route.url}>
          <span className="route-origin">{origin}</span>
          <span className="route-path">{route.url.slice(origin.length)}</span>
        </code>
        <CopyButton text={route.url} label="Copy" />
      </div>
      <dl className="route-facts">
        <dt>Auth</dt>
        <dd>
          {route.auth.required ? (
            <span className="route-auth">
              <PanelIcon name="lock" size={12} /> Token of {route.environment}
              {groups.length > 0 ? ` in ${groups.join(', ')}` : ''}
              {route.auth.scopes.length > 0 ? ` · scopes ${route.auth.scopes.join(' ')}` : ''}
            </span>
          ) : (
            <span className="route-auth open">
              <PanelIcon name="unlock" size={12} /> Anyone, no token
            </span>
          )}
        </dd>
        <dt>Limit</dt>
        <dd>{route.rateLimit ? `${route.rateLimit.requests.toLocaleString()} requests / ${route.rateLimit.perSeconds} s` : 'No rate limit'}</dd>
      </dl>
      {changes === null ? null : changes.length === 0 ? (
        <p className="route-draft same" data-testid="route-draft" data-changed="false">
          <Icon name="check" size={13} /> Draft matches v{route.version}
        </p>
      ) : (
        <p className="route-draft changed" data-testid="route-draft" data-changed="true">
          <Icon name="alert-circle" size={13} />
          <span className="grow">Draft differs: {changes.join(', ')}</span>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void openApi(route.apiId)}>
            Open
          </button>
        </p>
      )}
    </li>
  );
});
