import { ImportRequest, type ImportPlan, type WorkspaceFile } from '../model/workspace-file.js';
import { answer, defineRoute } from './contract.js';

/**
 * Export files (pretty-printed, as attachments) and an import (`{file, onConflict, resolutions, dryRun}`)
 * that applies all of a file or nothing. Bodies are limited to the admin API's 10 MB.
 */
export const workspaceRoutes = {
  export: defineRoute({ method: 'GET', path: '/workspace/export', answer: answer<WorkspaceFile>() }),
  exportApi: defineRoute({ method: 'GET', path: '/apis/:id/export', answer: answer<WorkspaceFile>() }),
  import: defineRoute({ method: 'POST', path: '/workspace/import', body: ImportRequest, answer: answer<ImportPlan>() }),
};
