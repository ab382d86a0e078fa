import { serverName, THIS_COMPUTER } from '../shared/desktop-bridge.js';
import { MIN_ADMIN_KEY_LENGTH } from '../server/config.js';
import { loadSavedServer, saveServer, type SavedServer } from './remote-store.js';
import type { SecretSealer, ServerFetch } from './surface.js';

/**
 * File ▸ Connect to Server…: the window shows a remote Flowgate's editor (admin URL + admin key)
 * instead of the one on this computer, until Disconnect. Everything here is plain logic the
 * desktop app drives; the network check goes through the injected fetch (Electron's net.fetch).
 */

/** A slow or silent server gets this long to answer the connection check. */
export const CONNECT_TIMEOUT_MS = 10_000;
const ADMIN_SESSION_PATH = '/admin/v1/session';
/** Pasted admin-API URLs are trimmed to the server's origin. */
const ADMIN_API_SUFFIX = /\/admin\/v1\/?$/;

/** A remote server the window shows, as the shell needs it: the editor's origin, its runtime (for the CSP) and the key the preload hands over. */
export type RemoteEditor = { origin: string; adminUrl: string; runtimeUrl: string; adminKey: string };

export type ConnectionState =
  | { kind: 'local' }
  | { kind: 'connecting'; adminUrl: string; previous: RemoteEditor | undefined }
  | { kind: 'remote'; editor: RemoteEditor };

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The admin URL a person typed, as the server's origin. https is required for any host but this
 * computer's: the admin key is sent with every request.
 */
export function checkAdminUrl(text: string): Checked<string> {
  const typed = text.trim();
  const example = 'such as https://admin.example.com:4300';
  if (!typed) return { ok: false, message: `Enter the server's admin URL, ${example}.` };
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return { ok: false, message: `${typed} is not a URL: enter the server's admin URL, ${example}.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: `The admin URL must start with https://, ${example}.` };
  if (url.username || url.password) return { ok: false, message: 'Leave the user name and password out of the URL: the admin key goes in its own field.' };
  if (url.search || url.hash) return { ok: false, message: `The admin URL takes no query or #fragment: only the server's address, ${example}.` };
  const path = url.pathname.replace(ADMIN_API_SUFFIX, '/');
  if (path !== '/') return { ok: false, message: `Flowgate's editor is at the root of its admin address: enter it without the path ${url.pathname}.` };
  if (url.protocol === 'http:' && serverName(url.origin) !== THIS_COMPUTER) {
    return {
      ok: false,
      message: `Only https:// is accepted for a server on another machine: over http:// the admin key would travel unencrypted. Start that server with --tls-cert and --tls-key, then connect to https://${url.host}.`,
    };
  }
  return { ok: true, value: url.origin };
}

export function checkAdminKey(key: string): Checked<string> {
  const trimmed = key.trim();
  if (!trimmed) return { ok: false, message: "Enter the server's admin key (flowgate serve prints it at first start, and keeps it in FILE.admin-key)." };
  if (trimmed.length < MIN_ADMIN_KEY_LENGTH) return { ok: false, message: `That admin key is too short: a Flowgate admin key has at least ${MIN_ADMIN_KEY_LENGTH} characters.` };
  return { ok: true, value: trimmed };
}

/** The window's title: the workspace on this computer, or the remote server's name. */
export function windowTitle(target: { kind: 'local'; workspace: string } | { kind: 'remote'; adminUrl: string }): string {
  if (target.kind === 'remote') return `Flowgate — ${serverName(target.adminUrl)}`;
  const file = target.workspace.split(/[\\/]/).pop();
  return file ? `${file} — Flowgate — ${THIS_COMPUTER}` : `Flowgate — ${THIS_COMPUTER}`;
}

/** Asks the server who the key signs in as, the way the editor itself starts; answers its runtime URL or why not. */
export async function checkServer(fetch: ServerFetch, adminUrl: string, adminKey: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<Checked<{ runtimeUrl: string }>> {
  let response: Awaited<ReturnType<ServerFetch>>;
  try {
    response = await fetch(`${adminUrl}${ADMIN_SESSION_PATH}`, { headers: { authorization: `Bearer ${adminKey}`, accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error ? (error.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : error.message) : String(error);
    return { ok: false, message: `Could not reach ${adminUrl} (${reason}). Check the address, that the server runs, and that its certificate is trusted by this computer.` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, message: `${adminUrl} answered ${response.status} with something other than Flowgate's admin API: check the address and port.` };
  }
  const answer = body as { signedIn?: unknown; runtimeUrl?: unknown; error?: { code?: unknown; message?: unknown } };
  if (response.status === 200 && answer.signedIn === true && typeof answer.runtimeUrl === 'string') return { ok: true, value: { runtimeUrl: answer.runtimeUrl } };
  if (response.status === 200 && answer.signedIn === false) return { ok: false, message: `The admin key is not the one of the server at ${adminUrl}.` };
  if (response.status === 403 && answer.error?.code === 'forbidden_host') {
    return { ok: false, message: `The server at ${adminUrl} does not answer to that name: run it with --tls-cert and a certificate that names ${new URL(adminUrl).hostname}.` };
  }
  const said = typeof answer.error?.message === 'string' ? `: ${answer.error.message}` : '';
  return { ok: false, message: `${adminUrl} refused the connection (${response.status}${said}).` };
}

export type RemoteConnectionDeps = {
  fetch: ServerFetch;
  sealer: SecretSealer;
  userDataDir: () => string;
  /** Called after every change of state: the app retitles, reloads the window and re-guards the new origin. */
  onChange: (state: ConnectionState) => void;
  log: (line: string) => void;
  timeoutMs?: number;
};

/** What Connect to Server… submitted: the key may be left empty to reuse the one kept for that same URL. */
export type ConnectRequest = { adminUrl: string; adminKey: string };

export type RemoteConnection = {
  state: () => ConnectionState;
  /** The editor the window should show when connected; undefined on this computer (and while connecting). */
  editor: () => RemoteEditor | undefined;
  /** The server kept from last time (its URL prefills the form), once `resume` has read it. */
  saved: () => Pick<SavedServer, 'adminUrl'> | undefined;
  /** Checks the server and switches to it; a failure leaves the window where it was and says why. */
  connect: (request: ConnectRequest) => Promise<Checked<RemoteEditor>>;
  /** At launch: reconnects to the server the app was connected to when it quit. Answers a notice when it could not. */
  resume: () => Promise<string | undefined>;
  /** Back to this computer's server; the remote URL and key stay kept for the next Connect. */
  disconnect: () => void;
};

/**
 * The connection as a small state machine: local → connecting → remote (or back where it was
 * on failure) → local on Disconnect. A newer connect or a Disconnect supersedes one in flight.
 */
export function createRemoteConnection(deps: RemoteConnectionDeps): RemoteConnection {
  let state: ConnectionState = { kind: 'local' };
  let saved: SavedServer | undefined;
  let attempt = 0;

  const enter = (next: ConnectionState): void => {
    state = next;
    deps.onChange(state);
  };

  const remember = async (next: SavedServer): Promise<void> => {
    saved = next;
    const notice = await saveServer(deps.sealer, deps.userDataDir(), next).catch((error: unknown) => `Could not keep the connection: ${String(error)}`);
    if (notice) deps.log(notice);
  };

  async function connect(request: ConnectRequest): Promise<Checked<RemoteEditor>> {
    const url = checkAdminUrl(request.adminUrl);
    if (!url.ok) return url;
    const reuse = request.adminKey.trim() === '' && saved?.adminUrl === url.value ? saved.adminKey : undefined;
    const key = reuse === undefined ? checkAdminKey(request.adminKey) : { ok: true as const, value: reuse };
    if (!key.ok) return key;
    const mine = ++attempt;
    const previous = state.kind === 'remote' ? state.editor : state.kind === 'connecting' ? state.previous : undefined;
    enter({ kind: 'connecting', adminUrl: url.value, previous });
    const checked = await checkServer(deps.fetch, url.value, key.value, deps.timeoutMs);
    if (mine !== attempt) return { ok: false, message: 'Another connection was asked for meanwhile.' };
    if (!checked.ok) {
      deps.log(`could not connect to ${url.value}: ${checked.message}`);
      enter(previous ? { kind: 'remote', editor: previous } : { kind: 'local' });
      return checked;
    }
    const editor: RemoteEditor = { origin: url.value, adminUrl: url.value, runtimeUrl: checked.value.runtimeUrl, adminKey: key.value };
    deps.log(`connected to ${url.value}`);
    enter({ kind: 'remote', editor });
    await remember({ adminUrl: url.value, adminKey: key.value, connected: true });
    return { ok: true, value: editor };
  }

  return {
    state: () => state,
    editor: () => (state.kind === 'remote' ? state.editor : undefined),
    saved: () => (saved ? { adminUrl: saved.adminUrl } : undefined),
    connect,
    resume: async () => {
      const loaded = await loadSavedServer(deps.sealer, deps.userDataDir());
      saved = loaded.server;
      if (!saved?.connected) return loaded.notice;
      const result = await connect({ adminUrl: saved.adminUrl, adminKey: '' });
      return result.ok ? loaded.notice : `Flowgate was connected to ${saved.adminUrl} when it last quit, but could not connect again: ${result.message} This computer's workspace is open instead.`;
    },
    disconnect: () => {
      attempt++;
      if (state.kind === 'local') return;
      const left = state.kind === 'remote' ? state.editor.adminUrl : state.adminUrl;
      deps.log(`disconnected from ${left}`);
      enter({ kind: 'local' });
      if (saved?.connected) void remember({ ...saved, connected: false });
    },
  };
}
