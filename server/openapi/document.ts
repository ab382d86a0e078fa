import { createHash } from 'node:crypto';
import { HTTP_METHODS, pathParamNames, type ApiDefinition } from '../../shared/model/api.js';
import { operationIdBase, pathShape, pathTemplate, tagFor, uniqueOperationId } from './names.js';
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

/** Where one API sits in the document: its names depend on the other APIs (unique operation ids, a shared path template). */
export type Placement = { api: DocumentedApi; operationId: string; tag: string; templateNames: readonly string[]; template: string };

/**
 * One API's operation and its body schema, built alone, so a document reuses it while its inputs stay;
 * with the JSON text each adds to the document (`"post":{…}`, `,"CreateUserBody":{…}`, `"/users/{id}":{`).
 */
export type OperationPart = {
  operation: Json;
  schema: { name: string; value: Json } | null;
  pathKey: Buffer;
  methodEntry: Buffer;
  schemaEntry: Buffer | null;
};

/** A document, and its JSON as served. */
export type AssembledDocument = { document: Json; body: Buffer };

// Intl.Collator orders as String#localeCompare does, ten times faster: sorting 1,000 paths took 10 ms with localeCompare.
const collator = new Intl.Collator();

/**
 * The OpenAPI 3.1 document of one environment: every published API as an operation, grouped into
 * tags by the first segment of its path. Deterministic for the same input, so it diffs well in git.
 */
export function buildOpenApiDocument(input: DocumentInput): Json {
  const placements = placeApis(input.apis);
  return assembleDocument(input, placements, placements.map((placement) => buildOperationPart(placement, input.keyGroupNames))).document;
}

/** What an API's place takes from its own definition, kept with the served version's definition object. */
type OwnPlace = { operationIdBase: string; shape: string; ownNames: readonly string[]; tag: string; ownTemplate: string };
const ownPlaces = new WeakMap<ApiDefinition, OwnPlace>();

function ownPlaceOf(definition: ApiDefinition): OwnPlace {
  let own = ownPlaces.get(definition);
  if (!own) {
    const { method, path, name } = definition;
    own = { operationIdBase: operationIdBase(name, method, path), shape: pathShape(path), ownNames: pathParamNames(path), tag: tagFor(path), ownTemplate: pathTemplate(path) };
    ownPlaces.set(definition, own);
  }
  return own;
}

/**
 * Every API's place, in document order (by path, then method); cheap next to building the operations.
 * `previous`: the order of the last build of the same document, which only the APIs that changed are placed into.
 */
export function placeApis(documented: readonly DocumentedApi[], previous?: readonly DocumentedApi[]): Placement[] {
  const apis = documentOrder(documented, previous);
  const operationIds = new Set<string>();
  const shapes = new Map<string, readonly string[]>();
  return apis.map((api) => {
    const own = ownPlaceOf(api.definition);
    const templateNames = shapes.get(own.shape) ?? own.ownNames;
    shapes.set(own.shape, templateNames);
    const template = templateNames === own.ownNames ? own.ownTemplate : pathTemplate(api.definition.path, templateNames);
    return { api, operationId: uniqueOperationId(own.operationIdBase, operationIds), tag: own.tag, templateNames, template };
  });
}

/** One API's operation, as the document at `placement` shows it. */
export function buildOperationPart(placement: Placement, keyGroupNames: ReadonlyMap<string, string> | null): OperationPart {
  let schema: OperationPart['schema'] = null;
  const operation = buildOperation(placement.api, {
    operationId: placement.operationId,
    tag: placement.tag,
    templateNames: placement.templateNames,
    keyGroupNames,
    addSchema: (name, value) => {
      schema = { name, value };
      return `#/components/schemas/${name}`;
    },
  });
  const method = placement.api.definition.method.toLowerCase();
  const written = schema as OperationPart['schema'];
  return {
    operation,
    schema: written,
    pathKey: Buffer.from(`${JSON.stringify(placement.template)}:{`),
    methodEntry: Buffer.from(`${JSON.stringify(method)}:${JSON.stringify(operation)}`),
    schemaEntry: written ? Buffer.from(`,${JSON.stringify(written.name)}:${JSON.stringify(written.value)}`) : null,
  };
}

/**
 * The document from its operations, as an object and as the JSON text `JSON.stringify` would give,
 * joined from each part's text: serializing a 1,000-API document whole took 20–60 ms of the event loop.
 */
export function assembleDocument(input: Pick<DocumentInput, 'environment' | 'runtimeUrl'>, placements: readonly Placement[], parts: readonly OperationPart[]): AssembledDocument {
  const { document, pieces } = documentPieces(input, placements, parts);
  return { document, body: Buffer.concat(pieces) };
}

/** The document, and its JSON in pieces, in order: joined at once (assembleDocument) or in slices (the service). */
export function documentPieces(input: Pick<DocumentInput, 'environment' | 'runtimeUrl'>, placements: readonly Placement[], parts: readonly OperationPart[]): { document: Json; pieces: Buffer[] } {
  const components = sharedComponents() as Json & { schemas: Json };
  const paths: Record<string, Json> = {};
  // Each path's methods, in document order: a path's methods need not be next to each other (another path sorts between).
  const byPath = new Map<string, OperationPart[]>();
  const schemaEntries: Buffer[] = [];
  const tags = new Set<string>();
  placements.forEach((placement, index) => {
    const part = parts[index]!;
    tags.add(placement.tag);
    (paths[placement.template] ??= {})[placement.api.definition.method.toLowerCase()] = part.operation;
    const methods = byPath.get(placement.template);
    if (methods) methods.push(part);
    else byPath.set(placement.template, [part]);
    if (part.schema && part.schemaEntry) {
      components.schemas[part.schema.name] = part.schema.value;
      schemaEntries.push(part.schemaEntry);
    }
  });

  const head = {
    openapi: OPENAPI_VERSION,
    info: {
      title: `Flowgate APIs: ${input.environment}`,
      version: contentVersion(input.environment, placements),
      description: [
        `The App APIs published to the \`${input.environment}\` environment of a Flowgate workspace.`,
        'Every error answers `{"error": {"code", "message", "requestId"}}`; every answer carries `X-Request-Id`.',
        `This document is served at \`/${input.environment}/openapi.json\`, unless a published API of its own uses that path: published APIs are matched first.`,
      ].join('\n\n'),
    },
    servers: [{ url: `${input.runtimeUrl}/${input.environment}`, description: `The ${input.environment} environment` }],
    tags: [...tags].sort().map((name) => ({ name })),
  };
  const document: Json = { ...head, paths, components };

  // Keys in insertion order, as JSON.stringify writes them: none is an array index (paths start with "/").
  const pieces: Buffer[] = [Buffer.from(`${JSON.stringify(head).slice(0, -1)},"paths":{`)];
  let firstPath = true;
  for (const methods of byPath.values()) {
    if (!firstPath) pieces.push(COMMA);
    firstPath = false;
    pieces.push(methods[0]!.pathKey);
    methods.forEach((part, index) => {
      if (index > 0) pieces.push(COMMA);
      pieces.push(part.methodEntry);
    });
    pieces.push(CLOSE);
  }
  const { schemas, ...rest } = sharedComponents() as Json & { schemas: Json };
  pieces.push(Buffer.from(`},"components":{"schemas":${JSON.stringify(schemas).slice(0, -1)}`), ...schemaEntries);
  pieces.push(Buffer.from(`},${JSON.stringify(rest).slice(1)}}`));
  return { document, pieces };
}

const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}');

const methodRank = (api: DocumentedApi): number => HTTP_METHODS.indexOf(api.definition.method);
const byPlace = (a: DocumentedApi, b: DocumentedApi): number => collator.compare(a.definition.path, b.definition.path) || methodRank(a) - methodRank(b);
/** Past this share of APIs changed since the last build, sorting them all is cheaper than placing each. */
const RESORT_SHARE = 0.125;

/**
 * The APIs sorted by place. From the last build's order, only the APIs new or moved since are placed
 * (a binary search each): sorting 1,000 paths anew took 5–15 ms of a rebuild on a busy machine.
 * No two APIs of one environment share a method and path, so the order is the same either way.
 */
function documentOrder(documented: readonly DocumentedApi[], previous: readonly DocumentedApi[] | undefined): DocumentedApi[] {
  if (!previous) return [...documented].sort(byPlace);
  const now = new Map(documented.map((api) => [api.apiId, api]));
  const ordered: DocumentedApi[] = [];
  const placed = new Set<string>();
  for (const before of previous) {
    const api = now.get(before.apiId);
    if (api && api.definition.path === before.definition.path && api.definition.method === before.definition.method) {
      ordered.push(api);
      placed.add(api.apiId);
    }
  }
  const moved = documented.filter((api) => !placed.has(api.apiId));
  if (moved.length > documented.length * RESORT_SHARE) return [...documented].sort(byPlace);
  for (const api of moved) {
    let low = 0;
    let high = ordered.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (byPlace(ordered[middle]!, api) < 0) low = middle + 1;
      else high = middle;
    }
    ordered.splice(low, 0, api);
  }
  return ordered;
}

/** Changes whenever what the environment serves, or an example, changes. */
function contentVersion(environment: string, placements: readonly Placement[]): string {
  const served = placements.map(({ api }) => `${api.apiId}@${api.version}:${api.examples.map((example) => example.id).join('+')}`).join(',');
  return `${environment}-${createHash('sha256').update(served).digest('hex').slice(0, 10)}`;
}
