import type { TestTarget } from '../../shared/api/tests.js';
import { compileApi } from '../../shared/compile/compile.js';
import type { ApiDefinition } from '../../shared/model/api.js';
import type { ExecutorServices } from '../executors/types.js';
import { FlowNodeError } from '../runtime/engine.js';
import { secretRedactor, type Redact } from '../runtime/redact-secrets.js';
import { buildRoute, prepareVersion, type Route } from '../runtime/route-table.js';
import type { ApiStore } from '../workspace/apis.js';
import type { EnvironmentSnapshot } from '../workspace/environment-snapshot.js';

/** A draft is not published: it has no version number the runtime serves. */
const DRAFT_VERSION = 0;

/** The flow a test runs, compiled once per run, with the route the pipeline guards it by. */
export type PreparedTarget = {
  apiId: string;
  apiName: string;
  version: 'draft' | number;
  definition: ApiDefinition;
  route: Route;
  /** Hides the environment's secret values wherever the report would show them. */
  redact: Redact;
};

/** Why a test could not be sent at all: no such API or version, a draft that does not compile. */
export class TargetProblem extends Error {
  constructor(
    readonly code: 'no_such_api' | 'not_published' | 'no_such_version' | 'invalid_flow' | 'unknown_environment',
    message: string,
  ) {
    super(message);
    this.name = 'TargetProblem';
  }
}

/** The route's executors are built only to be checked: test flows run in the flow workers, never with these. */
const checkOnlyServices: ExecutorServices = {
  records: new Proxy({} as ExecutorServices['records'], {
    get: () => () => Promise.reject(new Error('test flows run in the flow workers, not on the listener')),
  }),
  fetch: () => Promise.reject(new Error('test flows run in the flow workers, not on the listener')),
  log: () => undefined,
};

/** Resolves and compiles what each test runs against (API × environment × version), once per run. */
export class TestTargets {
  private readonly prepared = new Map<string, PreparedTarget | TargetProblem>();

  constructor(
    private readonly apis: ApiStore,
    private readonly environments: EnvironmentSnapshot,
  ) {}

  /** Throws TargetProblem when the test cannot be sent. */
  async get(apiId: string, environment: string, target: TestTarget): Promise<PreparedTarget> {
    const key = `${apiId} ${environment} ${target}`;
    let prepared = this.prepared.get(key);
    if (!prepared) {
      try {
        prepared = await this.prepare(apiId, environment, target);
      } catch (error) {
        if (!(error instanceof TargetProblem)) throw error;
        prepared = error;
      }
      this.prepared.set(key, prepared);
    }
    if (prepared instanceof TargetProblem) throw prepared;
    return prepared;
  }

  private async prepare(apiId: string, environment: string, target: TestTarget): Promise<PreparedTarget> {
    const record = await this.apis.get(apiId);
    if (!record) throw new TargetProblem('no_such_api', `The API "${apiId}" does not exist (deleted since the test was saved?)`);
    const env = this.environments.get(environment);
    if (!env) throw new TargetProblem('unknown_environment', `There is no environment "${environment}"`);
    let version: 'draft' | number = 'draft';
    let definition: ApiDefinition | undefined;
    if (target === 'draft') {
      const { id: _i, createdAt: _c, updatedAt: _u, latestVersion: _l, deployments: _d, revision: _r, ...draft } = record;
      definition = draft;
    } else {
      version = target === 'published' ? (record.deployments.find((d) => d.environment === environment)?.version ?? 0) : target;
      if (version === 0) throw new TargetProblem('not_published', `"${record.name}" is not published in ${environment}`);
      definition = await this.apis.version(apiId, version);
      if (!definition) throw new TargetProblem('no_such_version', `"${record.name}" has no version ${version}`);
    }
    const compiled = compileApi(definition);
    if (!compiled.ok) {
      const first = compiled.problems.find((problem) => problem.severity === 'error');
      throw new TargetProblem('invalid_flow', `${version === 'draft' ? 'The draft' : `Version ${version}`} of "${record.name}" does not compile: ${first?.message ?? 'unknown problem'}`);
    }
    const secrets = this.environments.secrets(env.name);
    let route: Route;
    try {
      const prepared = prepareVersion(compiled.plan, definition, checkOnlyServices);
      const deployment = { environment: env.name, apiId, version: version === 'draft' ? DRAFT_VERSION : version, definition };
      route = buildRoute(deployment, { name: env.name, vars: { ...env.vars, ...secrets } }, prepared);
    } catch (error) {
      if (!(error instanceof FlowNodeError)) throw error;
      throw new TargetProblem('invalid_flow', `"${record.name}" does not compile: ${error.key}: ${error.message}`);
    }
    return { apiId, apiName: record.name, version, definition, route, redact: secretRedactor(Object.values(secrets)) };
  }
}
