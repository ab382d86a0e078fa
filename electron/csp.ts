import type { DesktopSession } from './surface.js';
import { originOf } from './window.js';

/**
 * The editor's Content-Security-Policy, the same one the admin listener sends
 * (server/admin/app.ts; a unit test keeps the two equal). The shell sets it again on every
 * editor response, so the window is covered even if the server's header went missing.
 */
export function editorCsp(runtimeUrl: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${runtimeUrl}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
}

/** The shell's own pages (starting, crashed) run no script and load nothing. */
export const SHELL_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export type EditorAddress = { origin: string; runtimeUrl: string };

/** Replaces whatever CSP an editor response carries with ours; other responses pass untouched. */
export function installCsp(session: DesktopSession, editor: () => EditorAddress | undefined): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const current = editor();
    if (!current || originOf(details.url) !== current.origin) return callback({});
    const headers = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'));
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [editorCsp(current.runtimeUrl)] } });
  });
}
