import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A round-robin balancer on loopback in front of replicas' runtime listeners, as nginx with
 * `proxy_next_upstream error timeout non_idempotent` behaves: a request whose upstream refuses
 * or drops the connection before answering goes to the next one. Bodies are small here, so each
 * is read whole before the first try. No vitest in here: the bench runs it too; callers stop it.
 */
export type Balancer = {
  url: string;
  /** Requests sent again to another upstream after one failed to answer. */
  retries: () => number;
  /** Requests no upstream answered (each got a 502). */
  failures: () => number;
  stop: () => Promise<void>;
};

export async function startBalancer(upstreams: readonly string[]): Promise<Balancer> {
  let next = 0;
  let retries = 0;
  let failures = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const first = next++ % upstreams.length;
      const attempt = (tried: number): void => {
        const target = new URL(request.url ?? '/', upstreams[(first + tried) % upstreams.length]);
        const forwarded = http.request(target, { method: request.method, headers: { ...request.headers, host: target.host }, agent }, (answer) => {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        });
        forwarded.on('error', () => {
          if (response.headersSent) {
            response.destroy();
            return;
          }
          if (tried + 1 < upstreams.length) {
            retries++;
            attempt(tried + 1);
            return;
          }
          failures++;
          response.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"bad_gateway","message":"no replica answered"}}');
        });
        forwarded.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const balancer: Balancer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    retries: () => retries,
    failures: () => failures,
    stop: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return balancer;
}
