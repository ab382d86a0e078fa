import { BODY_METHODS, declaredPathParams, pathParamNames, type ApiDefinition, type QueryParam } from '../../shared/model/api.js';
import type { ApiExample } from '../../shared/model/api-example.js';
import { documentedBody } from '../../shared/body-schema.js';
import { fieldSchema } from '../../shared/input-form.js';
import { flowEndings } from './outcomes.js';
import { buildResponses } from './responses.js';
import { toOpenApiSchema } from './schema-dialect.js';

type Json = Record<string, unknown>;

/** One published API as the document describes it. */
export type DocumentedApi = { apiId: string; version: number; definition: ApiDefinition; examples: readonly ApiExample[] };

export type OperationContext = {
  operationId: string;
  tag: string;
  /** The names the path template uses, which may differ from this API's own when another API shares the path's shape. */
  templateNames: readonly string[];
  /** Null in the public document: who may call is no caller's business, only that some groups may. */
  keyGroupNames: ReadonlyMap<string, string> | null;
  /** Where the body schema goes, e.g. `CreateUserBody` in `components.schemas`. */
  addSchema: (name: string, schema: Json) => string;
};

/** The OpenAPI operation of one published API version. */
export function buildOperation(api: DocumentedApi, context: OperationContext): Json {
  const { definition, examples } = api;
  const operation: Json = {
    operationId: context.operationId,
    summary: definition.name,
    description: describe(api, context.keyGroupNames),
    tags: [context.tag],
  };
  const parameters = [...pathParameters(definition, context.templateNames, examples), ...definition.query.map((param) => queryParameter(param, examples))];
  if (parameters.length > 0) operation.parameters = parameters;
  if (BODY_METHODS.has(definition.method)) operation.requestBody = requestBody(api, context);
  const responses = buildResponses(definition, flowEndings(definition));
  addResponseExamples(responses, examples);
  operation.responses = responses;
  if (definition.auth.required) operation.security = [{ bearerAuth: definition.auth.scopes }];
  operation['x-flowgate-api-id'] = api.apiId;
  operation['x-flowgate-version'] = api.version;
  return operation;
}

function describe(api: DocumentedApi, keyGroupNames: ReadonlyMap<string, string> | null): string {
  const { auth, rateLimit, description } = api.definition;
  const lines = description.trim() ? [description.trim(), ''] : [];
  if (auth.required) {
    const scopes = auth.scopes.length > 0 ? ` with the scope${auth.scopes.length === 1 ? '' : 's'} ${auth.scopes.map((s) => `\`${s}\``).join(', ')}` : '';
    lines.push(`Requires a bearer token of this environment${scopes}.`);
    if (auth.keyGroupIds.length > 0) {
      if (keyGroupNames === null) {
        lines.push('Only tokens in certain key groups are accepted.');
      } else {
        const names = auth.keyGroupIds.map((id) => `\`${keyGroupNames.get(id) ?? id}\``);
        lines.push(`Only tokens in the key group${names.length === 1 ? '' : 's'} ${names.join(', ')} are accepted.`);
      }
    }
  } else {
    lines.push('Open: no token needed.');
  }
  if (rateLimit) lines.push(`Rate limit: ${rateLimit.requests} requests per ${rateLimit.perSeconds} s.`);
  lines.push(`Published version: v${api.version}.`);
  return lines.join('\n');
}

function pathParameters(definition: ApiDefinition, templateNames: readonly string[], examples: readonly ApiExample[]): Json[] {
  const declared = new Map(declaredPathParams(definition).map((param) => [param.name, param]));
  return pathParamNames(definition.path).map((own, index) => {
    const name = templateNames[index] ?? own;
    const typed = declared.get(own);
    const { description, ...constraints } = typed ?? { type: 'string' as const };
    const parameter: Json = { name, in: 'path', required: true, schema: fieldSchema({ ...constraints, name: own, required: true }) };
    const notes = [description, name !== own ? `Read by the flow as \`request.params.${own}\`` : undefined].filter(Boolean);
    if (notes.length > 0) parameter.description = notes.join('. ');
    const values = examples.filter((example) => example.request.params[own] !== undefined);
    if (values.length > 0) parameter.examples = keyed(values, (example) => ({ summary: example.name, value: example.request.params[own] }));
    return parameter;
  });
}

/** Its type with the format, bounds and allowed values the runtime checks, as the input form writes them. */
function queryParameter(param: QueryParam, examples: readonly ApiExample[]): Json {
  const { description: _description, ...typed } = param;
  const schema: Json = fieldSchema(typed);
  if (param.default !== undefined) schema.default = param.default;
  const parameter: Json = { name: param.name, in: 'query', required: param.required, schema };
  if (param.description) parameter.description = param.description;
  const values = examples.filter((example) => example.request.query[param.name] !== undefined);
  if (values.length > 0) parameter.examples = keyed(values, (example) => ({ summary: example.name, value: example.request.query[param.name] }));
  return parameter;
}

/** The body the endpoint's schema, or a Validate node right after Request, asks for; any JSON when neither does. */
function requestBody(api: DocumentedApi, context: OperationContext): Json {
  const body = documentedBody(api.definition);
  const name = `${context.operationId[0]!.toUpperCase()}${context.operationId.slice(1)}Body`;
  const schema = body ? { $ref: context.addSchema(name, toOpenApiSchema(body.schema, `#/components/schemas/${name}`)) } : {};
  const media: Json = { schema };
  const values = api.examples.filter((example) => example.request.body !== undefined);
  if (values.length > 0) media.examples = keyed(values, (example) => ({ summary: example.name, value: example.request.body }));
  const requestBody: Json = { required: body !== null, content: { 'application/json': media } };
  if (body?.from === 'validate') requestBody.description = `Checked by the flow's Validate step \`${body.nodeKey}\`.`;
  return requestBody;
}

/** Each example's answer under its status; a status no terminal node gives still shows what was seen. */
function addResponseExamples(responses: Record<string, Json>, examples: readonly ApiExample[]): void {
  for (const example of examples) {
    const status = String(example.response.status);
    const response = (responses[status] ??= { description: `Seen in the example "${example.name}"` });
    if (example.response.body === undefined) continue;
    const content = (response.content ??= { 'application/json': { schema: {} } }) as Record<string, Json>;
    const media = (content['application/json'] ??= { schema: {} });
    const named = (media.examples ??= {}) as Json;
    named[uniqueKey(example.name, named)] = { summary: example.name, value: example.response.body };
  }
}

function keyed(examples: readonly ApiExample[], value: (example: ApiExample) => Json): Json {
  const out: Json = {};
  for (const example of examples) out[uniqueKey(example.name, out)] = value(example);
  return out;
}

function uniqueKey(name: string, taken: Json): string {
  let key = name;
  for (let n = 2; key in taken; n++) key = `${name} (${n})`;
  return key;
}
