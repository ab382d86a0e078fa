import type { RequestResult, TestResponse } from '../../shared/api/tests.js';
import type { TestOutbound, TestRequest } from '../../shared/model/api-tests.js';
import { DEFAULT_TEST_ADDRESS } from '../../shared/model/api-tests.js';
import { pathParamNames } from '../../shared/model/api.js';
import type { TraceStep } from '../../shared/model/runtime.js';
import { newRequestId } from '../http/request-id.js';
import type { Answer } from '../runtime/answer.js';
import { draftRawBody } from '../runtime/body.js';
import type { Pipeline, PipelineRequest } from '../runtime/pipeline.js';
import { routePattern } from '../runtime/route-table.js';
import type { FlowTarget } from '../workers/protocol.js';
import type { PreparedTarget } from './targets.js';
import type { TestTokens } from './test-tokens.js';

/** What one test request brought back: the answer as a client reads it, the flow's trace and the node that failed in it. */
export type SentRequest = { requestId: string; response: TestResponse; trace: TraceStep[]; nodeError: RequestResult['nodeError']; durationMs: number };

/**
 * Sends one test request through the runtime's request pipeline, as a client would call the route:
 * the token (made from the profile) checked by the runtime's authentication, the flow run in a flow
 * worker against the given sandbox, its outbound calls answered by the test's stubs.
 */
export async function sendTestRequest(
  pipeline: Pipeline,
  tokens: TestTokens,
  target: PreparedTarget,
  request: TestRequest,
  outbound: TestOutbound,
  sandbox: string,
  tokenName: string,
): Promise<SentRequest> {
  const issued = request.token ? await tokens.issue(request.token, target.route.environment, tokenName) : undefined;
  try {
    const flowTarget: FlowTarget = { kind: 'draft', definition: target.definition, env: target.route.env, sandbox, outbound };
    const call = pipelineRequest(target, request, issued?.jwt, flowTarget);
    const started = performance.now();
    const answer = await new Promise<Answer>((resolve) => pipeline(call, target.route, resolve));
    const durationMs = performance.now() - started;
    const headers: Record<string, string> = {};
    for (const name in answer.headers) headers[name] = String(answer.headers[name]);
    const trace = answer.trace ?? [];
    const failed = trace.find((step) => step.error !== undefined);
    const nodeError = failed?.error ? { key: failed.key, ...failed.error } : null;
    return { requestId: call.requestId, response: { status: answer.status, headers, body: bodyOf(answer.text) }, trace, nodeError, durationMs };
  } finally {
    issued?.release();
  }
}

/** The request as the published route would receive it: path params filled in, headers by lower-case name. */
function pipelineRequest(target: PreparedTarget, given: TestRequest, jwt: string | undefined, flowTarget: FlowTarget): PipelineRequest {
  const { definition, route } = target;
  const params: Record<string, string> = {};
  for (const name of pathParamNames(definition.path)) params[name] = given.params[name] ?? '';
  const filled = definition.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => encodeURIComponent(params[name]!));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given.headers)) {
    const lower = name.toLowerCase();
    headers[lower] = headers[lower] === undefined ? value : `${headers[lower]}, ${value}`;
  }
  if (jwt !== undefined) headers.authorization = `Bearer ${jwt}`;
  if (headers['content-type'] === undefined && given.rawBody === undefined && given.body !== undefined) headers['content-type'] = 'application/json';
  return {
    requestId: newRequestId(),
    path: routePattern(route.environment, filled),
    params,
    query: given.query,
    headers,
    readBody: () => draftRawBody({ text: given.rawBody, value: given.body }, headers['content-type']),
    target: flowTarget,
    ip: given.token?.address ?? DEFAULT_TEST_ADDRESS,
    trace: true,
  };
}

/** JSON answers as values; anything else (an empty body, text) as it came. */
function bodyOf(text: string | undefined): unknown {
  if (text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
