import { preview } from './support.js';
import { NodeFailure } from './types.js';

/**
 * Record ids are strings; path params already are, numbers from bodies are coerced. An absent id
 * (undefined, null, "") means "no such record" rather than a failure, since it usually comes from the client.
 */
export function recordIdOf(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new NodeFailure('invalid_id', `id must give a string or a number, got ${preview(value)}`);
}
