import { useMemo } from 'react';
import { documentedBodyOf, useDocumentedBodySchema } from '../inspector/input-form/documented-body.js';
import { useSessionTokens } from '../panels/tokens/session-tokens.js';
import { useEditor } from '../stores/editor.js';
import { initialDraft, reconcileDraft, type RequestDraft } from './request-model.js';
import { useTester } from './tester-store.js';
import { tokenIdOf } from './trace/input-context.js';

/** The open API's request in the tester: remembered for this session, else fresh from the endpoint. */
export function currentDraft(): RequestDraft {
  const state = useEditor.getState();
  const { apiId, endpoint } = state;
  const stored = apiId ? useTester.getState().drafts[apiId] : undefined;
  // The body to start from is one the API accepts: its schema's, or its first Validate step's.
  return reconcileDraft(stored ?? initialDraft({ ...endpoint, bodySchema: documentedBodyOf(state)?.schema ?? null }), endpoint);
}

export function useCurrentDraft(): RequestDraft {
  const apiId = useEditor((state) => state.apiId);
  const endpoint = useEditor((state) => state.endpoint);
  const stored = useTester((state) => (apiId ? state.drafts[apiId] : undefined));
  const bodySchema = useDocumentedBodySchema();
  return useMemo(() => reconcileDraft(stored ?? initialDraft({ ...endpoint, bodySchema }), endpoint), [stored, endpoint, bodySchema]);
}

export function updateDraft(patch: Partial<RequestDraft>): void {
  const apiId = useEditor.getState().apiId;
  if (apiId) useTester.getState().setDraft(apiId, { ...currentDraft(), ...patch });
}

/** The token string to send (if any), its id for naming it in traces, and every token string in memory (to keep out of history). */
export function resolveToken(): { token: string | null; tokenId: string | null; secrets: string[] } {
  const { tokenChoice, pastedToken } = useTester.getState();
  const sessionTokens = useSessionTokens.getState().tokens;
  const secrets = [...sessionTokens.map((known) => known.token), ...(pastedToken.trim() ? [pastedToken.trim()] : [])];
  if (tokenChoice.kind === 'session') {
    const picked = sessionTokens.find((known) => known.id === tokenChoice.id);
    return { token: picked?.token ?? null, tokenId: picked?.id ?? null, secrets };
  }
  if (tokenChoice.kind === 'pasted' && pastedToken.trim()) {
    const token = pastedToken.trim();
    return { token, tokenId: tokenIdOf(token), secrets };
  }
  return { token: null, tokenId: null, secrets };
}
