import { Router } from 'express';
import { templateRoutes } from '../../shared/api/templates.js';
import { WORKSPACE_FILE_FORMAT, WORKSPACE_FILE_VERSION, type ImportPlan, type WorkspaceFileInput } from '../../shared/model/workspace-file.js';
import { buildTemplate, isTemplateName, TEMPLATE_NAMES, type TemplateApi } from '../../shared/templates/catalog.js';
import { HttpError } from '../http/errors.js';
import { WorkspaceIoService, type WorkspaceIoDeps } from '../services/workspace-io.js';
import { mount } from './route.js';

/** Templates applied through the workspace import, so what they make is checked and stored exactly as an imported file would be. */
export function templatesRouter(deps: WorkspaceIoDeps): Router {
  const service = new WorkspaceIoService(deps);
  const router = Router();
  mount(router, templateRoutes.apply, ({ params, body }) => applyTemplate(service, params.name, body.params, body.dryRun));
  return router;
}

function applyTemplate(service: WorkspaceIoService, name: string, answers: unknown, dryRun: boolean): Promise<ImportPlan> {
  if (!isTemplateName(name)) throw new HttpError(404, 'unknown_template', `There is no template "${name}"; the templates are ${TEMPLATE_NAMES.join(', ')}`);
  const built = buildTemplate(name, answers);
  if ('problems' in built) {
    const listed = built.problems.map((problem) => (problem.path ? `${problem.path}: ${problem.message}` : problem.message)).join('; ');
    throw new HttpError(400, 'invalid_template_params', `The answers do not fit the template "${name}": ${listed}`, built.problems);
  }
  return service.import({ file: asFile(built.apis), onConflict: 'rename', dryRun });
}

/** The template's APIs as a workspace file of drafts: nothing published, no key groups or environments. */
function asFile(apis: readonly TemplateApi[]): WorkspaceFileInput {
  return {
    format: WORKSPACE_FILE_FORMAT,
    version: WORKSPACE_FILE_VERSION,
    exportedAt: new Date().toISOString(),
    apis: apis.map((api) => ({ ...api, versions: [], deployments: [], examples: [] })),
    environments: [],
    keyGroups: [],
  };
}
