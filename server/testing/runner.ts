import type { RequestResult, SuiteResult, TestCaseResult, TestRunReport, TestTarget } from '../../shared/api/tests.js';
import type { ApiTest, TestSuite } from '../../shared/model/api-tests.js';
import type { Auth } from '../auth/index.js';
import type { Deadlines } from '../runtime/deadlines.js';
import { createPipeline, type FlowExecutor } from '../runtime/pipeline.js';
import type { ApiStore } from '../workspace/apis.js';
import type { EnvironmentSnapshot } from '../workspace/environment-snapshot.js';
import type { RecordStore } from '../workspace/record-store.js';
import type { Storage } from '../storage/storage.js';
import { sandboxesFor } from '../workspace/record-storage.js';
import { throwawaySandboxId } from '../workspace/sandboxes.js';
import { CoverageCounter } from './coverage.js';
import { checkAnswer } from './expectations.js';
import { seedFixtures } from './fixtures.js';
import { runLimited } from './limited.js';
import { notSent, round, versionLabel, type RunContext } from './run-context.js';
import { sendTestRequest } from './send-request.js';
import { runSuite } from './suite-runner.js';
import { TargetProblem, TestTargets } from './targets.js';
import { TestTokens } from './test-tokens.js';

/** Tests and suites running at once: enough to keep the flow workers busy while others wait on I/O. */
export const MAX_PARALLEL_TESTS = 8;

export type TestRunnerDeps = {
  /** The workspace the runs' throwaway sandboxes live in. */
  storage: Storage;
  apis: ApiStore;
  environments: EnvironmentSnapshot;
  auth: Pick<Auth, 'signingKeys' | 'issuer' | 'keyGroups' | 'rateLimits'>;
  deadlines: Deadlines;
  /** The flow workers, as the runtime's pipeline hands calls to them. */
  execute: FlowExecutor;
  /** The live records, which every test reads through its own sandbox and never writes. */
  liveRecords: RecordStore;
};

export type RunSelection = { tests: readonly ApiTest[]; suites: readonly TestSuite[]; target: TestTarget; environment?: string | undefined };

/**
 * Runs tests and suites, each in a throwaway sandbox over the live records (fixtures seeded into it
 * first), through the runtime's own pipeline with Draft's rules (no rate limits counted), and
 * reports each result with its failures and the coverage of every flow that ran.
 */
export async function runTests(deps: TestRunnerDeps, selection: RunSelection): Promise<TestRunReport> {
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const tokens = new TestTokens({
    signingKeys: deps.auth.signingKeys,
    issuer: deps.auth.issuer,
    groupNames: new Map((await deps.auth.keyGroups.list()).map((group) => [group.id, group.name])),
  });
  const context: RunContext = {
    deps,
    pipeline: createPipeline({ auth: { authenticate: tokens.authenticate, rateLimits: deps.auth.rateLimits }, rateLimiting: 'not counted', deadlines: deps.deadlines, execute: deps.execute }),
    tokens,
    targets: new TestTargets(deps.apis, deps.environments),
    sandboxes: sandboxesFor(deps.storage),
    coverage: new CoverageCounter(),
    target: selection.target,
    environment: selection.environment,
  };

  const results = new Map<ApiTest, TestCaseResult>();
  const suites = new Map<TestSuite, SuiteResult>();
  const tasks = [
    ...selection.tests.map((test) => async () => void results.set(test, await runCase(context, test))),
    ...selection.suites.map((suite) => async () => void suites.set(suite, await runSuite(context, suite))),
  ];
  await runLimited(tasks, MAX_PARALLEL_TESTS);

  const tests = selection.tests.map((test) => results.get(test)!);
  const steps: RequestResult[] = [...tests, ...selection.suites.flatMap((suite) => suites.get(suite)!.steps)];
  const passed = steps.filter((step) => step.passed).length;
  return {
    startedAt,
    durationMs: round(performance.now() - started),
    target: selection.target,
    total: steps.length,
    passed,
    failed: steps.length - passed,
    tests,
    suites: selection.suites.map((suite) => suites.get(suite)!),
    coverage: context.coverage.report(),
  };
}

/** One test in its own throwaway sandbox (its fixtures seeded first), deleted with its rows at the end, pass or fail. */
async function runCase(context: RunContext, test: ApiTest): Promise<TestCaseResult> {
  const environment = context.environment ?? test.environment;
  const base = { testId: test.id, name: test.name, apiId: test.apiId, environment };
  let target;
  try {
    target = await context.targets.get(test.apiId, environment, context.target);
  } catch (error) {
    if (!(error instanceof TargetProblem)) throw error;
    return { ...base, apiName: (await context.deps.apis.get(test.apiId))?.name ?? test.apiId, version: versionLabel(context.target), ...notSent(error.message) };
  }
  const identity = { ...base, apiName: target.apiName, version: target.version };
  const sandbox = throwawaySandboxId();
  await context.sandboxes.touch(sandbox);
  try {
    await seedFixtures(context.deps.storage, context.deps.liveRecords, sandbox, test.fixtures);
    const sent = await sendTestRequest(context.pipeline, context.tokens, target, test.request, test.outbound, sandbox, `test: ${test.name}`);
    context.coverage.add(target.apiId, target.version, target.definition, sent.trace);
    const failures = await checkAnswer(test.expect, { ...sent.response, vars: {} }, sent.durationMs);
    return target.redact({ ...identity, passed: failures.length === 0, failures, response: sent.response, nodeError: sent.nodeError, requestId: sent.requestId, durationMs: round(sent.durationMs) });
  } catch (error) {
    return { ...identity, ...notSent(`The test could not run: ${error instanceof Error ? error.message : String(error)}`) };
  } finally {
    await context.sandboxes.delete(sandbox);
  }
}
