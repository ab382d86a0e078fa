import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { ApiList } from '../api-list/ApiList.js';
import { Canvas } from '../canvas/Canvas.js';
import { ConflictDialog } from '../conflict/ConflictDialog.js';
import { MenuCommands } from '../desktop/MenuCommands.js';
import { isTypingTarget } from '../canvas/useCanvasShortcuts.js';
import { Palette } from '../palette/Palette.js';
import { PublishDialog } from '../publish/PublishDialog.js';
import { ShortcutsDialog } from '../shortcuts/ShortcutsDialog.js';
import { useApis } from '../stores/apis.js';
import { startAutosave } from '../stores/autosave.js';
import { useEditor } from '../stores/editor.js';
import { apiIdFromLocation, openApi } from '../stores/open-api.js';
import { startLiveCompile } from '../stores/problems.js';
import { startTraceReset } from '../stores/run-trace.js';
import { useUi } from '../stores/ui.js';
import { BottomArea } from './BottomArea.js';
import './core-panels.js';
import { RightArea } from './RightArea.js';
import { Toasts } from './Toasts.js';
import { TopBar } from './TopBar.js';
import { Welcome } from './Welcome.js';

/** The signed-in editor: APIs and palette left, canvas (or Welcome) centre with the bottom area, panels right. */
export function Shell() {
  const apiOpen = useEditor((state) => state.apiId !== null);

  useEffect(() => {
    const stopCompile = startLiveCompile();
    const stopAutosave = startAutosave();
    const stopTraceReset = startTraceReset();
    void useApis
      .getState()
      .load()
      .then(() => {
        const id = apiIdFromLocation();
        if (id && useApis.getState().apis.some((api) => api.id === id)) return openApi(id);
      });
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === '?' && !isTypingTarget(event.target) && !document.querySelector('dialog[open]')) {
        event.preventDefault();
        useUi.getState().setShortcutsOpen(true);
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => {
      stopCompile();
      stopAutosave();
      stopTraceReset();
      window.removeEventListener('keydown', onKeyDown);
    };
  }, []);

  return (
    <ReactFlowProvider>
      <div className="app">
        <TopBar />
        <div className="workbench">
          <aside className="sidebar">
            <ApiList />
            <Palette />
          </aside>
          <main className="center">
            <div className="canvas-slot">{apiOpen ? <Canvas /> : <Welcome />}</div>
            <BottomArea />
          </main>
          <RightArea />
        </div>
        <PublishDialog />
        <ShortcutsDialog />
        <ConflictDialog />
        <MenuCommands />
        <Toasts />
      </div>
    </ReactFlowProvider>
  );
}
