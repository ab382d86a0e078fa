import { z } from 'zod';
import { answer, defineRoute } from './contract.js';

/** Draft data lives in a sandbox the editor names for its session: `sbx_` and 16 to 64 letters, digits, `_` or `-`. */
export const SANDBOX_ID_PATTERN = /^sbx_[A-Za-z0-9_-]{16,64}$/;
export const SandboxId = z.string().regex(SANDBOX_ID_PATTERN, 'a sandbox id is "sbx_" and 16 to 64 letters, digits, "_" or "-"');

/** A host as a URL names it (`api.example.com`, `api.example.com:8443`, `[::1]:3000`), lower case. */
export const DraftHost = z
  .string()
  .trim()
  .toLowerCase()
  .max(300)
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/, 'a host is a name or address as a URL writes it, with its port when not the default (api.example.com, 127.0.0.1:3000)');

export const AllowHostBody = z.object({ host: DraftHost });

/** Hosts one sandbox may allow: a Draft session calls a handful. */
export const MAX_ALLOWED_HOSTS = 100;

/** A Draft session's data: how much it changed, where it may call, and when it goes if left alone. */
export type SandboxInfo = {
  id: string;
  /** Records the Draft created, changed or deleted (the live ones are untouched). */
  changedRecords: number;
  /** Hosts its http.request nodes may call, allowed once per session. */
  allowedHosts: string[];
  usedAt: string;
  /** Deleted with its data after this, unless a Draft run uses it again. */
  expiresAt: string;
};

/**
 * /sandboxes: a Draft session's copy-on-write data. A Draft run names its sandbox (`sandbox` in the
 * test-run body); one without a sandbox runs in a throwaway one, deleted after the run.
 */
export const sandboxRoutes = {
  get: defineRoute({ method: 'GET', path: '/sandboxes/:id', answer: answer<SandboxInfo>() }),
  /** "Reset Draft data": the Draft sees the live records again; allowed hosts stay. */
  reset: defineRoute({ method: 'POST', path: '/sandboxes/:id/reset', answer: answer<SandboxInfo>() }),
  allowHost: defineRoute({ method: 'POST', path: '/sandboxes/:id/allowed-hosts', body: AllowHostBody, answer: answer<SandboxInfo>() }),
  delete: defineRoute({ method: 'DELETE', path: '/sandboxes/:id', status: 204 }),
};
