import { z } from 'zod';
import type { AuthConfig, RateLimit } from '../model/api.js';
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
  /** A token, checked as the runtime would (environment, IP, key groups, scopes) before the draft runs. */
  token: z.string().max(4096).optional(),
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

/**
 * What the audit noticed about a row:
 * - `new_ip`: the first request of its token from this address (`token_ips.first_seen`);
 * - `auth_burst`: a 401 from an address that got at least 10 401s within 60 s around it.
 */
export type LogFlag = 'new_ip' | 'auth_burst';

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
  /** Empty when nothing stands out. */
  flags: LogFlag[];
};

/** `GET /logs/flags`: flagged activity since a moment (default: the last 24 h). */
export const LogFlagsQuery = z.object({
  since: z.string().datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type LogFlagsQuery = z.infer<typeof LogFlagsQuery>;

/** A token seen from an address for the first time. */
export type NewIpFlag = {
  tokenId: string;
  tokenName: string;
  environment: string;
  ip: string;
  firstSeen: string;
  /** The token's very first address: its first use rather than a move. */
  firstForToken: boolean;
};

/** An address that got many 401s in a short time: someone guessing or replaying tokens. */
export type AuthBurstFlag = {
  ip: string;
  /** The most 401s within any `windowSeconds`. */
  count: number;
  windowSeconds: number;
  /** That busiest window's first and last 401. */
  firstAt: string;
  lastAt: string;
  /** Every 401 from this address since `since`. */
  total: number;
};

export type LogFlags = { since: string; newIps: NewIpFlag[]; authBursts: AuthBurstFlag[] };

/** A route the runtime serves right now (`GET /routes`). */
export type LiveRoute = {
  method: string;
  /** The full URL a client calls, with `:params` left in. */
  url: string;
  environment: string;
  apiId: string;
  name: string;
  path: string;
  version: number;
  auth: AuthConfig;
  rateLimit: RateLimit | null;
};

/** One minute of traffic (`GET /logs/metrics`), as the request log's charts draw it. */
export type MinuteMetrics = {
  minute: string;
  total: number;
  byClass: { '2xx': number; '3xx': number; '4xx': number; '5xx': number };
  p50Ms: number | null;
  p95Ms: number | null;
};
