import { z } from 'zod';
import { EnvironmentName } from '../model/environment.js';

/** Where the admin API lives on the admin listener. */
export const ADMIN_PREFIX = '/admin/v1';

export const PublishBody = z.object({ environment: EnvironmentName });
export const RollbackBody = z.object({ environment: EnvironmentName, version: z.number().int().min(1) });

/** A request for a test-run of the draft: what a client would send, without the network. */
export const TestRunBody = z.object({
  environment: EnvironmentName.default('dev'),
  /** An unsaved definition to run instead of the stored draft (the editor sends its current state). */
  definition: z.unknown().optional(),
  request: z
    .object({
      params: z.record(z.string(), z.string()).default({}),
      query: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
      headers: z.record(z.string(), z.string()).default({}),
      body: z.unknown().optional(),
    })
    .default({ params: {}, query: {}, headers: {} }),
});
export type TestRunBody = z.infer<typeof TestRunBody>;

export const LogQuery = z.object({
  api: z.string().optional(),
  environment: z.string().optional(),
  token: z.string().optional(),
  status: z.string().regex(/^[1-5](xx|\d\d)$/, 'status is a code like 404 or a class like 4xx').optional(),
  since: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type LogQuery = z.infer<typeof LogQuery>;

/** A request-log row as the admin API answers it. */
export type RequestLogEntry = {
  requestId: string;
  time: string;
  environment: string | null;
  apiId: string | null;
  apiName: string | null;
  version: number | null;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  tokenId: string | null;
  ip: string;
  requestBytes: number;
  responseBytes: number;
  errorCode: string | null;
};
