/**
 * The baselines of `npm run bench`, each run as its own process:
 *   node dist/test/bench/baselines.js node-http|express
 * Both answer GET /dev/users/:id with the JSON the published flow builds, and print their port.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

const answer = (id: string): string => JSON.stringify({ id, name: 'Ada Lovelace', role: 'admin' });

function nodeHttp(): ReturnType<typeof createServer> {
  return createServer((req, res) => {
    const match = /^\/dev\/users\/([^/?]+)/.exec(req.url ?? '');
    if (req.method !== 'GET' || !match) {
      res.writeHead(404).end();
      return;
    }
    const body = answer(decodeURIComponent(match[1]!));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}

function expressApp(): ReturnType<typeof createServer> {
  const app = express();
  app.get('/dev/users/:id', (req, res) => {
    res.type('application/json').send(answer(req.params.id));
  });
  return createServer(app);
}

const kind = process.argv[2];
const server = kind === 'express' ? expressApp() : kind === 'node-http' ? nodeHttp() : undefined;
if (!server) {
  console.error('usage: baselines.js node-http|express');
  process.exit(2);
}
server.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
