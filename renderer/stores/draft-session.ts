import { SANDBOX_ID_PATTERN } from '../../shared/api/sandboxes.js';

/** Where this tab keeps its Draft session's sandbox id: a reload keeps the session's Draft data, a new window starts its own. */
const SANDBOX_KEY = 'flowgate.draftSandbox';
const ID_BYTES = 18;

let inMemory: string | null = null;

function newSandboxId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(ID_BYTES));
  return `sbx_${btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '')}`;
}

function kept(): string | null {
  try {
    return sessionStorage.getItem(SANDBOX_KEY);
  } catch {
    return inMemory;
  }
}

function keep(id: string): void {
  inMemory = id;
  try {
    sessionStorage.setItem(SANDBOX_KEY, id);
  } catch {
    // Storage refused (a locked-down browser): the session lasts as long as the page.
  }
}

/**
 * The sandbox this editor session's Draft runs write to (made on first use): Draft runs see their own
 * writes, published APIs never do, and the tester's "Reset Draft data" empties it.
 */
export function draftSandboxId(): string {
  const id = kept();
  if (id && SANDBOX_ID_PATTERN.test(id)) return id;
  const fresh = newSandboxId();
  keep(fresh);
  return fresh;
}
