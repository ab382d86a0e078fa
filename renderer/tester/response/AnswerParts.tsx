import { useMemo } from 'react';
import { JsonView, prettyJson } from '../json/JsonView.js';
import type { TesterResult } from '../tester-store.js';

type Answer = Extract<TesterResult, { kind: 'answer' }>;

/** The body pretty-printed with folding when it is JSON; as sent otherwise, or when Raw is ticked. */
export function AnswerBody({ answer, raw }: { answer: Answer; raw: boolean }) {
  const pretty = useMemo(() => {
    try {
      return prettyJson(JSON.parse(answer.body));
    } catch {
      return null;
    }
  }, [answer.body]);
  if (answer.body === '') return <p className="faint kv-empty">No body.</p>;
  if (raw || pretty === null) {
    return (
      <pre className="tester-raw-body mono" data-testid="tester-body">
        {answer.body}
      </pre>
    );
  }
  return <JsonView text={pretty} label="Response body" testId="tester-body" />;
}

/** The answer's headers; a browser shows a cross-origin answer's headers only as far as the runtime exposes them. */
export function AnswerHeaders({ headers, live }: { headers: readonly [string, string][]; live: boolean }) {
  return (
    <>
      <table className="tester-headers-table" data-testid="tester-response-headers">
        <tbody>
          {[...headers]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([name, value]) => (
              <tr key={name}>
                <th className="mono">{name}</th>
                <td className="mono">{value}</td>
              </tr>
            ))}
        </tbody>
      </table>
      {live ? (
        <p className="field-help tester-headers-help">
          A browser shows the headers the runtime exposes to the editor: content type and length, request id, rate limits, auth challenge and redirect target.
        </p>
      ) : null}
    </>
  );
}
