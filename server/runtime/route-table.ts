import FindMyWay from 'find-my-way';
import { compileApi } from '../../shared/compile/compile.js';
import type { Plan } from '../../shared/compile/plan.js';
import type { ApiDefinition, HttpMethod } from '../../shared/model/api.js';
import { HTTP_METHODS } from '../../shared/model/api.js';
import type { EnvContext } from '../../shared/model/runtime.js';
import type { ExecutorServices } from '../executors/types.js';
import { isBoundedPlan } from '../workers/bounded-plan.js';
import type { FlowTarget } from '../workers/protocol.js';
import type { LiveDeployment } from '../workspace/apis.js';
import { prepareFlow, type PreparedFlow } from './engine.js';
import { compileQueryParams, type QueryCoercer } from './query.js';
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
  /** Checks the body against the API's JSON Schema; null when it has none. */
  checkBody: SchemaCheck | null;
  /** `/dev/users/:id`, as find-my-way knows it. */
  pattern: string;
  /** The plan provably cannot run long (bounded-plan.ts): the listener may run it itself. */
  bounded: boolean;
  /** How a flow worker finds this route: its published version, in its environment. */
  target: FlowTarget;
};

/** The part of a route that depends only on the API version, shared by every environment serving it. */
export type CompiledVersion = Pick<Route, 'flow' | 'coerceQuery' | 'checkBody' | 'bounded'>;

/** What serving a compiled plan needs, built the same way for a published version and for a Draft run. */
export function prepareVersion(plan: Plan, definition: ApiDefinition, services: ExecutorServices): CompiledVersion {
  return {
    flow: prepareFlow(plan, services),
    coerceQuery: compileQueryParams(definition.query),
    checkBody: definition.bodySchema ? compileSchema(definition.bodySchema) : null,
    bounded: isBoundedPlan(definition, plan),
  };
}

/** One API version served in one environment. */
export function buildRoute(deployment: Pick<LiveDeployment, 'environment' | 'apiId' | 'version' | 'definition'>, env: EnvContext, compiled: CompiledVersion): Route {
  return {
    environment: deployment.environment,
    env,
    apiId: deployment.apiId,
    version: deployment.version,
    definition: deployment.definition,
    pattern: routePattern(deployment.environment, deployment.definition.path),
    target: { kind: 'live', apiId: deployment.apiId, version: deployment.version, environment: deployment.environment },
    ...compiled,
  };
}

export class RouteConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RouteConflict';
  }
}

/** Compiles a published version as publishing checked it; throws when it does not compile (a workspace edited behind our back). */
export function compileVersion(apiId: string, version: number, definition: ApiDefinition, services: ExecutorServices): CompiledVersion {
  const result = compileApi(definition, { published: true });
  if (!result.ok) {
    const first = result.problems.find((problem) => problem.severity === 'error');
    throw new Error(`API ${apiId} version ${version} does not compile: ${first?.message ?? 'unknown problem'}`);
  }
  return prepareVersion(result.plan, definition, services);
}

/** Caches compiled versions across table rebuilds, so publishing one API does not recompile the others. */
export class VersionCompiler {
  private readonly cache = new Map<string, CompiledVersion>();

  constructor(private readonly services: ExecutorServices) {}

  compile(apiId: string, version: number, definition: ApiDefinition): CompiledVersion {
    const cacheKey = versionKey(apiId, version);
    let compiled = this.cache.get(cacheKey);
    if (!compiled) {
      compiled = compileVersion(apiId, version, definition, this.services);
      this.cache.set(cacheKey, compiled);
    }
    return compiled;
  }

  forgetVersion(apiId: string, version: number): void {
    this.cache.delete(versionKey(apiId, version));
  }

  forget(apiId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${apiId}@`)) this.cache.delete(key);
  }
}

/** How a compiled version is known across the listener and its flow workers. */
export const versionKey = (apiId: string, version: number): string => `${apiId}@${version}`;

/** An immutable table of what the runtime serves; swapped whole on publish, rollback or an environment change. */
export class RouteTable {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true, maxParamLength: 500 });
  readonly routes: Route[] = [];

  constructor(deployments: LiveDeployment[], environments: Map<string, EnvContext>, compiler: VersionCompiler) {
    for (const deployment of deployments) {
      const env = environments.get(deployment.environment);
      if (!env) continue;
      const route = buildRoute(deployment, env, compiler.compile(deployment.apiId, deployment.version, deployment.definition));
      try {
        this.router.on(deployment.definition.method, route.pattern, noop, route);
      } catch {
        const other = this.routes.find((r) => r.environment === route.environment && samePathShape(r.pattern, route.pattern) && r.definition.method === route.definition.method);
        throw new RouteConflict(
          `${route.definition.method} ${deployment.definition.path} in "${route.environment}" clashes with "${other?.definition.name ?? 'another API'}" (${other?.definition.method ?? ''} ${other?.definition.path ?? ''})`,
        );
      }
      this.routes.push(route);
    }
    this.router.compile();
  }

  find(method: string, path: string): { route: Route; params: Record<string, string>; query: Record<string, string | string[]> } | null {
    const found = this.router.find(method as HttpMethod, path);
    if (!found) return null;
    return { route: found.store as Route, params: found.params as Record<string, string>, query: found.searchParams };
  }

  /** The methods a path answers, for 405's `Allow`; empty when the path is unknown. */
  allowedMethods(path: string): HttpMethod[] {
    return HTTP_METHODS.filter((method) => this.router.find(method, path) !== null);
  }
}

const noop = (): void => undefined;

export function routePattern(environment: string, path: string): string {
  return path === '/' ? `/${environment}` : `/${environment}${path}`;
}

const samePathShape = (a: string, b: string): boolean => a.replace(/:[^/]+/g, ':') === b.replace(/:[^/]+/g, ':');
