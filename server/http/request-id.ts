import { randomBytes } from 'node:crypto';

/**
 * Request ids: a random per-process prefix plus a counter, so making one costs no syscall
 * on the hot path and ids stay unique across restarts.
 */
const prefix = randomBytes(6).toString('base64url');
let counter = 0;

export function newRequestId(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `req_${prefix}${counter.toString(36)}`;
}
