import { SHELL_PAGE_CSP } from './csp.js';
import { RESTART_SERVER_URL } from './window.js';

/**
 * The shell's own pages, shown while the server starts or after it stopped. Static HTML in a
 * data: URL with no script: the Restart link points at RESTART_SERVER_URL, which the
 * navigation guard turns into a restart, so these pages need no IPC at all.
 */

const STYLE = `
  :root { color-scheme: light dark; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
  main { max-width: 640px; padding: 32px; }
  h1 { font-size: 20px; margin: 0 0 8px; }
  p { margin: 0 0 16px; opacity: .85; }
  pre { max-height: 40vh; overflow: auto; padding: 12px; border-radius: 6px; background: rgba(127,127,127,.12); font-size: 12px; white-space: pre-wrap; word-break: break-word; }
  a.button, button { display: inline-block; padding: 8px 16px; border-radius: 6px; border: 0; background: #3b6ef5; color: #fff; text-decoration: none; font: inherit; font-weight: 600; cursor: pointer; }
  button.secondary, a.button.secondary { background: rgba(127,127,127,.2); color: CanvasText; }
  .muted { font-size: 12px; opacity: .7; }
  fieldset { border: 1px solid rgba(127,127,127,.35); border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; }
  legend { font-weight: 600; padding: 0 4px; }
  label { display: block; margin: 6px 0; }
  input[type=number] { width: 7em; font: inherit; padding: 2px 6px; }
  input[type=url], input[type=password] { width: 100%; box-sizing: border-box; font: inherit; padding: 4px 6px; margin-top: 2px; }
  .error { color: #d93025; font-weight: 600; }
  .actions { display: flex; gap: 8px; align-items: center; }
`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A static page of the shell as a data: URL; `csp` may open form submission to the shell's own URLs. */
export function shellPage(title: string, body: string, csp = SHELL_PAGE_CSP): string {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
  return `data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`;
}

export function startingPage(workspace: string): string {
  return shellPage('Flowgate', `<h1>Starting Flowgate…</h1><p>Opening the workspace <code>${escapeHtml(workspace)}</code>.</p>`);
}

export type StoppedPage = {
  /** What happened, one sentence: "The Flowgate server stopped unexpectedly." */
  headline: string;
  workspace: string;
  /** The server's last lines; the reason is usually the last. */
  output: string[];
};

export function serverStoppedPage({ headline, workspace, output }: StoppedPage): string {
  const details = output.length ? `<p>What it printed last:</p><pre>${escapeHtml(output.join('\n'))}</pre>` : '';
  return shellPage(
    'Flowgate — server stopped',
    `<h1>${escapeHtml(headline)}</h1>
<p>The editor and the published APIs of <code>${escapeHtml(workspace)}</code> are offline until the server runs again.</p>
${details}
<p><a class="button" href="${RESTART_SERVER_URL}">Restart the server</a></p>
<p class="muted">Or choose another workspace with File ▸ Open Workspace…</p>`,
  );
}
