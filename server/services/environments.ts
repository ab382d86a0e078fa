import type { Environment, EnvironmentInput, EnvironmentUpdate } from '../../shared/model/environment.js';
import { HttpError, notFound } from '../http/errors.js';
import { expectRevision, revisionConflict } from '../http/revisions.js';
import type { ChangeFeed } from '../storage/changes.js';
import type { EnvironmentStore } from '../workspace/environments.js';

/**
 * Environments: their variables, secret ones included, reach flows as env.vars. Every write is
 * announced on the change feed once stored, so the runtime (here and on every other replica)
 * follows it. Secret values are write-only here: answers name them, never show them.
 */
export class EnvironmentService {
  constructor(
    private readonly environments: EnvironmentStore,
    private readonly changes: ChangeFeed,
    /** Asked before a delete: what still depends on the environment (tokens, deployments). */
    private readonly dependents: (name: string) => Promise<string[]> = async () => [],
  ) {}

  list(): Promise<Environment[]> {
    return this.environments.list();
  }

  get(name: string): Promise<Environment | undefined> {
    return this.environments.get(name);
  }

  async create(input: EnvironmentInput): Promise<Environment> {
    const unset = Object.keys(input.secrets).filter((name) => input.secrets[name] === '');
    if (unset.length > 0) throw new HttpError(400, 'invalid_input', `The request body is invalid: secrets: ${unset.join(', ')} need${unset.length === 1 ? 's' : ''} a value`);
    const created = await this.environments.create(input);
    if (!created) throw new HttpError(409, 'environment_exists', `An environment named "${input.name}" exists already`);
    await this.changes.announce({ kind: 'environment', name: created.name });
    return created;
  }

  /** Changes the environment when `revision` (the one the client read) is still the stored one. */
  async update(name: string, update: EnvironmentUpdate, revision: number): Promise<Environment> {
    const current = await this.environments.get(name);
    if (!current) throw notFound(`The environment "${name}"`);
    expectRevision(`The environment "${name}"`, current, revision);
    const updated = await this.environments.update(name, update, revision);
    if (!updated) {
      // Changed or deleted between the check and the write (another process on the same workspace).
      const now = await this.environments.get(name);
      if (!now) throw notFound(`The environment "${name}"`);
      throw revisionConflict(`The environment "${name}"`, now, revision);
    }
    await this.changes.announce({ kind: 'environment', name });
    return updated;
  }

  async delete(name: string): Promise<void> {
    if (!(await this.environments.get(name))) throw notFound(`The environment "${name}"`);
    const dependents = await this.dependents(name);
    if (dependents.length > 0) {
      throw new HttpError(409, 'environment_in_use', `The environment "${name}" is still used by ${dependents.join(', ')}`, dependents);
    }
    await this.environments.delete(name);
    await this.changes.announce({ kind: 'environment', name });
  }
}
