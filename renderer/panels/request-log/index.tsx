import type { PanelDefinition } from '../../layout/panel-registry.js';
import '../panels.css';
import './request-log.css';
import { RequestLogPanel } from './RequestLogPanel.js';

export const panels: PanelDefinition[] = [{ id: 'requests', title: 'Requests', area: 'bottom', order: 20, Component: RequestLogPanel }];
