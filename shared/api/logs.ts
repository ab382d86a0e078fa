import { z } from 'zod';
import { answer, defineRoute } from './contract.js';

/** Who a request-log row answered: a caller of a published API, or a Draft run in the editor's tester. */
export const LOG_SOURCES = ['live', 'draft'] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

export const LogQuery = z.object({
  api: z.string().optional(),
  source: z.enum(LOG_SOURCES).optional(),
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
  /** `draft`: a Draft run from the tester, which wrote to its session's sandbox, never to live data. */
  source: LogSource;
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

/** One minute of traffic (`GET /logs/metrics`), as the request log's charts draw it. */
export type MinuteMetrics = {
  minute: string;
  total: number;
  byClass: { '2xx': number; '3xx': number; '4xx': number; '5xx': number };
  p50Ms: number | null;
  p95Ms: number | null;
};

/** `GET /logs/metrics`: the last `minutes` minutes, optionally of one API or environment. */
export const MetricsQuery = z.object({
  minutes: z.coerce.number().int().min(1).max(24 * 60).default(60),
  api: z.string().optional(),
  environment: z.string().optional(),
});

/** `GET /logs/status`: what the log could not write (a full or failing disk) since the server started. */
export type LogStatus = {
  /** Rows dropped because the disk would not take them. */
  droppedRows: number;
  lastDroppedAt: string | null;
  /** `failing` while writes fail (rows are being dropped now); the log writes again by itself once they work. */
  writing: 'ok' | 'failing';
  lastError: string | null;
};

/** /logs: the request log with audit flags, per-minute metrics and its own health. */
export const logRoutes = {
  list: defineRoute({ method: 'GET', path: '/logs', query: LogQuery, answer: answer<RequestLogEntry[]>() }),
  flags: defineRoute({ method: 'GET', path: '/logs/flags', query: LogFlagsQuery, answer: answer<LogFlags>() }),
  metrics: defineRoute({ method: 'GET', path: '/logs/metrics', query: MetricsQuery, answer: answer<MinuteMetrics[]>() }),
  status: defineRoute({ method: 'GET', path: '/logs/status', answer: answer<LogStatus>() }),
};
