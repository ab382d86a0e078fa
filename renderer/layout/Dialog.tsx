import { useEffect, useRef, type ReactNode } from 'react';

type Props = {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** Submitting the dialog's form (Enter in a field, or a submit button). */
  onSubmit?: () => void;
};

/** A modal on the native <dialog>: focus is trapped and Escape closes it. */
export function Dialog({ open, title, onClose, children, className, onSubmit }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className={`dialog ${className ?? ''}`}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        if (event.target === dialog.current) onClose();
      }}
    >
      {open ? (
        <form
          className="dialog-body"
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            // React events bubble through portals: a dialog opened from another must not submit that one too.
            event.stopPropagation();
            onSubmit?.();
          }}
        >
          <h2 className="dialog-title">{title}</h2>
          {children}
        </form>
      ) : null}
    </dialog>
  );
}

type ConfirmProps = {
  open: boolean;
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
};

export function ConfirmDialog({ open, title, message, confirmLabel, danger, busy, onConfirm, onClose }: ConfirmProps) {
  return (
    <Dialog open={open} title={title} onClose={onClose} onSubmit={onConfirm}>
      <div className="muted">{message}</div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled={busy} autoFocus>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

type FormActionsProps = {
  /** The server's or the form's refusal, shown above the buttons. */
  error?: string | null;
  onCancel: () => void;
  submitLabel: string;
  disabled?: boolean;
  testId?: string;
};

/** The foot of a form dialog: its error, Cancel, and the submit button. */
export function FormActions({ error, onCancel, submitLabel, disabled, testId }: FormActionsProps) {
  return (
    <>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={disabled} data-testid={testId}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
