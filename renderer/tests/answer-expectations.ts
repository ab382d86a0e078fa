import type { TestExpectations } from '../../shared/model/api-tests.js';

/** Fields whose values change on every call (ids made by the store, times): offered, but not ticked. */
const CHANGING_FIELD = /^(id|_id|uuid|requestId|created|updated|createdAt|updatedAt|created_at|updated_at|timestamp|time|date|now)$/i;
/** A latency budget of a few times what the answer took, rounded up to this, so a test is not flaky by a millisecond. */
const LATENCY_STEP_MS = 50;
const LATENCY_FACTOR = 3;
const MIN_LATENCY_BUDGET_MS = 100;

/** One thing the answer said that the test may expect: ticked or not, and what it adds to the expectations. */
export type OfferedExpectation = { id: string; label: string; value: string; checked: boolean; apply: (expect: TestExpectations) => TestExpectations };

const preview = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
};

/** The answer's parts offered as expectations: its status, each body field (or the whole body), its content type, its speed. */
export function offeredExpectations(answer: { status: number; headers: readonly [string, string][]; body: string; durationMs: number }): OfferedExpectation[] {
  const offered: OfferedExpectation[] = [
    { id: 'status', label: 'Status', value: String(answer.status), checked: true, apply: (expect) => ({ ...expect, status: answer.status }) },
  ];
  const body = parseJson(answer.body);
  if (body.ok && typeof body.value === 'object' && body.value !== null && !Array.isArray(body.value)) {
    for (const [field, value] of Object.entries(body.value)) {
      offered.push({
        id: `body.${field}`,
        label: `body.${field}`,
        value: preview(value),
        checked: !CHANGING_FIELD.test(field),
        apply: (expect) => ({ ...expect, body: { ...(expect.body as Record<string, unknown> | undefined), [field]: value } }),
      });
    }
  }
  if (body.ok && answer.body.trim() !== '') {
    offered.push({ id: 'bodyEquals', label: 'The whole body, exactly', value: preview(body.value), checked: false, apply: (expect) => ({ ...expect, bodyEquals: body.value }) });
  }
  const contentType = answer.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  if (contentType) {
    offered.push({ id: 'content-type', label: 'Header Content-Type', value: contentType, checked: false, apply: (expect) => ({ ...expect, headers: { ...expect.headers, 'content-type': contentType } }) });
  }
  const budget = Math.max(MIN_LATENCY_BUDGET_MS, Math.ceil((answer.durationMs * LATENCY_FACTOR) / LATENCY_STEP_MS) * LATENCY_STEP_MS);
  offered.push({ id: 'latency', label: 'Answers within', value: `${budget} ms`, checked: false, apply: (expect) => ({ ...expect, maxLatencyMs: budget }) });
  return offered;
}

/** The expectations of the ticked offers, plus an assertion typed in. */
export function expectationsFrom(offered: readonly OfferedExpectation[], ticked: ReadonlySet<string>, assertion: string): TestExpectations {
  let expect: TestExpectations = {};
  for (const offer of offered) if (ticked.has(offer.id)) expect = offer.apply(expect);
  return assertion.trim() ? { ...expect, assert: assertion.trim() } : expect;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
