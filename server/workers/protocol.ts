import type { ApiDefinition } from '../../shared/model/api.js';
import type { TestOutbound } from '../../shared/model/api-tests.js';
import type { OutboundSettings } from '../../shared/model/environment.js';
import type { EnvContext, TokenContext, TraceStep } from '../../shared/model/runtime.js';
import type { ExecutorServices } from '../executors/types.js';
import type { OwnListener } from '../net/outbound.js';
import type { HeaderMap } from '../runtime/answer.js';
import type { RawBody } from '../runtime/body.js';
import type { RawQuery } from '../runtime/query.js';

/**
 * What the listener and its flow workers say to each other over the IPC channel (JSON lines): to a
 * worker, a batch (ToWorker[]) per turn of the listener's event loop; from it, one message each.
 * The listener admits a request (token, rate limits, raw body); a worker parses, checks and runs it.
 */

/** How often an idle or waiting worker says it is alive; silence with calls in flight means it is stuck. */
export const HEARTBEAT_MS = 20;

/** A published version served in an environment, or a draft sent whole (Draft runs), writing to its session's sandbox. */
export type FlowTarget =
  | { kind: 'live'; apiId: string; version: number; environment: string }
  | { kind: 'draft'; definition: ApiDefinition; env: EnvContext; sandbox: string; outbound?: TestOutbound };

/** One admitted request, as a flow worker gets it: nothing of it parsed beyond the URL. */
export type FlowCall = {
  requestId: string;
  target: FlowTarget;
  /** The path as called, without the query: `/dev/users/42`. */
  path: string;
  params: Record<string, string>;
  query: RawQuery;
  /** Request headers as flows see them: no Authorization. */
  headers: Record<string, string>;
  ip: string;
  /** Null for methods that take no body. */
  body: RawBody | null;
  token: TokenContext | null;
  trace: boolean;
  /** Epoch ms; the listener answers 504 then, and the worker's expressions stop by it. */
  deadline: number;
};

/** The worker's answer; the listener adds its own headers (request id, rate limits) and writes it. */
export type FlowReply = {
  status: number;
  headers: HeaderMap;
  /** The body as sent (JSON text), with content-type and content-length in the headers. */
  text: string | undefined;
  errorCode: string | null;
  trace: TraceStep[] | null;
};

/** What every worker serves: the environments (secret variables decrypted) and the live versions, sent on each change. */
export type ServedTable = {
  envs: EnvContext[];
  /** Each environment's outbound settings, by name: where its flows' http.request may call. */
  outbound: Record<string, OutboundSettings>;
  /** Flowgate's own listeners, which no flow may call. */
  ownListeners: OwnListener[];
  live: { apiId: string; version: number }[];
  /** APIs whose compiled versions must go (deleted, or replaced by an import). */
  forget: string[];
};

/**
 * One API's routes changed (a publish, rollback, unpublish or delete): sent instead of the whole
 * table, so a publish costs the workers that API only, however many others are served.
 */
export type ServedChange = {
  apiId: string;
  /** Its routes now, one per environment serving it; none when it serves nowhere. */
  routes: { environment: string; version: number }[];
  /** Those environments as they are now (a route may be the first of its environment). */
  envs: EnvContext[];
  /** APIs whose compiled versions must go (deleted, or replaced by an import). */
  forget: string[];
};

export type LogEntry = Parameters<ExecutorServices['log']>[0];

export type ToWorker =
  | { kind: 'init'; dbFile: string; databaseUrl?: string | undefined }
  | { kind: 'table'; table: ServedTable; generation: number }
  | { kind: 'change'; change: ServedChange; generation: number }
  | { kind: 'run'; id: number; call: FlowCall }
  | { kind: 'cancel'; id: number }
  | { kind: 'close' };

export type FromWorker =
  | { kind: 'ready' }
  | { kind: 'failed'; message: string }
  | { kind: 'beat' }
  | { kind: 'reply'; id: number; reply: FlowReply }
  | { kind: 'cancelled'; id: number }
  /** The table or change of this generation is applied: its versions are compiled. */
  | { kind: 'served'; generation: number }
  | { kind: 'log'; entry: LogEntry };
