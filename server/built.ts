import type { RequestListener } from 'node:http';
import type { AdminAccess } from './admin/security.js';
import type { Auth } from './auth/index.js';
import type { Runtime } from './runtime/runtime.js';
import type { TraceStore } from './runtime/traces.js';
import type { FlowPool } from './workers/pool.js';
import type { ApiStore } from './workspace/apis.js';
import type { ChangeFeed } from './storage/changes.js';
import type { Storage } from './storage/storage.js';
import type { EnvironmentSnapshot } from './workspace/environment-snapshot.js';
import type { RequestLog } from './workspace/request-log.js';
import type { WorkspaceIoService } from './services/workspace-io.js';

/** The services a test (or an embedding shell) may reach past the HTTP surface. */
export type ServerServices = {
  storage: Storage;
  changes: ChangeFeed;
  apis: ApiStore;
  /** The environments as this replica last read them (synchronous reads; writes go through the admin API). */
  environments: EnvironmentSnapshot;
  runtime: Runtime;
  /** Export and the all-or-nothing import (what `flowgate test <file>` loads an export with). */
  workspaceIo: WorkspaceIoService;
  auth: Auth;
  requestLog: RequestLog;
  traces: TraceStore;
  access: AdminAccess;
  /** The flow workers published APIs and Draft runs run in. */
  flowPool: FlowPool;
  /** The admin Express app itself, behind the gate that answers changes once the workers have them (its routes can be read back). */
  adminApp: RequestListener;
};

/** The assembled server, not yet listening: its two request handlers and what they run on. */
export type BuiltServer = {
  /** The published APIs (what the runtime listener serves). */
  runtime: RequestListener;
  /** The editor and the admin API (what the admin listener serves, on 127.0.0.1 only). */
  admin: RequestListener;
  services: ServerServices;
  /** The runtime's base URL as callers see it: --public-url, else the listener's address once listening. */
  publicUrl: () => string;
  /** Stops the listeners (if any, letting in-flight requests finish), flushes the log and closes the workspace. */
  close: () => Promise<void>;
};

/** What `listen` tells the built server: where it is reached, and how to stop listening before closing. */
export type Listeners = { adminPort: number; runtimeUrl: string; stop: () => Promise<void> };
export type Binding = { listeners: Listeners | undefined; closed: boolean; bind: (listeners: Listeners) => void };

const bindings = new WeakMap<BuiltServer, Binding>();

/** buildServer's side: how the built server learns of its listeners. */
export function attachBinding(built: BuiltServer, binding: Binding): void {
  bindings.set(built, binding);
}

/** Throws unless the built server can still listen: once, and never after its close. */
export function checkCanListen(built: BuiltServer): void {
  const binding = bindings.get(built);
  if (!binding) throw new Error('listen takes a server made by buildServer');
  if (binding.closed) throw new Error('This server is closed.');
  if (binding.listeners) throw new Error('This server is listening already.');
}

/** listen's side, once both listeners are bound. */
export function bindListeners(built: BuiltServer, listeners: Listeners): void {
  checkCanListen(built);
  bindings.get(built)!.bind(listeners);
}
