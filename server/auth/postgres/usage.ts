import type { PgDatabase } from '../../storage/postgres.js';
import type { TokenUse, UsageStore } from '../usage-store.js';

/**
 * One statement per batch, whatever its size: the counts join the tokens as arrays (unnest), the
 * new addresses are inserted in the same statement. Additive, so two replicas' flushes add up.
 */
const WRITE_BATCH = `
WITH used AS (
  UPDATE tokens t SET
    use_count = t.use_count + u.count,
    last_used_ip = CASE WHEN t.last_used_at IS NULL OR t.last_used_at < u.at THEN u.ip ELSE t.last_used_ip END,
    last_used_at = CASE WHEN t.last_used_at IS NULL OR t.last_used_at < u.at THEN u.at ELSE t.last_used_at END
  FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[]) AS u(id, count, at, ip)
  WHERE t.id = u.id
)
INSERT INTO token_ips (token_id, ip, first_seen)
SELECT s.id, s.ip, s.at FROM unnest($5::text[], $6::text[], $7::text[]) AS s(id, ip, at)
WHERE EXISTS (SELECT 1 FROM tokens WHERE id = s.id)
ON CONFLICT (token_id, ip) DO UPDATE SET first_seen = excluded.first_seen WHERE excluded.first_seen < token_ips.first_seen`;

export class PostgresUsageStore implements UsageStore {
  constructor(private readonly pg: PgDatabase) {}

  async write(batch: readonly TokenUse[]): Promise<void> {
    if (batch.length === 0) return;
    const sightings = batch.flatMap((use) => use.newIps.map((seen) => ({ id: use.tokenId, ...seen })));
    await this.pg.run(WRITE_BATCH, [
      batch.map((use) => use.tokenId), batch.map((use) => use.count), batch.map((use) => use.lastAt), batch.map((use) => use.lastIp),
      sightings.map((seen) => seen.id), sightings.map((seen) => seen.ip), sightings.map((seen) => seen.firstSeen),
    ]);
  }
}
