import { z } from 'zod';
import { INPUT_FORMATS } from '../input-form.js';
import { plainName } from './names.js';

/** The HTTP methods an App API can answer. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const HttpMethod = z.enum(HTTP_METHODS);
export type HttpMethod = z.infer<typeof HttpMethod>;

/** Methods whose requests carry a JSON body. */
export const BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH']);

/** A node key doubles as its name in expressions (`steps.<key>`), so it must be an identifier. */
export const NODE_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PATH_SEGMENT = /^(?::[A-Za-z_][A-Za-z0-9_]*|[A-Za-z0-9._~-]+)$/;

/** `/users/:id/posts` → `['id']`. */
export function pathParamNames(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment.startsWith(':'))
    .map((segment) => segment.slice(1));
}

/** Why a path is not a valid endpoint path, or null when it is. */
export function pathProblem(path: string): string | null {
  if (!path.startsWith('/')) return 'the path must start with "/"';
  if (path.length > 1 && path.endsWith('/')) return 'the path must not end with "/"';
  if (path === '/') return null;
  const segments = path.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '') return 'the path has an empty segment ("//")';
    if (!PATH_SEGMENT.test(segment)) {
      return `the segment "${segment}" may hold letters, digits and . _ ~ -, or be a parameter like ":id"`;
    }
  }
  const names = pathParamNames(path);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) return `the parameter ":${duplicate}" appears twice`;
  return null;
}

export const EndpointPath = z.string().max(512).superRefine((path, ctx) => {
  const problem = pathProblem(path);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const QUERY_PARAM_TYPES = ['string', 'number', 'integer', 'boolean'] as const;
export const QueryParam = z.object({
  name: z.string().min(1).max(100),
  type: z.enum(QUERY_PARAM_TYPES).default('string'),
  required: z.boolean().default(false),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  description: z.string().max(1000).optional(),
  /** Checked after the value is read as its type, like a body field of the input form (shared/input-form.ts). */
  format: z.enum(INPUT_FORMATS).optional(),
  /** A number's least and most value, a text's least and most length. */
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  enum: z.array(z.union([z.string().max(1000), z.number().finite()])).min(1).max(100).optional(),
  example: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
export type QueryParam = z.infer<typeof QueryParam>;

/** Path parameters are text unless declared: a number or a whole number, with a format, bounds, allowed values and an example like a query parameter's. */
export const PATH_PARAM_TYPES = ['string', 'number', 'integer'] as const;
export const PathParam = z.object({
  /** One of the path's `:name` segments; a declaration of a name the path lacks is ignored. */
  name: z.string().min(1).max(100),
  type: z.enum(PATH_PARAM_TYPES).default('string'),
  description: z.string().max(1000).optional(),
  format: z.enum(INPUT_FORMATS).optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  enum: z.array(z.union([z.string().max(1000), z.number().finite()])).min(1).max(100).optional(),
  example: z.union([z.string(), z.number()]).optional(),
});
export type PathParam = z.infer<typeof PathParam>;

/** The declarations of the path's own parameters, in the path's order. */
export const declaredPathParams = (definition: { path: string; params: readonly PathParam[] }): PathParam[] =>
  pathParamNames(definition.path).flatMap((name) => definition.params.filter((param) => param.name === name).slice(0, 1));

export const Scope = z.string().min(1).max(100).regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'a scope is printable ASCII without spaces, quotes or backslashes');

export const AuthConfig = z.object({
  required: z.boolean().default(false),
  keyGroupIds: z.array(z.string().min(1)).default([]),
  scopes: z.array(Scope).default([]),
});
export type AuthConfig = z.infer<typeof AuthConfig>;

export const RateLimit = z.object({
  requests: z.number().int().min(1).max(1_000_000),
  perSeconds: z.number().int().min(1).max(86_400),
});
export type RateLimit = z.infer<typeof RateLimit>;

export const Position = z.object({ x: z.number(), y: z.number() });

/** Nodes saved before node types had versions are version 1. */
export const FIRST_TYPE_VERSION = 1;
const MAX_TYPE_VERSION = 1000;

/** The version a node was saved with; stored drafts from before typeVersion was added may lack it. */
export const typeVersionOf = (node: { typeVersion?: number }): number => node.typeVersion ?? FIRST_TYPE_VERSION;

export const FlowNode = z.object({
  id: z.string().min(1).max(100),
  type: z.string().min(1).max(100),
  /** The version of its type the node was created at; it runs that version's executor, whatever the server's current one. */
  typeVersion: z.number().int().min(FIRST_TYPE_VERSION).max(MAX_TYPE_VERSION).default(FIRST_TYPE_VERSION),
  key: z.string().max(100),
  position: Position.default({ x: 0, y: 0 }),
  config: z.record(z.string(), z.unknown()).default({}),
});
export type FlowNode = z.infer<typeof FlowNode>;

export const FlowEdge = z.object({
  id: z.string().min(1).max(100),
  source: z.string().min(1),
  sourceHandle: z.string().min(1).default('out'),
  target: z.string().min(1),
  targetHandle: z.string().nullish(),
});
export type FlowEdge = z.infer<typeof FlowEdge>;

export const MAX_FLOW_NODES = 5000;

export const Flow = z.object({
  nodes: z.array(FlowNode).max(MAX_FLOW_NODES),
  edges: z.array(FlowEdge).max(MAX_FLOW_NODES * 4),
});
export type Flow = z.infer<typeof Flow>;

/** What a builder edits: the endpoint and its flow. Stored as the draft, frozen into versions. */
export const ApiDefinition = z.object({
  name: plainName(z.string().trim().min(1).max(200)),
  description: z.string().max(5000).default(''),
  method: HttpMethod,
  path: EndpointPath,
  query: z.array(QueryParam).default([]),
  params: z.array(PathParam).max(100).default([]),
  bodySchema: z.record(z.string(), z.unknown()).nullable().default(null),
  auth: AuthConfig.default({ required: false, keyGroupIds: [], scopes: [] }),
  rateLimit: RateLimit.nullable().default(null),
  flow: Flow,
});
export type ApiDefinition = z.infer<typeof ApiDefinition>;
export type ApiDefinitionInput = z.input<typeof ApiDefinition>;

/** Which version of an API an environment serves. */
export const Deployment = z.object({
  environment: z.string(),
  version: z.number().int(),
  publishedAt: z.string(),
  /** True when the draft differs from the version this environment serves. */
  draftChanged: z.boolean(),
});
export type Deployment = z.infer<typeof Deployment>;

export type ApiRecord = ApiDefinition & {
  id: string;
  createdAt: string;
  updatedAt: string;
  latestVersion: number | null;
  deployments: Deployment[];
  /** Raised by every save of the draft; a save names the one it read (If-Match). */
  revision: number;
};

export type ApiVersion = {
  apiId: string;
  version: number;
  definition: ApiDefinition;
  createdAt: string;
  environments: string[];
};

/** A flow with just the Request node, for a new API. */
export function starterFlow(): Flow {
  return {
    nodes: [{ id: 'request', type: 'request', typeVersion: FIRST_TYPE_VERSION, key: 'request', position: { x: 0, y: 0 }, config: {} }],
    edges: [],
  };
}
