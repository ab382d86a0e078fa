import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apisRouter } from './admin/apis.js';
import { createAdminApp } from './admin/app.js';
import { environmentsRouter } from './admin/environments.js';
import { logsRouter } from './admin/logs.js';
import { openApiRouter, runtimeOpenApiRouter } from './admin/openapi.js';
import { workspaceRouter } from './admin/workspace.js';
import { routesRouter } from './admin/routes.js';
import { tracesRouter } from './admin/traces.js';
import { TraceStore } from './runtime/traces.js';
import { clientIpResolver } from './runtime/client-ip.js';
import { AdminAccess } from './admin/security.js';
import { keyGroupsRouter } from './admin/key-groups.js';
import { signingKeysRouter } from './admin/signing-keys.js';
import { tokensRouter } from './admin/tokens.js';
import { openAuth, type Auth } from './auth/index.js';
import { jwksRouter } from './runtime/jwks.js';
import type { ExecutorServices } from './executors/types.js';
import { createRuntimeFallback } from './runtime/fallback.js';
import { Deadlines, DEFAULT_DEADLINE_MS } from './runtime/deadlines.js';
import { createRuntimeHandler } from './runtime/listener.js';
import { Runtime } from './runtime/runtime.js';
import { ApiService } from './services/apis.js';
import { EnvironmentService } from './services/environments.js';
import { TestRunService } from './services/test-run.js';
import { ApiRepository } from './workspace/apis.js';
import { openDatabase } from './workspace/db.js';
import { EnvironmentRepository } from './workspace/environments.js';
import { RequestLog } from './workspace/request-log.js';
import { SqliteRecordStore } from './workspace/sqlite-record-store.js';

export type ServerOptions = {
  dbFile: string;
  adminKey: string;
  adminPort: number;
  runtimePort: number;
  /** Where the runtime listens; the admin listener is always on 127.0.0.1. */
  host: string;
  deadlineMs?: number;
  /** Proxies (CIDRs) whose X-Forwarded-For is believed; none by default. */
  trustedProxies?: string[];
  /** A key-encryption key for the signing keys at rest. */
  kek?: string;
  rendererDir?: string;
  /** Where log nodes write; the console by default. */
  logLine?: (line: string) => void;
};

export type FlowgateServer = {
  adminUrl: string;
  runtimeUrl: string;
  /** A fresh one-time login URL for the editor. */
  loginUrl: () => string;
  /** Stops accepting, lets in-flight requests finish, flushes the log and closes the workspace. */
  close: () => Promise<void>;
};

const DEFAULT_RENDERER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');
const SHUTDOWN_GRACE_MS = 10_000;
const IDLE_SWEEP_MS = 50;

/** Wires the workspace, services, runtime and admin listeners together and starts listening. */
export async function startServer(options: ServerOptions): Promise<FlowgateServer> {
  const db = openDatabase(options.dbFile);
  const environments = new EnvironmentRepository(db);
  environments.seedDefaults();
  const apis = new ApiRepository(db);
  const requestLog = new RequestLog(db);
  const logLine = options.logLine ?? ((line: string) => console.log(line));
  const services: ExecutorServices = {
    records: new SqliteRecordStore(db),
    fetch: globalThis.fetch,
    log: ({ level, message, requestId, nodeKey }) => logLine(`[flow] ${level} ${requestId} ${nodeKey}: ${message}`),
  };
  const runtime = new Runtime(apis, environments, services);
  const access = new AdminAccess(options.adminKey);

  let auth: Auth;
  try {
    auth = await openAuth(db, { kek: options.kek });
  } catch (error) {
    requestLog.close();
    db.close();
    throw error;
  }

  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const record = (row: Parameters<RequestLog['record']>[0]): void => requestLog.record(row);
  const portability = { db, apis, environments, runtime, keyGroups: auth.keyGroups, runtimeUrl: () => runtimeUrl };
  const clientIp = clientIpResolver(options.trustedProxies ?? []);
  const fallback = createRuntimeFallback({ table: runtime.table, log: record, clientIp, routes: [jwksRouter(auth.signingKeys), runtimeOpenApiRouter(portability)] });
  const deadlines = new Deadlines(deadlineMs);
  const traces = new TraceStore();
  let adminOrigins: string[] = [];
  const runtimeServer = createHttpServer(
    createRuntimeHandler({
      table: runtime.table, auth, fallback, log: record, deadlines, clientIp,
      onTrace: (requestId, route, steps) =>
        traces.add({ requestId, time: new Date().toISOString(), environment: route.environment, apiId: route.apiId, version: route.version, steps }),
      corsOrigins: () => adminOrigins,
    }),
  );

  let adminPort = options.adminPort;
  let runtimeUrl = '';
  const apiService = new ApiService(apis, environments, runtime);
  const environmentService = new EnvironmentService(environments, runtime, (name) => {
    const published = apis.liveDeployments().filter((d) => d.environment === name).length;
    const tokens = auth.tokens.list({ environment: name }).length;
    return [
      ...(published ? [`${published} published API${published === 1 ? '' : 's'} (unpublish them first)`] : []),
      ...(tokens ? [`${tokens} token${tokens === 1 ? '' : 's'} (delete them first)`] : []),
    ];
  });
  const adminApp = createAdminApp({
    access,
    port: () => adminPort,
    runtimeUrl: () => runtimeUrl,
    rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
    routers: [
      apisRouter(apiService, new TestRunService(services, environments, auth, deadlines)),
      environmentsRouter(environmentService),
      tokensRouter(auth.tokens),
      keyGroupsRouter(auth.keyGroups),
      signingKeysRouter(auth.signingKeys),
      tracesRouter(traces, requestLog, db),
      logsRouter(requestLog, { flushUsage: () => auth.usage.flush() }),
      routesRouter(runtime, () => runtimeUrl),
      openApiRouter(portability),
      workspaceRouter(portability),
    ],
  });
  const adminServer = createHttpServer(adminApp);

  try {
    await listen(runtimeServer, options.runtimePort, options.host);
    await listen(adminServer, options.adminPort, '127.0.0.1');
  } catch (error) {
    runtimeServer.close();
    auth.close();
    requestLog.close();
    db.close();
    throw error;
  }
  adminPort = (adminServer.address() as AddressInfo).port;
  const runtimeAddress = runtimeServer.address() as AddressInfo;
  const runtimeHost = runtimeAddress.family === 'IPv6' ? `[${runtimeAddress.address}]` : runtimeAddress.address;
  runtimeUrl = `http://${runtimeHost === '0.0.0.0' || runtimeHost === '[::]' ? '127.0.0.1' : runtimeHost}:${runtimeAddress.port}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  adminOrigins = [adminUrl, `http://localhost:${adminPort}`];

  let closing: Promise<void> | undefined;
  return {
    adminUrl,
    runtimeUrl,
    loginUrl: () => `${adminUrl}/login?code=${access.newLoginCode()}`,
    close: () =>
      (closing ??= (async () => {
        await Promise.all([drain(runtimeServer), drain(adminServer)]);
        deadlines.close();
        auth.close();
        requestLog.close();
        db.close();
      })()),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Stops accepting connections and waits for in-flight requests. Keep-alive sockets are closed as
 * soon as they fall idle (checked every tick of IDLE_SWEEP_MS); the rest are forced after a grace period.
 */
function drain(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close(() => {
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
