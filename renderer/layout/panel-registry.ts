import type { ComponentType } from 'react';

/**
 * The seams for features built beside the editor core. A panel is a tab in the right-hand area
 * (Tokens, Key groups, Environments, Access matrix, Live routes) or in the bottom area (the request
 * tester, the request log). Each feature folder exports its panels from an `index.ts(x)`:
 *
 *   // renderer/panels/tokens/index.tsx
 *   export const panels: PanelDefinition[] = [{ id: 'tokens', title: 'Tokens', area: 'right', order: 20, Component: TokensPanel }];
 *
 * They are picked up at build time from renderer/panels/<feature>/index.ts(x), renderer/tester/index.ts(x) and renderer/tests/index.ts(x).
 * Panels read what they need from the stores in renderer/stores: the open API (useEditor: apiId, endpoint, nodes;
 * definitionFromDoc for the unsaved draft), the runtime URL (useSession), environments and key groups (useApis).
 * The tester lights up a test-run's path on the canvas with useRunTrace.getState().show(result.trace).
 */
export type PanelDefinition = {
  id: string;
  title: string;
  area: 'right' | 'bottom';
  /** Lower comes first; the core's own tabs use 0–9. */
  order: number;
  Component: ComponentType;
  /** For the right-hand rail: an icon name (renderer/theme/icons.tsx) and a label short enough to sit under it. */
  icon?: string;
  shortTitle?: string;
  /** A small count or dot beside the title, e.g. the number of problems. */
  Badge?: ComponentType;
};

type PanelModule = { panels?: PanelDefinition[] };

const discovered = import.meta.glob<PanelModule>(['../panels/*/index.{ts,tsx}', '../tester/index.{ts,tsx}', '../tests/index.{ts,tsx}'], { eager: true });

const corePanels: PanelDefinition[] = [];

/** The core registers its own tabs (Inspector, Problems) here, before the layout renders. */
export function registerCorePanel(panel: PanelDefinition): void {
  if (!corePanels.some((known) => known.id === panel.id)) corePanels.push(panel);
}

export function panelsFor(area: PanelDefinition['area']): PanelDefinition[] {
  const external = Object.values(discovered).flatMap((module) => module.panels ?? []);
  return [...corePanels, ...external].filter((panel) => panel.area === area).sort((a, b) => a.order - b.order);
}
