import { validateHeaderName, validateHeaderValue } from 'node:http';
import { BODY_METHODS, type ApiDefinition } from '../../shared/model/api.js';
import type { EnvContext, FlowOutcome, FlowScope, TraceStep } from '../../shared/model/runtime.js';
import type { RunContext } from '../executors/types.js';
import { HttpError } from '../http/errors.js';
import { pendingAnswer, settle, settleError, type Answer, type HeaderMap } from '../runtime/answer.js';
import { parseJsonBody } from '../runtime/body.js';
import { FlowNodeError, runFlowNow } from '../runtime/engine.js';
import { invalidQueryMessage } from '../runtime/query.js';
import type { CompiledVersion } from '../runtime/route-table.js';
import type { SchemaError } from '../runtime/schemas.js';
import { StorageFullError } from '../workspace/storage-errors.js';
import { MovedToWorker } from './inline.js';
import type { FlowCall, FlowReply } from './protocol.js';

/** What running a call needs of its route: the version compiled, and the environment it is served in. */
export type ServedRoute = { definition: ApiDefinition; env: EnvContext; compiled: CompiledVersion };

/**
 * The part of a request that user input can make long, run where a stuck one can be killed (a flow
 * worker): body parsing, query and schema checks, the flow. Synchronous when every step of the flow is.
 */
export function runCall(route: ServedRoute, call: FlowCall, run: RunContext): FlowReply | Promise<FlowReply> {
  const pending = pendingAnswer();
  const headers: HeaderMap = {};
  const refused = (error: HttpError): FlowReply => reply(settleError(pending, call.requestId, error.status, error.code, error.message, headers, error.details));

  let body: unknown;
  if (call.body !== null && BODY_METHODS.has(route.definition.method)) {
    try {
      body = parseJsonBody(call.body.text, call.body.bytes, call.body.contentType).body;
    } catch (error) {
      if (error instanceof HttpError) return refused(error);
      throw error;
    }
  }
  const typed = route.compiled.coerceParams(call.params);
  if ('problems' in typed) {
    return reply(settleError(pending, call.requestId, 400, 'invalid_path_param', invalidQueryMessage(typed.problems), headers, typed.problems));
  }
  const coerced = route.compiled.coerceQuery(call.query);
  if ('problems' in coerced) {
    return reply(settleError(pending, call.requestId, 400, 'invalid_query', invalidQueryMessage(coerced.problems), headers, coerced.problems));
  }
  const bodyErrors = route.compiled.checkBody?.(body);
  if (bodyErrors && bodyErrors.length > 0) {
    return reply(settleError(pending, call.requestId, 400, 'invalid_body', invalidBodyMessage(bodyErrors), headers, bodyErrors));
  }

  const scope: FlowScope = {
    request: { method: route.definition.method, path: call.path, params: typed.params, query: coerced.query, headers: call.headers, body, ip: call.ip },
    token: call.token,
    env: route.env,
    steps: {},
  };
  const trace: TraceStep[] | null = call.trace ? [] : null;
  if (trace) {
    headers['x-flowgate-trace'] = 'kept';
    pending.trace = trace;
  }
  const failed = (error: unknown): FlowReply => reply(flowFailure(pending, route, call, run, error, headers));
  let outcome: FlowOutcome | Promise<FlowOutcome>;
  try {
    outcome = runFlowNow(route.compiled.flow, scope, run, trace ?? undefined);
  } catch (error) {
    return failed(error);
  }
  if (outcome instanceof Promise) return outcome.then((settled) => reply(settleOutcome(pending, call.requestId, settled, headers)), failed);
  return reply(settleOutcome(pending, call.requestId, outcome, headers));
}

function reply(answer: Answer): FlowReply {
  return { status: answer.status, headers: answer.headers, text: answer.text, errorCode: answer.errorCode, trace: answer.trace };
}

/** A flow that threw: 504 once out of time, the storage's own answer when the disk is full, else 500 naming the node. */
function flowFailure(pending: Answer, route: ServedRoute, call: FlowCall, run: RunContext, error: unknown, headers: HeaderMap): Answer {
  const { requestId } = call;
  if (error instanceof FlowNodeError && error.cause instanceof MovedToWorker) throw error.cause;
  if (run.expired) return settleError(pending, requestId, 504, 'deadline_exceeded', 'The flow did not finish before its deadline', headers);
  if (error instanceof FlowNodeError && error.cause instanceof StorageFullError) {
    // Nothing was stored and the server keeps serving: the caller may retry once space returns.
    return settleError(pending, requestId, error.cause.status, error.cause.code, error.cause.message, headers);
  }
  if (error instanceof FlowNodeError) {
    console.error(`[runtime] ${requestId} ${route.definition.method} ${route.definition.path}: node "${error.key}" failed: ${error.message}`);
    return settleError(pending, requestId, 500, 'node_failed', `The flow failed at node "${error.key}"`, headers);
  }
  console.error(`[runtime] ${requestId}`, error);
  return settleError(pending, requestId, 500, 'internal_error', 'The server failed to answer this request', headers);
}

function settleOutcome(pending: Answer, requestId: string, outcome: FlowOutcome, headers: HeaderMap): Answer {
  switch (outcome.kind) {
    case 'respond': {
      for (const name in outcome.headers) {
        const lower = name.toLowerCase();
        if (lower === 'x-request-id') continue;
        const value = outcome.headers[name]!;
        if (!isValidHeader(lower, value)) return invalidHeader(pending, requestId, name, headers);
        headers[lower] = value;
      }
      return settleBody(pending, requestId, outcome.status, outcome.body, headers);
    }
    case 'redirect':
      if (!isValidHeader('location', outcome.location)) return invalidHeader(pending, requestId, 'location', headers);
      headers.location = outcome.location;
      return settle(pending, outcome.status, undefined, headers, null);
    case 'fail':
      return settleError(pending, requestId, outcome.status, outcome.code, outcome.message, headers);
  }
}

/** A body JSON cannot carry (a cycle, a BigInt): 500, never a worker that does not answer. */
function settleBody(pending: Answer, requestId: string, status: number, body: unknown, headers: HeaderMap): Answer {
  try {
    return settle(pending, status, body, headers, null);
  } catch (error) {
    console.error(`[runtime] ${requestId} the flow's answer cannot be sent as JSON`, error);
    return settleError(pending, requestId, 500, 'internal_error', 'The server failed to answer this request', headers);
  }
}

/** Node refuses to send a header with a bad name or a line break in its value; the flow's answer is refused first, alike in Live and Draft. */
function isValidHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

function invalidHeader(pending: Answer, requestId: string, name: string, headers: HeaderMap): Answer {
  return settleError(pending, requestId, 500, 'invalid_header', `The flow answered a header HTTP cannot carry ("${name}"): use a token name and no line breaks in the value`, headers);
}

/** The 400 for a body that fails the API's schema, naming each field. */
function invalidBodyMessage(errors: SchemaError[]): string {
  return `The request body does not match the schema: ${errors.map((e) => `${e.path || '/'} ${e.message}`).join('; ')}`;
}
