import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { apisRouter } from './admin/apis.js';
import { collectionsRouter } from './admin/collections.js';
import { DEFAULT_HOST, explainKekFailure, type ServerConfig } from './config.js';
import { createAdminApp } from './admin/app.js';
import { environmentsRouter } from './admin/environments.js';
import { logsRouter } from './admin/logs.js';
import { openApiRouter, runtimeOpenApiRouter } from './admin/openapi.js';
import { workspaceRouter } from './admin/workspace.js';
import { templatesRouter } from './admin/templates.js';
import { routesRouter } from './admin/routes.js';
import { tracesRouter } from './admin/traces.js';
import { testsRouter } from './admin/tests.js';
import { ApiTestService } from './testing/test-service.js';
import { traceStoreFor } from './runtime/traces.js';
import { secretRedactor } from './runtime/redact-secrets.js';
import { keyEncryption } from './auth/key-encryption.js';
import { authSettingsFor } from './auth/settings.js';
import { createOutboundFetch, type OwnListener } from './net/outbound.js';
import { clientIpResolver } from './runtime/client-ip.js';
import { AdminAccess } from './admin/security.js';
import { keyGroupsRouter } from './admin/key-groups.js';
import { signingKeysRouter } from './admin/signing-keys.js';
import { tokensRouter } from './admin/tokens.js';
import { openAuth, type Auth } from './auth/index.js';
import { attachBinding, type Binding, type BuiltServer } from './built.js';
import { jwksRouter } from './runtime/jwks.js';
import type { ExecutorServices } from './executors/types.js';
import { createRuntimeFallback } from './runtime/fallback.js';
import { Deadlines } from './runtime/deadlines.js';
import { createRuntimeHandler } from './runtime/listener.js';
import { Runtime } from './runtime/runtime.js';
import { boundedInline, listenerRecords } from './workers/inline.js';
import { answeredOnceServed } from './workers/admin-after-served.js';
import { FlowPool, poolExecutor } from './workers/pool.js';
import { followRuntime } from './workers/served-table.js';
import { ApiService } from './services/apis.js';
import { RecordIndexNeeds } from './services/record-index-needs.js';
import { EnvironmentService } from './services/environments.js';
import { TestRunService } from './services/test-run.js';
import { apiStoreFor } from './workspace/apis.js';
import { exampleStoreFor } from './openapi/examples.js';
import { WorkspaceIoService, workspaceImportFor } from './services/workspace-io.js';
import { EnvironmentSnapshot } from './workspace/environment-snapshot.js';
import { LocalChangeFeed, type ChangeFeed } from './storage/changes.js';
import { PostgresChangeFeed } from './storage/postgres-changes.js';
import { closeStorage, openStorage } from './storage/storage.js';
import { certificateNames, isLoopbackHost } from './net/tls.js';
import { environmentStoreFor } from './workspace/environments.js';
import { requestLogFor, type RequestLog } from './workspace/request-log.js';
import { apiTestStoreFor } from './workspace/api-tests.js';
import { recordCollectionsFor, recordIndexesFor, recordStoreFor, sandboxesFor } from './workspace/record-storage.js';
import { sandboxesRouter } from './admin/sandboxes.js';
import { startSandboxExpiry } from './services/sandbox-expiry.js';

export { listen, readyMessage, type ListenOptions, type ListeningServer, type ServerReady } from './listen.js';
export type { BuiltServer, ServerServices } from './built.js';

const DEFAULT_RENDERER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'renderer');

/** Wires the workspace, services, runtime and admin handlers together; listens nowhere (see `listen`). */
export async function buildServer(config: ServerConfig): Promise<BuiltServer> {
  const storage = await openStorage(config);
  const logLine = config.logLine ?? ((line: string) => console.log(line));
  // Every write announces what it changed: on SQLite to this one replica, on PostgreSQL to every replica (LISTEN/NOTIFY).
  let changes: ChangeFeed;
  try {
    changes = storage.engine === 'postgres' ? await PostgresChangeFeed.open(storage.url, storage.pg.pool, { logLine }) : new LocalChangeFeed();
  } catch (error) {
    await closeStorage(storage);
    throw error;
  }
  // One key for the signing keys and the environments' secret variables, derived once.
  const sealer = await keyEncryption(authSettingsFor(storage), config.kek);
  const environmentStore = environmentStoreFor(storage, sealer);
  await environmentStore.seedDefaults();
  // Log redaction, outbound rules, traces and flows' env read environments on every request, synchronously: a snapshot the change feed keeps fresh.
  const environments = await EnvironmentSnapshot.load(environmentStore);
  environments.follow(changes);
  const apis = apiStoreFor(storage);
  const requestLog = requestLogFor(storage);
  const records = recordStoreFor(storage);
  // Indexes follow the published APIs' record.query nodes, built a few ms at a time in the background.
  const recordIndexes = recordIndexesFor(storage);
  const indexNeeds = new RecordIndexNeeds(apis, recordIndexes);
  await indexNeeds.refreshAll();
  const services: ExecutorServices = {
    records,
    // Flows call out only where their environment allows, and never back into Flowgate's own listeners.
    fetch: createOutboundFetch({ settingsFor: (name) => environments.get(name)?.outbound, ownListeners: () => ownListeners() }),
    log: ({ level, message, requestId, nodeKey }) =>
      logLine(secretRedactor(environments.allSecretValues())(`[flow] ${level} ${requestId} ${nodeKey}: ${message}`)),
  };
  // The listener's own copy of each route runs only bounded plans (workers/inline.ts); its record reads refuse big records.
  const runtime = await Runtime.load(apis, environments, { ...services, records: listenerRecords(storage, records) });
  // After the snapshot: an environment's routes are rebuilt from its fresh variables.
  runtime.follow(changes);
  indexNeeds.follow(changes);
  const access = new AdminAccess(config.adminKey);

  let auth: Auth;
  try {
    auth = await openAuth(storage, { kek: config.kek, sealer, changes });
  } catch (error) {
    await requestLog.close();
    await changes.close();
    await closeStorage(storage);
    throw explainKekFailure(error, config);
  }

  const deadlineMs = config.deadlineMs;
  const record = (row: Parameters<RequestLog['record']>[0]): void => requestLog.record(row);
  const portability = {
    apis, environments: environmentStore, environmentSnapshot: environments, examples: exampleStoreFor(storage), tests: apiTestStoreFor(storage),
    importer: workspaceImportFor(storage, sealer), changes, runtime, keyGroups: auth.keyGroups, runtimeUrl: () => runtimeUrl, publicUrl: () => config.publicUrl ?? runtimeUrl,
  };
  const clientIp = clientIpResolver(config.trustedProxies);
  const fallback = createRuntimeFallback({ table: runtime.table, log: record, clientIp, routes: [jwksRouter(auth.signingKeys), runtimeOpenApiRouter(portability)] });
  const deadlines = new Deadlines(deadlineMs);
  // Flows run in worker processes the listener can kill at their deadline; they follow every reload of the runtime.
  const flowPool = new FlowPool({ size: config.workers ?? 1, dbFile: config.dbFile, databaseUrl: config.databaseUrl, onLog: services.log });
  // A publish sends the workers that API's routes only; the whole table goes at start, on an import or an environment change.
  const serveFlows = followRuntime(flowPool, runtime, environments, () => ownListeners());
  const execute = config.inlineFlows === 'off' ? poolExecutor(flowPool) : boundedInline(poolExecutor(flowPool));
  try {
    await flowPool.ready();
  } catch (error) {
    await flowPool.close();
    await auth.close();
    await requestLog.close();
    await changes.close();
    await closeStorage(storage);
    throw error;
  }
  const traces = traceStoreFor(storage, (environment) => Object.values(environments.secrets(environment)));
  let adminOrigins: string[] = [];
  const runtimeHandler = createRuntimeHandler({
    table: runtime.table, auth, fallback, log: record, deadlines, clientIp, execute,
    onTrace: (requestId, route, steps) =>
      traces.add({ requestId, time: new Date().toISOString(), environment: route.environment, apiId: route.apiId, version: route.version, steps }),
    corsOrigins: () => adminOrigins,
  });

  let adminPort = config.adminPort;
  let runtimeUrl = '';
  const ownListeners = (): OwnListener[] => [
    ...(adminPort ? [{ name: 'admin', port: adminPort, host: config.adminHost ?? DEFAULT_HOST }] : []),
    ...(runtimeUrl ? [{ name: 'runtime', port: Number(new URL(runtimeUrl).port), host: config.host }] : []),
  ];
  serveFlows();
  const apiService = new ApiService(apis, environmentStore, runtime, changes);
  const environmentService = new EnvironmentService(environmentStore, changes, async (name) => {
    const published = (await apis.liveDeployments()).filter((d) => d.environment === name).length;
    const tokens = (await auth.tokens.list({ environment: name })).length;
    return [
      ...(published ? [`${published} published API${published === 1 ? '' : 's'} (unpublish them first)`] : []),
      ...(tokens ? [`${tokens} token${tokens === 1 ? '' : 's'} (delete them first)`] : []),
    ];
  });
  // Draft runs write to their session's sandbox; idle ones go after a day.
  const sandboxes = sandboxesFor(storage);
  const stopSandboxExpiry = startSandboxExpiry(sandboxes);
  const adminApp = createAdminApp({
    access,
    clientIp,
    port: () => adminPort,
    // What the editor's tester calls and its CSP allows: the address callers use, which a remote editor can reach.
    runtimeUrl: () => config.publicUrl ?? runtimeUrl,
    rendererDir: config.rendererDir ?? DEFAULT_RENDERER_DIR,
    routers: [
      apisRouter(apiService, new TestRunService(services, environments, auth, deadlines, execute, sandboxes, record)),
      sandboxesRouter(sandboxes),
      testsRouter(new ApiTestService({ storage, tests: apiTestStoreFor(storage), apis, environments, auth, deadlines, execute, liveRecords: records, requestLog, traces, tokens: auth.tokens })),
      environmentsRouter(environmentService),
      tokensRouter(auth.tokens),
      keyGroupsRouter(auth.keyGroups),
      signingKeysRouter(auth.signingKeys),
      tracesRouter(traces, requestLog),
      logsRouter(requestLog, { flushUsage: () => auth.usage.flush() }),
      routesRouter(runtime, () => runtimeUrl),
      openApiRouter(portability),
      workspaceRouter(portability),
      templatesRouter(portability),
      collectionsRouter({ store: records, collections: recordCollectionsFor(storage), indexes: recordIndexes }),
    ],
  });

  const binding: Binding = {
    listeners: undefined,
    closed: false,
    bind: (listeners) => {
      binding.listeners = listeners;
      adminPort = listeners.adminPort;
      runtimeUrl = listeners.runtimeUrl;
      adminOrigins = adminOriginsOf(config, adminPort);
      serveFlows(); // the listeners' ports, which no flow may call
    },
  };
  let closing: Promise<void> | undefined;
  const built: BuiltServer = {
    runtime: runtimeHandler,
    admin: answeredOnceServed(adminApp, flowPool),
    services: { storage, changes, apis, environments, runtime, workspaceIo: new WorkspaceIoService(portability), auth, requestLog, traces, access, flowPool, adminApp },
    publicUrl: () => config.publicUrl ?? runtimeUrl,
    close: () =>
      (closing ??= (async () => {
        binding.closed = true;
        await recordIndexes.stop();
        await stopSandboxExpiry();
        await binding.listeners?.stop();
        await flowPool.close();
        deadlines.close();
        await auth.close();
        await requestLog.close();
        await traces.close();
        await changes.close();
        await closeStorage(storage);
      })()),
  };
  attachBinding(built, binding);
  return built;
}

/**
 * The editor's origins, which the runtime answers cross-origin calls from (the tester): the admin
 * listener's scheme at its port, under loopback names, its --admin-host, and its certificate's names.
 */
function adminOriginsOf(config: Pick<ServerConfig, 'adminHost' | 'tls'>, port: number): string[] {
  const scheme = config.tls ? 'https' : 'http';
  const adminHost = config.adminHost ?? DEFAULT_HOST;
  const names = new Set(['127.0.0.1', 'localhost', ...(isLoopbackHost(adminHost) ? [] : [adminHost])]);
  for (const name of config.tls ? certificateNames(config.tls.cert) : []) if (!name.startsWith('*.')) names.add(name);
  const defaultPort = scheme === 'https' ? 443 : 80;
  return [...names].map((name) => `${scheme}://${name.includes(':') ? `[${name}]` : name}${port === defaultPort ? '' : `:${port}`}`);
}
