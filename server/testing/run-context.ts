import type { RequestResult, TestTarget } from '../../shared/api/tests.js';
import type { Pipeline } from '../runtime/pipeline.js';
import type { Sandboxes } from '../workspace/sandboxes.js';
import type { CoverageCounter } from './coverage.js';
import type { TestRunnerDeps } from './runner.js';
import type { TestTargets } from './targets.js';
import type { TestTokens } from './test-tokens.js';

/** What the parts of one run share: its pipeline, its tokens, its compiled targets and its coverage. */
export type RunContext = {
  deps: TestRunnerDeps;
  pipeline: Pipeline;
  tokens: TestTokens;
  targets: TestTargets;
  sandboxes: Sandboxes;
  coverage: CoverageCounter;
  target: TestTarget;
  environment: string | undefined;
};

/** The result of a request that was never sent. */
export const notSent = (message: string): Pick<RequestResult, 'passed' | 'failures' | 'response' | 'nodeError' | 'requestId' | 'durationMs'> => ({
  passed: false,
  failures: [{ check: 'run', message }],
  response: null,
  nodeError: null,
  requestId: null,
  durationMs: 0,
});

export const versionLabel = (target: TestTarget): 'draft' | number | null => (target === 'published' ? null : target);

export const round = (ms: number): number => Math.round(ms * 1000) / 1000;
