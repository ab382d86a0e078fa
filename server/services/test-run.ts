import type { TestRunBody } from '../../shared/api/admin.js';
import { compileApi } from '../../shared/compile/compile.js';
import { BODY_METHODS, ApiDefinition } from '../../shared/model/api.js';
import type { FlowOutcome, FlowScope, RunResult, TraceStep, TokenContext } from '../../shared/model/runtime.js';
import type { ExecutorServices } from '../executors/types.js';
import { errorBody, HttpError } from '../http/errors.js';
import { newRequestId } from '../http/request-id.js';
import { parseInput } from '../http/validate.js';
import { DeadlineExceeded, FlowNodeError, prepareFlow, runFlow } from '../runtime/engine.js';
import { DEFAULT_DEADLINE_MS, RequestRun } from '../runtime/deadlines.js';
import { invalidBodyMessage } from '../runtime/listener.js';
import { compileSchema } from '../runtime/schemas.js';
import { compileQueryParams } from '../runtime/query.js';
import type { EnvironmentRepository } from '../workspace/environments.js';
import type { Authenticate } from '../auth/authenticate.js';

/** A test-run comes from the editor on this machine; IP allowlists are checked against it. */
const TEST_RUN_IP = '127.0.0.1';

/**
 * Runs a draft without publishing it: the same checks and engine as the runtime, on a request
 * described in JSON, answering the response it would give and the path it took.
 */
export class TestRunService {
  constructor(
    private readonly services: ExecutorServices,
    private readonly environments: EnvironmentRepository,
    /** The runtime's own authentication, so a draft is refused or admitted exactly as its published self would be. */
    private readonly authenticate: Authenticate,
    private readonly deadlineMs = DEFAULT_DEADLINE_MS,
  ) {}

  async run(stored: ApiDefinition, body: TestRunBody): Promise<RunResult> {
    const definition = body.definition === undefined ? stored : parseInput(ApiDefinition, body.definition, 'definition');
    const compiled = compileApi(definition);
    if (!compiled.ok) {
      throw new HttpError(422, 'invalid_flow', 'The draft has problems; fix them before running it', compiled.problems);
    }
    const env = this.environments.get(body.environment);
    if (!env) throw new HttpError(400, 'unknown_environment', `There is no environment "${body.environment}"`);

    const requestId = newRequestId();
    const started = performance.now();
    const trace: TraceStep[] = [];
    const answer = (status: number, responseBody: unknown, headers: Record<string, string> = {}): RunResult => ({
      requestId,
      response: { status, headers: { 'x-request-id': requestId, ...headers }, body: responseBody },
      trace,
      durationMs: performance.now() - started,
    });

    const admitted = await this.authenticate({
      authorization: body.token === undefined ? undefined : `Bearer ${body.token}`,
      environment: env.name,
      auth: definition.auth,
      clientIp: TEST_RUN_IP,
    });
    if (!admitted.ok) {
      const headers: Record<string, string> = admitted.wwwAuthenticate ? { 'www-authenticate': admitted.wwwAuthenticate } : {};
      return answer(admitted.status, errorBody(admitted.code, admitted.message, requestId), headers);
    }
    const token: TokenContext | null = admitted.token;

    const query = compileQueryParams(definition.query)(body.request.query);
    if ('problems' in query) {
      return answer(400, errorBody('invalid_query', query.problems.map((p) => p.message).join('; '), requestId, query.problems));
    }
    const requestBody = BODY_METHODS.has(definition.method) ? body.request.body : undefined;
    const bodyErrors = definition.bodySchema ? compileSchema(definition.bodySchema)(requestBody) : [];
    if (bodyErrors.length > 0) return answer(400, errorBody('invalid_body', invalidBodyMessage(bodyErrors), requestId, bodyErrors));

    const path = definition.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => encodeURIComponent(body.request.params[name] ?? ''));
    const headers = Object.fromEntries(Object.entries(body.request.headers).filter(([name]) => name.toLowerCase() !== 'authorization').map(([n, v]) => [n.toLowerCase(), v]));
    const scope: FlowScope = {
      request: { method: definition.method, path: `/${env.name}${path}`, params: body.request.params, query: query.query, headers, body: requestBody, ip: TEST_RUN_IP },
      token,
      env: { name: env.name, vars: env.vars },
      steps: {},
    };
    const run = new RequestRun(requestId, Date.now() + this.deadlineMs, () => undefined);
    const timer = setTimeout(() => run.expire(), this.deadlineMs);
    try {
      const outcome = await runFlow(prepareFlow(compiled.plan, this.services), scope, run, trace);
      return outcomeAnswer(outcome, answer, requestId);
    } catch (error) {
      if (error instanceof DeadlineExceeded) return answer(504, errorBody('deadline_exceeded', `The flow did not finish within ${this.deadlineMs / 1000} s`, requestId));
      if (error instanceof FlowNodeError) return answer(500, errorBody('node_failed', `The flow failed at node "${error.key}"`, requestId, { nodeId: error.nodeId, key: error.key, code: error.code, message: error.message }));
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function outcomeAnswer(outcome: FlowOutcome, answer: (status: number, body: unknown, headers?: Record<string, string>) => RunResult, requestId: string): RunResult {
  switch (outcome.kind) {
    case 'respond':
      return answer(outcome.status, outcome.body ?? null, outcome.headers);
    case 'redirect':
      return answer(outcome.status, null, { location: outcome.location });
    case 'fail':
      return answer(outcome.status, errorBody(outcome.code, outcome.message, requestId));
  }
}
