import type { ApiDefinition } from '../../shared/model/api.js';
import { recordQuery } from '../../shared/nodes/record-query.js';
import { filterFieldsOf } from '../../shared/nodes/record-query-filter.js';
import { effectiveConfig } from '../../shared/nodes/types.js';
import type { ChangeFeed } from '../storage/changes.js';
import type { ApiStore } from '../workspace/apis.js';
import type { RecordIndexes, RecordIndexSpec } from '../workspace/record-indexes.js';

/**
 * The indexes one API's record.query nodes read: for each field its filter names, an index on that
 * field (then the sort field, when it sorts); and when it sorts, one on the sort field alone, for the
 * requests whose filter values are all absent.
 */
export function indexesNeededBy(definition: ApiDefinition): RecordIndexSpec[] {
  const needed: RecordIndexSpec[] = [];
  for (const node of definition.flow.nodes) {
    if (node.type !== recordQuery.type) continue;
    const config = effectiveConfig(recordQuery, node.config);
    const collection = String(config.collection);
    const sortField = String(config.sort).replace(/^-/, '');
    const found = filterFieldsOf(String(config.filter));
    for (const field of found.kind === 'fields' ? found.fields : []) {
      needed.push({ collection, fields: sortField && sortField !== field ? [field, sortField] : [field] });
    }
    if (sortField) needed.push({ collection, fields: [sortField] });
  }
  return needed;
}

const deploymentKey = (apiId: string, environment: string): string => `${environment}\u0000${apiId}`;

/**
 * Keeps the record store's indexes to what the published APIs need. It follows the change feed:
 * a publish, rollback, unpublish or delete re-reads that one API's deployments, not the workspace.
 */
export class RecordIndexNeeds {
  private readonly byDeployment = new Map<string, RecordIndexSpec[]>();

  constructor(
    private readonly apis: ApiStore,
    private readonly indexes: RecordIndexes,
    private readonly onError: (message: string) => void = (message) => console.error(`[record indexes] ${message}`),
  ) {}

  /** Reads every live deployment: when the workspace opens, and after an import. */
  async refreshAll(): Promise<void> {
    const live = await this.apis.liveDeployments();
    this.byDeployment.clear();
    for (const deployment of live) {
      this.byDeployment.set(deploymentKey(deployment.apiId, deployment.environment), indexesNeededBy(deployment.definition));
    }
    await this.apply();
  }

  /** Re-reads one API's deployments after each API change, and everything after an import. */
  follow(changes: ChangeFeed): () => void {
    return changes.subscribe((change) => {
      if (change.kind === 'api') return this.apiChanged(change.apiId);
      if (change.kind === 'workspace') return this.refreshAll();
    });
  }

  /** After a publish, rollback, unpublish or delete of an API: every environment it is (or was) deployed to. */
  async apiChanged(apiId: string): Promise<void> {
    const api = await this.apis.get(apiId);
    const needed = new Map<string, RecordIndexSpec[]>();
    for (const deployed of api?.deployments ?? []) {
      const definition = await this.apis.version(apiId, deployed.version);
      if (definition) needed.set(deploymentKey(apiId, deployed.environment), indexesNeededBy(definition));
    }
    for (const key of [...this.byDeployment.keys()]) if (key.endsWith(`\u0000${apiId}`)) this.byDeployment.delete(key);
    for (const [key, specs] of needed) this.byDeployment.set(key, specs);
    await this.apply();
  }

  /** The publish has happened whatever becomes of its indexes: a failure here (a full disk) is logged, and mended by the next change or restart. */
  private async apply(): Promise<void> {
    try {
      await this.indexes.reconcile([...this.byDeployment.values()].flat());
    } catch (error) {
      this.onError(`could not update the indexes: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
