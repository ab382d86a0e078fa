import { create } from 'zustand';
import type { RevisionConflictDetails } from '../../shared/api/contract.js';
import { AdminApiError } from '../api/errors.js';
import type { Difference } from './flow-merge.js';

/** What the builder chose: take the other window's version, overwrite it with theirs, keep both (when possible), or decide later. */
export type ConflictChoice = 'reload' | 'keep-mine' | 'merge' | 'later';

/** A write refused because another window changed the object first: what to show and offer. */
export type ConflictQuestion = {
  /** `The API "Get user"`: what was changed in another window. */
  subject: string;
  differences: Difference[];
  /** Every change of both sides can be kept (Merge both); otherwise `clashes` names what both changed. */
  mergeable: boolean;
  clashes: string[];
  /** What Keep mine changes, when it is not the whole object. */
  keepMineNote?: string;
};

type Asked = ConflictQuestion & { answer: (choice: ConflictChoice) => void };

type ConflictState = { asked: Asked[] };

/** The conflicts waiting for the builder's choice; the dialog shows the first. */
export const useConflicts = create<ConflictState>()(() => ({ asked: [] }));

/** Shows the conflict dialog and resolves with the builder's choice. */
export function askAboutConflict(question: ConflictQuestion): Promise<ConflictChoice> {
  return new Promise((resolve) => {
    const asked: Asked = {
      ...question,
      answer: (choice) => {
        useConflicts.setState((state) => ({ asked: state.asked.filter((other) => other !== asked) }));
        resolve(choice);
      },
    };
    useConflicts.setState((state) => ({ asked: [...state.asked, asked] }));
  });
}

/** The 412 `revision_conflict` of a write, with the object as it is now; undefined for any other failure. */
export function revisionConflictOf<T extends { revision: number }>(failure: unknown): RevisionConflictDetails<T> | undefined {
  if (!(failure instanceof AdminApiError) || failure.status !== 412 || failure.code !== 'revision_conflict') return undefined;
  const details = failure.details as Partial<RevisionConflictDetails<T>> | undefined;
  if (typeof details?.revision !== 'number' || typeof details.current !== 'object' || details.current === null) return undefined;
  return { revision: details.revision, current: details.current };
}
