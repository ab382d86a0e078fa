import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { nodeDefinition } from '../../shared/nodes/registry.js';
import type { TraceStep } from '../../shared/model/runtime.js';
import { shorten, withDefaults, type NodeDefinition } from '../../shared/nodes/types.js';
import type { StepNode } from '../stores/editor-doc.js';
import { useEditor } from '../stores/editor.js';
import { useProblems } from '../stores/problems.js';
import { useRunTrace } from '../stores/run-trace.js';
import { coverageClass, useNodeCoverage } from '../tests/coverage-store.js';
import { Icon } from '../theme/icons.js';
import { TraceStepPopover } from '../tester/trace/TraceStepPopover.js';

function summaryOf(definition: NodeDefinition | undefined, config: Record<string, unknown>): string {
  if (!definition) return 'This node type is unknown to this version of Flowgate';
  try {
    return definition.summary(withDefaults(definition, config));
  } catch {
    return '';
  }
}

const runTitle = (run: TraceStep | undefined): string | undefined => (run ? `Output: ${shorten(run.output, 300)}` : undefined);

/** The Request node shows the endpoint it answers. */
function RequestSummary() {
  const method = useEditor((state) => state.endpoint.method);
  const path = useEditor((state) => state.endpoint.path);
  return (
    <div className="step-node-summary step-node-route mono" title={`${method} ${path}`}>
      <span className={`method method-${method}`}>{method}</span>
      <span className="ellipsis">{path}</span>
    </div>
  );
}

/** One node on the canvas. Memoized: dragging or panning re-renders only the nodes that moved. */
function StepNodeView({ id, data, selected }: NodeProps<StepNode>) {
  const definition = nodeDefinition(data.type);
  const summary = useMemo(() => summaryOf(definition, data.config), [definition, data.config]);
  const problems = useProblems((state) => state.byNode.get(id));
  const run = useRunTrace((state) => state.steps.get(id));
  const coverage = useNodeCoverage(id);
  const ports = definition?.ports ?? [];
  const singleOut = ports.length === 1 && ports[0] === 'out';
  const category = definition?.category.toLowerCase() ?? 'unknown';
  const className = ['step-node', `cat-${category}`, selected ? 'selected' : '', problems ? `has-${problems.severity}` : '', run ? (run.error ? 'run-failed' : 'was-run') : '', coverageClass(coverage?.count)].join(' ');

  return (
    <div className={className} data-testid={`node-${data.key}`} data-run={run ? (run.error ? 'failed' : 'ok') : undefined} title={problems?.messages.join('\n') ?? runTitle(run)}>
      {definition?.hasInput !== false ? <Handle type="target" position={Position.Left} className="step-handle step-handle-in" /> : null}
      <div className="step-node-head">
        <span className="step-node-icon">
          <Icon name={definition?.icon ?? 'alert-circle'} size={15} />
        </span>
        <div className="step-node-titles">
          <div className="step-node-key">{data.key || <span className="faint">no key</span>}</div>
          <div className="step-node-type">{definition?.label ?? data.type}</div>
        </div>
        {problems ? (
          <span className={`step-node-badge ${problems.severity}`} aria-label={`${problems.messages.length} problem(s)`}>
            <Icon name={problems.severity === 'error' ? 'alert-circle' : 'alert-triangle'} size={12} />
            {problems.messages.length}
          </span>
        ) : null}
      </div>
      {data.type === 'request' ? <RequestSummary /> : <div className="step-node-summary">{summary || '\u00a0'}</div>}
      {run ? (
        <div className="step-node-run" data-testid="node-run">
          {run.error ? run.error.message : `${run.port ? `→ ${run.port} · ` : ''}${Math.round(run.durationMs * 10) / 10} ms`}
        </div>
      ) : null}
      {coverage && coverage.count > 0 ? <span className="step-node-coverage" title={`The tests ran this step ${coverage.count} time${coverage.count === 1 ? '' : 's'}`} data-testid="node-coverage">×{coverage.count}</span> : null}
      {run && selected ? <TraceStepPopover nodeId={id} /> : null}
      {singleOut ? <Handle type="source" position={Position.Right} id="out" className="step-handle step-handle-out" /> : null}
      {!singleOut && ports.length > 0 ? (
        <div className="step-node-ports">
          {ports.map((port) => (
            <div key={port} className={`step-port ${problems?.ports.has(port) ? `port-${problems.severity}` : ''} ${coverage?.untestedPorts.has(port) ? 'port-untested' : ''}`} data-port={port}>
              <span className="step-port-label">{port}</span>
              <Handle type="source" position={Position.Right} id={port} className="step-handle step-handle-out" />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export default memo(StepNodeView);
