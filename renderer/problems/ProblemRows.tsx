import type { CompileProblem } from '../../shared/compile/plan.js';
import { useEditor } from '../stores/editor.js';
import { Icon } from '../theme/icons.js';
import { useFocusNode } from './useFocusNode.js';

/** Problems as rows; a row naming a node (or an edge's source) selects and shows it. */
export function ProblemRows({ problems }: { problems: readonly CompileProblem[] }) {
  const focusNode = useFocusNode();
  const nodeOf = (problem: CompileProblem): string | undefined =>
    problem.nodeId ?? (problem.edgeId ? useEditor.getState().edges.find((edge) => edge.id === problem.edgeId)?.source : undefined);
  const keyOf = (nodeId: string | undefined): string | undefined => (nodeId ? useEditor.getState().nodes.find((node) => node.id === nodeId)?.data.key : undefined);

  return (
    <ul className="problem-rows" data-testid="problem-rows">
      {problems.map((problem, index) => {
        const nodeId = nodeOf(problem);
        const key = keyOf(nodeId);
        return (
          <li key={`${problem.code}-${index}`}>
            <button type="button" className={`problem-row ${problem.severity}`} disabled={!nodeId} onClick={() => nodeId && focusNode(nodeId)} data-code={problem.code}>
              <Icon name={problem.severity === 'error' ? 'alert-circle' : 'alert-triangle'} size={14} className="problem-icon" />
              <span className="grow problem-message">{problem.message}</span>
              {key ? <code className="problem-node">{key}</code> : null}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
