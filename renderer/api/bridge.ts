import type { FlowgateBridge } from '../../shared/desktop-bridge.js';

/** What Electron's preload exposes to the editor (shared/desktop-bridge.ts); absent in a browser against `flowgate serve`. */
export type { FlowgateBridge };

declare global {
  interface Window {
    flowgate?: FlowgateBridge;
  }
}

export function bridge(): FlowgateBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.flowgate;
}
