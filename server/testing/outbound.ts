import type { OutboundStub, TestOutbound } from '../../shared/model/api-tests.js';
import { NodeFailure } from '../executors/types.js';
import type { OutboundFetch } from '../net/outbound.js';

/** The node error of an outbound call a test neither stubs nor allows. */
export const TEST_CALL_NOT_ALLOWED = 'test_call_not_allowed';
/** Answers HTTP sends without a body, whatever a stub holds. */
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/** The first stub whose method (any, when it names none) and URL prefix match the call. */
export function stubFor(stubs: readonly OutboundStub[], url: string, method: string): OutboundStub | undefined {
  return stubs.find((stub) => (stub.method === undefined || stub.method === method) && url.startsWith(stub.url));
}

/**
 * A test run's outbound calls: a matching stub answers (its status, headers and body as JSON), an
 * allowed host is really called (within the environment's outbound settings), anything else fails
 * the node, naming the URL, so the test says what it lacks instead of calling out by surprise.
 */
export function testOutboundFetch(outbound: TestOutbound, fetch: OutboundFetch): OutboundFetch {
  return async (input, init, context) => {
    const url = new URL(String(input));
    const method = (init?.method ?? 'GET').toUpperCase();
    const stub = stubFor(outbound.stubs, url.href, method);
    if (stub) {
      const text = stub.body === undefined || NULL_BODY_STATUSES.has(stub.status) ? null : JSON.stringify(stub.body);
      const headers = new Headers(stub.headers);
      if (text !== null && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(text, { status: stub.status, headers });
    }
    if (outbound.allowHosts.includes(url.host.toLowerCase())) return fetch(input, init, context);
    throw new NodeFailure(TEST_CALL_NOT_ALLOWED, `The test neither stubs nor allows ${method} ${url.href}: add a stub for it, or allow ${url.host}`);
  };
}
