import type { AuthBurstFlag, LogFlag, NewIpFlag } from '../../shared/api/admin.js';
import type { StoredLogRow } from './request-log-rows.js';

/** A 401 is part of a burst when its address got at least this many within BURST_WINDOW_MS around it. */
export const BURST_MIN_401S = 10;
export const BURST_WINDOW_MS = 60_000;
/**
 * A token's first sighting is stored when it is checked, a moment after the request's `time`;
 * a row from the same address up to this much earlier is that first request.
 */
const FIRST_SIGHTING_MS = 1000;
export const DEFAULT_FLAGS_SPAN_MS = 24 * 60 * 60_000;
const MS_PER_SECOND = 1000;

/** A page row the audit judges: only these columns matter. */
export type AuditedRow = Pick<StoredLogRow, 'seq' | 'time' | 'ip' | 'status' | 'source' | 'token_id' | 'token_first_seen'>;
/** Every live 401 of the page's addresses around its 401s, as an engine reads them. */
export type Around401s = (range: { from: number; to: number; ips: string[] }) => Promise<{ seq: number; ip: string; time: number }[]>;

/** Each page row's flags, by seq: first sightings from the page itself, bursts from every 401 around it. */
export async function flagsOf(page: readonly AuditedRow[], around: Around401s): Promise<Map<number, LogFlag[]>> {
  const bursts = await burstSeqs(page, around);
  const firstSightings = firstSightingSeqs(page);
  const flags = new Map<number, LogFlag[]>();
  for (const row of page) {
    const flagged: LogFlag[] = [];
    if (firstSightings.has(row.seq)) flagged.push('new_ip');
    if (bursts.has(row.seq)) flagged.push('auth_burst');
    flags.set(row.seq, flagged);
  }
  return flags;
}

/** The seqs of the page's 401 rows that belong to a burst, judged against every 401 around them, not just the page's. */
async function burstSeqs(page: readonly AuditedRow[], around: Around401s): Promise<Set<number>> {
  const flagged = new Set<number>();
  // A builder trying tokens in Draft runs is not someone guessing them: only callers' 401s count.
  const unauthorized = page.filter((row) => row.status === 401 && row.source === 'live');
  if (unauthorized.length === 0) return flagged;
  let from = Infinity;
  let to = -Infinity;
  for (const row of unauthorized) {
    from = Math.min(from, row.time);
    to = Math.max(to, row.time);
  }
  const ips = [...new Set(unauthorized.map((row) => row.ip))];
  const rows = await around({ from: from - BURST_WINDOW_MS, to: to + BURST_WINDOW_MS, ips });
  const byIp = new Map<string, { seq: number; time: number }[]>();
  for (const row of rows) (byIp.get(row.ip) ?? byIp.set(row.ip, []).get(row.ip)!).push(row);
  for (const times of byIp.values()) {
    times.sort((a, b) => a.time - b.time || a.seq - b.seq);
    // Every window of BURST_WINDOW_MS that starts at a 401 and holds enough of them marks all it holds.
    let end = 0;
    let markedUpTo = -1;
    for (let start = 0; start < times.length; start++) {
      if (end < start) end = start;
      while (end + 1 < times.length && times[end + 1]!.time - times[start]!.time <= BURST_WINDOW_MS) end++;
      if (end - start + 1 < BURST_MIN_401S) continue;
      for (let i = Math.max(start, markedUpTo + 1); i <= end; i++) flagged.add(times[i]!.seq);
      markedUpTo = end;
    }
  }
  return flagged;
}

/**
 * The rows that were their token's first request from their address: the request came at most
 * FIRST_SIGHTING_MS before the sighting was stored, and of several such rows (concurrent first
 * requests) only the earliest counts.
 */
function firstSightingSeqs(rows: readonly AuditedRow[]): Set<number> {
  const earliest = new Map<string, AuditedRow>();
  for (const row of rows) {
    if (typeof row.token_first_seen !== 'string') continue;
    const firstSeenMs = Date.parse(row.token_first_seen);
    if (row.time > firstSeenMs || firstSeenMs - row.time > FIRST_SIGHTING_MS) continue;
    const key = `${String(row.token_id)}\u0000${row.ip}`;
    const known = earliest.get(key);
    if (!known || row.time < known.time || (row.time === known.time && row.seq < known.seq)) earliest.set(key, row);
  }
  return new Set([...earliest.values()].map((row) => row.seq));
}

/** The addresses whose live 401s since a moment hold a burst, latest burst first. */
export function authBurstsOf(unauthorized: readonly { ip: string; time: number }[], limit: number): AuthBurstFlag[] {
  const byIp = new Map<string, number[]>();
  for (const row of unauthorized) (byIp.get(row.ip) ?? byIp.set(row.ip, []).get(row.ip)!).push(row.time);
  const bursts: AuthBurstFlag[] = [];
  for (const [ip, times] of byIp) {
    times.sort((a, b) => a - b);
    const busiest = busiestWindow(times);
    if (busiest.count < BURST_MIN_401S) continue;
    bursts.push({
      ip, count: busiest.count, windowSeconds: BURST_WINDOW_MS / MS_PER_SECOND,
      firstAt: new Date(busiest.firstAt).toISOString(), lastAt: new Date(busiest.lastAt).toISOString(), total: times.length,
    });
  }
  bursts.sort((a, b) => (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : a.ip.localeCompare(b.ip)));
  return bursts.slice(0, limit);
}

/** The window of BURST_WINDOW_MS holding the most of these sorted times. */
function busiestWindow(times: readonly number[]): { count: number; firstAt: number; lastAt: number } {
  let best = { count: 0, firstAt: 0, lastAt: 0 };
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! > BURST_WINDOW_MS) start++;
    if (end - start + 1 > best.count) best = { count: end - start + 1, firstAt: times[start]!, lastAt: times[end]! };
  }
  return best;
}

/** A token_ips row joined with its token, as both engines read it. */
export type SightingRow = { token_id: string; name: string; environment: string; ip: string; first_seen: string; first_for_token: number | boolean };

export const toNewIp = (row: SightingRow): NewIpFlag => ({
  tokenId: row.token_id, tokenName: row.name, environment: row.environment, ip: row.ip, firstSeen: row.first_seen,
  firstForToken: row.first_for_token === 1 || row.first_for_token === true,
});
