import type { PanelDefinition } from '../../layout/panel-registry.js';
import '../panels.css';
import { AccessPanel } from './AccessPanel.js';

export const panels: PanelDefinition[] = [{ id: 'access', title: 'Access', area: 'right', order: 50, icon: 'grid', Component: AccessPanel }];
