import type { PanelDefinition } from '../../layout/panel-registry.js';
import '../panels.css';
import './docs.css';
import '../workspace/workspace.css';
import { DocsPanel } from './DocsPanel.js';

export const panels: PanelDefinition[] = [{ id: 'docs', title: 'Docs', area: 'right', order: 80, icon: 'book', Component: DocsPanel }];
