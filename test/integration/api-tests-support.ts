/** Flows the API-test integration tests build, as a builder would send them. */

const request = (id = 'r') => ({ id, type: 'request', key: 'request', config: {} });
const edge = (source: string, target: string, sourceHandle = 'out') => ({ id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target });

/** GET /greet/:name → {"msg": "hi <name>"}; `greeting` changes the word, to break it. */
export const greet = (greeting = 'hi') => ({
  name: 'Greet',
  method: 'GET',
  path: '/greet/:name',
  flow: {
    nodes: [request(), { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: `{"msg": "${greeting} " & request.params.name}` } }],
    edges: [edge('r', 'o')],
  },
});

export const createUser = (overrides: Record<string, unknown> = {}) => ({
  name: 'Create user',
  method: 'POST',
  path: '/users',
  flow: {
    nodes: [request(), { id: 'i', type: 'record.insert', key: 'created', config: { collection: 'users', document: 'request.body' } }, { id: 'o', type: 'respond', key: 'ok', config: { status: 201, body: 'steps.created' } }],
    edges: [edge('r', 'i'), edge('i', 'o')],
  },
  ...overrides,
});

/** GET /users/:id: found → 200 with the record, missing → 404. */
export const getUser = (overrides: Record<string, unknown> = {}) => ({
  name: 'Get user',
  method: 'GET',
  path: '/users/:id',
  flow: {
    nodes: [
      request(),
      { id: 'g', type: 'record.get', key: 'user', config: { collection: 'users', id: 'request.params.id' } },
      { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: 'steps.user' } },
      { id: 'f', type: 'fail', key: 'missing', config: { status: 404, code: 'not_found', message: "'no user ' & request.params.id" } },
    ],
    edges: [edge('r', 'g'), edge('g', 'o', 'found'), edge('g', 'f', 'missing')],
  },
  ...overrides,
});

/** GET /weather: asks an upstream; 502 when it cannot be reached. */
export const weather = (url: string) => ({
  name: 'Weather',
  method: 'GET',
  path: '/weather',
  flow: {
    nodes: [
      request(),
      { id: 'h', type: 'http.request', key: 'upstream', config: { method: 'GET', url: JSON.stringify(url), timeoutMs: 5000 } },
      { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: '{"sky": steps.upstream.body.sky, "upstreamStatus": steps.upstream.status}' } },
      { id: 'f', type: 'fail', key: 'down', config: { status: 502, code: 'upstream_down', message: '"down"' } },
    ],
    edges: [edge('r', 'h'), edge('h', 'o', 'ok'), edge('h', 'f', 'error')],
  },
});

/** GET /secret: needs a token with the scope `secret:read`; answers who called. */
export const secret = () => ({
  name: 'Secret',
  method: 'GET',
  path: '/secret',
  auth: { required: true, keyGroupIds: [], scopes: ['secret:read'] },
  flow: {
    nodes: [request(), { id: 'o', type: 'respond', key: 'ok', config: { status: 200, body: '{"tenant": token.vars.tenant, "ip": request.ip}' } }],
    edges: [edge('r', 'o')],
  },
});
