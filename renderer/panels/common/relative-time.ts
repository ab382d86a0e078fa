const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** Below this, "just now" reads better than "12 seconds ago". */
const JUST_NOW_MS = 45_000;

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/** "just now", "3 minutes ago", "in 2 days": how far `iso` lies from `now`. */
export function relativeTime(iso: string, now = Date.now()): string {
  const diff = Date.parse(iso) - now;
  const size = Math.abs(diff);
  if (size < JUST_NOW_MS) return 'just now';
  if (size < HOUR_MS) return relative.format(Math.round(diff / MINUTE_MS), 'minute');
  if (size < DAY_MS) return relative.format(Math.round(diff / HOUR_MS), 'hour');
  if (size < 30 * DAY_MS) return relative.format(Math.round(diff / DAY_MS), 'day');
  return new Date(iso).toLocaleDateString();
}

/** A full local date and time, for a tooltip beside a relative time. */
export function fullTime(iso: string): string {
  return new Date(iso).toLocaleString();
}
