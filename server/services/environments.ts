import type { Environment, EnvironmentInput, EnvironmentUpdate } from '../../shared/model/environment.js';
import { HttpError, notFound } from '../http/errors.js';
import { expectRevision, revisionConflict } from '../http/revisions.js';
import type { Runtime } from '../runtime/runtime.js';
import type { EnvironmentRepository } from '../workspace/environments.js';

/**
 * Environments, keeping the runtime in step: their variables, secret ones included, reach flows as
 * env.vars. Secret values are write-only here: answers name them, never show them.
 */
export class EnvironmentService {
  constructor(
    private readonly environments: EnvironmentRepository,
    private readonly runtime: Runtime,
    /** Asked before a delete: what still depends on the environment (tokens, deployments). */
    private readonly dependents: (name: string) => string[] = () => [],
  ) {}

  list(): Environment[] {
    return this.environments.list();
  }

  get(name: string): Environment | undefined {
    return this.environments.get(name);
  }

  create(input: EnvironmentInput): Environment {
    const unset = Object.keys(input.secrets).filter((name) => input.secrets[name] === '');
    if (unset.length > 0) throw new HttpError(400, 'invalid_input', `The request body is invalid: secrets: ${unset.join(', ')} need${unset.length === 1 ? 's' : ''} a value`);
    const created = this.environments.create(input);
    if (!created) throw new HttpError(409, 'environment_exists', `An environment named "${input.name}" exists already`);
    this.runtime.reloadEnvironment(created.name);
    return created;
  }

  /** Changes the environment when `revision` (the one the client read) is still the stored one. */
  update(name: string, update: EnvironmentUpdate, revision: number): Environment {
    const current = this.environments.get(name);
    if (!current) throw notFound(`The environment "${name}"`);
    expectRevision(`The environment "${name}"`, current, revision);
    const updated = this.environments.update(name, update, revision);
    if (!updated) {
      // Changed or deleted between the check and the write (another process on the same workspace).
      const now = this.environments.get(name);
      if (!now) throw notFound(`The environment "${name}"`);
      throw revisionConflict(`The environment "${name}"`, now, revision);
    }
    this.runtime.reloadEnvironment(name);
    return updated;
  }

  delete(name: string): void {
    if (!this.environments.get(name)) throw notFound(`The environment "${name}"`);
    const dependents = this.dependents(name);
    if (dependents.length > 0) {
      throw new HttpError(409, 'environment_in_use', `The environment "${name}" is still used by ${dependents.join(', ')}`, dependents);
    }
    this.environments.delete(name);
    this.runtime.reloadEnvironment(name);
  }
}
