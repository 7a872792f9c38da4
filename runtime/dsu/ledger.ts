// The process's ledger of updates: which are applied (Pymoult's isApplied) and, for each completed
// one, its journal, so that `moult rollback` can undo them later, newest first (as a release
// handler downgrades: one release at a time). The manager that applied an update undoes it; the
// ledger knows it only by that one method, so that it needs nothing else of the managers.
import type { Journal } from '../core/journal';
import type { Update } from './update';

/** What the ledger asks of the manager that completed an update: to undo it. */
export interface Undoer {
  rollbackCompleted(update: Update, journal: Journal, reason: string): Promise<void>;
}

export interface CompletedUpdate {
  update: Update;
  journal: Journal;
  manager: Undoer;
}

const applied = new Set<string>();
const completed: CompletedUpdate[] = [];

export function markApplied(name: string): void {
  applied.add(name);
}

export function isApplied(name: string): boolean {
  return applied.has(name);
}

/** The completed updates that a daemon sent (they have an update id), in order: what the process runs. */
export function completedUpdates(): { update_id: string; name: string }[] {
  return completed.filter((c) => c.update.updateId).map((c) => ({ update_id: c.update.updateId!, name: c.update.name }));
}

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
  applied.delete(last.update.name);
  return { ok: true, update: last.update.name, ...(last.update.updateId ? { update_id: last.update.updateId } : {}), mode };
}
