import type { ErrorRequestHandler } from 'express';
import { errorBody, HttpError } from './errors.js';
import { newRequestId } from './request-id.js';
import { storageErrorOf } from '../workspace/storage-errors.js';

/** The last middleware: every error becomes the one error shape. */
export const errorHandler: ErrorRequestHandler = (thrown: unknown, _req, res, _next) => {
  const requestId = (res.locals.requestId as string | undefined) ?? newRequestId();
  // Any admin write the disk could not take (SQLITE_FULL, SQLITE_IOERR) answers 507 storage_full.
  const error = storageErrorOf(thrown, 'this change');
  if (res.headersSent) return;
  res.setHeader('x-request-id', requestId);
  if (error instanceof HttpError) {
    for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
    res.status(error.status).json(errorBody(error.code, error.message, requestId, error.details));
    return;
  }
  const status = (error as { status?: number; type?: string }).status;
  const type = (error as { type?: string }).type;
  if (type === 'entity.parse.failed') {
    res.status(400).json(errorBody('malformed_json', 'The request body is not valid JSON', requestId));
  } else if (type === 'entity.too.large') {
    res.status(413).json(errorBody('payload_too_large', 'The request body is too large', requestId));
  } else if (status && status >= 400 && status < 500) {
    res.status(status).json(errorBody('bad_request', (error as Error).message, requestId));
  } else {
    console.error(`[admin] ${requestId}`, error);
    res.status(500).json(errorBody('internal_error', 'The server failed to answer this request', requestId));
  }
};
