import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'flowgate.js');
/** A run starts flow workers and stops them: seconds, not more. */
const CLI_TIMEOUT_MS = 60_000;

export type CliRun = { code: number | null; stdout: string; stderr: string };

/** `flowgate test <args>` as CI runs it: the real CLI process (dist/, built by `npm test`), killed if it hangs. */
export function runFlowgateTest(args: string[], options: { cwd: string; env: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'test', ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`flowgate test ${args.join(' ')} did not finish within ${CLI_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`));
    }, CLI_TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
