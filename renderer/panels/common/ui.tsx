import type { ReactNode } from 'react';
import { PanelIcon, type PanelIconName } from './icons.js';

/** The top of a side panel: what it is, one line on what it is for, and its main action. */
export function PanelHeader({ title, help, actions }: { title: string; help?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="panel-header">
      <div className="panel-header-row">
        <h2 className="panel-title">{title}</h2>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </div>
      {help ? <p className="panel-help">{help}</p> : null}
    </header>
  );
}

/** What the panel is for when it has nothing to show yet, and the one thing to do next. */
export function PanelEmpty({ icon, title, children, action }: { icon: PanelIconName; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state panel-empty">
      <span className="panel-empty-mark">
        <PanelIcon name={icon} size={24} />
      </span>
      <h3>{title}</h3>
      <p>{children}</p>
      {action}
    </div>
  );
}

/** An error the user can act on, in line with the panel's content. */
export function ErrorNote({ children, onRetry }: { children: ReactNode; onRetry?: () => void }) {
  return (
    <div className="panel-error" role="alert">
      <span className="grow">{children}</span>
      {onRetry ? (
        <button type="button" className="btn btn-sm" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <div className="panel-loading" aria-busy="true">
      <span className="spinner" aria-hidden /> {label}
    </div>
  );
}
