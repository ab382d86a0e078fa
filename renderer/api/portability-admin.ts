import type { ApiExample, ApiExampleInput } from '../../shared/model/api-example.js';
import type { ConflictAction, ImportPlan, WorkspaceFile } from '../../shared/model/workspace-file.js';
import { adminRequest } from './client.js';

/** The parts of an OpenAPI 3.1 document the Docs panel reads; everything else passes through untyped. */
export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
};

export type ImportOptions = {
  onConflict: ConflictAction;
  /** Per conflict, by its `key`, overriding `onConflict`. */
  resolutions?: Record<string, ConflictAction>;
  dryRun?: boolean;
};

const api = (id: string): string => `/apis/${encodeURIComponent(id)}`;

/** OpenAPI documents, workspace export/import and API examples. The Electron menu may call these too. */
export const portabilityApi = {
  openApiDocument: (environment: string) => adminRequest<OpenApiDocument>('GET', `/openapi.json?environment=${encodeURIComponent(environment)}`),

  exportWorkspace: () => adminRequest<WorkspaceFile>('GET', '/workspace/export'),
  exportApi: (id: string) => adminRequest<WorkspaceFile>('GET', `${api(id)}/export`),
  /** `file` is the parsed JSON of an export file, sent as it is: the server validates all of it. */
  importWorkspace: (file: unknown, options: ImportOptions) => adminRequest<ImportPlan>('POST', '/workspace/import', { file, ...options }),

  listExamples: (apiId: string) => adminRequest<ApiExample[]>('GET', `${api(apiId)}/examples`),
  addExample: (apiId: string, example: ApiExampleInput) => adminRequest<ApiExample>('POST', `${api(apiId)}/examples`, example),
  deleteExample: (apiId: string, exampleId: string) => adminRequest<void>('DELETE', `${api(apiId)}/examples/${encodeURIComponent(exampleId)}`),
};
