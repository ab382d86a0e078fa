import { useMemo } from 'react';
import { useUi } from '../stores/ui.js';
import { Icon } from '../theme/icons.js';
import { panelsFor } from './panel-registry.js';

/**
 * The right-hand side: one panel at a time beside a vertical rail of labelled icons (Inspector,
 * Tokens, Key groups, …), so any number of registered panels fits without wrapping tabs.
 */
export function RightArea() {
  const panels = useMemo(() => panelsFor('right'), []);
  const tab = useUi((state) => state.rightTab);
  const open = useUi((state) => state.rightOpen);
  const setRightTab = useUi((state) => state.setRightTab);
  const setRightOpen = useUi((state) => state.setRightOpen);
  const current = panels.find((panel) => panel.id === tab) ?? panels[0];
  return (
    <section className={`tabbed-area right-area ${open ? '' : 'folded'}`} aria-label="Side panels">
      {open ? (
        <div className="tabbed-content scroll" role="tabpanel" aria-label={current?.title}>
          {current ? <current.Component /> : null}
        </div>
      ) : null}
      <div className="rail" role="tablist" aria-orientation="vertical" aria-label="Side panels">
        {panels.map((panel) => (
          <button
            key={panel.id}
            type="button"
            role="tab"
            className="rail-tab"
            aria-selected={open && panel.id === current?.id}
            aria-label={panel.title}
            title={panel.title}
            onClick={() => setRightTab(panel.id)}
          >
            <Icon name={panel.icon ?? 'dot'} size={18} />
            <span className="rail-label">{panel.shortTitle ?? panel.title}</span>
            {panel.Badge ? <panel.Badge /> : null}
          </button>
        ))}
        <button
          type="button"
          className="rail-tab rail-fold"
          aria-label={open ? 'Fold the side panel' : 'Unfold the side panel'}
          title={open ? 'Fold the side panel (more room for the canvas)' : 'Unfold the side panel'}
          onClick={() => setRightOpen(!open)}
        >
          <Icon name={open ? 'chevrons-right' : 'chevrons-left'} size={18} />
        </button>
      </div>
    </section>
  );
}
