import { useEffect } from 'react';
import { admin } from '../api/client.js';
import { useCoverage } from './coverage-store.js';

let lastRunsAsked = false;

/** The server remembers each API's latest run: asked once, so the list shows percentages after a reload too. */
function askLastRunsOnce(): void {
  if (lastRunsAsked) return;
  lastRunsAsked = true;
  admin.tests
    .lastRuns()
    .then((runs) => useCoverage.getState().takeLastRuns(runs))
    // Without them the list shows percentages once tests run in this session.
    .catch(() => (lastRunsAsked = false));
}

/** An API's test coverage in the API list: how much of its flow its tests went through, once they ran. */
export function ApiCoverageBadge({ apiId }: { apiId: string }) {
  const coverage = useCoverage((state) => state.byApi.get(apiId));
  useEffect(askLastRunsOnce, []);
  if (!coverage) return null;
  const tone = coverage.percent === 100 ? 'ok' : coverage.percent >= 50 ? 'warn' : 'bad';
  return (
    <span
      className={`api-coverage tone-${tone}`}
      title={`Its tests took ${coverage.edgesTaken} of ${coverage.edgesTotal} branches of the draft${coverage.untaken.length > 0 ? ` (${coverage.untaken.length} untested)` : ''}`}
      data-testid="api-coverage"
      data-percent={coverage.percent}
    >
      {coverage.percent}%
    </span>
  );
}
