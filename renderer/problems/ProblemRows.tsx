import type { CompileProblem } from '../../shared/compile/plan.js';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import { useEditor } from '../stores/editor.js';
import { Icon } from '../theme/icons.js';
import { useFocusNode } from './useFocusNode.js';
import './problems.css';

/** `Node "key" (type), field "name": ` — the row shows the node and field apart, so the message drops them. */
const NODE_PREFIX = /^Node (?:"[^"]*"|with id "[^"]*") \([^)]*\)(?:, field "[^"]*")?: /;

/** How long the inspector takes to draw the selected node's form before its field can be shown. */
const FORM_DRAWN_MS = 50;

/** "Body", or "Fields → price" for an entry of a map field; the endpoint's own fields by name. */
function fieldLabel(type: string | undefined, field: string): string {
  const [name = field, ...entry] = field.split('.');
  const label = (type ? nodeDefinition(type)?.fields.find((candidate) => candidate.name === name)?.label : undefined) ?? name;
  return entry.length > 0 ? `${label} → ${entry.join('.')}` : label;
}

/** Brings a field of the selected node's form into view, once the form is drawn. */
function showField(field: string): void {
  setTimeout(() => {
    const element = document.querySelector<HTMLElement>(`.inspector-body [data-field="${CSS.escape(field.split('.')[0] ?? field)}"]`);
    element?.scrollIntoView({ block: 'nearest' });
  }, FORM_DRAWN_MS);
}

/** Problems as rows: the reason, then the node and field it is about; a row naming a node (or an edge's source) selects and shows it. */
export function ProblemRows({ problems }: { problems: readonly CompileProblem[] }) {
  const focusNode = useFocusNode();
  const nodeOf = (problem: CompileProblem): string | undefined =>
    problem.nodeId ?? (problem.edgeId ? useEditor.getState().edges.find((edge) => edge.id === problem.edgeId)?.source : undefined);
  const dataOf = (nodeId: string | undefined) => (nodeId ? useEditor.getState().nodes.find((node) => node.id === nodeId)?.data : undefined);

  return (
    <ul className="problem-rows" data-testid="problem-rows">
      {problems.map((problem, index) => {
        const nodeId = nodeOf(problem);
        const data = dataOf(nodeId);
        const open = (): void => {
          if (!nodeId) return;
          focusNode(nodeId);
          if (problem.field) showField(problem.field);
        };
        return (
          <li key={`${problem.code}-${index}`}>
            <button type="button" className={`problem-row ${problem.severity}`} disabled={!nodeId} onClick={open} data-code={problem.code}>
              <Icon name={problem.severity === 'error' ? 'alert-circle' : 'alert-triangle'} size={14} className="problem-icon" />
              <span className="grow problem-message">{data ? problem.message.replace(NODE_PREFIX, '') : problem.message}</span>
              {data?.key ? (
                <span className="problem-where">
                  <code className="problem-node">{data.key}</code>
                  {problem.field ? (
                    <span className="problem-field" data-testid="problem-field">
                      {fieldLabel(data.type, problem.field)}
                    </span>
                  ) : null}
                </span>
              ) : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
