import type { z } from 'zod';
import { formToSchema } from '../input-form.js';
import { inputIssues } from '../input-issues.js';
import type { ApiDefinitionInput, QueryParam } from '../model/api.js';
import { pathSource } from '../rules.js';
import { crudTemplate } from './crud.js';
import { externalApiTemplate } from './external-api.js';
import { fillTemplate, type TemplateValues } from './fill.js';
import { CrudParams, ExternalApiParams, WebhookParams } from './params.js';
import { webhookTemplate } from './webhook.js';

/** An API a template makes: its definition and an id the template gives it (the workspace gives it another). */
export type TemplateApi = ApiDefinitionInput & { id: string };

type TemplateJson = { readonly apis: readonly unknown[] };

type Template<P extends z.ZodType> = {
  title: string;
  description: string;
  params: P;
  json: TemplateJson;
  values: (params: z.output<P>) => TemplateValues;
};

const define = <P extends z.ZodType>(template: Template<P>): Template<P> => template;

/** The page size of a CRUD list when the caller names none, and the most it may ask for. */
export const CRUD_PAGE_SIZE = 20;
export const CRUD_MAX_PAGE_SIZE = 100;
/** Query parameters of the list that fields cannot be filtered by. */
const PAGING_PARAMS = new Set(['limit', 'cursor']);
const FILTER_TYPES = new Set(['string', 'number', 'integer', 'boolean']);

const authOf = (required: boolean) => ({ required, keyGroupIds: [], scopes: [] });

export const TEMPLATES = {
  crud: define({
    title: 'CRUD for a collection',
    description: 'Five APIs on a collection: list, get, create, update, delete.',
    params: CrudParams,
    json: crudTemplate,
    values: ({ collection, item, fields, requireToken }) => {
      const filters: QueryParam[] = fields
        .filter((field) => FILTER_TYPES.has(field.type) && !PAGING_PARAMS.has(field.name))
        .map(({ name, type, format, min, max, enum: values }) => ({
          name,
          type: type as QueryParam['type'],
          required: false,
          description: `Only ${collection} whose ${name} is this`,
          ...(format ? { format } : {}),
          ...(min === undefined ? {} : { min }),
          ...(max === undefined ? {} : { max }),
          ...(values ? { enum: values } : {}),
        }));
      const paging: QueryParam[] = [
        { name: 'limit', type: 'integer', required: false, default: CRUD_PAGE_SIZE, min: 1, max: CRUD_MAX_PAGE_SIZE, description: `How many ${collection} per page` },
        { name: 'cursor', type: 'string', required: false, description: 'The nextCursor of the page before; none for the first page' },
      ];
      const filter = filters.map((param) => `${JSON.stringify(param.name)}: ${pathSource(['request', 'query', param.name])}`);
      return {
        text: { collection, item, pageSize: String(CRUD_PAGE_SIZE) },
        slots: {
          auth: authOf(requireToken),
          listQuery: [...filters, ...paging],
          listFilter: filter.length > 0 ? `{${filter.join(', ')}}` : '{}',
          createSchema: formToSchema({ fields, acceptOthers: false }),
          updateSchema: formToSchema({ fields: fields.map((field) => ({ ...field, required: false })), acceptOthers: false }),
        },
      };
    },
  }),
  'external-api': define({
    title: 'Call an external API',
    description: 'Call a service and answer the part of its reply you keep.',
    params: ExternalApiParams,
    json: externalApiTemplate,
    values: ({ title, path, url, keep, requireToken }) => ({
      text: { title, path, host: new URL(url).host },
      slots: {
        auth: authOf(requireToken),
        urlExpression: JSON.stringify(url),
        reshape: keep.length > 0 ? Object.fromEntries(keep.map((name) => [name, pathSource(['steps', 'upstream', 'body', name])])) : { data: 'steps.upstream.body' },
      },
    }),
  }),
  webhook: define({
    title: 'Receive a webhook',
    description: 'Check the sender’s secret and store each event.',
    params: WebhookParams,
    json: webhookTemplate,
    values: ({ source, collection }) => ({ text: { source, collection }, slots: {} }),
  }),
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export const isTemplateName = (name: string): name is TemplateName => Object.hasOwn(TEMPLATES, name);

/** The params a template takes, as its form sends them. */
export type TemplateParams<N extends TemplateName> = z.input<(typeof TEMPLATES)[N]['params']>;

/** Why a template's answers cannot be used: the first problem, in words, with where it is. */
export type TemplateParamsProblem = { path: string; message: string };

/** A template's APIs for the builder's answers (its JSON with the blanks filled), or what is wrong with the answers. */
export function buildTemplate(name: TemplateName, answers: unknown): { apis: TemplateApi[] } | { problems: TemplateParamsProblem[] } {
  const template: Template<z.ZodType> = TEMPLATES[name] as unknown as Template<z.ZodType>;
  const parsed = template.params.safeParse(answers);
  if (!parsed.success) return { problems: inputIssues(parsed.error, '') };
  const filled = fillTemplate(template.json, template.values(parsed.data));
  return { apis: filled.apis as TemplateApi[] };
}
