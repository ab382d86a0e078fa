import type { ApiTestListed, LastTestRun, RunTestsBody, TestRunReport } from '../../shared/api/tests.js';
import { LogQuery } from '../../shared/api/logs.js';
import { TEST_LIMITS, type ApiTest, type ApiTestInput, type TestSuite, type TestSuiteInput } from '../../shared/model/api-tests.js';
import type { TokenService } from '../auth/tokens.js';
import { HttpError, notFound } from '../http/errors.js';
import { revisionConflict } from '../http/revisions.js';
import type { TraceStore } from '../runtime/traces.js';
import { DuplicateTestName, type ApiTestStore } from '../workspace/api-tests.js';
import type { RequestLog } from '../workspace/request-log.js';
import { testFromLog } from './from-log.js';
import { lastRunsOf } from './last-runs.js';
import { runTests, type TestRunnerDeps } from './runner.js';
import { selectTests } from './selection.js';
import { checkSuite, checkTest, type TestReferences } from './test-checks.js';

/** How far back a log row may be to be saved as a test: its API's newest rows. */
const LOG_ROWS_SEARCHED = 1000;

export type ApiTestServiceDeps = TestRunnerDeps & {
  /** Where the tests and suites are kept (apiTestStoreFor(storage)). */
  tests: ApiTestStore;
  /** For tests saved from the request log; without them (the CLI) that route is not offered. */
  requestLog?: RequestLog;
  traces?: TraceStore;
  tokens?: TokenService;
};

/** Tests per API and suites across APIs: stored, checked, run, and each API's latest run remembered. */
export class ApiTestService {
  readonly store: ApiTestStore;
  private readonly latest = new Map<string, LastTestRun>();

  constructor(private readonly deps: ApiTestServiceDeps) {
    this.store = deps.tests;
  }

  async list(apiId: string): Promise<ApiTest[]> {
    await this.apiName(apiId);
    return this.store.list(apiId);
  }

  async all(): Promise<ApiTestListed[]> {
    const names = new Map((await this.deps.apis.list()).map((api) => [api.id, api.name]));
    return (await this.store.all()).map((test) => ({ ...test, apiName: names.get(test.apiId) ?? test.apiId }));
  }

  async get(apiId: string, testId: string): Promise<ApiTest> {
    const test = await this.store.get(apiId, testId);
    if (!test) throw notFound(`The test "${testId}" of the API "${apiId}"`);
    return test;
  }

  async create(apiId: string, input: ApiTestInput): Promise<ApiTest> {
    await this.apiName(apiId);
    if ((await this.store.count(apiId)) >= TEST_LIMITS.casesPerApi) {
      throw new HttpError(409, 'too_many_tests', `An API keeps at most ${TEST_LIMITS.casesPerApi} tests: delete some, or move shared steps into a suite`);
    }
    checkTest(input, await this.references());
    return this.named(input.name, 'a test of this API', () => this.store.create(apiId, input));
  }

  async update(apiId: string, testId: string, input: ApiTestInput, revision: number): Promise<ApiTest> {
    const current = await this.get(apiId, testId);
    checkTest(input, await this.references());
    const saved = await this.named(input.name, 'a test of this API', () => this.store.update(apiId, testId, input, revision));
    if (!saved) throw revisionConflict(`The test "${current.name}"`, await this.get(apiId, testId), revision);
    return saved;
  }

  async delete(apiId: string, testId: string): Promise<void> {
    if (!(await this.store.delete(apiId, testId))) throw notFound(`The test "${testId}" of the API "${apiId}"`);
  }

  /** A test replaying a request of the log, named after it unless a name is given. */
  async createFromLog(apiId: string, requestId: string, name: string | undefined): Promise<ApiTest> {
    const apiName = await this.apiName(apiId);
    const { requestLog, traces, tokens } = this.deps;
    if (!requestLog) throw new HttpError(404, 'not_found', 'This server keeps no request log');
    const row = (await requestLog.query(LogQuery.parse({ api: apiId, limit: LOG_ROWS_SEARCHED }))).find((entry) => entry.requestId === requestId);
    if (!row) throw notFound(`The request "${requestId}" among the newest ${LOG_ROWS_SEARCHED} requests to "${apiName}"`);
    let token;
    try {
      token = row.tokenId ? await tokens?.get(row.tokenId) : undefined;
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 404) throw error;
    }
    const definition = await this.draftOf(apiId);
    const taken = new Set((await this.store.list(apiId)).map((test) => test.name.toLowerCase()));
    const wanted = name ?? `${row.method} ${row.path} → ${row.status}`;
    const input = testFromLog(row, definition, await traces?.get(requestId), token, freeName(wanted, taken));
    return this.create(apiId, input);
  }

  suites(): Promise<TestSuite[]> {
    return this.store.suites();
  }

  async getSuite(suiteId: string): Promise<TestSuite> {
    const suite = await this.store.suite(suiteId);
    if (!suite) throw notFound(`The suite "${suiteId}"`);
    return suite;
  }

  async createSuite(input: TestSuiteInput): Promise<TestSuite> {
    if ((await this.store.suiteCount()) >= TEST_LIMITS.suites) throw new HttpError(409, 'too_many_suites', `A workspace keeps at most ${TEST_LIMITS.suites} suites`);
    checkSuite(input, await this.references());
    return this.named(input.name, 'a suite', () => this.store.createSuite(input));
  }

  async updateSuite(suiteId: string, input: TestSuiteInput, revision: number): Promise<TestSuite> {
    const current = await this.getSuite(suiteId);
    checkSuite(input, await this.references());
    const saved = await this.named(input.name, 'a suite', () => this.store.updateSuite(suiteId, input, revision));
    if (!saved) throw revisionConflict(`The suite "${current.name}"`, await this.getSuite(suiteId), revision);
    return saved;
  }

  async deleteSuite(suiteId: string): Promise<void> {
    if (!(await this.store.deleteSuite(suiteId))) throw notFound(`The suite "${suiteId}"`);
  }

  async run(body: RunTestsBody): Promise<TestRunReport> {
    const selection = await selectTests(this.store, body);
    const report = await runTests(this.deps, selection);
    for (const last of lastRunsOf(report)) this.latest.set(last.apiId, last);
    return report;
  }

  async lastRuns(): Promise<LastTestRun[]> {
    const ids = new Set((await this.deps.apis.list()).map((api) => api.id));
    return [...this.latest.values()].filter((last) => ids.has(last.apiId));
  }

  private async apiName(apiId: string): Promise<string> {
    const record = await this.deps.apis.get(apiId);
    if (!record) throw notFound(`The API "${apiId}"`);
    return record.name;
  }

  private async draftOf(apiId: string) {
    const { id: _i, createdAt: _c, updatedAt: _u, latestVersion: _l, deployments: _d, revision: _r, ...draft } = (await this.deps.apis.get(apiId))!;
    return draft;
  }

  private async references(): Promise<TestReferences> {
    const [apis, groups] = await Promise.all([this.deps.apis.list(), this.deps.auth.keyGroups.list()]);
    const apiIds = new Set(apis.map((api) => api.id));
    return { apiExists: (id) => apiIds.has(id), keyGroupIds: new Set(groups.map((group) => group.id)) };
  }

  private async named<T>(name: string, what: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof DuplicateTestName) throw new HttpError(409, 'duplicate_test_name', `"${name}" already names ${what}: choose another name`);
      throw error;
    }
  }
}

/** `name`, or `name (2)`, `name (3)`… the first one not taken (compared without case). */
function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name.toLowerCase())) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name} (${n})`.toLowerCase())) return `${name} (${n})`;
}
