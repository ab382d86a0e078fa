import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

/** An address the policy checked; the connection goes there and nowhere else. */
export type CheckedAddress = { address: string; family: 4 | 6 };

export type HttpCall = {
  url: URL;
  method: string;
  headers: Headers;
  body: string | Uint8Array | undefined;
  signal: AbortSignal | undefined;
};

/** Headers the connection sets itself; a flow's own values for them are dropped, as fetch does. */
const CONNECTION_HEADERS: ReadonlySet<string> = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade']);
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);
const DEFAULT_HEADERS = { accept: '*/*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'Flowgate' } as const;

/**
 * One HTTP exchange with the checked address: the URL's host still names the server (Host header,
 * TLS server name and certificate check), but no second DNS lookup can send it elsewhere.
 * Answers a WHATWG Response, as fetch would, bodies decompressed.
 */
export function callAddress(call: HttpCall, target: CheckedAddress): Promise<Response> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    // Node asks for every address when it may race IPv4 and IPv6 (autoSelectFamily); either way it gets this one.
    if ((options as { all?: boolean }).all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const headers: OutgoingHttpHeaders = { ...DEFAULT_HEADERS };
  call.headers.forEach((value, name) => {
    if (!CONNECTION_HEADERS.has(name)) headers[name] = value;
  });
  const body = call.body === undefined ? undefined : typeof call.body === 'string' ? Buffer.from(call.body) : Buffer.from(call.body);
  if (body !== undefined) headers['content-length'] = body.length;
  const hostname = call.url.hostname.startsWith('[') ? call.url.hostname.slice(1, -1) : call.url.hostname;
  const secure = call.url.protocol === 'https:';
  const options = {
    method: call.method,
    host: hostname,
    port: call.url.port || (secure ? 443 : 80),
    path: `${call.url.pathname}${call.url.search}`,
    headers,
    lookup: pinned,
    // A fresh connection per call: a pooled one may lead to an address checked under another environment's policy.
    agent: false as const,
    ...(call.signal ? { signal: call.signal } : {}),
    ...(secure && hostname !== target.address ? { servername: hostname } : {}),
  };
  return new Promise((resolve, reject) => {
    const req = (secure ? httpsRequest : httpRequest)(options, (res) => resolve(toResponse(res, call.method)));
    req.once('error', reject);
    req.end(body);
  });
}

function toResponse(res: IncomingMessage, method: string): Response {
  const status = res.statusCode ?? 502;
  const headers = new Headers();
  for (let index = 0; index + 1 < res.rawHeaders.length; index += 2) headers.append(res.rawHeaders[index]!, res.rawHeaders[index + 1]!);
  if (method === 'HEAD' || NULL_BODY_STATUSES.has(status)) {
    res.resume();
    return new Response(null, { status, statusText: res.statusMessage ?? '', headers });
  }
  const decoded = decodedBody(res, headers);
  return new Response(Readable.toWeb(decoded) as ReadableStream<Uint8Array>, { status, statusText: res.statusMessage ?? '', headers });
}

/** Undoes Content-Encoding the way fetch does, so the body reads as what the server meant. */
function decodedBody(res: IncomingMessage, headers: Headers): Readable {
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
  if (!decoder) return res;
  headers.delete('content-encoding');
  headers.delete('content-length');
  res.once('error', (error) => decoder.destroy(error));
  return res.pipe(decoder);
}
