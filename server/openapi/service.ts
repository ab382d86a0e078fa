import { EnvironmentName } from '../../shared/model/environment.js';
import type { KeyGroupService } from '../auth/key-groups.js';
import { HttpError } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { Runtime } from '../runtime/runtime.js';
import type { EnvironmentRepository } from '../workspace/environments.js';
import { buildOpenApiDocument } from './document.js';
import type { ExampleRepository } from './examples.js';

export type OpenApiDeps = {
  runtime: Runtime;
  environments: EnvironmentRepository;
  keyGroups: KeyGroupService;
  runtimeUrl: () => string;
  /** The runtime's base URL as callers reach it (`--public-url`); the listener's address when not set. */
  publicUrl?: () => string;
};

/** OpenAPI documents of what the runtime serves right now: read from its route table, not from drafts. */
export class OpenApiService {
  constructor(
    private readonly deps: OpenApiDeps,
    private readonly examples: ExampleRepository,
  ) {}

  exists(environment: string): boolean {
    return EnvironmentName.safeParse(environment).success && this.deps.environments.get(environment) !== undefined;
  }

  /** The builder's document (admin API): key groups named. 400 for a malformed name, 404 for an environment the workspace does not have. */
  document(environment: unknown): Record<string, unknown> {
    return this.build(environment, 'named');
  }

  /**
   * The public document (`/<env>/openapi.json`): `servers` from the configured public URL, never
   * from the request's Host header, and no key-group names.
   */
  publicDocument(environment: unknown): Record<string, unknown> {
    return this.build(environment, 'unnamed');
  }

  private build(environment: unknown, keyGroups: 'named' | 'unnamed'): Record<string, unknown> {
    const name = parseInput(EnvironmentName, environment, 'environment');
    if (!this.exists(name)) throw new HttpError(404, 'unknown_environment', `There is no environment "${name}"`);
    const examples = this.examples.all();
    const apis = this.deps.runtime
      .table()
      .routes.filter((route) => route.environment === name)
      .map((route) => ({ apiId: route.apiId, version: route.version, definition: route.definition, examples: examples.get(route.apiId) ?? [] }));
    const keyGroupNames = keyGroups === 'named' ? new Map(this.deps.keyGroups.list().map((group) => [group.id, group.name])) : null;
    const runtimeUrl = (this.deps.publicUrl ?? this.deps.runtimeUrl)();
    return buildOpenApiDocument({ environment: name, runtimeUrl, apis, keyGroupNames });
  }
}
