import pg from 'pg';
import { LocalChangeFeed, type Change } from './changes.js';
import { REPLICA_SETTING, redactUrl } from './postgres.js';

/** The channel every replica of a workspace listens on (one database = one workspace). */
export const CHANGES_CHANNEL = 'flowgate_changes';
/** First wait before listening again after the connection dropped; doubles up to the ceiling. */
const RECONNECT_FIRST_MS = 100;
const RECONNECT_CEILING_MS = 5_000;
/** A connection attempt that takes longer is abandoned and retried. */
const CONNECT_TIMEOUT_MS = 5_000;

/** What the triggers of 007_change_notices send: origin is the writing pool's replica id, null for a write made by hand. */
type Notice = { origin: string | null; change: Change };

export type PostgresChangeFeedOptions = {
  /** Where a replica says it lost or regained the feed, or failed to apply a change. */
  logLine?: (line: string) => void;
};

/**
 * The change feed shared by every replica of a PostgreSQL workspace. The database sends the
 * notices: triggers on the workspace tables NOTIFY from inside the writing transaction, so every
 * committed change is heard, even when its writer crashes right after the commit. The writer
 * applies its change here when it announces it (so its answer reflects it) and skips the notice
 * that comes back with its own origin; the other replicas apply notices as they arrive, in commit
 * order. NOTIFY reaches only connected listeners, so a replica whose listening connection dropped
 * reloads everything once it listens again: nothing missed while away can leave it stale.
 */
export class PostgresChangeFeed extends LocalChangeFeed {
  private listener: pg.Client | undefined;
  private closed = false;
  private reconnectMs = RECONNECT_FIRST_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Remote changes are applied one after another, in the order they were committed. */
  private applying: Promise<void> = Promise.resolve();
  private readonly logLine: (line: string) => void;

  private constructor(
    private readonly url: string,
    /** The origin this replica's writes carry (its pool's replica setting): their notices come back to be skipped. */
    readonly replicaId: string,
    options: PostgresChangeFeedOptions,
  ) {
    super();
    this.logLine = options.logLine ?? ((line) => console.error(line));
  }

  /**
   * Listens before resolving, so no change committed after open() returns is missed. `writer` is the
   * pool this replica writes through (made by openPostgres): the origin its notices carry is read from it.
   */
  static async open(url: string, writer: pg.Pool, options: PostgresChangeFeedOptions = {}): Promise<PostgresChangeFeed> {
    const feed = new PostgresChangeFeed(url, await replicaIdOf(writer), options);
    await feed.listen();
    return feed;
  }

  /** Applies the change here; the database has already told the other replicas, at commit. */
  override async announce(change: Change): Promise<void> {
    await this.apply(change);
  }

  override async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    await this.applying;
    await super.close();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'flowgate-changes' });
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL && message.payload) this.received(message.payload);
    });
    const lost = (): void => this.lost(client);
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      client.removeListener('end', lost);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.reconnectMs = RECONNECT_FIRST_MS;
  }

  private received(payload: string): void {
    let notice: Notice;
    try {
      notice = JSON.parse(payload) as Notice;
    } catch {
      return; // not one of ours: the channel name is ours alone, but a person may NOTIFY by hand
    }
    if (notice.origin === this.replicaId || typeof notice.change?.kind !== 'string') return;
    this.enqueue(notice.change);
  }

  private enqueue(change: Change): void {
    this.applying = this.applying
      .then(() => this.apply(change))
      .catch((error: unknown) => this.logLine(`[changes] could not apply a ${change.kind} change from another replica: ${error instanceof Error ? error.message : String(error)}`));
  }

  private lost(client: pg.Client): void {
    if (this.listener !== client || this.closed) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    this.logLine(`[changes] lost the change feed of ${redactUrl(this.url)}; listening again, then reloading the workspace`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.reconnectTimer = setTimeout(() => {
      this.listen()
        .then(() => {
          this.logLine('[changes] listening again; reloading the workspace for what was missed');
          this.enqueue({ kind: 'workspace' });
        })
        .catch(() => {
          this.reconnectMs = Math.min(this.reconnectMs * 2, RECONNECT_CEILING_MS);
          this.scheduleReconnect();
        });
    }, this.reconnectMs);
    this.reconnectTimer.unref();
  }
}

/** The replica id the pool's connections carry, as the triggers read it; a pool without one would apply its own changes twice. */
async function replicaIdOf(pool: pg.Pool): Promise<string> {
  const row = (await pool.query<{ origin: string | null }>('SELECT current_setting($1, true) AS origin', [REPLICA_SETTING])).rows[0];
  if (!row?.origin) {
    throw new Error(`The change feed needs the pool this replica writes through to set ${REPLICA_SETTING} on each connection (open it with openPostgres): without it, this replica could not tell its own changes from the others'.`);
  }
  return row.origin;
}
