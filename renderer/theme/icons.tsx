import { memo } from 'react';

/** Path data of the editor's icons (24×24, stroked). Node definitions name theirs in `icon`. */
const DATABASE = 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3z M4 6v6c0 1.7 3.6 3 8 3 M20 6v5 M4 12v6c0 1.7 3.6 3 8 3';
const ICONS: Record<string, string> = {
  'arrow-right-circle': 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M8 12h8 M13 8l4 4-4 4',
  shuffle: 'M3 7h4c3 0 5 10 9 10h5 M18 14l3 3-3 3 M3 17h4c1.4 0 2.5-1.1 3.4-2.6 M13.6 9.6C14.5 8.1 15.6 7 17 7h4 M18 4l3 3-3 3',
  list: 'M9 6h11 M9 12h11 M9 18h11 M4 6h.01 M4 12h.01 M4 18h.01',
  'git-branch': 'M6 3v12 M18 9a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M6 21a3 3 0 1 0 0-6 3 3 0 0 0 0 6z M18 9a9 9 0 0 1-9 9',
  'shield-check': 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6z M9 12l2 2 4-4',
  message: 'M4 5h16v11H9l-5 4z M8 9h8 M8 12h5',
  'database-plus': `${DATABASE} M18 15v6 M15 18h6`,
  'database-search': `${DATABASE} M17.5 20a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z M19.5 19.5L21 21`,
  'database-list': `${DATABASE} M15 15h6 M15 18h6 M15 21h6`,
  'database-edit': `${DATABASE} M20.5 14.5l1 1-5 5H15.5v-1z`,
  'database-minus': `${DATABASE} M15 18h6`,
  globe: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M3 12h18 M12 3c2.5 2.6 3.8 5.6 3.8 9s-1.3 6.4-3.8 9c-2.5-2.6-3.8-5.6-3.8-9S9.5 5.6 12 3z',
  send: 'M21 3L10 14 M21 3l-7 18-4-7-7-4z',
  'corner-up-right': 'M15 14l5-5-5-5 M4 20v-7a4 4 0 0 1 4-4h12',
  'x-octagon': 'M8 3h8l5 5v8l-5 5H8l-5-5V8z M15 9l-6 6 M9 9l6 6',
  plus: 'M12 5v14 M5 12h14',
  minus: 'M5 12h14',
  map: 'M3 6l6-3 6 3 6-3v15l-6 3-6-3-6 3z M9 3v15 M15 6v15',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z M20 20l-4-4',
  trash: 'M4 7h16 M10 11v6 M14 11v6 M6 7l1 13h10l1-13 M9 7V4h6v3',
  copy: 'M9 9h11v11H9z M5 15H4V4h11v1',
  undo: 'M9 14L4 9l5-5 M4 9h10a6 6 0 0 1 0 12h-3',
  redo: 'M15 14l5-5-5-5 M20 9H10a6 6 0 0 0 0 12h3',
  layout: 'M3 5h6v5H3z M15 14h6v5h-6z M15 3h6v5h-6z M9 7.5h3v9h3 M12 5.5h3',
  maximize: 'M4 9V4h5 M20 9V4h-5 M4 15v5h5 M20 15v5h-5',
  check: 'M5 12l5 5L20 7',
  'alert-triangle': 'M12 4l9 16H3z M12 10v4 M12 17h.01',
  'alert-circle': 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M12 8v5 M12 16h.01',
  x: 'M6 6l12 12 M18 6L6 18',
  pencil: 'M4 20h4L19 9l-4-4L4 16z M13 7l4 4',
  rocket: 'M12 15l-3-3c1.5-4.5 4.5-8 10-9-1 5.5-4.5 8.5-9 10z M9 12H5l2-4h4 M12 15v4l4-2v-4 M6 16c-1.5 1-2 3-2 4 1 0 3-.5 4-2',
  keyboard: 'M3 6h18v12H3z M7 10h.01 M11 10h.01 M15 10h.01 M7 14h10',
  'log-out': 'M15 4h4v16h-4 M10 8l-4 4 4 4 M6 12h11',
  'chevron-down': 'M6 9l6 6 6-6',
  'chevron-up': 'M6 15l6-6 6 6',
  'chevrons-right': 'M6 7l5 5-5 5 M13 7l5 5-5 5',
  'chevrons-left': 'M18 7l-5 5 5 5 M11 7l-5 5 5 5',
  history: 'M3 12a9 9 0 1 0 3-6.7L3 8 M3 3v5h5 M12 7v5l3 2',
  external: 'M14 4h6v6 M20 4l-9 9 M18 14v6H4V6h6',
  'grip': 'M9 6h.01 M15 6h.01 M9 12h.01 M15 12h.01 M9 18h.01 M15 18h.01',
  dot: 'M12 10a2 2 0 1 0 0 4 2 2 0 0 0 0-4z',
  sliders: 'M4 6h9 M17 6h3 M4 12h3 M11 12h9 M4 18h11 M19 18h1 M15 4v4 M9 10v4 M17 16v4',
  key: 'M8 15a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M11 11h10 M18 11v3 M15 11v2',
  users: 'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z M3 21v-1a6 6 0 0 1 12 0v1 M16 3.5a4 4 0 0 1 0 7 M21 21v-1a6 6 0 0 0-3-5.2',
  layers: 'M12 3l9 5-9 5-9-5z M3 13l9 5 9-5 M3 17l9 5 9-5',
  grid: 'M4 4h7v7H4z M13 4h7v7h-7z M4 13h7v7H4z M13 13h7v7h-7z',
  route: 'M6 19a2 2 0 1 0 0-4 2 2 0 0 0 0 4z M18 9a2 2 0 1 0 0-4 2 2 0 0 0 0 4z M8 17h7a3 3 0 0 0 0-6H9a3 3 0 0 1 0-6h7',
  code: 'M8 8l-5 4 5 4 M16 8l5 4-5 4 M14 4l-4 16',
  book: 'M4 4h6a2 2 0 0 1 2 2v14a2 2 0 0 0-2-2H4z M20 4h-6a2 2 0 0 0-2 2v14a2 2 0 0 1 2-2h6z',
};

export const hasIcon = (name: string): boolean => name in ICONS;

type IconProps = { name: string; size?: number; className?: string; title?: string };

/** An inline SVG icon: bundled, so the strict CSP never needs an icon font or CDN. */
export const Icon = memo(function Icon({ name, size = 16, className, title }: IconProps) {
  const path = ICONS[name] ?? ICONS.dot!;
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.9}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
    >
      {title ? <title>{title}</title> : null}
      <path d={path} />
    </svg>
  );
});
