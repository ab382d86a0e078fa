import { useCallback, useRef, useState } from 'react';
import { IMPORT_LIMITS, type ConflictAction, type ImportPlan } from '../../../shared/model/workspace-file.js';
import { AdminApiError, errorMessage } from '../../api/errors.js';
import { admin } from '../../api/client.js';
import { useApis } from '../../stores/apis.js';
import { flushSave } from '../../stores/autosave.js';
import { useEditor } from '../../stores/editor.js';

export type ImportState =
  | { step: 'idle' }
  | { step: 'checking'; fileName: string }
  | { step: 'failed'; fileName: string; message: string; details: string[] }
  | { step: 'planned'; fileName: string; plan: ImportPlan; busy: boolean };

const MB = 1024 * 1024;

/** The server's issues (path: message), for the dialog to list under the error. */
function issuesOf(failure: unknown): string[] {
  if (!(failure instanceof AdminApiError) || !Array.isArray(failure.details)) return [];
  return failure.details.slice(0, 8).map((issue: { path?: unknown; message?: unknown }) => `${String(issue.path ?? '')}: ${String(issue.message ?? '')}`);
}

/**
 * Import, as the dialog walks it: read the file, ask for a dry run, let the builder resolve each
 * conflict (each change asks again), then apply and refresh the API list.
 */
export function useImport() {
  const [state, setState] = useState<ImportState>({ step: 'idle' });
  const file = useRef<{ name: string; json: unknown } | null>(null);
  const [onConflict, setOnConflict] = useState<ConflictAction>('rename');
  const [resolutions, setResolutions] = useState<Record<string, ConflictAction>>({});

  const plan = useCallback(async (choice: ConflictAction, chosen: Record<string, ConflictAction>) => {
    const current = file.current;
    if (!current) return;
    try {
      await flushSave();
      const answer = await admin.workspace.import({ body: { file: current.json, onConflict: choice, resolutions: chosen, dryRun: true } });
      setState({ step: 'planned', fileName: current.name, plan: answer, busy: false });
    } catch (failure) {
      setState({ step: 'failed', fileName: current.name, message: errorMessage(failure), details: issuesOf(failure) });
    }
  }, []);

  const choose = useCallback(async (picked: File) => {
    setState({ step: 'checking', fileName: picked.name });
    setOnConflict('rename');
    setResolutions({});
    if (picked.size > IMPORT_LIMITS.maxBytes) {
      const message = `The file is ${(picked.size / MB).toFixed(1)} MB; an import takes at most ${IMPORT_LIMITS.maxBytes / MB} MB (the admin API's limit).`;
      return setState({ step: 'failed', fileName: picked.name, message, details: [] });
    }
    try {
      file.current = { name: picked.name, json: JSON.parse(await picked.text()) as unknown };
    } catch (failure) {
      return setState({ step: 'failed', fileName: picked.name, message: `This file is not JSON: ${errorMessage(failure)}`, details: [] });
    }
    await plan('rename', {});
  }, [plan]);

  const setDefault = (choice: ConflictAction): void => {
    setOnConflict(choice);
    setResolutions({});
    void plan(choice, {});
  };
  const resolve = (key: string, choice: ConflictAction): void => {
    const next = { ...resolutions, [key]: choice };
    setResolutions(next);
    void plan(onConflict, next);
  };

  /** Applies the plan as shown; answers a one-line summary, or throws. */
  const apply = async (): Promise<string> => {
    if (state.step !== 'planned' || !file.current) throw new Error('Nothing to import');
    setState({ ...state, busy: true });
    try {
      await flushSave();
      const done = await admin.workspace.import({ body: { file: file.current.json, onConflict, resolutions } });
      await refreshAfter(done);
      setState({ step: 'idle' });
      const { create, replace, rename, skip } = done.counts;
      return `Imported: ${create} created, ${rename} renamed, ${replace} replaced, ${skip} skipped`;
    } catch (failure) {
      setState({ ...state, busy: false });
      throw failure;
    }
  };

  const reset = (): void => {
    file.current = null;
    setState({ step: 'idle' });
  };

  return { state, onConflict, resolutions, choose, setDefault, resolve, apply, reset };
}

/** The list, pickers and, when the open API was replaced, the editor itself. */
async function refreshAfter(done: ImportPlan): Promise<void> {
  await useApis.getState().load();
  const openId = useEditor.getState().apiId;
  if (openId && done.items.some((item) => item.kind === 'api' && item.action === 'replace' && item.id === openId)) {
    useEditor.getState().open(await admin.apis.get({ params: { id: openId } }));
  }
}
