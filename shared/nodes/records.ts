import type { ConfigField } from './fields.js';

export const COLLECTION_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export const collectionField = {
  kind: 'text',
  name: 'collection',
  label: 'Collection',
  required: true,
  default: 'items',
  placeholder: 'users',
  pattern: { regex: COLLECTION_PATTERN, message: 'a collection name is up to 64 letters, digits, "_" or "-", starting with a letter or "_"' },
} as const satisfies ConfigField;

export const recordIdField = {
  kind: 'expression',
  name: 'id',
  label: 'Record id',
  required: true,
  default: 'request.params.id',
} as const satisfies ConfigField;
