import type { PanelDefinition } from '../../layout/panel-registry.js';
import '../panels.css';
import { TokensPanel } from './TokensPanel.js';

export const panels: PanelDefinition[] = [{ id: 'tokens', title: 'Tokens', area: 'right', order: 20, icon: 'key', Component: TokensPanel }];
