import type { LogStatus } from '../../../shared/api/logs.js';

/** Shown once the log could not write some rows (disk full or failing): how many, and that it recovers by itself. */
export function DroppedRowsNote({ status }: { status: LogStatus | null }) {
  if (!status || status.droppedRows === 0) return null;
  const rows = status.droppedRows === 1 ? '1 request' : `${status.droppedRows.toLocaleString('en-US')} requests`;
  const when = status.lastDroppedAt ? new Date(status.lastDroppedAt).toLocaleTimeString() : '';
  return (
    <div className="panel-error" role="status" data-testid="log-dropped-rows">
      <span className="grow">
        {status.writing === 'failing'
          ? `The request log cannot write right now (${status.lastError ?? 'the disk is full or failing'}): ${rows} not logged so far. APIs keep answering; logging resumes by itself once there is space.`
          : `${rows} went unlogged while the disk was full or failing (last at ${when}). Logging has resumed.`}
      </span>
    </div>
  );
}
