import { z } from 'zod';
import type { CompileProblem } from '../compile/plan.js';
import { ApiDefinition, Flow, type ApiRecord, type ApiVersion } from '../model/api.js';
import { EnvironmentName } from '../model/environment.js';
import type { RunResult } from '../model/runtime.js';
import { answer, defineRoute } from './contract.js';
import { DraftHost, MAX_ALLOWED_HOSTS, SandboxId } from './sandboxes.js';

/** A new API; without a flow it starts with just the Request node. */
export const ApiCreateBody = ApiDefinition.extend({ flow: Flow.optional() });

/** Validates the stored draft, or the unsaved definition the editor sends. */
export const ValidateBody = z.object({ definition: z.unknown().optional() });

export const PublishBody = z.object({ environment: EnvironmentName });
export const RollbackBody = z.object({ environment: EnvironmentName, version: z.number().int().min(1) });

/** A request for a test-run of the draft: what a client would send, without the network. */
export const TestRunBody = z.object({
  environment: EnvironmentName.default('dev'),
  /** An unsaved definition to run instead of the stored draft (the editor sends its current state). */
  definition: z.unknown().optional(),
  /** A token, checked as the runtime would (environment, IP, key groups, scopes) before the draft runs. */
  token: z.string().max(4096).optional(),
  /**
   * The Draft session's sandbox: the draft reads the live records and writes only there, so later runs
   * of the session see its writes and published APIs never do. Without one, a throwaway sandbox is used.
   */
  sandbox: SandboxId.optional(),
  /**
   * Hosts its http.request nodes may call, added to the sandbox's (a Draft asks before each new host;
   * a script or a test run, with no one to ask, names them here).
   */
  allowHosts: z.array(DraftHost).max(MAX_ALLOWED_HOSTS).default([]),
  request: z
    .object({
      params: z.record(z.string(), z.string()).default({}),
      query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
      headers: z.record(z.string(), z.string()).default({}),
      body: z.unknown().optional(),
      /** The body as the text a client sends, checked as the runtime checks it (type, JSON syntax); takes the place of `body`. */
      rawBody: z.string().optional(),
    })
    .default({ params: {}, query: {}, headers: {} }),
});
export type TestRunBody = z.infer<typeof TestRunBody>;

export type Validation = { ok: boolean; problems: CompileProblem[] };
export type Published = { environment: string; version: number; url: string };
export type RolledBack = { environment: string; version: number };

/** /apis: drafts, validation, publishing and rollback, and Draft runs. */
export const apiRoutes = {
  list: defineRoute({ method: 'GET', path: '/apis', answer: answer<ApiRecord[]>() }),
  create: defineRoute({ method: 'POST', path: '/apis', body: ApiCreateBody, status: 201, answer: answer<ApiRecord>() }),
  get: defineRoute({ method: 'GET', path: '/apis/:id', revision: 'read', answer: answer<ApiRecord>() }),
  /** Saves the draft, based on the revision the client read. Drafts may have problems; publishing refuses them. */
  save: defineRoute({ method: 'PUT', path: '/apis/:id', body: ApiDefinition, revision: 'write', answer: answer<ApiRecord>() }),
  delete: defineRoute({ method: 'DELETE', path: '/apis/:id', status: 204 }),
  validate: defineRoute({ method: 'POST', path: '/apis/:id/validate', body: ValidateBody, answer: answer<Validation>() }),
  publish: defineRoute({ method: 'POST', path: '/apis/:id/publish', body: PublishBody, answer: answer<Published>() }),
  unpublish: defineRoute({ method: 'POST', path: '/apis/:id/unpublish', body: PublishBody, status: 204 }),
  versions: defineRoute({ method: 'GET', path: '/apis/:id/versions', answer: answer<ApiVersion[]>() }),
  rollback: defineRoute({ method: 'POST', path: '/apis/:id/rollback', body: RollbackBody, answer: answer<RolledBack>() }),
  testRun: defineRoute({ method: 'POST', path: '/apis/:id/test-run', body: TestRunBody, answer: answer<RunResult>() }),
};
