import { useMemo } from 'react';
import { useUi } from '../stores/ui.js';
import { panelsFor } from './panel-registry.js';
import { TabbedArea } from './TabbedArea.js';

/** The right-hand side: the Inspector, then the side panels that register (Tokens, Key groups, Environments…). */
export function RightArea() {
  const panels = useMemo(() => panelsFor('right'), []);
  const tab = useUi((state) => state.rightTab);
  const setRightTab = useUi((state) => state.setRightTab);
  return <TabbedArea className="right-area" label="Side panels" panels={panels} active={tab} onSelect={setRightTab} />;
}
