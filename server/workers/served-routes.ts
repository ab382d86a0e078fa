import { compileApi } from '../../shared/compile/compile.js';
import type { EnvContext } from '../../shared/model/runtime.js';
import type { ExecutorServices } from '../executors/types.js';
import { compileVersion, prepareVersion, versionKey, type CompiledVersion } from '../runtime/route-table.js';
import type { ApiRepository } from '../workspace/apis.js';
import type { FlowTarget, ServedTable } from './protocol.js';
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

/**
 * A flow worker's own compiled routes: versions read from the workspace by (apiId, version) and
 * compiled once, the environments as the listener last sent them, and recent drafts.
 */
export class ServedRoutes {
  /** By versionKey; a published version never changes, so only a forgotten API invalidates one. */
  private versions = new Map<string, ServedVersion>();
  private envs = new Map<string, EnvContext>();
  private readonly drafts = new Map<string, CompiledVersion>();

  constructor(
    private readonly apis: ApiRepository,
    private readonly services: ExecutorServices,
    /** What a draft's executors use: the running call's sandbox and outbound rules (see draft-services.ts). */
    private readonly draftServices: ExecutorServices,
  ) {}

  /** Takes a new table: environments replaced, versions no longer live dropped, new ones compiled now rather than on their first request. */
  apply(table: ServedTable): void {
    this.envs = new Map(table.envs.map((env) => [env.name, env]));
    const forgotten = new Set(table.forget);
    const kept = new Map<string, ServedVersion>();
    for (const { apiId, version } of table.live) {
      const key = versionKey(apiId, version);
      const known = this.versions.get(key);
      if (known && !forgotten.has(apiId)) kept.set(key, known);
    }
    this.versions = kept;
    for (const { apiId, version } of table.live) {
      try {
        this.compiled(apiId, version);
      } catch (error) {
        console.error(`[flow worker] ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  route(target: FlowTarget): ServedRoute {
    if (target.kind === 'draft') return { definition: target.definition, env: target.env, compiled: this.draft(target) };
    const env = this.envs.get(target.environment);
    if (!env) throw new UnservedTarget(`no environment "${target.environment}" in this worker's table`);
    const { definition, compiled } = this.compiled(target.apiId, target.version);
    return { definition, env, compiled };
  }

  private compiled(apiId: string, version: number): ServedVersion {
    const key = versionKey(apiId, version);
    let served = this.versions.get(key);
    if (!served) {
      const definition = this.apis.version(apiId, version);
      if (!definition) throw new UnservedTarget(`API ${apiId} has no version ${version} in the workspace`);
      served = { definition, compiled: compileVersion(apiId, version, definition, this.services) };
      this.versions.set(key, served);
    }
    return served;
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
