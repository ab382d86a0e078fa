import { KeyGroupInput, KeyGroupUpdate, type KeyGroup } from '../model/token.js';
import { answer, defineRoute } from './contract.js';

/** /key-groups: PUT changes only the fields it names; `tokenIds`, when named, is the whole membership. */
export const keyGroupRoutes = {
  list: defineRoute({ method: 'GET', path: '/key-groups', answer: answer<KeyGroup[]>() }),
  create: defineRoute({ method: 'POST', path: '/key-groups', body: KeyGroupInput, status: 201, answer: answer<KeyGroup>() }),
  get: defineRoute({ method: 'GET', path: '/key-groups/:id', revision: 'read', answer: answer<KeyGroup>() }),
  update: defineRoute({ method: 'PUT', path: '/key-groups/:id', body: KeyGroupUpdate, revision: 'write', answer: answer<KeyGroup>() }),
  delete: defineRoute({ method: 'DELETE', path: '/key-groups/:id', status: 204 }),
};
