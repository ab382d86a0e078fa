/**
 * What changed in the workspace, announced after the write committed. Every replica (the one
 * that wrote included) applies it to its in-memory state: route table, access cache, signing
 * keys. On SQLite there is one replica and the feed is local; on PostgreSQL the database's own
 * triggers send it with NOTIFY at commit (postgres-migrations/007), and a replica that lost its
 * connection reloads everything (`workspace`).
 */
export type Change =
  /** An API's definition, versions or deployments (publish, rollback, unpublish, delete). */
  | { kind: 'api'; apiId: string }
  /** An environment created, changed (variables, outbound rules) or deleted. */
  | { kind: 'environment'; name: string }
  /** Tokens or key groups: revocation, scopes, allowlists, expiry, roll grace, membership. */
  | { kind: 'access' }
  /** A signing key rotated or retired. */
  | { kind: 'signing-keys' }
  /** Indexes the published APIs need, or the record collections themselves. */
  | { kind: 'records' }
  /** Anything, or unknown (an import, a reconnect after missed notifications): reload it all. */
  | { kind: 'workspace' };

export type ChangeHandler = (change: Change) => void | Promise<void>;

export interface ChangeFeed {
  /** Applies the change here at once (awaiting every handler); other replicas hear of it from the database's commit. */
  announce(change: Change): Promise<void>;
  /** Handlers run in subscription order; the returned function unsubscribes. */
  subscribe(handler: ChangeHandler): () => void;
  close(): Promise<void>;
}

/** One replica: announcing is applying. */
export class LocalChangeFeed implements ChangeFeed {
  private readonly handlers: ChangeHandler[] = [];

  async announce(change: Change): Promise<void> {
    await this.apply(change);
  }

  subscribe(handler: ChangeHandler): () => void {
    this.handlers.push(handler);
    return () => {
      const index = this.handlers.indexOf(handler);
      if (index >= 0) this.handlers.splice(index, 1);
    };
  }

  /** Runs every handler in order; one that throws does not keep the others from running. */
  protected async apply(change: Change): Promise<void> {
    const failures: unknown[] = [];
    for (const handler of [...this.handlers]) {
      try {
        await handler(change);
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} handlers failed to apply a ${change.kind} change`);
  }

  close(): Promise<void> {
    this.handlers.length = 0;
    return Promise.resolve();
  }
}
