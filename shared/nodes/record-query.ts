import { collectionField } from './records.js';
import type { NodeDefinition } from './types.js';

export const MAX_QUERY_LIMIT = 1000;

export const recordQuery: NodeDefinition = {
  type: 'record.query',
  label: 'Query records',
  category: 'Records',
  icon: 'database-list',
  description: 'Lists records of a collection whose fields equal the filter’s, sorted and paged. Output: {items, total}.',
  ports: ['out'],
  terminal: false,
  hasInput: true,
  fields: [
    collectionField,
    { kind: 'expression', name: 'filter', label: 'Filter', default: '{}', help: 'An object of field → value; a record matches when every field is equal. Fields whose value is null or missing are ignored.' },
    { kind: 'text', name: 'sort', label: 'Sort by', default: '', placeholder: 'name or -createdAt', pattern: { regex: /^(-?[A-Za-z_][A-Za-z0-9_]*)?$/, message: 'a field name, with "-" in front for descending order' } },
    { kind: 'expression', name: 'limit', label: 'Limit', default: '50', help: `At most ${MAX_QUERY_LIMIT}.` },
    { kind: 'expression', name: 'offset', label: 'Offset', default: '0' },
  ],
  summary: (config) => `${String(config.collection)}${config.sort ? ` by ${String(config.sort)}` : ''}`,
};
