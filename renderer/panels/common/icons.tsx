import { memo } from 'react';

/** Icons the side panels need beyond the core set (24×24, stroked like renderer/theme/icons). */
const PATHS = {
  key: 'M15 3a6 6 0 1 0 0 12 6 6 0 0 0 0-12z M10.5 13.5L3 21 M6 18l2 2 M8.5 15.5l2 2 M15 7.5h.01',
  users: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1 M16 3.5a4 4 0 0 1 0 7.5 M22 21v-1a6 6 0 0 0-4-5.7',
  layers: 'M12 3l9 5-9 5-9-5z M3 13l9 5 9-5 M3 17.5l9 5 9-5',
  grid: 'M3 3h7v7H3z M14 3h7v7h-7z M3 14h7v7H3z M14 14h7v7h-7z',
  radio: 'M12 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4z M7.8 7.8a6 6 0 0 0 0 8.4 M16.2 16.2a6 6 0 0 0 0-8.4 M4.9 4.9a10 10 0 0 0 0 14.2 M19.1 19.1a10 10 0 0 0 0-14.2',
  refresh: 'M20 11a8 8 0 0 0-14.8-3.5L3 10 M3 4v6h6 M4 13a8 8 0 0 0 14.8 3.5L21 14 M21 20v-6h-6',
  rotate: 'M21 12a9 9 0 1 1-2.6-6.4 M21 3v6h-6',
  lock: 'M5 11h14v10H5z M8 11V7a4 4 0 0 1 8 0v4',
  unlock: 'M5 11h14v10H5z M8 11V7a4 4 0 0 1 7.7-1.5',
  ban: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M5.6 5.6l12.8 12.8',
  'maximize-2': 'M15 3h6v6 M9 21H3v-6 M21 3l-7 7 M3 21l7-7',
  'chevron-right': 'M9 6l6 6-6 6',
  'user-plus': 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M2 21v-1a6 6 0 0 1 6-6h2a6 6 0 0 1 6 6v1 M19 8v6 M16 11h6',
} as const;

export type PanelIconName = keyof typeof PATHS;

/** An inline SVG icon of the panels' own set. */
export const PanelIcon = memo(function PanelIcon({ name, size = 16, className }: { name: PanelIconName; size?: number; className?: string }) {
  return (
    <svg className={className} width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.9} strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <path d={PATHS[name]} />
    </svg>
  );
});
