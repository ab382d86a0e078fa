/**
 * A flow worker: a process the listener forks (with an IPC channel) to run flows, so that a stuck
 * one is ended by killing this process and never stalls the listener. Entry point; see pool.ts.
 */
import type { ExecutorServices } from '../executors/types.js';
import { createOutboundFetch } from '../net/outbound.js';
import { RequestRun } from '../runtime/deadlines.js';
import { ApiRepository } from '../workspace/apis.js';
import type { Db } from '../workspace/db.js';
import { SqliteRecordStore } from '../workspace/sqlite-record-store.js';
import { draftServices, runInDraft } from './draft-services.js';
import { errorReply } from './error-reply.js';
import { HEARTBEAT_MS, type FlowCall, type FlowReply, type FromWorker, type ServedTable, type ToWorker } from './protocol.js';
import { runCall } from './run-call.js';
import { ServedRoutes, UnservedTarget } from './served-routes.js';
import { openWorkerDatabase } from './worker-database.js';

let db: Db | undefined;
let routes: ServedRoutes | undefined;
let table: ServedTable | undefined;
/** Runs waiting on I/O, by call id: a cancel expires them (aborting their requests); their late reply still brings the trace. */
const waiting = new Map<number, RequestRun>();
const noop = (): void => undefined;

function send(message: FromWorker): void {
  process.send?.(message);
}

function start(dbFile: string): void {
  try {
    db = openWorkerDatabase(dbFile);
    const records = new SqliteRecordStore(db);
    const services: ExecutorServices = {
      records,
      // The environment's outbound policy, as the listener last sent it.
      fetch: createOutboundFetch({ settingsFor: (name) => table?.outbound[name], ownListeners: () => table?.ownListeners ?? [] }),
      log: (entry) => send({ kind: 'log', entry }),
    };
    routes = new ServedRoutes(new ApiRepository(db), services, draftServices(services, db, records));
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

function close(): void {
  for (const request of waiting.values()) request.expire();
  waiting.clear();
  db?.close();
  process.exit(0);
}

function handle(message: ToWorker): void {
  switch (message.kind) {
    case 'init':
      return start(message.dbFile);
    case 'table':
      table = message.table;
      routes?.apply(message.table);
      return send({ kind: 'served', generation: message.generation });
    case 'change':
      routes?.change(message.change);
      return send({ kind: 'served', generation: message.generation });
    case 'run':
      return run(message.id, message.call);
    case 'cancel':
      waiting.get(message.id)?.expire();
      return send({ kind: 'cancelled', id: message.id });
    case 'close':
      return close();
  }
}

// The listener sends a batch per turn of its event loop; replies go back one by one, as soon as each is ready.
process.on('message', (batch: ToWorker[]) => {
  for (const message of batch) handle(message);
});
// The listener went away (crashed or killed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
