import { Dialog } from '../layout/Dialog.js';
import { useUi } from '../stores/ui.js';

const SHORTCUTS: { keys: string[][]; what: string }[] = [
  { keys: [['Ctrl', 'Z']], what: 'Undo' },
  { keys: [['Ctrl', 'Shift', 'Z'], ['Ctrl', 'Y']], what: 'Redo' },
  { keys: [['Ctrl', 'C'], ['Ctrl', 'V']], what: 'Copy and paste nodes (at the pointer)' },
  { keys: [['Ctrl', 'D']], what: 'Duplicate the selected nodes' },
  { keys: [['Delete'], ['Backspace']], what: 'Delete the selection (Request stays)' },
  { keys: [['Shift', 'click']], what: 'Add to the selection' },
  { keys: [['Shift', 'drag']], what: 'Select with a box' },
  { keys: [['Ctrl', 'S']], what: 'Save now (saving is automatic)' },
  { keys: [['Ctrl', 'Space']], what: 'Complete in an expression field' },
  { keys: [['?']], what: 'Show this list' },
];

/** `?`: every keyboard shortcut of the editor. */
export function ShortcutsDialog() {
  const open = useUi((state) => state.shortcutsOpen);
  const setOpen = useUi((state) => state.setShortcutsOpen);
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={() => setOpen(false)} onSubmit={() => setOpen(false)}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.what}>
              <td>
                {shortcut.keys.map((combo, index) => (
                  <span key={combo.join('+')}>
                    {index > 0 ? <span className="faint"> or </span> : null}
                    {combo.map((key, at) => (
                      <span key={key}>
                        {at > 0 ? '+' : null}
                        <kbd>{key}</kbd>
                      </span>
                    ))}
                  </span>
                ))}
              </td>
              <td className="muted">{shortcut.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field-help">On a Mac, ⌘ works wherever Ctrl is shown.</p>
      <div className="dialog-actions">
        <button type="submit" className="btn btn-primary" autoFocus>
          Got it
        </button>
      </div>
    </Dialog>
  );
}
