import { errorBody } from '../http/errors.js';
import type { FlowReply } from './protocol.js';

/** An answer in the one error shape, made where no flow ran: a worker that failed, stopped or never started. */
export function errorReply(requestId: string, status: number, code: string, message: string, headers: Record<string, string> = {}): FlowReply {
  const text = JSON.stringify(errorBody(code, message, requestId));
  return {
    status,
    headers: { ...headers, 'x-request-id': requestId, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) },
    text,
    errorCode: code,
    trace: null,
  };
}
