/** What Electron's preload may expose to the editor; absent in a browser against `flowgate serve`. */
export type FlowgateBridge = {
  adminKey?: string;
  adminUrl?: string;
};

declare global {
  interface Window {
    flowgate?: FlowgateBridge;
  }
}

export function bridge(): FlowgateBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.flowgate;
}
