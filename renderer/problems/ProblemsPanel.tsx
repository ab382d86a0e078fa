import { useProblems } from '../stores/problems.js';
import { ProblemRows } from './ProblemRows.js';

/** The bottom area's Problems tab: everything the compiler says about the draft, live. */
export function ProblemsPanel() {
  const problems = useProblems((state) => state.problems);
  if (problems.length === 0) {
    return (
      <div className="empty-state compact">
        <p>No problems: every path from Request ends in Respond, Redirect or Fail, and every field checks out. Ready to publish.</p>
      </div>
    );
  }
  return <ProblemRows problems={problems} />;
}

export function ProblemsBadge() {
  const errors = useProblems((state) => state.errorCount);
  const warnings = useProblems((state) => state.warningCount);
  if (errors + warnings === 0) return null;
  return <span className={`badge ${errors > 0 ? 'badge-danger' : 'badge-warning'}`}>{errors + warnings}</span>;
}
