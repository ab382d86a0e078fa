import { createHash } from 'node:crypto';
import { HTTP_METHODS, pathParamNames } from '../../shared/model/api.js';
import { operationIdFor, pathShape, pathTemplate, tagFor } from './names.js';
import { buildOperation, type DocumentedApi } from './operation.js';
import { sharedComponents } from './responses.js';

type Json = Record<string, unknown>;

export type DocumentInput = {
  environment: string;
  /** The runtime's base URL, e.g. `http://127.0.0.1:4310`. */
  runtimeUrl: string;
  /** What the environment serves now, one entry per published API. */
  apis: readonly DocumentedApi[];
  /** Null for the public document (`/<env>/openapi.json`): key groups are named only to the builder. */
  keyGroupNames: ReadonlyMap<string, string> | null;
};

export const OPENAPI_VERSION = '3.1.0';

/**
 * The OpenAPI 3.1 document of one environment: every published API as an operation, grouped into
 * tags by the first segment of its path. Deterministic for the same input, so it diffs well in git.
 */
export function buildOpenApiDocument(input: DocumentInput): Json {
  const apis = [...input.apis].sort((a, b) => a.definition.path.localeCompare(b.definition.path) || methodRank(a) - methodRank(b));
  const components = sharedComponents() as Json & { schemas: Json };
  const operationIds = new Set<string>();
  const shapes = new Map<string, readonly string[]>();
  const paths: Record<string, Json> = {};
  const tags = new Set<string>();

  for (const api of apis) {
    const { method, path, name } = api.definition;
    const shape = pathShape(path);
    const templateNames = shapes.get(shape) ?? pathParamNames(path);
    shapes.set(shape, templateNames);
    const tag = tagFor(path);
    tags.add(tag);
    const operation = buildOperation(api, {
      operationId: operationIdFor(name, method, path, operationIds),
      tag,
      templateNames,
      keyGroupNames: input.keyGroupNames,
      addSchema: (schemaName, schema) => {
        components.schemas[schemaName] = schema;
        return `#/components/schemas/${schemaName}`;
      },
    });
    const item = (paths[pathTemplate(path, templateNames)] ??= {});
    item[method.toLowerCase()] = operation;
  }

  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: `Flowgate APIs: ${input.environment}`,
      version: contentVersion(input.environment, apis),
      description: [
        `The App APIs published to the \`${input.environment}\` environment of a Flowgate workspace.`,
        'Every error answers `{"error": {"code", "message", "requestId"}}`; every answer carries `X-Request-Id`.',
        `This document is served at \`/${input.environment}/openapi.json\`, unless a published API of its own uses that path: published APIs are matched first.`,
      ].join('\n\n'),
    },
    servers: [{ url: `${input.runtimeUrl}/${input.environment}`, description: `The ${input.environment} environment` }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components,
  };
}

const methodRank = (api: DocumentedApi): number => HTTP_METHODS.indexOf(api.definition.method);

/** Changes whenever what the environment serves, or an example, changes. */
function contentVersion(environment: string, apis: readonly DocumentedApi[]): string {
  const served = apis.map((api) => `${api.apiId}@${api.version}:${api.examples.map((example) => example.id).join('+')}`).join(',');
  return `${environment}-${createHash('sha256').update(served).digest('hex').slice(0, 10)}`;
}
