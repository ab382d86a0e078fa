import { useMemo } from 'react';
import { useUi } from '../stores/ui.js';
import { Icon } from '../theme/icons.js';
import { BottomResizeHandle, useBottomHeight } from './BottomResizeHandle.js';
import { panelsFor } from './panel-registry.js';
import { TabbedArea } from './TabbedArea.js';

/** Under the canvas: Problems, and the tester and request log once they register. Collapsed to a strip of tabs. */
export function BottomArea() {
  const panels = useMemo(() => panelsFor('bottom'), []);
  const open = useUi((state) => state.bottomOpen);
  const tab = useUi((state) => state.bottomTab);
  const openBottom = useUi((state) => state.openBottom);
  const setBottomOpen = useUi((state) => state.setBottomOpen);
  const [height, setHeight] = useBottomHeight();

  if (!open) {
    return (
      <div className="bottom-strip" role="tablist" aria-label="Bottom panels">
        {panels.map((panel) => (
          <button key={panel.id} type="button" role="tab" className="tab" aria-selected={false} onClick={() => openBottom(panel.id)}>
            <Icon name="chevron-up" size={12} /> {panel.title}
            {panel.Badge ? <panel.Badge /> : null}
          </button>
        ))}
      </div>
    );
  }
  return (
    <div className="bottom-frame" style={{ height }}>
      <BottomResizeHandle height={height} onResize={setHeight} />
      <TabbedArea
        className="bottom-area"
        label="Bottom panels"
        panels={panels}
        active={tab}
        onSelect={openBottom}
        trailing={
          <button type="button" className="btn btn-ghost btn-sm btn-icon" aria-label="Collapse" title="Collapse" onClick={() => setBottomOpen(false)}>
            <Icon name="chevron-down" />
          </button>
        }
      />
    </div>
  );
}
