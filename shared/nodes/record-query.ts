import { filterFieldsOf } from './record-query-filter.js';
import { collectionField } from './records.js';
import { anyObject, arrayOf, scalar } from './shape.js';
import { defineNode } from './types.js';

export const MAX_QUERY_LIMIT = 1000;
/** Also the page size when the limit expression gives nothing, e.g. an absent query parameter. */
export const DEFAULT_QUERY_LIMIT = 50;

/**
 * Version 1 pages with an offset and always counts (`{items, total}`); version 2 pages with a cursor
 * (`{items, nextCursor}`, `total` only when Count is on), which stays fast however deep the page.
 */
export const recordQuery = defineNode({
  type: 'record.query',
  version: 2,
  label: 'Query records',
  category: 'Records',
  icon: 'database-list',
  description:
    'Lists records of a collection whose fields equal the filter’s, sorted, a page at a time. Output: {items, nextCursor}, and total when Count is on; pass nextCursor back as the cursor for the next page. Fields a published query filters or sorts on are indexed automatically.',
  ports: ['out'],
  terminal: false,
  hasInput: true,
  fields: [
    collectionField,
    {
      kind: 'expression',
      name: 'filter',
      label: 'Filter',
      default: '{}',
      help: 'An object of field → value, e.g. {"team": request.query.team}; a record matches when every field is equal. Fields whose value is null or missing are ignored. Written out like this, its fields get an index when the API is published.',
    },
    { kind: 'text', name: 'sort', label: 'Sort by', default: '', placeholder: 'name or -createdAt', pattern: { regex: /^(-?[A-Za-z_][A-Za-z0-9_]*)?$/, message: 'a field name, with "-" in front for descending order' } },
    { kind: 'expression', name: 'limit', label: 'Limit', default: String(DEFAULT_QUERY_LIMIT), help: `Records per page, at most ${MAX_QUERY_LIMIT}.` },
    {
      kind: 'expression',
      name: 'cursor',
      label: 'Cursor',
      default: 'request.query.cursor',
      help: 'Where the page starts: the nextCursor of the page before, or nothing for the first page.',
    },
    { kind: 'boolean', name: 'count', label: 'Count all matches', default: false, help: 'Adds total to the output. It reads every match, so leave it off for big collections unless the caller needs it.' },
    { kind: 'expression', name: 'offset', label: 'Offset (version 1 nodes)', default: '0', help: 'Only nodes made before cursors read this; newer nodes page with the cursor.' },
  ],
  check: (config) => {
    const found = filterFieldsOf(config.filter);
    if (found.kind !== 'computed') return [];
    return [
      {
        field: 'filter',
        severity: 'warning',
        message: `"Filter" cannot use an index: ${found.reason}. Every query will read the whole collection "${config.collection}". Write it as an object with fixed field names, e.g. {"team": request.query.team}.`,
      },
    ];
  },
  summary: (config) => `${String(config.collection)}${config.sort ? ` by ${String(config.sort)}` : ''}`,
  // Open: version 2 answers nextCursor (and total when counting), version 1 total.
  outputShape: (config, context) => anyObject({ items: arrayOf(context.collection(config.collection)), nextCursor: scalar('string'), total: scalar('number') }),
});
