import { EnvironmentName } from '../../shared/model/environment.js';
import type { KeyGroupService } from '../auth/key-groups.js';
import { HttpError } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { Runtime } from '../runtime/runtime.js';
import type { EnvironmentSnapshot } from '../workspace/environment-snapshot.js';
import { buildOpenApiDocument } from './document.js';
import { examplesChanges, type ExampleStore } from './examples.js';

export type OpenApiDeps = {
  runtime: Runtime;
  /** Read on every request for a document: the in-memory snapshot, not the database. */
  environmentSnapshot: EnvironmentSnapshot;
  keyGroups: KeyGroupService;
  runtimeUrl: () => string;
  /** The runtime's base URL as callers reach it (`--public-url`); the listener's address when not set. */
  publicUrl?: () => string;
};

/** A document as built, and what it was built from besides the route table. */
type CachedDocument = { document: Record<string, unknown>; json: string; builtFrom: string };

/**
 * OpenAPI documents of what the runtime serves right now: read from its route table, not from
 * drafts. Built once per change and kept: a publish, rollback, unpublish, environment change or
 * import drops them (Runtime.onChange); examples, key-group names and the URL are checked per request.
 */
export class OpenApiService {
  private readonly cache = new Map<string, CachedDocument>();
  /** Documents built since start: tests read it to see a repeated request served from memory. */
  builds = 0;

  constructor(
    private readonly deps: OpenApiDeps,
    private readonly examples: ExampleStore,
  ) {
    deps.runtime.onChange((change) => {
      if (change.kind === 'environment') {
        for (const key of this.cache.keys()) if (key.startsWith(`${change.name}\u0000`)) this.cache.delete(key);
      } else {
        this.cache.clear();
      }
    });
  }

  exists(environment: string): boolean {
    return EnvironmentName.safeParse(environment).success && this.deps.environmentSnapshot.get(environment) !== undefined;
  }

  /** The builder's document (admin API): key groups named. 400 for a malformed name, 404 for an environment the workspace does not have. */
  async document(environment: unknown): Promise<Record<string, unknown>> {
    return (await this.cached(environment, 'named')).document;
  }

  /**
   * The public document (`/<env>/openapi.json`): `servers` from the configured public URL, never
   * from the request's Host header, and no key-group names.
   */
  async publicDocument(environment: unknown): Promise<Record<string, unknown>> {
    return (await this.cached(environment, 'unnamed')).document;
  }

  /** The public document as JSON text, serialized once per build. */
  async publicJson(environment: unknown): Promise<string> {
    return (await this.cached(environment, 'unnamed')).json;
  }

  private async cached(environment: unknown, keyGroups: 'named' | 'unnamed'): Promise<CachedDocument> {
    const name = parseInput(EnvironmentName, environment, 'environment');
    if (!this.exists(name)) throw new HttpError(404, 'unknown_environment', `There is no environment "${name}"`);
    const keyGroupNames = keyGroups === 'named' ? new Map((await this.deps.keyGroups.list()).map((group) => [group.id, group.name])) : null;
    const runtimeUrl = (this.deps.publicUrl ?? this.deps.runtimeUrl)();
    const builtFrom = JSON.stringify([runtimeUrl, examplesChanges(), keyGroupNames ? [...keyGroupNames] : null]);
    const key = `${name}\u0000${keyGroups}`;
    const found = this.cache.get(key);
    if (found && found.builtFrom === builtFrom) return found;
    const examples = await this.examples.all();
    // The table as it is now, after the reads above: a change applied meanwhile is in it.
    const apis = this.deps.runtime
      .table()
      .routes.filter((route) => route.environment === name)
      .map((route) => ({ apiId: route.apiId, version: route.version, definition: route.definition, examples: examples.get(route.apiId) ?? [] }));
    const document = buildOpenApiDocument({ environment: name, runtimeUrl, apis, keyGroupNames });
    this.builds += 1;
    const built = { document, json: JSON.stringify(document), builtFrom };
    this.cache.set(key, built);
    return built;
  }
}
