import type { CompileProblem } from '../../shared/compile/plan.js';
import { admin } from '../api/client.js';
import { AdminApiError, errorMessage, unlessMissing } from '../api/errors.js';
import { useApis } from '../stores/apis.js';
import { definitionFromDoc } from '../stores/editor-doc.js';
import { draftSandboxId } from '../stores/draft-session.js';
import { useEditor } from '../stores/editor.js';
import { useRunTrace } from '../stores/run-trace.js';
import { useSession } from '../stores/session.js';
import { errorCodeOf, whyNoTrace } from './answer-notes.js';
import { currentDraft, resolveToken } from './current-request.js';
import { addToHistory } from './history.js';
import { missingParams, outgoingRequest, queryRecord, type OutgoingRequest, type RequestDraft } from './request-model.js';
import { useTester, type TesterResult } from './tester-store.js';
import { traceOrigin } from './trace/origin.js';

type Base = Pick<TesterResult, 'apiId' | 'mode' | 'environment' | 'method' | 'url' | 'at'>;
type Answer = Omit<Extract<TesterResult, { kind: 'answer' }>, keyof Base>;
type Outcome = Answer | { kind: 'failure'; title: string; details: string[] };

const failure = (title: string, ...details: string[]): Outcome => ({ kind: 'failure', title, details });
const byteLength = (text: string): number => new TextEncoder().encode(text).length;

/** Sends the open API's request in the chosen mode, shows the answer, lights the path and remembers it in the history. */
export async function sendRequest(): Promise<void> {
  const tester = useTester.getState();
  const { apiId, endpoint } = useEditor.getState();
  if (tester.sending || !apiId) return;
  const draft = currentDraft();
  const { mode, environment } = tester;
  const outgoing = outgoingRequest(useSession.getState().runtimeUrl, environment, endpoint, draft);
  const base: Base = { apiId, mode, environment, method: endpoint.method, url: outgoing.url, at: Date.now() };
  const controller = new AbortController();
  useTester.setState({ sending: true, controller });
  useRunTrace.getState().clear();

  const missing = missingParams(endpoint.path, draft.params);
  let outcome: Outcome;
  try {
    if (missing.length > 0) outcome = failure('Fill in the path parameters', ...missing.map((name) => `:${name} is empty (Params tab).`));
    else outcome = mode === 'live' ? await sendLive(base, outgoing, controller.signal) : await sendDraft(base, draft, outgoing, controller.signal);
  } catch (error) {
    outcome = failure('The request failed', errorMessage(error));
  }
  const current = useTester.getState().controller;
  // A request sent after this one was cancelled owns the panel now.
  if (current !== null && current !== controller) return;
  if (controller.signal.aborted) outcome = failure('Cancelled', 'The request was cancelled before its answer came.');
  useTester.setState({ result: { ...base, ...outcome } as TesterResult, sending: false, controller: null });

  const answered = outcome.kind === 'answer' ? outcome : null;
  const entry = { id: `h${base.at}`, at: base.at, mode, environment, method: base.method, url: base.url, draft, status: answered?.status ?? null, durationMs: answered?.durationMs ?? null };
  useTester.setState({ history: addToHistory(localStorage, apiId, entry, resolveToken().secrets) });
}

async function sendLive(base: Base, outgoing: OutgoingRequest, signal: AbortSignal): Promise<Outcome> {
  const api = useApis.getState().apis.find((candidate) => candidate.id === base.apiId);
  if (!api?.deployments.some((deployment) => deployment.environment === base.environment)) {
    return failure(
      `Not published in ${base.environment}`,
      `Live mode calls the published URL, and this API is not published in ${base.environment}.`,
      'Publish it there, or switch to Draft mode to run the unsaved draft.',
    );
  }
  const { token, tokenId } = resolveToken();
  const headers = new Headers(outgoing.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  headers.set('x-flowgate-trace', '1');
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(outgoing.url, { method: outgoing.method, headers, body: outgoing.body ?? null, signal, redirect: 'manual', credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    if (signal.aborted) throw error;
    return failure('No answer', `${outgoing.url} could not be reached: ${errorMessage(error)}.`, 'Is the server still running, and is the API published in this environment?');
  }
  if (response.type === 'opaqueredirect') {
    return failure('Redirected', 'The API answered with a redirect; a browser does not show where it leads.', 'Draft mode shows the status and the Location header.');
  }
  const body = await response.text();
  const durationMs = performance.now() - started;
  const requestId = response.headers.get('x-request-id');
  // The runtime says whether it kept a trace, so a request refused before its flow costs no lookup.
  const trace = requestId && response.headers.get('x-flowgate-trace') === 'kept' ? await unlessMissing(admin.traces.get({ params: { requestId } })) : null;
  let traceNote: string | null = null;
  if (trace && !signal.aborted && trace.apiId === base.apiId && useEditor.getState().apiId === base.apiId) {
    useRunTrace.getState().show(trace.steps, await traceOrigin(`Live · ${base.environment} · v${trace.version}`, base.environment, tokenId));
  } else traceNote = whyNoTrace(response.status, errorCodeOf(body));
  return { kind: 'answer', status: response.status, headers: [...response.headers.entries()], body, bytes: byteLength(body), durationMs, requestId, traceNote };
}

async function sendDraft(base: Base, draft: RequestDraft, outgoing: OutgoingRequest, signal: AbortSignal): Promise<Outcome> {
  const definition = definitionFromDoc(useEditor.getState());
  // The body goes as the text Live would send, so a malformed one gets the runtime's own 400 here too.
  const rawBody = outgoing.body;
  const request = { params: draft.params, query: queryRecord(draft.query), headers: Object.fromEntries(outgoing.headers), ...(rawBody === undefined ? {} : { rawBody }) };
  const started = performance.now();
  let run;
  try {
    const { token } = resolveToken();
    // The session's sandbox: the draft reads live records and writes only there.
    const sandbox = draftSandboxId();
    run = await admin.apis.testRun({ params: { id: base.apiId }, body: { environment: base.environment, definition, request, sandbox, ...(token ? { token } : {}) } });
  } catch (error) {
    if (error instanceof AdminApiError && error.code === 'invalid_flow' && Array.isArray(error.details)) {
      const problems = (error.details as CompileProblem[]).filter((problem) => problem.severity === 'error');
      return failure('The draft has problems, so it cannot run', ...problems.map((problem) => problem.message), 'The Problems tab points at each one.');
    }
    throw error;
  }
  const durationMs = performance.now() - started;
  const body = run.response.body === null || run.response.body === undefined ? '' : JSON.stringify(run.response.body);
  const headers = Object.entries(run.response.headers).map(([name, value]): [string, string] => [name.toLowerCase(), value]);
  if (!signal.aborted && useEditor.getState().apiId === base.apiId && run.trace.length > 0) {
    useRunTrace.getState().show(run.trace, await traceOrigin(`Draft · ${base.environment}`, base.environment, null));
  }
  const traceNote = run.trace.length > 0 ? null : whyNoTrace(run.response.status, errorCodeOf(body));
  return { kind: 'answer', status: run.response.status, headers, body, bytes: byteLength(body), durationMs, requestId: run.requestId, traceNote, callsToAllow: run.callsToAllow };
}
