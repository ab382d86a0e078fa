import { useMemo } from 'react';
import { readRules, ruleProblems } from '../../../shared/rules-read.js';
import { isRuleSet, rulesSource, type ConditionRules } from '../../../shared/rules.js';
import { condition } from '../../../shared/nodes/condition.js';
import { useEditor } from '../../stores/editor.js';
import type { ExpressionScope } from '../code/completion.js';
import { ExpressionEditor } from '../code/ExpressionEditor.js';
import { knownFields } from './known-fields.js';
import { RuleEditor } from './RuleEditor.js';
import './rules.css';

type Props = {
  label: string;
  value: unknown;
  onChange: (value: string | ConditionRules) => void;
  scope: ExpressionScope;
  /** The compiler's messages about this field. */
  problems: readonly string[];
};

/** The node this form belongs to: the inspector shows one node's form at a time. */
function useSelectedNode() {
  return useEditor((state) => (state.selectedNodeIds.length === 1 ? state.nodes.find((node) => node.id === state.selectedNodeIds[0]) : undefined));
}

/**
 * A Condition's field: rules (the default) or a JSONata expression, with a switch between them. An
 * expression switches back to rules only while it still is rules; a version 1 node becomes version 2
 * when it takes rules, since only version 2 keeps them.
 */
export function ConditionField({ label, value, onChange, scope, problems }: Props) {
  const node = useSelectedNode();
  const fields = useMemo(() => knownFields(scope), [scope]);
  const source = typeof value === 'string' ? value : '';
  const asRules = useMemo(() => (typeof value === 'string' ? readRules(value) : null), [value]);
  const local = useMemo(() => (isRuleSet(value) ? ruleProblems(value).map((problem) => problem.message) : []), [value]);
  // Rows show their own problems; the compiler's other findings (a step that does not exist, no rules) show below.
  const others = problems.filter((problem) => !local.some((message) => problem.includes(message)));

  const toRules = (rules: ConditionRules): void => {
    if (!node || node.data.typeVersion >= condition.version) return onChange(rules);
    const item = { ...node, data: { ...node.data, typeVersion: condition.version, config: { ...node.data.config, expression: rules } } };
    useEditor.getState().onNodesChange([{ type: 'replace', id: node.id, item }]);
  };

  return (
    <div className="condition-field" data-mode={isRuleSet(value) ? 'rules' : 'expression'}>
      {isRuleSet(value) ? (
        <RuleEditor value={value} onChange={onChange} fields={fields} />
      ) : (
        <ExpressionEditor label={label} value={source} onChange={onChange} scope={scope} invalid={others.length > 0} />
      )}
      <div className="row condition-mode">
        {isRuleSet(value) ? (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange(rulesSource(value))} data-testid="condition-to-expression">
            Edit as expression
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            disabled={asRules === null}
            title={asRules === null ? 'This expression is more than rules joined by all or any; it stays an expression' : 'Show this expression as rules'}
            onClick={() => asRules && toRules(asRules)}
            data-testid="condition-to-rules"
          >
            Edit as rules
          </button>
        )}
      </div>
      {others.map((problem) => (
        <span key={problem} className="field-error">
          {problem}
        </span>
      ))}
    </div>
  );
}
