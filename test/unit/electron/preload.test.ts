import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, type BridgeBootstrap } from '../../../electron/ipc-contract.js';
import type { FlowgateBridge } from '../../../shared/desktop-bridge.js';

const PRELOAD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../electron/preload.cts');

/** Every member of the shared contract; the compiler fails here if the contract grows. */
const BRIDGE_KEYS = Object.keys({
  adminUrl: true,
  adminKey: true,
  appVersion: true,
  openFile: true,
  saveFile: true,
  openExternal: true,
  onMenu: true,
} satisfies Record<keyof FlowgateBridge, true>);

/** Runs the preload as Electron's sandbox would (CommonJS, `require('electron')` only) against a fake contextBridge and ipcRenderer. */
function runPreload(bootstrap: BridgeBootstrap | null) {
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const sent: unknown[][] = [];
  const listeners = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: (...args: unknown[]) => {
        invoked.push(args);
        return Promise.resolve(null);
      },
      send: (...args: unknown[]) => sent.push(args),
      sendSync: (channel: string) => (channel === IPC_CHANNELS.bootstrap ? bootstrap : undefined),
      on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => listeners.set(channel, listener),
    },
  };
  const { outputText } = ts.transpileModule(readFileSync(PRELOAD, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const required: string[] = [];
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
    return electron;
  };
  const module = { exports: {} };
  vm.runInNewContext(`(function (exports, require, module) {${outputText}\n})`)(module.exports, sandboxRequire, module);
  const menu = (command: string) => listeners.get(IPC_CHANNELS.menu)!({}, command);
  return { bridge: exposed.get('flowgate') as FlowgateBridge | undefined, exposed, invoked, sent, menu, required };
}

const BOOTSTRAP: BridgeBootstrap = { adminUrl: 'http://127.0.0.1:50001', adminKey: 'the-key', appVersion: '0.1.0' };

describe('preload', () => {
  it('requires nothing but electron and exposes exactly the shared bridge as window.flowgate', () => {
    const { exposed, bridge, required } = runPreload(BOOTSTRAP);
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['flowgate']);
    expect(Object.keys(bridge!).sort()).toEqual([...BRIDGE_KEYS].sort());
    expect(bridge).toMatchObject(BOOTSTRAP);
  });

  it('exposes nothing when the main process does not recognise the page as the editor', () => {
    expect(runPreload(null).exposed.size).toBe(0);
  });

  it('sends dialogs and links to the main process on the contract channels', async () => {
    const { bridge, invoked } = runPreload(BOOTSTRAP);
    await bridge!.openFile({ title: 'Import' });
    await bridge!.saveFile({ suggestedName: 'a.json', content: '{}' });
    await bridge!.openExternal('https://jsonata.org/');
    expect(invoked).toEqual([
      [IPC_CHANNELS.openFile, { title: 'Import' }],
      [IPC_CHANNELS.saveFile, { suggestedName: 'a.json', content: '{}' }],
      [IPC_CHANNELS.openExternal, 'https://jsonata.org/'],
    ]);
  });

  it('runs menu callbacks until unsubscribed, then tells the main process nobody handled the item', () => {
    const { bridge, menu, sent } = runPreload(BOOTSTRAP);
    const calls: string[] = [];
    const stop = bridge!.onMenu('import-json', () => calls.push('import'));
    menu('import-json');
    expect(calls).toEqual(['import']);
    expect(sent).toEqual([]);
    stop();
    menu('import-json');
    expect(calls).toEqual(['import']);
    expect(sent).toEqual([[IPC_CHANNELS.menuUnhandled, 'import-json']]);
  });
});
