import { Router } from 'express';
import { MAX_ALLOWED_HOSTS, sandboxRoutes, SandboxId, type SandboxInfo } from '../../shared/api/sandboxes.js';
import { HttpError, notFound } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { Sandboxes } from '../workspace/sandboxes.js';
import { mount } from './route.js';

/** /sandboxes: a Draft session's data (reset) and the hosts its Draft runs may call. */
export function sandboxesRouter(sandboxes: Sandboxes): Router {
  const router = Router();
  const infoOf = async (id: string): Promise<SandboxInfo> => {
    const info = await sandboxes.info(parseInput(SandboxId, id, 'sandbox id'));
    if (!info) throw notFound(`The Draft session "${id}"`);
    return info;
  };
  mount(router, sandboxRoutes.get, ({ params }) => infoOf(params.id));
  mount(router, sandboxRoutes.reset, async ({ params }) => {
    const id = parseInput(SandboxId, params.id, 'sandbox id');
    // A session that never ran a Draft has nothing to reset: it starts clean all the same.
    await sandboxes.touch(id);
    await sandboxes.reset(id);
    return infoOf(id);
  });
  mount(router, sandboxRoutes.allowHost, async ({ params, body }) => {
    const id = parseInput(SandboxId, params.id, 'sandbox id');
    if (!(await sandboxes.allowHost(id, body.host))) {
      throw new HttpError(409, 'too_many_hosts', `This Draft session allows ${MAX_ALLOWED_HOSTS} hosts already: reset it or start a new session to allow others`);
    }
    return infoOf(id);
  });
  mount(router, sandboxRoutes.delete, async ({ params }) => {
    const id = parseInput(SandboxId, params.id, 'sandbox id');
    if (!(await sandboxes.info(id))) throw notFound(`The Draft session "${id}"`);
    await sandboxes.delete(id);
  });
  return router;
}
