import { serverName, THIS_COMPUTER } from '../../shared/desktop-bridge.js';
import { bridge } from '../api/bridge.js';
import { Icon } from '../theme/icons.js';

/** The admin origin the editor talks to: the desktop app's (local or remote) server, else the page's own. */
export function adminOrigin(): string {
  const preload = bridge();
  return preload?.adminUrl ? new URL(preload.adminUrl).origin : window.location.origin;
}

/** Which server this editor works on, in the header: "this computer" or the remote host, the full origin on hover. */
export function ConnectionBadge() {
  const origin = adminOrigin();
  const name = serverName(origin);
  const remote = name !== THIS_COMPUTER;
  return (
    <span
      className={`badge connection-badge${remote ? ' badge-accent' : ''}`}
      title={remote ? `Connected to the Flowgate server at ${origin}` : `Connected to the Flowgate server on this computer (${origin})`}
      data-testid="connection"
    >
      <Icon name="globe" size={12} />
      <span className="ellipsis">{name}</span>
    </span>
  );
}
