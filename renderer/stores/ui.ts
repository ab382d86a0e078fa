import { create } from 'zustand';

export type Toast = { id: number; message: string; tone: 'info' | 'success' | 'error' };

/** How long a toast stays. */
const TOAST_MS = 3500;

type UiState = {
  rightTab: string;
  /** False when the side panel is folded down to its rail, leaving the canvas more room. */
  rightOpen: boolean;
  bottomTab: string;
  bottomOpen: boolean;
  shortcutsOpen: boolean;
  publishOpen: boolean;
  toasts: Toast[];
  /** Shows a side panel (opening the side area if folded). */
  setRightTab: (id: string) => void;
  /** Folds the side area down to its rail, or opens it again. */
  setRightOpen: (open: boolean) => void;
  /** Opens the bottom area on a tab; the same tab again closes it. */
  toggleBottom: (id: string) => void;
  openBottom: (id: string) => void;
  setBottomOpen: (open: boolean) => void;
  setShortcutsOpen: (open: boolean) => void;
  setPublishOpen: (open: boolean) => void;
  toast: (message: string, tone?: Toast['tone']) => void;
};

let nextToast = 1;

/** The panel layout, remembered in this browser across reloads (a preference, nothing secret; the bottom height sits beside it). */
type Layout = Pick<UiState, 'rightTab' | 'rightOpen' | 'bottomTab' | 'bottomOpen'>;
const LAYOUT_KEY = 'flowgate.layout';
const DEFAULT_LAYOUT: Layout = { rightTab: 'inspector', rightOpen: true, bottomTab: 'problems', bottomOpen: false };

function recallLayout(): Layout {
  try {
    const kept = JSON.parse(localStorage.getItem(LAYOUT_KEY) ?? 'null') as Partial<Record<keyof Layout, unknown>> | null;
    if (!kept) return DEFAULT_LAYOUT;
    return {
      rightTab: typeof kept.rightTab === 'string' ? kept.rightTab : DEFAULT_LAYOUT.rightTab,
      rightOpen: typeof kept.rightOpen === 'boolean' ? kept.rightOpen : DEFAULT_LAYOUT.rightOpen,
      bottomTab: typeof kept.bottomTab === 'string' ? kept.bottomTab : DEFAULT_LAYOUT.bottomTab,
      bottomOpen: typeof kept.bottomOpen === 'boolean' ? kept.bottomOpen : DEFAULT_LAYOUT.bottomOpen,
    };
  } catch {
    return DEFAULT_LAYOUT;
  }
}

/** Layout state: which panel tabs are showing, which dialogs are open, the toasts. */
export const useUi = create<UiState>()((set, get) => ({
  ...recallLayout(),
  shortcutsOpen: false,
  publishOpen: false,
  toasts: [],
  setRightTab: (rightTab) => set({ rightTab, rightOpen: true }),
  setRightOpen: (rightOpen) => set({ rightOpen }),
  toggleBottom: (id) => set((state) => (state.bottomOpen && state.bottomTab === id ? { bottomOpen: false } : { bottomOpen: true, bottomTab: id })),
  openBottom: (id) => set({ bottomOpen: true, bottomTab: id }),
  setBottomOpen: (bottomOpen) => set({ bottomOpen }),
  setShortcutsOpen: (shortcutsOpen) => set({ shortcutsOpen }),
  setPublishOpen: (publishOpen) => set({ publishOpen }),
  toast: (message, tone = 'info') => {
    const id = nextToast++;
    set({ toasts: [...get().toasts, { id, message, tone }] });
    setTimeout(() => set({ toasts: get().toasts.filter((toast) => toast.id !== id) }), TOAST_MS);
  },
}));

useUi.subscribe((state, previous) => {
  if (state.rightTab === previous.rightTab && state.rightOpen === previous.rightOpen && state.bottomTab === previous.bottomTab && state.bottomOpen === previous.bottomOpen) return;
  try {
    localStorage.setItem(LAYOUT_KEY, JSON.stringify({ rightTab: state.rightTab, rightOpen: state.rightOpen, bottomTab: state.bottomTab, bottomOpen: state.bottomOpen } satisfies Layout));
  } catch {
    // Without storage the layout simply starts as the default after a reload.
  }
});
