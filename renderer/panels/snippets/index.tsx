import type { PanelDefinition } from '../../layout/panel-registry.js';
import '../panels.css';
import './snippets.css';
import { SnippetsPanel } from './SnippetsPanel.js';

export const panels: PanelDefinition[] = [{ id: 'snippets', title: 'Snippets', area: 'right', order: 70, icon: 'code', Component: SnippetsPanel }];
