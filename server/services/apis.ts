import { compileApi } from '../../shared/compile/compile.js';
import type { CompileProblem } from '../../shared/compile/plan.js';
import { ApiDefinition, starterFlow, type ApiRecord, type ApiVersion } from '../../shared/model/api.js';
import { HttpError, notFound } from '../http/errors.js';
import { expectRevision, revisionConflict } from '../http/revisions.js';
import { parseInput } from '../http/validate.js';
import { RouteConflict } from '../runtime/route-table.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ApiRepository } from '../workspace/apis.js';
import type { EnvironmentRepository } from '../workspace/environments.js';

const invalidFlow = (problems: CompileProblem[]): HttpError =>
  new HttpError(
    422,
    'invalid_flow',
    `The flow has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => p.message).slice(0, 3).join('; ')}`,
    problems,
  );

/** Told what a publish, rollback, unpublish or delete changed, e.g. to keep the record store's indexes to what published APIs read. */
export type DeploymentListener = { deploymentChanged(apiId: string, environment: string): void; apiRemoved(apiId: string): void };
const NO_DEPLOYMENT_LISTENER: DeploymentListener = { deploymentChanged: () => undefined, apiRemoved: () => undefined };

/** App APIs: drafts, validation, publishing and rollback, keeping the runtime's table in step. */
export class ApiService {
  constructor(
    private readonly apis: ApiRepository,
    private readonly environments: EnvironmentRepository,
    private readonly runtime: Runtime,
    private readonly deployments: DeploymentListener = NO_DEPLOYMENT_LISTENER,
  ) {}

  list(): ApiRecord[] {
    return this.apis.list();
  }

  get(id: string): ApiRecord {
    const api = this.apis.get(id);
    if (!api) throw notFound(`The API "${id}"`);
    return api;
  }

  /** A new API; without a flow it starts with just the Request node. */
  create(input: unknown): ApiRecord {
    const withFlow = isObject(input) && input.flow === undefined ? { ...input, flow: starterFlow() } : input;
    return this.apis.create(parseInput(ApiDefinition, withFlow));
  }

  /** Saves the draft, when `revision` (the one the client read) is still the stored one. Drafts may have problems; publishing refuses them. */
  update(id: string, input: unknown, revision: number): ApiRecord {
    const definition = parseInput(ApiDefinition, input);
    const what = (api: ApiRecord): string => `The API "${api.name}"`;
    const current = this.get(id);
    expectRevision(what(current), current, revision);
    const saved = this.apis.update(id, definition, revision);
    if (saved) return saved;
    // Changed between the check and the write (another process on the same workspace).
    const now = this.get(id);
    throw revisionConflict(what(now), now, revision);
  }

  delete(id: string): void {
    if (!this.apis.delete(id)) throw notFound(`The API "${id}"`);
    this.runtime.forgetApi(id);
    this.runtime.reloadApi(id);
    this.deployments.apiRemoved(id);
  }

  validate(id: string, input?: unknown): { ok: boolean; problems: CompileProblem[] } {
    const definition = input === undefined ? this.definitionOf(id) : parseInput(ApiDefinition, input);
    const result = compileApi(definition);
    return { ok: result.ok, problems: result.problems };
  }

  publish(id: string, environment: string): { environment: string; version: number; url: string } {
    const api = this.get(id);
    this.requireEnvironment(environment);
    const definition = this.definitionOf(id);
    const result = compileApi(definition);
    if (!result.ok) throw invalidFlow(result.problems);
    this.checkRoutes(id, environment, definition);
    const { version } = this.apis.publish(id, environment);
    this.runtime.reloadApi(id);
    this.deployments.deploymentChanged(id, environment);
    return { environment, version, url: api.path };
  }

  versions(id: string): ApiVersion[] {
    this.get(id);
    return this.apis.versions(id);
  }

  rollback(id: string, environment: string, version: number): { environment: string; version: number } {
    this.get(id);
    this.requireEnvironment(environment);
    const definition = this.apis.version(id, version);
    if (!definition) throw new HttpError(404, 'not_found', `The API "${id}" has no version ${version}`);
    this.checkRoutes(id, environment, definition);
    this.apis.deploy(id, environment, version);
    this.runtime.reloadApi(id);
    this.deployments.deploymentChanged(id, environment);
    return { environment, version };
  }

  unpublish(id: string, environment: string): void {
    this.get(id);
    if (!this.apis.undeploy(id, environment)) {
      throw new HttpError(404, 'not_published', `The API "${id}" is not published to "${environment}"`);
    }
    this.runtime.reloadApi(id);
    this.deployments.deploymentChanged(id, environment);
  }

  definitionOf(id: string): ApiDefinition {
    const { id: _id, createdAt: _c, updatedAt: _u, latestVersion: _l, deployments: _d, revision: _r, ...definition } = this.get(id);
    return definition;
  }

  private requireEnvironment(name: string): void {
    if (!this.environments.get(name)) throw new HttpError(400, 'unknown_environment', `There is no environment "${name}"`);
  }

  /** Refuses a route clash before anything is stored: checked against the served table's paths, compiling nothing (compileApi has checked the flow). */
  private checkRoutes(id: string, environment: string, definition: ApiDefinition): void {
    try {
      this.runtime.checkRoute(id, environment, definition);
    } catch (error) {
      if (error instanceof RouteConflict) throw new HttpError(409, 'route_conflict', error.message);
      throw error;
    }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
