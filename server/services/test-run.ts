import type { TestRunBody } from '../../shared/api/admin.js';
import { compileApi } from '../../shared/compile/compile.js';
import { ApiDefinition, pathParamNames } from '../../shared/model/api.js';
import type { RunResult, TraceStep } from '../../shared/model/runtime.js';
import type { ExecutorServices } from '../executors/types.js';
import { HttpError } from '../http/errors.js';
import { newRequestId } from '../http/request-id.js';
import { parseInput } from '../http/validate.js';
import type { Answer } from '../runtime/answer.js';
import { draftRawBody } from '../runtime/body.js';
import type { Deadlines } from '../runtime/deadlines.js';
import { FlowNodeError } from '../runtime/engine.js';
import type { GuardDeps } from '../runtime/guard.js';
import { createPipeline, type FlowExecutor, type Pipeline, type PipelineRequest } from '../runtime/pipeline.js';
import { buildRoute, prepareVersion, routePattern, type Route } from '../runtime/route-table.js';
import type { EnvironmentSnapshot } from '../workspace/environment-snapshot.js';
import type { LogRow } from '../workspace/request-log.js';
import { throwawaySandboxId, type Sandboxes } from '../workspace/sandboxes.js';
import { secretRedactor } from '../runtime/redact-secrets.js';
import { hostOfDraftCall } from '../../shared/model/draft-calls.js';
import { MAX_ALLOWED_HOSTS } from '../../shared/api/sandboxes.js';
import { DRAFT_CALL_NOT_ALLOWED } from '../workers/draft-services.js';

/** A test-run comes from the editor on this machine; IP allowlists are checked against it. */
const TEST_RUN_IP = '127.0.0.1';
/** A draft is not published: it has no API id the runtime serves and no version. */
const DRAFT_API_ID = 'draft';
const DRAFT_VERSION = 0;

type DraftRequest = TestRunBody['request'];

/**
 * Runs a draft without publishing it: compiled as a publish would compile it and answered by the
 * runtime's own request pipeline, so the answer is the one the published API would give. The
 * differences are explicit: Draft runs don't count against (or get refused by) rate limits, write
 * records only to their session's sandbox, call out only to hosts the session allowed, and are
 * logged as `draft`.
 */
export class TestRunService {
  private readonly pipeline: Pipeline;

  constructor(
    private readonly services: ExecutorServices,
    private readonly environments: EnvironmentSnapshot,
    auth: GuardDeps,
    deadlines: Deadlines,
    /** The flow workers Live requests run in: a draft runs there too, sent whole. */
    execute: FlowExecutor,
    private readonly sandboxes: Sandboxes,
    /** The request log: Draft runs appear there too, tagged `draft`. */
    private readonly log: (row: LogRow) => void,
  ) {
    this.pipeline = createPipeline({ auth, rateLimiting: 'not counted', deadlines, execute });
  }

  async run(apiId: string, stored: ApiDefinition, body: TestRunBody): Promise<RunResult> {
    const definition = body.definition === undefined ? stored : parseInput(ApiDefinition, body.definition, 'definition');
    const env = this.environments.get(body.environment);
    if (!env) throw new HttpError(400, 'unknown_environment', `There is no environment "${body.environment}"`);
    if (body.request.body !== undefined && body.request.rawBody !== undefined) {
      throw new HttpError(400, 'invalid_input', 'Send the request body either as a JSON value (body) or as text (rawBody), not both');
    }
    const secrets = this.environments.secrets(env.name);
    const route = this.draftRoute(definition, { name: env.name, vars: { ...env.vars, ...secrets } });
    const sandbox = body.sandbox ?? throwawaySandboxId();
    const request = draftRequest(route, body.request, body.token, sandbox);
    await this.sandboxes.touch(sandbox);
    try {
      for (const host of body.allowHosts) {
        if (!(await this.sandboxes.allowHost(sandbox, host))) throw new HttpError(409, 'too_many_hosts', `This Draft session allows ${MAX_ALLOWED_HOSTS} hosts already: reset it or start a new session to allow others`);
      }
      const time = Date.now();
      const started = performance.now();
      const answer = await new Promise<Answer>((resolve) => this.pipeline(request, route, resolve));
      const durationMs = performance.now() - started;
      this.log({
        requestId: request.requestId, time, environment: env.name, apiId, version: null, method: definition.method, path: request.path,
        status: answer.status, latencyMs: Math.round(durationMs * 1000) / 1000, tokenId: answer.tokenId, ip: request.ip,
        requestBytes: answer.requestBytes, responseBytes: answer.responseBytes, errorCode: answer.errorCode, source: 'draft',
      });
      const headers: Record<string, string> = {};
      for (const name in answer.headers) headers[name] = String(answer.headers[name]);
      const trace = answer.trace ?? [];
      // The draft reads secrets as the published API would; what the editor is shown never holds them.
      return secretRedactor(Object.values(secrets))({
        requestId: request.requestId,
        response: { status: answer.status, headers, body: answer.text === undefined ? null : (JSON.parse(answer.text) as unknown) },
        trace,
        durationMs,
        sandbox: body.sandbox ?? null,
        callsToAllow: callsToAllow(trace),
      });
    } finally {
      if (body.sandbox === undefined) await this.sandboxes.delete(sandbox);
    }
  }

  /** The draft compiled as publishing compiles a version: 422 with every problem when it would not publish. */
  private draftRoute(definition: ApiDefinition, env: Route['env']): Route {
    const compiled = compileApi(definition);
    if (!compiled.ok) {
      throw new HttpError(422, 'invalid_flow', 'The draft has problems; fix them before running it', compiled.problems);
    }
    try {
      const version = prepareVersion(compiled.plan, definition, this.services);
      return buildRoute({ environment: env.name, apiId: DRAFT_API_ID, version: DRAFT_VERSION, definition }, env, version);
    } catch (error) {
      if (!(error instanceof FlowNodeError)) throw error;
      const problem = { severity: 'error', code: error.code, message: `${error.key}: ${error.message}`, nodeId: error.nodeId };
      throw new HttpError(422, 'invalid_flow', 'The draft has problems; fix them before running it', [problem]);
    }
  }
}

/** The request a client would send to the published route, described in JSON. */
function draftRequest(route: Route, given: DraftRequest, token: string | undefined, sandbox: string): PipelineRequest {
  const { definition } = route;
  const params: Record<string, string> = {};
  for (const name of pathParamNames(definition.path)) params[name] = given.params[name] ?? '';
  const filled = definition.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => encodeURIComponent(params[name]!));
  const headers = draftHeaders(given.headers, token);
  return {
    requestId: newRequestId(),
    path: routePattern(route.environment, filled),
    params,
    query: given.query,
    headers,
    readBody: () => draftRawBody({ text: given.rawBody, value: given.body }, headers['content-type']),
    target: { kind: 'draft', definition, env: route.env, sandbox },
    ip: TEST_RUN_IP,
    trace: true,
  };
}

/** Headers by lower-case name, as node:http gives them; the token, when given, is sent as the Bearer header. */
function draftHeaders(given: Record<string, string>, token: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const lower = name.toLowerCase();
    headers[lower] = headers[lower] === undefined ? value : `${headers[lower]}, ${value}`;
  }
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return headers;
}

/** The hosts the run's http.request nodes were refused because the session has not allowed them yet. */
function callsToAllow(trace: readonly TraceStep[]): string[] {
  const hosts = trace.flatMap((step) => (step.error?.code === DRAFT_CALL_NOT_ALLOWED ? [hostOfDraftCall(step.error.message)] : []));
  return [...new Set(hosts.filter((host): host is string => host !== undefined))];
}
