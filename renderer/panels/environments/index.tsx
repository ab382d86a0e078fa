import type { PanelDefinition } from '../../layout/panel-registry.js';
import '../panels.css';
import { EnvironmentsPanel } from './EnvironmentsPanel.js';

export const panels: PanelDefinition[] = [{ id: 'environments', title: 'Environments', area: 'right', order: 40, icon: 'layers', shortTitle: 'Envs', Component: EnvironmentsPanel }];
