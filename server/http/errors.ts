import type { ErrorBody } from '../../shared/api/errors.js';

/** An error that becomes an answer: status, a code a program can match, a message a person can act on. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (what: string): HttpError => new HttpError(404, 'not_found', `${what} does not exist`);

export function errorBody(code: string, message: string, requestId: string, details?: unknown): ErrorBody {
  return details === undefined
    ? { error: { code, message, requestId } }
    : { error: { code, message, requestId, details } };
}
