import type { PlanNode } from '../../shared/compile/plan.js';
import { COLLECTION_PATTERN } from '../../shared/nodes/records.js';
import { preview, textConfig } from './support.js';
import { NodeFailure } from './types.js';

/** Checked at publish, so a bad name never reaches the store. */
export function collectionOf(node: PlanNode): string {
  const collection = textConfig(node, 'collection');
  if (!COLLECTION_PATTERN.test(collection)) throw new NodeFailure('invalid_config', `"${collection}" is not a valid collection name`);
  return collection;
}

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
