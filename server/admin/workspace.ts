import { Router, type Response } from 'express';
import type { WorkspaceFile } from '../../shared/model/workspace-file.js';
import { WorkspaceIoService, type WorkspaceIoDeps } from '../services/workspace-io.js';

/**
 * `GET /workspace/export`, `GET /apis/:id/export` and `POST /workspace/import`
 * (`{file, onConflict, resolutions, dryRun}`). Bodies are limited to the admin API's 10 MB (413 past it).
 */
export function workspaceRouter(deps: WorkspaceIoDeps): Router {
  const service = new WorkspaceIoService(deps);
  const router = Router();
  router.get('/workspace/export', (_req, res) => {
    sendFile(res, service.exportWorkspace(), 'flowgate-workspace');
  });
  router.get('/apis/:id/export', (req, res) => {
    const file = service.exportApi(req.params.id);
    sendFile(res, file, `flowgate-api-${slug(file.apis[0]?.name ?? req.params.id)}`);
  });
  router.post('/workspace/import', (req, res) => {
    res.json(service.import(req.body));
  });
  return router;
}

/** Pretty-printed, so an export diffs well in git; `curl -OJ` saves it under a sensible name. */
function sendFile(res: Response, file: WorkspaceFile, name: string): void {
  res.setHeader('content-disposition', `attachment; filename="${name}-${file.exportedAt.slice(0, 10)}.json"`);
  res.type('application/json').send(`${JSON.stringify(file, null, 2)}\n`);
}

const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'api';
