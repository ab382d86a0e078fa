import type { RequestLogEntry } from '../../shared/api/logs.js';
import type { LiveTrace } from '../../shared/api/traces.js';
import { ApiTestInput, DEFAULT_TEST_ENVIRONMENT, type TestRequestInput } from '../../shared/model/api-tests.js';
import { pathParamNames, type ApiDefinition } from '../../shared/model/api.js';
import type { RequestContext } from '../../shared/model/runtime.js';
import type { TokenInfo } from '../../shared/model/token.js';

/** Headers a replay must not copy: the transport's own, and what the runner sets itself. */
const TRANSPORT_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'accept-encoding', 'x-flowgate-trace', 'cookie', 'authorization']);

/**
 * A test that replays a logged request: its path params from the logged path, its query, headers
 * and body from the kept trace when there is one, its caller's token settings as a token profile
 * (never the token), and the logged status as what it must answer.
 */
export function testFromLog(row: RequestLogEntry, definition: ApiDefinition, trace: LiveTrace | undefined, token: TokenInfo | undefined, name: string): ApiTestInput {
  const recorded = trace?.steps.find((step) => step.type === 'request')?.output as RequestContext | undefined;
  const request: TestRequestInput = {
    // A declared number parameter was recorded as a number: a replay sends it as the text of the path.
    params: recorded ? Object.fromEntries(Object.entries(recorded.params).map(([name, value]) => [name, String(value)])) : paramsFromPath(definition.path, row.path, row.environment),
    query: (recorded?.query as Record<string, string | string[]> | undefined) ?? {},
    headers: Object.fromEntries(Object.entries(recorded?.headers ?? {}).filter(([header]) => !TRANSPORT_HEADERS.has(header.toLowerCase()))),
    ...(recorded?.body === undefined ? {} : { body: recorded.body }),
    token: token ? { environment: token.environment, scopes: token.scopes, keyGroupIds: token.groupIds, vars: token.vars, address: row.ip } : null,
  };
  const notes = [
    `Replays ${row.method} ${row.path} of ${row.time} (${row.requestId}).`,
    ...(recorded ? [] : ['No trace was kept for it: the query and body were not recorded.']),
    ...(row.tokenId && !token ? [`Its token (${row.tokenId}) no longer exists: the test calls without one.`] : []),
  ];
  return ApiTestInput.parse({
    name,
    description: notes.join(' '),
    environment: row.environment ?? DEFAULT_TEST_ENVIRONMENT,
    request,
    expect: { status: row.status },
  });
}

/** `/users/:id` and `/dev/users/42` → `{ id: '42' }`. */
function paramsFromPath(pattern: string, path: string, environment: string | null): Record<string, string> {
  const names = pathParamNames(pattern);
  if (names.length === 0) return {};
  const segments = path.split('/').filter(Boolean);
  if (environment !== null && segments[0] === environment) segments.shift();
  const parts = pattern.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  parts.forEach((part, index) => {
    if (part.startsWith(':') && segments[index] !== undefined) params[part.slice(1)] = safeDecode(segments[index]!);
  });
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
