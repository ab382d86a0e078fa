import type { PanelDefinition } from '../../layout/panel-registry.js';
import '../panels.css';
import { KeyGroupsPanel } from './KeyGroupsPanel.js';

export const panels: PanelDefinition[] = [{ id: 'key-groups', title: 'Key groups', area: 'right', order: 30, icon: 'users', shortTitle: 'Groups', Component: KeyGroupsPanel }];
