import type { ServerResponse } from 'node:http';
import type { TraceStep } from '../../shared/model/runtime.js';
import { errorBody } from '../http/errors.js';

export type HeaderMap = Record<string, string | number>;

/**
 * What the request pipeline answers: the fast lane writes it to the socket, a Draft run returns it
 * as JSON. Made once per request with every field, so all answers share one shape.
 */
export type Answer = {
  status: number;
  headers: HeaderMap;
  /** The body as a value; undefined when the answer has none (a redirect, a 204). */
  body: unknown;
  /** The body as sent, with `content-type` and `content-length` already in the headers. */
  text: string | undefined;
  responseBytes: number;
  /** The rest is for the request log and the tester. */
  errorCode: string | null;
  tokenId: string | null;
  requestBytes: number;
  /** Each executed node, when the request asked for a trace. */
  trace: TraceStep[] | null;
};

export function pendingAnswer(): Answer {
  return { status: 0, headers: NO_HEADERS, body: undefined, text: undefined, responseBytes: 0, errorCode: null, tokenId: null, requestBytes: 0, trace: null };
}

const NO_HEADERS: HeaderMap = Object.freeze({}) as HeaderMap;

/** Settles an answer with a JSON body (or none when body is undefined), adding content-type and content-length. */
export function settle(answer: Answer, status: number, body: unknown, headers: HeaderMap, errorCode: string | null): Answer {
  if (body !== undefined && status !== 204 && status !== 304) {
    const text = JSON.stringify(body);
    const bytes = Buffer.byteLength(text);
    headers['content-type'] ??= 'application/json; charset=utf-8';
    headers['content-length'] = bytes;
    answer.body = body;
    answer.text = text;
    answer.responseBytes = bytes;
  }
  // Set last: a status means the answer is settled, so a body that cannot be serialized leaves it pending.
  answer.status = status;
  answer.headers = headers;
  answer.errorCode = errorCode;
  return answer;
}

/** Settles an answer in the one error shape, with the request id in the body and the headers. */
export function settleError(
  answer: Answer,
  requestId: string,
  status: number,
  code: string,
  message: string,
  headers: HeaderMap,
  details?: unknown,
): Answer {
  headers['x-request-id'] = requestId;
  return settle(answer, status, errorBody(code, message, requestId, details), headers, code);
}

/** Writes a settled answer; returns false when Node refused its status or headers (nothing was sent then). */
export function writeAnswer(res: ServerResponse, answer: Answer): boolean {
  try {
    res.writeHead(answer.status, answer.headers);
  } catch {
    return false;
  }
  res.end(answer.text);
  return true;
}
