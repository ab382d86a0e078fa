import type { PanelDefinition } from '../../layout/panel-registry.js';
import '../panels.css';
import '../workspace/workspace.css';
import './data.css';
import { DataPanel } from './DataPanel.js';

export const panels: PanelDefinition[] = [{ id: 'data', title: 'Data', area: 'right', order: 45, icon: 'database-list', Component: DataPanel }];
