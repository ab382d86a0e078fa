import { Router, type Response } from 'express';
import { workspaceRoutes } from '../../shared/api/workspace.js';
import type { WorkspaceFile } from '../../shared/model/workspace-file.js';
import { WorkspaceIoService, type WorkspaceIoDeps } from '../services/workspace-io.js';
import { mount } from './route.js';

/** Exports as files and an all-or-nothing import; bodies past the admin API's 10 MB are 413s. */
export function workspaceRouter(deps: WorkspaceIoDeps): Router {
  const service = new WorkspaceIoService(deps);
  const router = Router();
  mount(router, workspaceRoutes.export, () => service.exportWorkspace(), { send: (res, file) => sendFile(res, file, 'flowgate-workspace') });
  mount(router, workspaceRoutes.exportApi, ({ params }) => service.exportApi(params.id), {
    send: (res, file, { params }) => sendFile(res, file, `flowgate-api-${slug(file.apis[0]?.name ?? params.id)}`),
  });
  mount(router, workspaceRoutes.import, ({ body }) => service.import(body));
  return router;
}

/** Pretty-printed, so an export diffs well in git; `curl -OJ` saves it under a sensible name. */
function sendFile(res: Response, file: WorkspaceFile, name: string): void {
  res.setHeader('content-disposition', `attachment; filename="${name}-${file.exportedAt.slice(0, 10)}.json"`);
  res.type('application/json').send(`${JSON.stringify(file, null, 2)}\n`);
}

const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'api';
