import { memo } from 'react';
import type { Deployment } from '../../shared/model/api.js';

type Props = { environments: readonly string[]; deployments: readonly Deployment[] };

/** One small badge per environment: published and current, published with draft changes since, or not published. */
export const EnvironmentBadges = memo(function EnvironmentBadges({ environments, deployments }: Props) {
  return (
    <span className="env-badges">
      {environments.map((environment) => {
        const deployment = deployments.find((item) => item.environment === environment);
        const state = !deployment ? 'off' : deployment.draftChanged ? 'changed' : 'live';
        const title = !deployment
          ? `Not published to ${environment}`
          : deployment.draftChanged
            ? `${environment} serves v${deployment.version}; the draft changed since`
            : `${environment} serves v${deployment.version}, the same as the draft`;
        return (
          <span key={environment} className={`env-badge env-${state}`} title={title} data-env={environment} data-state={state}>
            <span className="env-dot" />
            {environment}
          </span>
        );
      })}
    </span>
  );
});
