import type { LogFlags } from '../../../shared/api/admin.js';
import { relativeTime } from '../common/relative-time.js';

/** Flagged activity of the last day: tokens seen from new addresses, addresses with bursts of 401s. */
export function FlagsList({ flags }: { flags: LogFlags | null }) {
  const bursts = flags?.authBursts ?? [];
  const moves = (flags?.newIps ?? []).filter((flag) => !flag.firstForToken);
  const firsts = (flags?.newIps ?? []).filter((flag) => flag.firstForToken);
  return (
    <section className="log-flags" aria-label="Flagged activity" data-testid="log-flags">
      <h3 className="section-title">Flagged activity · 24 h</h3>
      {bursts.length + moves.length + firsts.length === 0 ? <p className="faint">Nothing unusual: no bursts of 401s, no token used from a new address.</p> : null}
      <ul>
        {bursts.map((burst) => (
          <li key={`burst-${burst.ip}`} className="log-flag is-danger" data-testid="flag-auth-burst" data-ip={burst.ip}>
            <strong>{burst.count} × 401</strong> from <span className="mono">{burst.ip}</span> within {burst.windowSeconds} s
            <span className="faint"> · {relativeTime(burst.lastAt)}</span>
          </li>
        ))}
        {moves.map((flag) => (
          <li key={`ip-${flag.tokenId}-${flag.ip}`} className="log-flag is-warning" data-testid="flag-new-ip">
            <strong>{flag.tokenName}</strong> used from a new address <span className="mono">{flag.ip}</span>
            <span className="faint"> · {relativeTime(flag.firstSeen)}</span>
          </li>
        ))}
        {firsts.map((flag) => (
          <li key={`first-${flag.tokenId}-${flag.ip}`} className="log-flag" data-testid="flag-first-use">
            <strong>{flag.tokenName}</strong> first used from <span className="mono">{flag.ip}</span>
            <span className="faint"> · {relativeTime(flag.firstSeen)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
