import { Inspector } from '../inspector/Inspector.js';
import { ProblemsBadge, ProblemsPanel } from '../problems/ProblemsPanel.js';
import { registerCorePanel } from './panel-registry.js';

registerCorePanel({ id: 'inspector', title: 'Inspector', area: 'right', order: 0, icon: 'sliders', Component: Inspector });
registerCorePanel({ id: 'problems', title: 'Problems', area: 'bottom', order: 0, Component: ProblemsPanel, Badge: ProblemsBadge });
