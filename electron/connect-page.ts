import { escapeHtml, shellPage } from './pages.js';
import { CONNECT_URL } from './window.js';

/**
 * File ▸ Connect to Server…: a static page with a form and no script, like Preferences. It submits
 * to CONNECT_URL, which the navigation guard hands to the app instead of loading it, so the
 * admin key never leaves this process on the way.
 */

export const CANCEL_CONNECT_URL = `${CONNECT_URL}/cancel`;
export const DISCONNECT_URL = `${CONNECT_URL}/disconnect`;

/** The page may submit its form to the shell's own connect URL and nowhere else. */
const CONNECT_PAGE_CSP = `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action ${new URL(CONNECT_URL).origin}`;

export type ConnectView = {
  /** Prefilled: what was typed, else the server kept from last time. */
  adminUrl: string;
  /** The server the window shows now, when it is a remote one. */
  connectedTo?: string;
  /** A key is kept for `adminUrl`, so the key field may stay empty. */
  keyKept: boolean;
  /** Why the last try failed. */
  error?: string;
  /** Shown while the server is being checked. */
  connecting?: boolean;
};

export function connectPage(view: ConnectView): string {
  if (view.connecting) {
    return shellPage('Connect to Server', `<h1>Connecting…</h1><p>Checking <code>${escapeHtml(view.adminUrl)}</code> with the admin key.</p>`, CONNECT_PAGE_CSP);
  }
  const now = view.connectedTo
    ? `<p class="muted">Connected to <code>${escapeHtml(view.connectedTo)}</code>. <a href="${DISCONNECT_URL}">Disconnect</a> to return to this computer.</p>`
    : '<p class="muted">The window shows the workspace on this computer.</p>';
  const error = view.error ? `<p class="error" role="alert">${escapeHtml(view.error)}</p>` : '';
  return shellPage(
    'Connect to Server',
    `<h1>Connect to a Flowgate server</h1>
${now}
<form action="${CONNECT_URL}" method="get" autocomplete="off">
<fieldset><legend>Server</legend>
<label>Admin URL<br><input type="url" name="adminUrl" value="${escapeHtml(view.adminUrl)}" placeholder="https://admin.example.com:4300" required></label>
<label>Admin key<br><input type="password" name="adminKey" value="" placeholder="${view.keyKept ? 'kept from last time: leave empty to use it' : 'printed by flowgate serve at first start'}"></label>
</fieldset>
${error}
<p class="muted">A server on another machine must serve https (flowgate serve --tls-cert FILE --tls-key FILE). The key is kept in the OS keychain.</p>
<p class="actions"><button type="submit">Connect</button>
<a class="button secondary" href="${CANCEL_CONNECT_URL}">Cancel</a></p>
</form>`,
    CONNECT_PAGE_CSP,
  );
}

export type ConnectSubmission = { kind: 'cancel' } | { kind: 'disconnect' } | { kind: 'connect'; adminUrl: string; adminKey: string };

/** What the submitted form asks for; the fields are checked by the connection itself. */
export function readConnectForm(url: string): ConnectSubmission {
  const submitted = new URL(url);
  const target = `${submitted.origin}${submitted.pathname}`;
  if (target === CANCEL_CONNECT_URL) return { kind: 'cancel' };
  if (target === DISCONNECT_URL) return { kind: 'disconnect' };
  return { kind: 'connect', adminUrl: submitted.searchParams.get('adminUrl') ?? '', adminKey: submitted.searchParams.get('adminKey') ?? '' };
}
