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

  /** 400 for a malformed name, 404 for an environment the workspace does not have. */
  document(environment: unknown, runtimeUrl = this.deps.runtimeUrl()): Record<string, unknown> {
    const name = parseInput(EnvironmentName, environment, 'environment');
    if (!this.exists(name)) throw new HttpError(404, 'unknown_environment', `There is no environment "${name}"`);
    const examples = this.examples.all();
    const apis = this.deps.runtime
      .table()
      .routes.filter((route) => route.environment === name)
      .map((route) => ({ apiId: route.apiId, version: route.version, definition: route.definition, examples: examples.get(route.apiId) ?? [] }));
    const keyGroupNames = new Map(this.deps.keyGroups.list().map((group) => [group.id, group.name]));
    return buildOpenApiDocument({ environment: name, runtimeUrl, apis, keyGroupNames });
  }
}
