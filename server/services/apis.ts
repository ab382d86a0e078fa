import { compileApi } from '../../shared/compile/compile.js';
import type { CompileProblem } from '../../shared/compile/plan.js';
import { ApiDefinition, starterFlow, type ApiRecord, type ApiVersion } from '../../shared/model/api.js';
import { HttpError, notFound } from '../http/errors.js';
import { expectRevision, revisionConflict } from '../http/revisions.js';
import { parseInput } from '../http/validate.js';
import { RouteConflict } from '../runtime/route-table.js';
import type { Runtime } from '../runtime/runtime.js';
import type { ChangeFeed } from '../storage/changes.js';
import type { ApiStore } from '../workspace/apis.js';
import type { EnvironmentStore } from '../workspace/environments.js';

const invalidFlow = (problems: CompileProblem[]): HttpError =>
  new HttpError(
    422,
    'invalid_flow',
    `The flow has ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.map((p) => p.message).slice(0, 3).join('; ')}`,
    problems,
  );

/**
 * App APIs: drafts, validation, publishing and rollback. Every change to what is served is
 * announced on the change feed after it is stored; the runtime (here and on every other replica)
 * follows the feed, so the answer comes once this replica serves it.
 */
export class ApiService {
  constructor(
    private readonly apis: ApiStore,
    private readonly environments: EnvironmentStore,
    private readonly runtime: Runtime,
    private readonly changes: ChangeFeed,
  ) {}

  list(): Promise<ApiRecord[]> {
    return this.apis.list();
  }

  async get(id: string): Promise<ApiRecord> {
    const api = await this.apis.get(id);
    if (!api) throw notFound(`The API "${id}"`);
    return api;
  }

  /** A new API; without a flow it starts with just the Request node. */
  create(input: unknown): Promise<ApiRecord> {
    const withFlow = isObject(input) && input.flow === undefined ? { ...input, flow: starterFlow() } : input;
    return this.apis.create(parseInput(ApiDefinition, withFlow));
  }

  /** Saves the draft, when `revision` (the one the client read) is still the stored one. Drafts may have problems; publishing refuses them. */
  async update(id: string, input: unknown, revision: number): Promise<ApiRecord> {
    const definition = parseInput(ApiDefinition, input);
    const what = (api: ApiRecord): string => `The API "${api.name}"`;
    const current = await this.get(id);
    expectRevision(what(current), current, revision);
    const saved = await this.apis.update(id, definition, revision);
    if (saved) return saved;
    // Changed between the check and the write (another process on the same workspace).
    const now = await this.get(id);
    throw revisionConflict(what(now), now, revision);
  }

  async delete(id: string): Promise<void> {
    if (!(await this.apis.delete(id))) throw notFound(`The API "${id}"`);
    await this.changes.announce({ kind: 'api', apiId: id });
  }

  async validate(id: string, input?: unknown): Promise<{ ok: boolean; problems: CompileProblem[] }> {
    const definition = input === undefined ? await this.definitionOf(id) : parseInput(ApiDefinition, input);
    const result = compileApi(definition);
    return { ok: result.ok, problems: result.problems };
  }

  async publish(id: string, environment: string): Promise<{ environment: string; version: number; url: string }> {
    const api = await this.get(id);
    await this.requireEnvironment(environment);
    const definition = draftOf(api);
    const result = compileApi(definition);
    if (!result.ok) throw invalidFlow(result.problems);
    this.checkRoutes(id, environment, definition);
    const { version } = await this.apis.publish(id, environment);
    // Checked once: the runtime serves the stored version from this plan when it is this draft.
    this.runtime.offerPlan(id, definition, result.plan);
    await this.changes.announce({ kind: 'api', apiId: id });
    return { environment, version, url: api.path };
  }

  async versions(id: string): Promise<ApiVersion[]> {
    await this.get(id);
    return this.apis.versions(id);
  }

  async rollback(id: string, environment: string, version: number): Promise<{ environment: string; version: number }> {
    await this.get(id);
    await this.requireEnvironment(environment);
    const definition = await this.apis.version(id, version);
    if (!definition) throw new HttpError(404, 'not_found', `The API "${id}" has no version ${version}`);
    this.checkRoutes(id, environment, definition);
    await this.apis.deploy(id, environment, version);
    await this.changes.announce({ kind: 'api', apiId: id });
    return { environment, version };
  }

  async unpublish(id: string, environment: string): Promise<void> {
    await this.get(id);
    if (!(await this.apis.undeploy(id, environment))) {
      throw new HttpError(404, 'not_published', `The API "${id}" is not published to "${environment}"`);
    }
    await this.changes.announce({ kind: 'api', apiId: id });
  }

  async definitionOf(id: string): Promise<ApiDefinition> {
    return draftOf(await this.get(id));
  }

  private async requireEnvironment(name: string): Promise<void> {
    if (!(await this.environments.get(name))) throw new HttpError(400, 'unknown_environment', `There is no environment "${name}"`);
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

/** The draft of a stored API: its definition without what the workspace adds. */
export function draftOf(record: ApiRecord): ApiDefinition {
  const { id: _id, createdAt: _c, updatedAt: _u, latestVersion: _l, deployments: _d, revision: _r, ...definition } = record;
  return definition;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
