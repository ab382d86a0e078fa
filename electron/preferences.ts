import { DEFAULT_RUNTIME_PORT } from './server-process.js';
import { escapeHtml, shellPage } from './pages.js';
import { ANY_FREE_PORT, RUNTIME_PORT_RANGE } from './state.js';
import { PREFERENCES_URL } from './window.js';

/**
 * Preferences: the port of the published APIs. A static page with a form and no script; it
 * submits to PREFERENCES_URL, which the navigation guard hands to the app instead of loading it.
 */

export const CANCEL_PREFERENCES_URL = `${PREFERENCES_URL}/cancel`;

/** The page may submit its form to the shell's own preferences URL and nowhere else. */
const PREFERENCES_PAGE_CSP = `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action ${new URL(PREFERENCES_URL).origin}`;

export type PreferencesView = {
  /** The saved preference: a port, or ANY_FREE_PORT. */
  runtimePort: number;
  /** Where the published APIs are now, when the server runs. */
  runtimeUrl?: string;
  /** The saved port another program held at the last start. */
  runtimePortTaken?: number;
  /** What the user typed and why it was refused. */
  error?: { message: string; portText: string; anyFreePort: boolean };
};

export function preferencesPage(view: PreferencesView): string {
  const anyFreePort = view.error ? view.error.anyFreePort : view.runtimePort === ANY_FREE_PORT;
  const portText = view.error ? view.error.portText : String(view.runtimePort === ANY_FREE_PORT ? DEFAULT_RUNTIME_PORT : view.runtimePort);
  const now = view.runtimeUrl
    ? `<p class="muted">Now at <code>${escapeHtml(view.runtimeUrl)}</code>${view.runtimePortTaken ? ` (port ${view.runtimePortTaken} was taken by another program).` : '.'}</p>`
    : '';
  const error = view.error ? `<p class="error" role="alert">${escapeHtml(view.error.message)}</p>` : '';
  return shellPage(
    'Flowgate Preferences',
    `<h1>Preferences</h1>
<form action="${PREFERENCES_URL}" method="get">
<fieldset><legend>Published APIs listen on</legend>
<label><input type="radio" name="choice" value="port"${anyFreePort ? '' : ' checked'}> port
<input type="number" name="port" min="${RUNTIME_PORT_RANGE.min}" max="${RUNTIME_PORT_RANGE.max}" value="${escapeHtml(portText)}" aria-label="Port"></label>
<label><input type="radio" name="choice" value="any"${anyFreePort ? ' checked' : ''}> any free port (it changes from start to start)</label>
</fieldset>
${now}${error}
<p class="muted">If the port is taken when the server starts, Flowgate listens on a free one instead and the editor shows the address. A change applies when the server restarts.</p>
<p class="actions"><button type="submit" name="then" value="restart">Save and Restart Server</button>
<button type="submit" name="then" value="save" class="secondary">Save</button>
<a class="button secondary" href="${CANCEL_PREFERENCES_URL}">Cancel</a></p>
</form>`,
    PREFERENCES_PAGE_CSP,
  );
}

export type PreferencesSubmission =
  | { kind: 'cancel' }
  | { kind: 'save'; runtimePort: number; restartServer: boolean }
  | { kind: 'invalid'; error: NonNullable<PreferencesView['error']> };

/** What the submitted form asks for; a port must be a whole number from 1024 to 65535. */
export function readPreferencesForm(url: string): PreferencesSubmission {
  const submitted = new URL(url);
  if (`${submitted.origin}${submitted.pathname}` === CANCEL_PREFERENCES_URL) return { kind: 'cancel' };
  const fields = submitted.searchParams;
  const anyFreePort = fields.get('choice') === 'any';
  const portText = (fields.get('port') ?? '').trim();
  const restartServer = fields.get('then') === 'restart';
  if (anyFreePort) return { kind: 'save', runtimePort: ANY_FREE_PORT, restartServer };
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (port >= RUNTIME_PORT_RANGE.min && port <= RUNTIME_PORT_RANGE.max) return { kind: 'save', runtimePort: port, restartServer };
  const message = portText
    ? `${portText} is not a port Flowgate can use: enter a whole number from ${RUNTIME_PORT_RANGE.min} to ${RUNTIME_PORT_RANGE.max} (lower ports need administrator rights), or choose any free port.`
    : `Enter a port from ${RUNTIME_PORT_RANGE.min} to ${RUNTIME_PORT_RANGE.max}, or choose any free port.`;
  return { kind: 'invalid', error: { message, portText, anyFreePort } };
}
