import { z } from 'zod';
import { formProblems } from '../input-form-check.js';
import { InputFormSchema } from '../input-form.js';
import { pathProblem } from '../model/api.js';
import { COLLECTION_PATTERN } from '../nodes/records.js';

/** Names that go into paths, titles and JSONata strings: letters, digits, "_" and "-" (spaces too for an item's name), so no blank needs escaping. */
const collectionName = z.string().trim().regex(COLLECTION_PATTERN, 'a collection name is up to 64 letters, digits, "_" or "-", starting with a letter or "_"');
const itemName = z.string().trim().regex(/^[A-Za-z][A-Za-z0-9 _-]{0,63}$/, 'name one item with letters, digits, spaces, "_" or "-", starting with a letter');
const pathSegment = z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/i, 'a name in a path is letters, digits, "_" or "-"');

export const MAX_TEMPLATE_FIELDS = 100;
export const MAX_KEPT_FIELDS = 50;

export const CrudParams = z.strictObject({
  collection: collectionName,
  /** One of them, in names and messages: "Get user". */
  item: itemName,
  fields: InputFormSchema.shape.fields.min(1, 'list at least one field').max(MAX_TEMPLATE_FIELDS),
  requireToken: z.boolean().default(true),
}).superRefine((params, context) => {
  for (const problem of formProblems(params.fields)) context.addIssue({ code: 'custom', path: ['fields', problem.row.join('.')], message: `${problem.row.join('.') || 'a field'}: ${problem.message}` });
});
export type CrudParams = z.infer<typeof CrudParams>;

export const ExternalApiParams = z.strictObject({
  title: z.string().trim().min(1).max(200).regex(/^[^"\\]*$/, 'a title without quotes or backslashes'),
  path: z.string().trim().superRefine((path, context) => {
    const problem = pathProblem(path);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  }),
  url: z.string().trim().max(2000).refine((url) => URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol), 'an http or https URL, like https://api.example.com/items'),
  /** Fields of the service's answer to keep; none keeps the whole answer as `data`. */
  keep: z.array(z.string().trim().min(1).max(100).regex(/^[^`]+$/, 'a field name without backquotes')).max(MAX_KEPT_FIELDS).default([]),
  requireToken: z.boolean().default(true),
});
export type ExternalApiParams = z.infer<typeof ExternalApiParams>;

export const WebhookParams = z.strictObject({
  /** Who sends it: the last segment of /webhooks/<source>. */
  source: pathSegment,
  collection: collectionName.default('webhook_events'),
});
export type WebhookParams = z.infer<typeof WebhookParams>;
