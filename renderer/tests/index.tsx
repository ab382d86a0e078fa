import type { PanelDefinition } from '../layout/panel-registry.js';
import { TestsBadge, TestsPanel } from './TestsPanel.js';
import './tests.css';

export const panels: PanelDefinition[] = [{ id: 'tests', title: 'Tests', area: 'bottom', order: 15, Component: TestsPanel, Badge: TestsBadge }];
