import type { PanelDefinition } from '../layout/panel-registry.js';
import { registerTryIt } from '../panels/tokens/session-tokens.js';
import { useEditor } from '../stores/editor.js';
import { useUi } from '../stores/ui.js';
import { TesterPanel } from './TesterPanel.js';
import { useTester } from './tester-store.js';
import './tester.css';

export const panels: PanelDefinition[] = [{ id: 'tester', title: 'Tester', area: 'bottom', order: 10, Component: TesterPanel }];

// "Try it now" in the token dialog: the tester takes the new token, in its environment, in Live mode.
registerTryIt((token) => {
  useTester.setState({ tokenChoice: { kind: 'session', id: token.id }, environment: token.environment, mode: 'live' });
  if (useEditor.getState().apiId) useUi.getState().openBottom('tester');
  else useUi.getState().toast(`Open an API and press Send in the Tester: “${token.name}” is picked.`);
});
