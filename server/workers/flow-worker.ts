/**
 * A flow worker: a process the listener forks (with an IPC channel) to run flows, so that a stuck
 * one is ended by killing this process and never stalls the listener. Entry point; see pool.ts.
 */
import type { ExecutorServices } from '../executors/types.js';
import { createOutboundFetch } from '../net/outbound.js';
import { RequestRun } from '../runtime/deadlines.js';
import { closeStorage, type Storage } from '../storage/storage.js';
import { SqliteVersionReader } from '../workspace/apis.js';
import { recordStoreFor } from '../workspace/record-storage.js';
import { draftServices, runInDraft } from './draft-services.js';
import { errorReply } from './error-reply.js';
import { HEARTBEAT_MS, type FlowCall, type FlowReply, type FromWorker, type ServedTable, type ToWorker } from './protocol.js';
import { runCall } from './run-call.js';
import { ServedRoutes, UnservedTarget, type VersionSource } from './served-routes.js';
import { openWorkerStorage, PrefetchedVersions, type WorkerStorageLocation } from './worker-database.js';

let storage: Storage | undefined;
/** On PostgreSQL, the versions a table or change names are read ahead before it is applied. */
let prefetched: PrefetchedVersions | undefined;
/** Messages wait for this while the worker opens its storage or reads versions ahead; on SQLite it stays undefined. */
let pending: Promise<void> | undefined;
let routes: ServedRoutes | undefined;
let table: ServedTable | undefined;
/** Runs waiting on I/O, by call id: a cancel expires them (aborting their requests); their late reply still brings the trace. */
const waiting = new Map<number, RequestRun>();
const noop = (): void => undefined;

function send(message: FromWorker): void {
  process.send?.(message);
}

async function start(location: WorkerStorageLocation): Promise<void> {
  try {
    storage = await openWorkerStorage(location);
    const records = recordStoreFor(storage);
    let versions: VersionSource;
    if (storage.engine === 'sqlite') versions = new SqliteVersionReader(storage.db);
    else versions = prefetched = new PrefetchedVersions(storage.pg);
    const services: ExecutorServices = {
      records,
      // The environment's outbound policy, as the listener last sent it.
      fetch: createOutboundFetch({ settingsFor: (name) => table?.outbound[name], ownListeners: () => table?.ownListeners ?? [] }),
      log: (entry) => send({ kind: 'log', entry }),
    };
    routes = new ServedRoutes(versions, services, draftServices(services, storage, records));
  } catch (error) {
    send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }
  // The listener reads silence with calls in flight as a stuck worker.
  setInterval(() => send({ kind: 'beat' }), HEARTBEAT_MS);
  send({ kind: 'ready' });
}

function run(id: number, call: FlowCall): void {
  const request = new RequestRun(call.requestId, call.deadline, noop);
  let reply: FlowReply | Promise<FlowReply>;
  try {
    const route = routes!.route(call.target);
    const { target } = call;
    reply = target.kind === 'draft' ? runInDraft({ sandbox: target.sandbox, testOutbound: target.outbound }, () => runCall(route, call, request)) : runCall(route, call, request);
  } catch (error) {
    reply = internalError(call, error);
  }
  if (!(reply instanceof Promise)) return send({ kind: 'reply', id, reply });
  waiting.set(id, request);
  reply.then(
    (settled) => {
      if (waiting.delete(id)) send({ kind: 'reply', id, reply: settled });
    },
    (error: unknown) => {
      if (waiting.delete(id)) send({ kind: 'reply', id, reply: internalError(call, error) });
    },
  );
}

function internalError(call: FlowCall, error: unknown): FlowReply {
  if (error instanceof UnservedTarget) console.error(`[flow worker] ${call.requestId}: ${error.message}`);
  else console.error(`[flow worker] ${call.requestId}`, error);
  return errorReply(call.requestId, 500, 'internal_error', 'The server failed to answer this request');
}

async function close(): Promise<void> {
  for (const request of waiting.values()) request.expire();
  waiting.clear();
  if (storage) await closeStorage(storage).catch(() => undefined);
  process.exit(0);
}

/** Runs a message's work after any still being prepared, so calls always meet the table sent before them. */
function inOrder(work: () => void | Promise<void>): void {
  const after = pending ? pending.then(work) : work();
  if (!(after instanceof Promise)) return;
  const settled: Promise<void> = after.catch((error: unknown) => console.error('[flow worker]', error)).finally(() => {
    if (pending === settled) pending = undefined;
  });
  pending = settled;
}

/** Applies at once on SQLite (versions are read as compiled); on PostgreSQL once the named versions are read ahead. */
function afterVersions(versions: readonly { apiId: string; version: number }[], forget: readonly string[], apply: () => void): void | Promise<void> {
  if (!prefetched) return apply();
  prefetched.forget(forget);
  return prefetched.load(versions).then(apply);
}

function handle(message: ToWorker): void {
  switch (message.kind) {
    case 'init':
      return inOrder(() => start(message));
    case 'table':
      return inOrder(() =>
        afterVersions(message.table.live, message.table.forget, () => {
          table = message.table;
          routes?.apply(message.table);
          send({ kind: 'served', generation: message.generation });
        }),
      );
    case 'change': {
      const { change } = message;
      return inOrder(() =>
        afterVersions(change.routes.map((route) => ({ apiId: change.apiId, version: route.version })), change.forget, () => {
          routes?.change(change);
          send({ kind: 'served', generation: message.generation });
        }),
      );
    }
    case 'run':
      return inOrder(() => run(message.id, message.call));
    case 'cancel':
      waiting.get(message.id)?.expire();
      return send({ kind: 'cancelled', id: message.id });
    case 'close':
      return inOrder(close);
  }
}

// The listener sends a batch per turn of its event loop; replies go back one by one, as soon as each is ready.
process.on('message', (batch: ToWorker[]) => {
  for (const message of batch) handle(message);
});
// The listener went away (crashed or killed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
