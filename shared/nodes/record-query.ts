import { collectionField } from './records.js';
import { defineNode } from './types.js';

export const MAX_QUERY_LIMIT = 1000;
/** Also the page size when the limit expression gives nothing, e.g. an absent query parameter. */
export const DEFAULT_QUERY_LIMIT = 50;

export const recordQuery = defineNode({
  type: 'record.query',
  version: 1,
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
    { kind: 'expression', name: 'limit', label: 'Limit', default: String(DEFAULT_QUERY_LIMIT), help: `At most ${MAX_QUERY_LIMIT}.` },
    { kind: 'expression', name: 'offset', label: 'Offset', default: '0' },
  ],
  summary: (config) => `${String(config.collection)}${config.sort ? ` by ${String(config.sort)}` : ''}`,
});
