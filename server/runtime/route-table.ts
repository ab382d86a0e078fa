import FindMyWay from 'find-my-way';
import { compileApi } from '../../shared/compile/compile.js';
import type { Plan } from '../../shared/compile/plan.js';
import type { ApiDefinition, HttpMethod } from '../../shared/model/api.js';
import { declaredPathParams, HTTP_METHODS } from '../../shared/model/api.js';
import type { EnvContext } from '../../shared/model/runtime.js';
import type { ExecutorServices } from '../executors/types.js';
import { isBoundedPlan } from '../workers/bounded-plan.js';
import type { FlowTarget } from '../workers/protocol.js';
import { definitionHash, type LiveDeployment } from '../workspace/apis.js';
import { prepareFlow, type PreparedFlow } from './engine.js';
import { compilePathParams, compileQueryParams, type ParamsCoercer, type QueryCoercer } from './query.js';
import { compileSchema, type SchemaCheck } from './schemas.js';

/** Everything needed to serve one published API version in one environment, built once at publish. */
export type Route = {
  environment: string;
  env: EnvContext;
  apiId: string;
  version: number;
  definition: ApiDefinition;
  flow: PreparedFlow;
  coerceQuery: QueryCoercer;
  /** Reads the declared path parameters as their types and checks them. */
  coerceParams: ParamsCoercer;
  /** Checks the body against the API's JSON Schema; null when it has none. */
  checkBody: SchemaCheck | null;
  /** `/dev/users/:id`, as find-my-way knows it. */
  pattern: string;
  /** The plan provably cannot run long (bounded-plan.ts): the listener may run it itself. */
  bounded: boolean;
  /** How a flow worker finds this route: its published version, in its environment. */
  target: FlowTarget;
  /** Why this stored version cannot be compiled here; its flow then answers 503 version_unavailable. */
  unavailable?: string;
};

/** The part of a route that depends only on the API version, shared by every environment serving it. */
export type CompiledVersion = Pick<Route, 'flow' | 'coerceQuery' | 'coerceParams' | 'checkBody' | 'bounded'>;

/** What serving a compiled plan needs, built the same way for a published version and for a Draft run. */
export function prepareVersion(plan: Plan, definition: ApiDefinition, services: ExecutorServices): CompiledVersion {
  return {
    flow: prepareFlow(plan, services),
    coerceQuery: compileQueryParams(definition.query),
    coerceParams: compilePathParams(declaredPathParams(definition)),
    checkBody: definition.bodySchema ? compileSchema(definition.bodySchema) : null,
    bounded: isBoundedPlan(definition, plan),
  };
}

/** One API version served in one environment. */
export function buildRoute(deployment: Pick<LiveDeployment, 'environment' | 'apiId' | 'version' | 'definition'>, env: EnvContext, compiled: CompiledVersion): Route {
  const route = {
    environment: deployment.environment,
    env,
    apiId: deployment.apiId,
    version: deployment.version,
    definition: deployment.definition,
    pattern: routePattern(deployment.environment, deployment.definition.path),
    target: { kind: 'live', apiId: deployment.apiId, version: deployment.version, environment: deployment.environment },
  };
  // Copied as they are: a version prepared on demand (listenerVersion) stays so in its routes.
  return Object.defineProperties(route, Object.getOwnPropertyDescriptors(compiled)) as Route;
}

/** The same route serving with another environment's context; what is prepared on demand stays so (a spread would prepare it). */
export function withEnv(route: Route, env: EnvContext): Route {
  const descriptors = Object.getOwnPropertyDescriptors(route);
  descriptors.env = { ...descriptors.env, value: env };
  return Object.defineProperties({}, descriptors) as Route;
}

export class RouteConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RouteConflict';
  }
}

/** Compiles a published version as publishing checked it; throws when it does not compile (a workspace edited behind our back). */
export function compileVersion(apiId: string, version: number, definition: ApiDefinition, services: ExecutorServices): CompiledVersion {
  return prepareVersion(checkedPlan(apiId, version, definition), definition, services);
}

/**
 * The listener's copy of a published version: checked as publishing checks it, and prepared now only
 * when its plan may run on the listener (bounded). Any other runs in the flow workers, which prepare
 * their own, so the listener prepares it only if asked: preparing flows it never runs (JSONata,
 * JSON Schema code generation) was most of a publish's time on the listener's event loop.
 */
export function listenerVersion(apiId: string, version: number, definition: ApiDefinition, services: ExecutorServices, checked?: Plan): CompiledVersion {
  const plan = checked ?? checkedPlan(apiId, version, definition);
  plans.set(definition, plan);
  if (isBoundedPlan(definition, plan)) return withPlan(prepareVersion(plan, definition, services), plan);
  let prepared: CompiledVersion | undefined;
  const prepare = (): CompiledVersion => (prepared ??= prepareVersion(plan, definition, services));
  return withPlan({
    bounded: false,
    get flow() {
      return prepare().flow;
    },
    get coerceQuery() {
      return prepare().coerceQuery;
    },
    get coerceParams() {
      return prepare().coerceParams;
    },
    get checkBody() {
      return prepare().checkBody;
    },
  }, plan);
}

/** Plans by the definition object they were compiled from, while it lives: the OpenAPI document reads a served version's endings from it. */
const plans = new WeakMap<ApiDefinition, Plan>();
export const compiledPlanOf = (definition: ApiDefinition): Plan | undefined => plans.get(definition);
/** The plan each listener version was prepared from: a route built anew from the cache (an import re-reads every definition) finds its plan too. */
const versionPlans = new WeakMap<CompiledVersion, Plan>();
const withPlan = (compiled: CompiledVersion, plan: Plan): CompiledVersion => {
  versionPlans.set(compiled, plan);
  return compiled;
};

function checkedPlan(apiId: string, version: number, definition: ApiDefinition): Plan {
  const result = compileApi(definition, { published: true });
  if (!result.ok) {
    const first = result.problems.find((problem) => problem.severity === 'error');
    throw new Error(`API ${apiId} version ${version} does not compile: ${first?.message ?? 'unknown problem'}`);
  }
  return result.plan;
}

/** The listener's compiled versions, cached while they are served, so publishing one API does not recompile the others. */
export class VersionCompiler {
  /** By API, then version: one API's versions are found and dropped without walking the others. */
  private readonly cache = new Map<string, Map<number, CompiledVersion>>();
  /** The plan publishing just checked, by API, with its definition's hash: the version stored from it is not compiled again. */
  private readonly offered = new Map<string, { hash: string; plan: Plan }>();
  /** Compiles done since start: tests read it to see that a publish compiled only what changed. */
  compiles = 0;

  constructor(private readonly services: ExecutorServices) {}

  /** A plan compiled (strictly) from `hash`'s definition, for the next version of the API compiled here. */
  offer(apiId: string, hash: string, plan: Plan): void {
    this.offered.set(apiId, { hash, plan });
  }

  compile(apiId: string, version: number, definition: ApiDefinition): CompiledVersion {
    let versions = this.cache.get(apiId);
    let compiled = versions?.get(version);
    if (!compiled) {
      this.compiles += 1;
      const offer = this.offered.get(apiId);
      this.offered.delete(apiId);
      // Only for the very definition it was compiled from: the draft may have changed before it was stored.
      const plan = offer && offer.hash === definitionHash(definition) ? offer.plan : undefined;
      compiled = listenerVersion(apiId, version, definition, this.services, plan);
      if (!versions) this.cache.set(apiId, (versions = new Map()));
      versions.set(version, compiled);
    } else {
      const plan = versionPlans.get(compiled);
      if (plan) plans.set(definition, plan);
    }
    return compiled;
  }

  forgetVersion(apiId: string, version: number): void {
    const versions = this.cache.get(apiId);
    versions?.delete(version);
    if (versions?.size === 0) this.cache.delete(apiId);
  }

  forget(apiId: string): void {
    this.cache.delete(apiId);
    this.offered.delete(apiId);
  }

  /** After a change to one API: drops its compiled versions that `served` (its routes now) no longer use, without walking the others. */
  keepOnlyOf(apiId: string, served: Route[]): void {
    const versions = this.cache.get(apiId);
    if (!versions) return;
    const live = new Set(served.map((route) => route.version));
    for (const version of [...versions.keys()]) if (!live.has(version)) this.forgetVersion(apiId, version);
  }

  /** Drops every compiled version no route serves any more: what kept each replaced version's plan, executors and schema checks alive. */
  keepOnly(served: Iterable<Route>): void {
    const live = new Set<string>();
    for (const route of served) live.add(versionKey(route.apiId, route.version));
    for (const [apiId, versions] of [...this.cache]) {
      for (const version of [...versions.keys()]) if (!live.has(versionKey(apiId, version))) this.forgetVersion(apiId, version);
    }
  }

  get size(): number {
    let size = 0;
    for (const versions of this.cache.values()) size += versions.size;
    return size;
  }
}

/** How a compiled version is known across the listener and its flow workers. */
export const versionKey = (apiId: string, version: number): string => `${apiId}@${version}`;

/** The 503 a stored published version answers when this server cannot compile it (e.g. published before a check existed). */
export const VERSION_UNAVAILABLE_STATUS = 503;

/**
 * A route for a version that does not compile: the same method, path and auth, its flow replaced
 * by one Fail step naming the API and the reason, run on the listener (bounded).
 */
export function unavailableRoute(deployment: Pick<LiveDeployment, 'environment' | 'apiId' | 'version' | 'definition'>, env: EnvContext, reason: string, services: ExecutorServices): Route {
  const { definition } = deployment;
  const message = `The API "${definition.name}" (version ${deployment.version}) cannot be served by this server: ${reason}. Publish it again after fixing its flow.`;
  const flow: ApiDefinition['flow'] = {
    nodes: [
      { id: 'request', type: 'request', typeVersion: 1, key: 'request', position: { x: 0, y: 0 }, config: {} },
      { id: 'unavailable', type: 'fail', typeVersion: 1, key: 'unavailable', position: { x: 200, y: 0 }, config: { status: VERSION_UNAVAILABLE_STATUS, code: 'version_unavailable', message: JSON.stringify(message) } },
    ],
    edges: [{ id: 'unavailable-edge', source: 'request', sourceHandle: 'out', target: 'unavailable' }],
  };
  const result = compileApi({ ...definition, query: [], bodySchema: null, flow }, { published: true });
  if (!result.ok) throw new Error(`API ${deployment.apiId} version ${deployment.version}: ${reason}`);
  const compiled: CompiledVersion = { flow: prepareFlow(result.plan, services), coerceQuery: compileQueryParams([]), coerceParams: compilePathParams([]), checkBody: null, bounded: true };
  return { ...buildRoute(deployment, env, compiled), unavailable: reason };
}

/** Where one route sits in the router; `route` is null once its API left that path (find-my-way's off rebuilds every route). */
type Slot = { route: Route | null; method: HttpMethod; pattern: string };

const routeKey = (environment: string, apiId: string): string => `${environment}\u0000${apiId}`;
const shapeKey = (method: string, pattern: string): string => `${method} ${pathShape(pattern)}`;
/** Emptied slots tolerated before the router is built again without them: bounds what unpublished paths cost lookups. */
const MAX_EMPTY_SLOTS = 256;

/**
 * What the runtime serves, changed one API at a time: a route on a path some API held before
 * fills that slot; a new path is put on the router (find-my-way adds a route without touching the
 * others); a route taken off empties its slot. The router is not compiled to code: compiling
 * regenerates every route of a method on the next lookup after any change (~200 ms at 1,000 APIs).
 * Requests already dispatched hold their Route, so they finish on the version they started on.
 */
export class RouteTable {
  private router = newRouter();
  /** By environment and API: the slot its route sits in. */
  private readonly served = new Map<string, Slot>();
  /** By API: the environments it is served in, so one API's routes are found without walking every route. */
  private readonly environmentsOf = new Map<string, Set<string>>();
  /** By method and path shape: every slot on the router, filled or empty. */
  private readonly shapes = new Map<string, Slot>();
  private empty = 0;
  private sorted: Route[] | null = null;

  constructor(deployments: LiveDeployment[], environments: Map<string, EnvContext>, compiler: VersionCompiler, services: ExecutorServices) {
    for (const deployment of deployments) {
      const env = environments.get(deployment.environment);
      if (!env) continue;
      this.set(routeFor(deployment, env, compiler, services));
    }
  }

  /** Every route served, by environment then API id. */
  get routes(): Route[] {
    this.sorted ??= [...this.served.values()].map((slot) => slot.route!).sort((a, b) => compareRoutes(a, b));
    return this.sorted;
  }

  /** One API's routes, in every environment serving it: what a publish of it changed. */
  routesOf(apiId: string): Route[] {
    const routes: Route[] = [];
    for (const environment of this.environmentsOf.get(apiId) ?? []) {
      const route = this.get(environment, apiId);
      if (route) routes.push(route);
    }
    return routes;
  }

  get(environment: string, apiId: string): Route | undefined {
    return this.served.get(routeKey(environment, apiId))?.route ?? undefined;
  }

  /** Throws RouteConflict when `route` would clash with another API's route in its environment. */
  checkConflict(route: Pick<Route, 'environment' | 'apiId' | 'pattern' | 'definition'>): void {
    const holder = this.shapes.get(shapeKey(route.definition.method, route.pattern))?.route;
    if (holder && holder.apiId !== route.apiId) throw conflict(route, holder);
  }

  /** Serves `route` in place of its API's route in its environment (if any). */
  set(route: Route): void {
    const key = routeKey(route.environment, route.apiId);
    const current = this.served.get(key);
    const method = route.definition.method;
    this.sorted = null;
    if (current && current.method === method && current.pattern === route.pattern) {
      current.route = route;
      return;
    }
    this.checkConflict(route);
    const previous = current?.route ?? null;
    if (current) {
      current.route = null;
      this.release(route.environment, route.apiId);
      this.empty += 1;
    }
    let slot = this.shapes.get(shapeKey(method, route.pattern));
    if (slot && slot.pattern !== route.pattern) {
      // The same shape with other parameter names (an empty slot): the router knows the old names, so it is built again without it.
      this.rebuild();
      slot = undefined;
    }
    if (!slot) {
      slot = { route: null, method, pattern: route.pattern };
      try {
        this.router.on(method, route.pattern, noop, slot);
      } catch (error) {
        if (current && previous) {
          // Back as it was: the old route still serves.
          current.route = previous;
          this.hold(route.environment, route.apiId, current);
          this.empty -= 1;
        }
        throw new RouteConflict(`${method} ${route.definition.path} in "${route.environment}" cannot be served: ${error instanceof Error ? error.message : String(error)}`);
      }
      this.shapes.set(shapeKey(method, route.pattern), slot);
    } else {
      this.empty -= 1;
    }
    slot.route = route;
    this.hold(route.environment, route.apiId, slot);
    if (this.empty > MAX_EMPTY_SLOTS) this.rebuild();
  }

  remove(environment: string, apiId: string): void {
    const key = routeKey(environment, apiId);
    const slot = this.served.get(key);
    if (!slot) return;
    this.sorted = null;
    slot.route = null;
    this.release(environment, apiId);
    this.empty += 1;
    if (this.empty > MAX_EMPTY_SLOTS) this.rebuild();
  }

  find(method: string, path: string): { route: Route; params: Record<string, string>; query: Record<string, string | string[]> } | null {
    const found = this.router.find(method as HttpMethod, path);
    const route = (found?.store as Slot | undefined)?.route;
    if (!found || !route) return null;
    return { route, params: found.params as Record<string, string>, query: found.searchParams };
  }

  /** The methods a path answers, for 405's `Allow`; empty when the path is unknown. */
  allowedMethods(path: string): HttpMethod[] {
    return HTTP_METHODS.filter((method) => (this.router.find(method, path)?.store as Slot | undefined)?.route);
  }

  private hold(environment: string, apiId: string, slot: Slot): void {
    this.served.set(routeKey(environment, apiId), slot);
    let environments = this.environmentsOf.get(apiId);
    if (!environments) this.environmentsOf.set(apiId, (environments = new Set()));
    environments.add(environment);
  }

  private release(environment: string, apiId: string): void {
    this.served.delete(routeKey(environment, apiId));
    const environments = this.environmentsOf.get(apiId);
    environments?.delete(environment);
    if (environments?.size === 0) this.environmentsOf.delete(apiId);
  }

  /** A router of the filled slots only. */
  private rebuild(): void {
    this.router = newRouter();
    for (const [key, slot] of this.shapes) {
      if (slot.route) this.router.on(slot.method, slot.pattern, noop, slot);
      else this.shapes.delete(key);
    }
    this.empty = 0;
  }
}

const newRouter = () => FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true, maxParamLength: 500 });

/** The route of one deployment: compiled (or taken from the cache), or answering 503 when its stored version does not compile. */
export function routeFor(deployment: LiveDeployment, env: EnvContext, compiler: VersionCompiler, services: ExecutorServices): Route {
  try {
    return buildRoute(deployment, env, compiler.compile(deployment.apiId, deployment.version, deployment.definition));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`[runtime] ${reason}: it answers ${VERSION_UNAVAILABLE_STATUS} version_unavailable`);
    return unavailableRoute(deployment, env, reason, services);
  }
}

const conflict = (route: Pick<Route, 'environment' | 'definition'>, other: Route): RouteConflict =>
  new RouteConflict(`${route.definition.method} ${route.definition.path} in "${route.environment}" clashes with "${other.definition.name}" (${other.definition.method} ${other.definition.path})`);

const compareRoutes = (a: Route, b: Route): number =>
  a.environment < b.environment ? -1 : a.environment > b.environment ? 1 : a.apiId < b.apiId ? -1 : a.apiId > b.apiId ? 1 : 0;

const noop = (): void => undefined;

export function routePattern(environment: string, path: string): string {
  return path === '/' ? `/${environment}` : `/${environment}${path}`;
}

const pathShape = (pattern: string): string => pattern.replace(/:[^/]+/g, ':');
