import { createHash } from 'node:crypto';
import { EnvironmentName } from '../../shared/model/environment.js';
import type { KeyGroupService } from '../auth/key-groups.js';
import { HttpError } from '../http/errors.js';
import { parseInput } from '../http/validate.js';
import type { Runtime } from '../runtime/runtime.js';
import type { EnvironmentSnapshot } from '../workspace/environment-snapshot.js';
import { documentPieces, placeApis } from './document.js';
import { joinInSlices, nextTurn, OperationFragments } from './fragments.js';
import { examplesChanges, type ExampleStore } from './examples.js';
import type { DocumentedApi } from './operation.js';

export type OpenApiDeps = {
  runtime: Runtime;
  /** Read on every request for a document: the in-memory snapshot, not the database. */
  environmentSnapshot: EnvironmentSnapshot;
  keyGroups: KeyGroupService;
  runtimeUrl: () => string;
  /** The runtime's base URL as callers reach it (`--public-url`); the listener's address when not set. */
  publicUrl?: () => string;
};

/** Part of every ETag: a document of another process (a restart, another replica) is not taken for this one's. */
const PROCESS_STARTED = `${process.pid}-${Date.now()}`;
/** Characters of the ETag's hash: plenty to tell builds apart. */
const ETAG_CHARS = 27;

/** A document as built, what it was built from besides the route table, and its JSON as served. */
type CachedDocument = { document: Record<string, unknown>; body: Buffer; etag: string };
/** A document built or being built: requests while it is built wait for it (the build yields to other requests). */
type DocumentEntry = { builtFrom: string; built: Promise<CachedDocument> };

/**
 * OpenAPI documents of what the runtime serves right now: read from its route table, not from
 * drafts. Built once per change and kept: a publish, rollback, unpublish, environment change or
 * import drops them (Runtime.onChange), and the next request builds the document again from the
 * operations kept for the APIs that did not change. Examples, key-group names and the URL are checked per request.
 */
export class OpenApiService {
  private readonly cache = new Map<string, DocumentEntry>();
  private readonly fragments = new OperationFragments();
  /** Each document's APIs in the order of its last build: the next one places only what changed. */
  private readonly lastOrder = new Map<string, DocumentedApi[]>();
  /** Documents built since start: tests read it to see a repeated request served from memory. */
  builds = 0;

  constructor(
    private readonly deps: OpenApiDeps,
    private readonly examples: ExampleStore,
  ) {
    deps.runtime.onChange((change) => {
      if (change.kind === 'environment') {
        for (const key of [...this.cache.keys()]) if (key.startsWith(`${change.name}\u0000`)) this.cache.delete(key);
        if (!deps.environmentSnapshot.get(change.name)) {
          this.fragments.forgetEnvironment(change.name);
          for (const key of [...this.lastOrder.keys()]) if (key.startsWith(`${change.name}\u0000`)) this.lastOrder.delete(key);
        }
      } else {
        this.cache.clear();
      }
    });
  }

  /** Operations built since start (not reused from an earlier build). */
  get operationsBuilt(): number {
    return this.fragments.built;
  }

  exists(environment: string): boolean {
    return EnvironmentName.safeParse(environment).success && this.deps.environmentSnapshot.get(environment) !== undefined;
  }

  /** The builder's document (admin API): key groups named. 400 for a malformed name, 404 for an environment the workspace does not have. */
  async document(environment: unknown): Promise<Record<string, unknown>> {
    return (await this.cached(environment, 'named')).document;
  }

  /**
   * The public document (`/<env>/openapi.json`): `servers` from the configured public URL, never
   * from the request's Host header, and no key-group names.
   */
  async publicDocument(environment: unknown): Promise<Record<string, unknown>> {
    return (await this.cached(environment, 'unnamed')).document;
  }

  /** The public document as served: its JSON, joined once per build, and an ETag of it. */
  async publicBody(environment: unknown): Promise<{ body: Buffer; etag: string }> {
    return this.cached(environment, 'unnamed');
  }

  private async cached(environment: unknown, keyGroups: 'named' | 'unnamed'): Promise<CachedDocument> {
    const name = parseInput(EnvironmentName, environment, 'environment');
    if (!this.exists(name)) throw new HttpError(404, 'unknown_environment', `There is no environment "${name}"`);
    const keyGroupNames = keyGroups === 'named' ? new Map((await this.deps.keyGroups.list()).map((group) => [group.id, group.name])) : null;
    const runtimeUrl = (this.deps.publicUrl ?? this.deps.runtimeUrl)();
    const builtFrom = JSON.stringify([runtimeUrl, examplesChanges(), keyGroupNames ? [...keyGroupNames] : null]);
    const key = `${name}\u0000${keyGroups}`;
    const found = this.cache.get(key);
    if (found && found.builtFrom === builtFrom) return found.built;
    const entry: DocumentEntry = { builtFrom, built: this.build(key, name, runtimeUrl, keyGroupNames) };
    this.cache.set(key, entry);
    // A failed build is not kept: the next request tries again.
    entry.built.catch(() => {
      if (this.cache.get(key) === entry) this.cache.delete(key);
    });
    return entry.built;
  }

  private async build(key: string, environment: string, runtimeUrl: string, keyGroupNames: ReadonlyMap<string, string> | null): Promise<CachedDocument> {
    // The table as it is now, before the reads below: a change applied meanwhile drops this entry, and requests after it build anew.
    const routes = this.deps.runtime.table().routes.filter((route) => route.environment === environment);
    const examples = await this.examples.all();
    const apis = routes.map((route) => ({ apiId: route.apiId, version: route.version, definition: route.definition, examples: examples.get(route.apiId) ?? [] }));
    const placements = placeApis(apis, this.lastOrder.get(key));
    this.lastOrder.set(key, placements.map((placement) => placement.api));
    // A turn between the steps: each is a few milliseconds at 1,000 APIs, all of them together were 20–35 ms under load.
    await nextTurn();
    const parts = await this.fragments.parts(key, placements, keyGroupNames);
    const { document, pieces } = documentPieces({ environment, runtimeUrl }, placements, parts);
    await nextTurn();
    const body = await joinInSlices(pieces);
    this.builds += 1;
    // One per build, not a hash of its megabytes: a build follows a change, and this process's start tells it from another process's.
    const etag = createHash('sha256').update(`${PROCESS_STARTED}\u0000${key}\u0000${this.builds}`).digest('base64url');
    return { document, body, etag: `"${etag.slice(0, ETAG_CHARS)}"` };
  }
}
