import { randomBytes } from 'node:crypto';

/** Readable, prefixed, unguessable ids: `api_3fK9…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
