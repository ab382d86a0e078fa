import type { TestRequestInput, TokenProfile } from '../../shared/model/api-tests.js';
import { admin } from '../api/client.js';
import { unlessMissing } from '../api/errors.js';
import { useEditor } from '../stores/editor.js';
import { currentDraft, resolveToken } from '../tester/current-request.js';
import { hasBody, headerPairs, parseBody, queryRecord } from '../tester/request-model.js';
import { useTester } from '../tester/tester-store.js';

/**
 * The request the tester sent for an answer (from its history, else the one being edited), as a
 * test sends it: the token it used becomes a token profile (its environment, scopes, key groups and
 * variables), never the token string.
 */
export async function testRequestOfAnswer(answerAt: number): Promise<{ request: TestRequestInput; tokenNote: string | null }> {
  const draft = useTester.getState().history.find((entry) => entry.at === answerAt)?.draft ?? currentDraft();
  const { method } = useEditor.getState().endpoint;
  const request: TestRequestInput = {
    params: draft.params,
    query: queryRecord(draft.query),
    headers: Object.fromEntries(headerPairs(draft.headers)),
    token: null,
  };
  if (hasBody(method) && draft.body.trim() !== '') {
    const body = parseBody(draft.body);
    if (body.ok) request.body = body.value;
    else request.rawBody = draft.body;
  }
  const { token, tokenId } = resolveToken();
  if (!token) return { request, tokenNote: null };
  const info = tokenId ? await unlessMissing(admin.tokens.get({ params: { id: tokenId } })) : null;
  if (!info) return { request, tokenNote: 'The token used is not one of this workspace\u2019s: the test calls without one.' };
  const profile: Partial<TokenProfile> = { environment: info.environment, scopes: info.scopes, keyGroupIds: info.groupIds, vars: info.vars };
  request.token = profile;
  return { request, tokenNote: `Calls as “${info.name}” would: a token with its settings is made for each run (the token itself is not stored).` };
}
