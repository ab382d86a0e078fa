import { OutboundRefused } from '../net/outbound.js';
import { readAnswer, ResponseTooLarge } from './http-response.js';
import { preview } from './support.js';
import { NodeFailure, type ExecutorFactory, type NodeResult } from './types.js';

/** `ok` for any HTTP answer, whatever its status; `error` only when no answer came. The body field is empty unless the method sends one. */
export const httpRequestExecutor: ExecutorFactory<'http.request'> = ({ method, url, headers, body, timeoutMs, redirect }, services) => async (scope, run): Promise<NodeResult> => {
  const target = targetOf(await url(scope));
  const init: RequestInit = { method, headers: headersOf(await headers(scope)) };
  const payload = await body(scope);
  if (payload !== undefined) {
    init.body = JSON.stringify(payload);
    const sent = init.headers as Headers;
    if (!sent.has('content-type')) sent.set('content-type', 'application/json');
  }
  const timeout = AbortSignal.timeout(timeoutMs);
  init.signal = AbortSignal.any([run.signal, timeout]);
  try {
    const response = await services.fetch(target, init, { environment: scope.env.name, redirect });
    return { port: 'ok', output: await readAnswer(response) };
  } catch (error) {
    // Refused before calling (a Draft session that has not allowed the host yet): the node fails as it says.
    if (error instanceof NodeFailure) throw error;
    // Not an unreachable host but the flow's own mistake: a node error, with the reason in the trace.
    if (error instanceof OutboundRefused) throw new NodeFailure(error.code, error.message);
    if (error instanceof ResponseTooLarge) return failed('too_large', `${target.host}: ${error.message}`);
    if (timeout.aborted || run.signal.aborted) return failed('timeout', `${target.host} did not answer within ${timeoutMs} ms`);
    return failed('unreachable', `could not reach ${target.host}: ${reasonOf(error)}`);
  }
};

const failed = (code: string, message: string): NodeResult => ({ port: 'error', output: { code, message } });

function targetOf(value: unknown): URL {
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new NodeFailure('invalid_url', `url must give an absolute http:// or https:// URL, got ${preview(value)}`);
  }
  return url;
}

/** Built before the call, so a bad header is the flow's mistake (a node failure), not an unreachable host. */
function headersOf(values: Record<string, string>): Headers {
  try {
    return new Headers(values);
  } catch (error) {
    throw new NodeFailure('invalid_header', `headers: ${reasonOf(error)}`);
  }
}

/** fetch reports "fetch failed" and hides the useful part (ECONNREFUSED, ENOTFOUND…) in its cause. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  return cause instanceof Error ? cause.message : error.message;
}
