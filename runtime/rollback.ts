// Completed updates keep their journal, so that `moult rollback` can undo them later, newest
// first (as a release handler downgrades: one release at a time).
import type { Journal } from './journal';
import type { ManagerBase } from './manager';
import type { Update } from './update';
import { unmarkApplied } from './registry';

export interface CompletedUpdate {
  update: Update;
  journal: Journal;
  manager: ManagerBase;
}

const completed: CompletedUpdate[] = [];

export function recordCompleted(c: CompletedUpdate): void {
  completed.push(c);
}

export type RollbackResult =
  | { ok: true; update: string; update_id?: string; mode: 'hot' | 'cold' }
  | { ok: false; error: string };

/** Rolls back the named update (default: the last one); only the newest can go. */
export async function rollbackUpdate(name?: string, reason = 'it was rolled back on request'): Promise<RollbackResult> {
  const last = completed[completed.length - 1];
  if (!last) return { ok: false, error: 'no completed update to roll back' };
  if (name && last.update.name !== name) {
    const found = completed.some((c) => c.update.name === name);
    return { ok: false, error: found ? `${name} is not the last update: roll back ${last.update.name} first` : `no completed update named ${name}` };
  }
  completed.pop();
  const mode = last.journal.reversible ? 'hot' : 'cold';
  await last.manager.rollbackCompleted(last.update, last.journal, reason);
  unmarkApplied(last.update.name);
  return { ok: true, update: last.update.name, ...(last.update.updateId ? { update_id: last.update.updateId } : {}), mode };
}
