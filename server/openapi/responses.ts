import { BODY_METHODS, type ApiDefinition } from '../../shared/model/api.js';
import { reasonPhrase } from './names.js';
import type { FlowEnding } from './outcomes.js';

type Json = Record<string, unknown>;

/** What one status code can carry; several terminal nodes (and the runtime) may share a status. */
type ResponseSpec = { notes: string[]; body: 'any' | 'error' | 'none'; headers: Json };

export const ERROR_SCHEMA_REF = '#/components/schemas/Error';
const header = (name: string): Json => ({ $ref: `#/components/headers/${name}` });
const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];
// Headers whose response-header entries OpenAPI ignores, or that the runtime sets itself.
const UNDOCUMENTED_HEADERS = new Set(['content-type', 'x-request-id']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Every answer an API can give: each reachable terminal node's status, then what the runtime adds
 * before and around the flow (DESIGN.md, "What a request gets").
 */
export function buildResponses(definition: ApiDefinition, endings: readonly FlowEnding[]): Record<string, Json> {
  const specs = new Map<number, ResponseSpec>();
  const add = (status: number, note: string, body: ResponseSpec['body'], headers: Json = {}): void => {
    const spec = specs.get(status) ?? { notes: [], body, headers: {} };
    if (!spec.notes.includes(note)) spec.notes.push(note);
    if (spec.body !== body) spec.body = spec.body === 'none' ? body : body === 'none' ? spec.body : 'any';
    Object.assign(spec.headers, headers);
    specs.set(status, spec);
  };

  for (const ending of endings) {
    if (ending.kind === 'respond') {
      const headers = Object.fromEntries(
        ending.headers
          .filter((name) => HEADER_NAME.test(name) && !UNDOCUMENTED_HEADERS.has(name.toLowerCase()))
          .map((name) => [name, { schema: { type: 'string' } }]),
      );
      add(ending.status, `the flow answers at step \`${ending.key}\``, ending.hasBody ? 'any' : 'none', headers);
    } else if (ending.kind === 'redirect') {
      add(ending.status, `the flow redirects at step \`${ending.key}\``, 'none', {
        Location: { description: 'Where the client should go', required: true, schema: { type: 'string', format: 'uri-reference' } },
      });
    } else {
      add(ending.status, `\`${ending.code}\` (step \`${ending.key}\`)`, 'error');
    }
  }

  const hasBody = BODY_METHODS.has(definition.method);
  const invalid = ['a token in the URL (`token_in_url`: send it in the Authorization header)'];
  if (definition.query.length > 0) invalid.push('a query parameter that is missing or of the wrong type (`invalid_query`)');
  if (hasBody) invalid.push('malformed JSON (`malformed_json`)');
  if (hasBody && definition.bodySchema) invalid.push('a body that does not match the schema (`invalid_body`)');
  add(400, invalid.join('; '), 'error');

  if (definition.auth.required) {
    add(401, 'no bearer token, or one that is malformed, expired, revoked or not signed by this workspace', 'error', {
      'WWW-Authenticate': { description: '`Bearer realm="flowgate"`, or with `error="invalid_token"`', schema: { type: 'string' } },
    });
    add(403, 'the token is of another environment, its IP is not allowed, it is not in the API\u2019s key groups, or it lacks a scope', 'error', {
      'WWW-Authenticate': { description: '`Bearer error="insufficient_scope", scope="…"` when a scope is missing', schema: { type: 'string' } },
    });
  }
  if (definition.rateLimit || definition.auth.required) {
    add(429, 'over the API\u2019s or the token\u2019s rate limit, or too many failed sign-ins from this IP', 'error', { 'Retry-After': header('Retry-After') });
  }
  if (hasBody) {
    add(413, 'the body is larger than 5 MB', 'error');
    add(415, 'the body is not JSON (`Content-Type: application/json`)', 'error');
  }
  add(500, 'a step of the flow failed; the request id finds it in the request log', 'error');
  add(504, 'the flow did not finish before its deadline', 'error');

  const common: Json = { 'X-Request-Id': header('X-Request-Id') };
  if (definition.rateLimit) for (const name of RATE_LIMIT_HEADERS) common[name] = header(name);

  const responses: Record<string, Json> = {};
  for (const status of [...specs.keys()].sort((a, b) => a - b)) {
    const spec = specs.get(status)!;
    const response: Json = {
      description: `${reasonPhrase(status)}: ${spec.notes.join('; ')}`,
      headers: { ...common, ...spec.headers },
    };
    if (spec.body !== 'none') {
      response.content = { 'application/json': { schema: spec.body === 'error' ? { $ref: ERROR_SCHEMA_REF } : {} } };
    }
    responses[String(status)] = response;
  }
  return responses;
}

/** The shared parts every document refers to. */
export function sharedComponents(): Json {
  return {
    schemas: {
      Error: {
        type: 'object',
        description: 'Every error has this shape; `requestId` finds the request in the request log.',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message', 'requestId'],
            properties: {
              code: { type: 'string', description: 'Machine-matchable, like `not_found`' },
              message: { type: 'string', description: 'What went wrong, for a person' },
              requestId: { type: 'string' },
              details: { description: 'More about the error, e.g. each invalid field' },
            },
          },
        },
      },
    },
    headers: {
      'X-Request-Id': { description: 'Identifies this request in the request log', schema: { type: 'string' } },
      'X-RateLimit-Limit': { description: 'Requests allowed per window', schema: { type: 'integer' } },
      'X-RateLimit-Remaining': { description: 'Requests left in the current window', schema: { type: 'integer' } },
      'X-RateLimit-Reset': { description: 'Seconds until the window resets', schema: { type: 'integer' } },
      'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
    },
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'A Flowgate token of this environment, sent as `Authorization: Bearer <token>`; never in the URL.',
      },
    },
  };
}
