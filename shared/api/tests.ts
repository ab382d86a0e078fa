import { z } from 'zod';
import { ApiTestInput, TestName, TestSuiteInput, type ApiTest, type TestSuite } from '../model/api-tests.js';
import { EnvironmentName } from '../model/environment.js';
import { answer, defineRoute } from './contract.js';

/** Which flow a run tests: each API's draft, what each test's environment serves, or one published version. */
export const TestTarget = z.union([z.enum(['draft', 'published']), z.number().int().min(1)]);
export type TestTarget = z.infer<typeof TestTarget>;

/**
 * `POST /tests/run`: the named tests and suites, or, when none is named, every test of the named
 * APIs (and the suites that call them), or everything. A version number needs exactly one API.
 */
export const RunTestsBody = z.object({
  apiIds: z.array(z.string().min(1).max(100)).max(1000).optional(),
  testIds: z.array(z.string().min(1).max(100)).max(5000).optional(),
  suiteIds: z.array(z.string().min(1).max(100)).max(1000).optional(),
  version: TestTarget.default('draft'),
  /** Runs every test in this environment instead of its own. */
  environment: EnvironmentName.optional(),
});
export type RunTestsBody = z.infer<typeof RunTestsBody>;
export type RunTestsInput = z.input<typeof RunTestsBody>;

/** A test saved from a request-log row: the request replayed as recorded (its kept trace's headers and body when there is one). */
export const TestFromLogBody = z.object({ requestId: z.string().min(1).max(100), name: TestName.optional() });

/** One difference between what was expected and what came: `path` is a JSON pointer into the body (or the header's name). */
export type TestDiff = { path: string; kind: 'missing' | 'unexpected' | 'changed'; expected?: unknown; actual?: unknown };

export type TestCheck = 'run' | 'status' | 'headers' | 'body' | 'bodyEquals' | 'assert' | 'schema' | 'latency' | 'save';

/** A check that failed, in words, with expected and actual and, for bodies, each difference. */
export type TestFailure = { check: TestCheck; message: string; expected?: unknown; actual?: unknown; diff?: TestDiff[] };

export type TestResponse = { status: number; headers: Record<string, string>; body: unknown };

/** One request of a run (a test, or a suite's step) and how it went. */
export type RequestResult = {
  name: string;
  apiId: string;
  apiName: string;
  /** `draft`, or the published version that answered; null when no flow could be found to run. */
  version: 'draft' | number | null;
  environment: string;
  passed: boolean;
  /** Failed checks; empty when passed. */
  failures: TestFailure[];
  /** Null when the request could not be sent (no such API, nothing published, a draft that does not compile). */
  response: TestResponse | null;
  /** The node that failed in the flow, from its trace (a 500's reason, which the answer itself hides). */
  nodeError: { key: string; code: string; message: string } | null;
  requestId: string | null;
  durationMs: number;
};

export type TestCaseResult = RequestResult & { testId: string };
export type SuiteStepResult = RequestResult & { vars: Record<string, unknown> };
export type SuiteResult = { suiteId: string; name: string; passed: boolean; steps: SuiteStepResult[]; durationMs: number };

/** A branch no run took: a port of a node whose edge was never followed. */
export type UntakenBranch = { nodeId: string; key: string; type: string; port: string; edgeId: string; nodeReached: boolean };

/** Which parts of one API's flow the run went through, with counts. */
export type ApiCoverage = {
  apiId: string;
  apiName: string;
  version: 'draft' | number;
  nodes: { nodeId: string; key: string; count: number }[];
  edges: { edgeId: string; count: number }[];
  untaken: UntakenBranch[];
  nodesReached: number;
  nodesTotal: number;
  edgesTaken: number;
  edgesTotal: number;
  /** Edges taken of all edges (every branch counts), 0–100 rounded down; nodes reached when a flow has no edges. */
  percent: number;
};

export type TestRunReport = {
  startedAt: string;
  durationMs: number;
  target: TestTarget;
  total: number;
  passed: number;
  failed: number;
  tests: TestCaseResult[];
  suites: SuiteResult[];
  coverage: ApiCoverage[];
};

/** An API's latest run: how its tests went and what they covered. */
export type LastTestRun = { apiId: string; at: string; target: TestTarget; passed: number; failed: number; coverage: ApiCoverage | null };

/** A test with its API's name, as the list of every test answers it. */
export type ApiTestListed = ApiTest & { apiName: string };

/**
 * /apis/:id/tests and /tests: test cases per API, suites across APIs, and runs on a throwaway sandbox
 * of the data. Outside tools rely on `POST /apis/:id/tests` and `GET /apis/:id/tests` keeping their shape.
 */
export const testRoutes = {
  list: defineRoute({ method: 'GET', path: '/apis/:id/tests', answer: answer<ApiTest[]>() }),
  create: defineRoute({ method: 'POST', path: '/apis/:id/tests', body: ApiTestInput, status: 201, answer: answer<ApiTest>() }),
  createFromLog: defineRoute({ method: 'POST', path: '/apis/:id/tests/from-log', body: TestFromLogBody, status: 201, answer: answer<ApiTest>() }),
  get: defineRoute({ method: 'GET', path: '/apis/:id/tests/:testId', revision: 'read', answer: answer<ApiTest>() }),
  save: defineRoute({ method: 'PUT', path: '/apis/:id/tests/:testId', body: ApiTestInput, revision: 'write', answer: answer<ApiTest>() }),
  delete: defineRoute({ method: 'DELETE', path: '/apis/:id/tests/:testId', status: 204 }),
  all: defineRoute({ method: 'GET', path: '/tests', answer: answer<ApiTestListed[]>() }),
  suites: defineRoute({ method: 'GET', path: '/tests/suites', answer: answer<TestSuite[]>() }),
  createSuite: defineRoute({ method: 'POST', path: '/tests/suites', body: TestSuiteInput, status: 201, answer: answer<TestSuite>() }),
  getSuite: defineRoute({ method: 'GET', path: '/tests/suites/:suiteId', revision: 'read', answer: answer<TestSuite>() }),
  saveSuite: defineRoute({ method: 'PUT', path: '/tests/suites/:suiteId', body: TestSuiteInput, revision: 'write', answer: answer<TestSuite>() }),
  deleteSuite: defineRoute({ method: 'DELETE', path: '/tests/suites/:suiteId', status: 204 }),
  run: defineRoute({ method: 'POST', path: '/tests/run', body: RunTestsBody, answer: answer<TestRunReport>() }),
  /** Each API's latest run in this server's life, for the API list's coverage; empty until tests run. */
  lastRuns: defineRoute({ method: 'GET', path: '/tests/last-runs', answer: answer<LastTestRun[]>() }),
};
