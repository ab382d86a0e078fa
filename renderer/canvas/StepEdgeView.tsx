import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { StepEdge } from '../stores/editor-doc.js';
import { useProblems } from '../stores/problems.js';
import { useRunTrace } from '../stores/run-trace.js';
import { coverageClass, useEdgeCoverage } from '../tests/coverage-store.js';
import { useCanvasFeedback } from './canvas-feedback.js';

/** An edge, outlined in the colour of its worst compile problem, highlighted while a node dropped on it would be inserted. */
function StepEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd }: EdgeProps<StepEdge>) {
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const severity = useProblems((state) => state.byEdge.get(id)?.severity);
  const taken = useRunTrace((state) => state.takenEdges.has(id));
  const dropTarget = useCanvasFeedback((state) => state.dropEdgeId === id);
  const covered = useEdgeCoverage(id);
  const className = ['step-edge', selected ? 'selected' : '', severity ? `has-${severity}` : '', taken ? 'was-taken' : '', dropTarget ? 'is-drop-target' : '', coverageClass(covered)].join(' ');
  // The tests' count sits on the edge, like a coverage gutter's; an untested one says so.
  const label = covered === undefined ? undefined : <tspan className={`coverage-label ${coverageClass(covered)}`}>{covered > 0 ? `×${covered}` : 'untested'}</tspan>;
  return <BaseEdge id={id} path={path} className={className} markerEnd={markerEnd} interactionWidth={16} label={label} labelX={labelX} labelY={labelY} labelShowBg={false} />;
}

export default memo(StepEdgeView);
