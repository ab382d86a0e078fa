import { useReactFlow } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { keyProblem } from '../../shared/compile/keys.js';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import { isFieldShown } from '../../shared/nodes/fields.js';
import { withDefaults } from '../../shared/nodes/types.js';
import { useEditor } from '../stores/editor.js';
import { useProblems } from '../stores/problems.js';
import { Icon } from '../theme/icons.js';
import { DataPanel } from './data/DataPanel.js';
import { ConfigFieldInput } from './fields/ConfigFieldInput.js';
import { useExpressionScope, withoutNodePrefix } from './scope.js';

/** The ` in "…"` a parse error's message ends with (see shared/compile/check-expression.ts). */
const QUOTED_SOURCE = / in ".*"$/s;

/** The selected node's key and config, drawn from its definition's declarative fields. */
export function NodeForm({ nodeId }: { nodeId: string }) {
  const data = useEditor((state) => state.nodes.find((node) => node.id === nodeId)?.data);
  const problems = useProblems((state) => state.problems);
  const scope = useExpressionScope(nodeId);
  const { deleteElements } = useReactFlow();
  const definition = data ? nodeDefinition(data.type) : undefined;
  const config = useMemo(() => (definition && data ? withDefaults(definition, data.config) : {}), [definition, data]);
  const mine = useMemo(() => problems.filter((problem) => problem.nodeId === nodeId), [problems, nodeId]);

  if (!data) return null;
  if (!definition) {
    return (
      <div className="inspector-body">
        <p className="field-error">This node’s type “{data.type}” is unknown to this version of Flowgate. Delete it or update Flowgate.</p>
      </div>
    );
  }
  // Beside its field, a parse error need not quote the expression back.
  const fieldProblems = (name: string): string[] =>
    mine
      .filter((problem) => problem.field === name || problem.field?.startsWith(`${name}.`))
      .map((problem) => withoutNodePrefix(problem.code === 'invalid_expression' ? problem.message.replace(QUOTED_SOURCE, '') : problem.message));
  const general = mine.filter((problem) => !problem.field || !definition.fields.some((field) => field.name === problem.field?.split('.')[0]));

  return (
    <div className="inspector-body">
      <header className="inspector-head">
        <span className={`inspector-icon cat-${definition.category.toLowerCase()}`}>
          <Icon name={definition.icon} size={18} />
        </span>
        <div className="grow">
          <h2 className="inspector-title">{definition.label}</h2>
          <p className="field-help">{definition.description}</p>
        </div>
      </header>
      <KeyField nodeId={nodeId} value={data.key} />
      <DataPanel nodeId={nodeId} />
      {general.length > 0 ? (
        <ul className="inspector-problems">
          {general.map((problem, index) => (
            <li key={index} className={problem.severity === 'error' ? 'field-error' : 'field-warning'}>
              {withoutNodePrefix(problem.message)}
            </li>
          ))}
        </ul>
      ) : null}
      {definition.fields
        .filter((field) => isFieldShown(field, config))
        .map((field) => (
          <ConfigFieldInput
            key={field.name}
            field={field}
            value={config[field.name]}
            scope={scope}
            problems={fieldProblems(field.name)}
            onChange={(value) => useEditor.getState().updateConfig(nodeId, { [field.name]: value }, field.name)}
          />
        ))}
      <div className="inspector-footer">
        <button type="button" className="btn btn-sm" onClick={() => void deleteElements({ nodes: [{ id: nodeId }] })}>
          <Icon name="trash" /> Delete node
        </button>
      </div>
    </div>
  );
}

function KeyField({ nodeId, value }: { nodeId: string; value: string }) {
  const [focused, setFocused] = useState(false);
  const taken = useEditor((state) => state.nodes.some((node) => node.id !== nodeId && node.data.key === value));
  const problem = keyProblem(value, false) ?? (taken ? `Another node is called “${value}” already; keys are unique` : null);
  return (
    <label className="field">
      <span className="field-label">Key</span>
      <input
        className={`input mono ${problem ? 'invalid' : ''}`}
        value={value}
        data-testid="node-key"
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onChange={(event) => useEditor.getState().setKey(nodeId, event.target.value.trim())}
      />
      {problem ? <span className="field-error">{problem.charAt(0).toUpperCase() + problem.slice(1)}</span> : null}
      {!problem && focused ? <span className="field-help">Later nodes read this node’s output as steps.{value}</span> : null}
      {!problem && !focused ? <span className="field-help mono">steps.{value}</span> : null}
    </label>
  );
}
