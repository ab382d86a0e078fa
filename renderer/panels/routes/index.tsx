import type { PanelDefinition } from '../../layout/panel-registry.js';
import '../panels.css';
import { RoutesPanel } from './RoutesPanel.js';

export const panels: PanelDefinition[] = [{ id: 'routes', title: 'Live routes', area: 'right', order: 60, icon: 'route', shortTitle: 'Routes', Component: RoutesPanel }];
