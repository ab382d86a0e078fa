import { EnvironmentInput, EnvironmentUpdate, type Environment } from '../model/environment.js';
import { answer, defineRoute } from './contract.js';

/** /environments: the "dev" environment cannot be deleted; one in use (published APIs, tokens) neither. */
export const environmentRoutes = {
  list: defineRoute({ method: 'GET', path: '/environments', answer: answer<Environment[]>() }),
  create: defineRoute({ method: 'POST', path: '/environments', body: EnvironmentInput, status: 201, answer: answer<Environment>() }),
  get: defineRoute({ method: 'GET', path: '/environments/:name', revision: 'read', answer: answer<Environment>() }),
  update: defineRoute({ method: 'PUT', path: '/environments/:name', body: EnvironmentUpdate, revision: 'write', answer: answer<Environment>() }),
  delete: defineRoute({ method: 'DELETE', path: '/environments/:name', status: 204 }),
};
