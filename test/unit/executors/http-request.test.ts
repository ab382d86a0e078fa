import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES } from '../../../server/executors/http-response.js';
import { runContext, runNode, scopeOf } from './helpers.js';

const SLOW_ANSWER_MS = 2_000;

let server: Server;
let base: string;
const received: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];

async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  received.push({ method: req.method, url: req.url, headers: req.headers, body });
  if (req.url === '/json') return void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-server': 'test' }).end('{"hello":"world"}');
  if (req.url === '/text') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('plain words');
  if (req.url === '/missing') return void res.writeHead(404, { 'content-type': 'application/problem+json' }).end('{"title":"nope"}');
  if (req.url === '/echo') return void res.writeHead(201, { 'content-type': 'application/json' }).end(body);
  if (req.url === '/huge') return void res.writeHead(200, { 'content-length': String(MAX_RESPONSE_BYTES + 1) }).write('a start');
  if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), SLOW_ANSWER_MS);
  res.writeHead(500).end();
}

beforeAll(async () => {
  server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const call = (config: Record<string, unknown>, request = {}, run = runContext()) => runNode('http.request', config, scopeOf(request), undefined, run);

describe('http.request', () => {
  it('takes ok with status, headers and a JSON body', async () => {
    const result = await call({ url: `"${base}/json"` });
    expect(result).toMatchObject({ port: 'ok', output: { status: 200, headers: { 'x-server': 'test' }, body: { hello: 'world' } } });
  });

  it('reads a non-JSON body as text', async () => {
    expect(await call({ url: `"${base}/text"` })).toMatchObject({ port: 'ok', output: { status: 200, body: 'plain words' } });
  });

  it('takes ok for a non-2xx answer too', async () => {
    expect(await call({ url: `"${base}/missing"` })).toMatchObject({ port: 'ok', output: { status: 404, body: { title: 'nope' } } });
  });

  it('sends a JSON body and evaluated headers', async () => {
    const result = await call(
      { method: 'POST', url: `"${base}/echo"`, headers: { 'x-user': 'request.params.id', 'x-fixed': '"yes"' }, body: '{"name": request.body.name}' },
      { params: { id: '7' }, body: { name: 'Ada' } },
    );
    expect(result).toMatchObject({ port: 'ok', output: { status: 201, body: { name: 'Ada' } } });
    const sent = received.at(-1);
    expect(sent).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json', 'x-user': '7', 'x-fixed': 'yes' } });
  });

  it('sends no body when the body expression gives nothing', async () => {
    await call({ method: 'POST', url: `"${base}/echo"`, body: 'request.body' });
    expect(received.at(-1)).toMatchObject({ body: '' });
    expect(received.at(-1)?.headers['content-type']).toBeUndefined();
  });

  it('takes error with code timeout when the answer is too slow', async () => {
    const started = performance.now();
    const result = await call({ url: `"${base}/slow"`, timeoutMs: 100 });
    expect(result).toMatchObject({ port: 'error', output: { code: 'timeout', message: expect.stringContaining('100 ms') } });
    expect(performance.now() - started).toBeLessThan(SLOW_ANSWER_MS);
  });

  it('stops when the run is aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await call({ url: `"${base}/slow"`, timeoutMs: 10_000 }, {}, runContext(controller.signal));
    expect(result).toMatchObject({ port: 'error', output: { code: 'timeout' } });
  });

  it('takes error with code unreachable when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const result = await call({ url: `"http://127.0.0.1:${port}/"` });
    expect(result).toMatchObject({ port: 'error', output: { code: 'unreachable', message: expect.stringContaining('ECONNREFUSED') } });
  });

  it('takes error with code too_large for an answer over MAX_RESPONSE_BYTES', async () => {
    expect(await call({ url: `"${base}/huge"` })).toMatchObject({ port: 'error', output: { code: 'too_large' } });
  });

  it('fails on a URL that is not http or https', async () => {
    for (const url of ['"file:///etc/passwd"', '"/relative"', '42']) {
      await expect(call({ url })).rejects.toMatchObject({ code: 'invalid_url' });
    }
  });

  it('fails on a header value fetch cannot send', async () => {
    await expect(call({ url: `"${base}/json"`, headers: { 'x-bad': '"a\\nb"' } })).rejects.toMatchObject({ code: 'invalid_header' });
  });
});
