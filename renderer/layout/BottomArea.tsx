import { useMemo } from 'react';
import { useEditor } from '../stores/editor.js';
import { useUi } from '../stores/ui.js';
import { Icon } from '../theme/icons.js';
import { BottomResizeHandle, useBottomHeight } from './BottomResizeHandle.js';
import { panelsFor, type PanelDefinition } from './panel-registry.js';
import { TabbedArea } from './TabbedArea.js';

/** Problems are the open API's draft's: with none open there is nothing to check, not "no problems". */
function ProblemsWithoutApi() {
  return <div className="empty-state compact">Open an API to see what stops its flow from publishing: its problems show here as you edit.</div>;
}

/** Tabs about the open API that say so in plain words when none is open (the Tester and Tests say it themselves). */
const WITHOUT_API: Readonly<Record<string, PanelDefinition['Component']>> = { problems: ProblemsWithoutApi };

/**
 * Under the canvas, or under Welcome when no API is open: Problems, the tester, the tests and
 * suites, the request log. Collapsed to a strip of tabs.
 */
export function BottomArea() {
  const apiOpen = useEditor((state) => state.apiId !== null);
  const panels = useMemo(
    () => panelsFor('bottom').map((panel) => (apiOpen || !WITHOUT_API[panel.id] ? panel : { ...panel, Component: WITHOUT_API[panel.id]!, Badge: undefined })),
    [apiOpen],
  );
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
