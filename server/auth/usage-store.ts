import { byEngine, type Storage } from '../storage/storage.js';
import type { Db } from '../workspace/db.js';
import { PostgresUsageStore } from './postgres/usage.js';

/** One token's use since the last flush, and the addresses it was first seen from meanwhile. */
export type TokenUse = { tokenId: string; count: number; lastAt: string; lastIp: string; newIps: { ip: string; firstSeen: string }[] };

/**
 * Writes usage batches. Counts add to what is stored (so replicas' flushes add up), the last use
 * only moves forward, and an address keeps its earliest first sighting. Deleted tokens are skipped.
 */
export interface UsageStore {
  write(batch: readonly TokenUse[]): Promise<void>;
}

export class SqliteUsageStore implements UsageStore {
  private readonly writeBatch;

  constructor(db: Db) {
    // ISO timestamps compare as text: the later of the stored last use and this one wins.
    const updateToken = db.prepare(
      `UPDATE tokens SET use_count = use_count + @count,
         last_used_ip = CASE WHEN last_used_at IS NULL OR last_used_at < @at THEN @ip ELSE last_used_ip END,
         last_used_at = CASE WHEN last_used_at IS NULL OR last_used_at < @at THEN @at ELSE last_used_at END
       WHERE id = @id`,
    );
    // A token deleted since the request simply gets no row (no foreign-key failure).
    const insertIp = db.prepare(
      `INSERT INTO token_ips (token_id, ip, first_seen) SELECT @id, @ip, @at WHERE EXISTS (SELECT 1 FROM tokens WHERE id = @id)
       ON CONFLICT (token_id, ip) DO UPDATE SET first_seen = excluded.first_seen WHERE excluded.first_seen < token_ips.first_seen`,
    );
    this.writeBatch = db.transaction((batch: readonly TokenUse[]) => {
      for (const use of batch) {
        updateToken.run({ count: use.count, at: use.lastAt, ip: use.lastIp, id: use.tokenId });
        for (const { ip, firstSeen } of use.newIps) insertIp.run({ id: use.tokenId, ip, at: firstSeen });
      }
    });
  }

  async write(batch: readonly TokenUse[]): Promise<void> {
    this.writeBatch(batch);
  }
}

export const usageStoreFor = (storage: Storage): UsageStore =>
  byEngine<UsageStore>(storage, { sqlite: (db) => new SqliteUsageStore(db), postgres: (pg) => new PostgresUsageStore(pg) });
