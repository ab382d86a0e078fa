import type { Environment } from '../../shared/model/environment.js';
import type { EnvContext } from '../../shared/model/runtime.js';
import type { ChangeFeed } from '../storage/changes.js';
import { flowContextOf, type OpenEnvironment } from './environment-rows.js';
import type { EnvironmentStore } from './environments.js';

/**
 * The environments as last read, for the reads on every request (log redaction, outbound rules,
 * traces, flows' env) that cannot wait on a database: refreshed after each environment change or
 * import this replica hears of through the change feed.
 */
export class EnvironmentSnapshot {
  private entries: OpenEnvironment[] = [];
  private requested = 0;
  private applied = 0;

  private constructor(private readonly store: EnvironmentStore) {}

  static async load(store: EnvironmentStore): Promise<EnvironmentSnapshot> {
    const snapshot = new EnvironmentSnapshot(store);
    await snapshot.refresh();
    return snapshot;
  }

  /** Re-reads every environment; of two refreshes in flight, the later-started one's read wins. */
  async refresh(): Promise<void> {
    const ticket = ++this.requested;
    const entries = await this.store.openAll();
    if (ticket < this.applied) return;
    this.applied = ticket;
    this.entries = entries;
  }

  /** Refreshes on every environment change and import; subscribe before whatever reads the snapshot in its own handler (the runtime). */
  follow(changes: ChangeFeed): () => void {
    return changes.subscribe((change) => (change.kind === 'environment' || change.kind === 'workspace' ? this.refresh() : undefined));
  }

  list(): Environment[] {
    return this.entries.map((entry) => entry.environment);
  }

  get(name: string): Environment | undefined {
    return this.entries.find((entry) => entry.environment.name === name)?.environment;
  }

  secrets(name: string): Record<string, string> {
    return this.entries.find((entry) => entry.environment.name === name)?.secrets ?? {};
  }

  allSecretValues(): string[] {
    return this.entries.flatMap((entry) => Object.values(entry.secrets));
  }

  flowContexts(): EnvContext[] {
    return this.entries.map(flowContextOf);
  }
}
