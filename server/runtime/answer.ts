import type { ServerResponse } from 'node:http';
import { errorBody } from '../http/errors.js';

export type HeaderMap = Record<string, string | number>;

/** Writes a JSON answer (or none when body is undefined); returns the bytes sent. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: HeaderMap): number {
  if (body === undefined || status === 204 || status === 304) {
    res.writeHead(status, headers);
    res.end();
    return 0;
  }
  const text = JSON.stringify(body);
  const bytes = Buffer.byteLength(text);
  headers['content-type'] ??= 'application/json; charset=utf-8';
  headers['content-length'] = bytes;
  res.writeHead(status, headers);
  res.end(text);
  return bytes;
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
  headers: HeaderMap = {},
  details?: unknown,
): number {
  headers['x-request-id'] = requestId;
  return sendJson(res, status, errorBody(code, message, requestId, details), headers);
}
