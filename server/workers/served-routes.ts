import { compileApi } from '../../shared/compile/compile.js';
import type { ApiDefinition } from '../../shared/model/api.js';
import type { EnvContext } from '../../shared/model/runtime.js';
import type { ExecutorServices } from '../executors/types.js';
import { compileVersion, prepareVersion, type CompiledVersion } from '../runtime/route-table.js';
import type { FlowTarget, ServedChange, ServedTable } from './protocol.js';
import type { ServedRoute } from './run-call.js';

/** Drafts compiled lately, kept so a builder re-running the same draft does not recompile it each time. */
const MAX_KEPT_DRAFTS = 16;

/** A target this worker cannot serve (a version gone from the workspace, an unknown environment): the listener answers 500. */
export class UnservedTarget extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnservedTarget';
  }
}

type ServedVersion = Omit<ServedRoute, 'env'>;
/** Where a worker reads a published version's frozen definition (the workspace). */
export type VersionSource = { version(apiId: string, version: number): ApiDefinition | undefined };

/**
 * A flow worker's own compiled routes: versions read from the workspace by (apiId, version) and
 * compiled once, the environments as the listener last sent them, and recent drafts.
 */
export class ServedRoutes {
  /** By API, then version; a published version never changes, so only a forgotten API invalidates one. */
  private versions = new Map<string, Map<number, ServedVersion>>();
  private envs = new Map<string, EnvContext>();
  private readonly drafts = new Map<string, CompiledVersion>();

  constructor(
    private readonly apis: VersionSource,
    private readonly services: ExecutorServices,
    /** What a draft's executors use: the running call's sandbox and outbound rules (see draft-services.ts). */
    private readonly draftServices: ExecutorServices,
  ) {}

  /** Takes a whole table (at start, or after an import or an environment change): versions no longer live dropped, new ones compiled now. */
  apply(table: ServedTable): void {
    this.envs = new Map(table.envs.map((env) => [env.name, env]));
    const forgotten = new Set(table.forget);
    const kept = new Map<string, Map<number, ServedVersion>>();
    for (const { apiId, version } of table.live) {
      const known = this.versions.get(apiId)?.get(version);
      if (known && !forgotten.has(apiId)) keep(kept, apiId, version, known);
    }
    this.versions = kept;
    for (const { apiId, version } of table.live) this.compileLive(apiId, version);
  }

  /** Takes one API's change: only that API's versions are dropped or compiled; every other API's stay as they are. */
  change(change: ServedChange): void {
    for (const env of change.envs) this.envs.set(env.name, env);
    for (const apiId of change.forget) this.versions.delete(apiId);
    const live = new Set(change.routes.map((route) => route.version));
    const known = this.versions.get(change.apiId);
    if (known) for (const version of [...known.keys()]) if (!live.has(version)) known.delete(version);
    if (known?.size === 0) this.versions.delete(change.apiId);
    for (const version of live) this.compileLive(change.apiId, version);
  }

  /** Compiled versions held: what a change must keep to one API. */
  get compiledVersions(): number {
    let count = 0;
    for (const versions of this.versions.values()) count += versions.size;
    return count;
  }

  route(target: FlowTarget): ServedRoute {
    if (target.kind === 'draft') return { definition: target.definition, env: target.env, compiled: this.draft(target) };
    const env = this.envs.get(target.environment);
    if (!env) throw new UnservedTarget(`no environment "${target.environment}" in this worker's table`);
    const { definition, compiled } = this.compiled(target.apiId, target.version);
    return { definition, env, compiled };
  }

  private compiled(apiId: string, version: number): ServedVersion {
    let served = this.versions.get(apiId)?.get(version);
    if (!served) {
      const definition = this.apis.version(apiId, version);
      if (!definition) throw new UnservedTarget(`API ${apiId} has no version ${version} in the workspace`);
      served = { definition, compiled: compileVersion(apiId, version, definition, this.services) };
      keep(this.versions, apiId, version, served);
    }
    return served;
  }

  /** Compiled now rather than on its first request; one that cannot be is said once and answers 500 when called. */
  private compileLive(apiId: string, version: number): void {
    try {
      this.compiled(apiId, version);
    } catch (error) {
      console.error(`[flow worker] ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private draft(target: Extract<FlowTarget, { kind: 'draft' }>): CompiledVersion {
    const key = JSON.stringify(target.definition);
    let compiled = this.drafts.get(key);
    if (!compiled) {
      const result = compileApi(target.definition);
      if (!result.ok) throw new UnservedTarget(`the draft does not compile: ${result.problems[0]?.message ?? 'unknown problem'}`);
      compiled = prepareVersion(result.plan, target.definition, this.draftServices);
      if (this.drafts.size >= MAX_KEPT_DRAFTS) this.drafts.delete(this.drafts.keys().next().value!);
    }
    this.drafts.delete(key);
    this.drafts.set(key, compiled);
    return compiled;
  }
}

function keep(versions: Map<string, Map<number, ServedVersion>>, apiId: string, version: number, served: ServedVersion): void {
  let ofApi = versions.get(apiId);
  if (!ofApi) versions.set(apiId, (ofApi = new Map()));
  ofApi.set(version, served);
}
