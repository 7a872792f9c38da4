// When may an update apply? Quiescence of functions (no activation on the stack, no suspended
// async call: counted by instrumented code, else V8's own LiveEdit check) and static update points
// reached by tasks; forced quiescence (new calls wait at the entry) is in forced-quiescence.ts.
import { currentUpdate } from '../dsu/manager';
import { currentImplementation, isCodeActive, originalsOf } from './relink';
import { slotOf } from '../instrument/slots';
import { allTasks, getTaskByName, type DsuTask } from '../dsu/task';
import { emit } from '../core/events';
import { errorMessage } from '../core/errors';
import { sleepUnref } from '../core/timers';

function patience(): { tries: number; sleep: number } {
  const u = currentUpdate();
  return { tries: u?.maxTries ?? 10, sleep: u?.sleepTime ?? 1000 };
}

export async function poll(check: () => boolean): Promise<boolean> {
  const { tries, sleep } = patience();
  for (let i = 0; i < tries; i++) {
    if (check()) return true;
    if (i < tries - 1) await sleepUnref(sleep);
  }
  return false;
}

export function isFunctionActive(f: Function): boolean {
  // A replacement runs in its originals' place: their slots count those calls, cheaply.
  if (originalsOf(f).some(isFunctionActive)) return true;
  if (isCodeActive(f)) return true;
  // An instrumented f counts the calls running through its slot, whatever runs there.
  if (slotOf(f)) return false;
  const impl = currentImplementation(f);
  return impl !== f && isFunctionActive(impl);
}

export function checkQuiescenceOfFunction(f: Function): boolean {
  return !isFunctionActive(f);
}

export function checkQuiescenceOfFunctions(fs: Function[]): boolean {
  return fs.every(checkQuiescenceOfFunction);
}

export function waitQuiescenceOfFunction(f: Function): Promise<boolean> {
  return poll(() => checkQuiescenceOfFunction(f));
}

export function waitQuiescenceOfFunctions(fs: Function[]): Promise<boolean> {
  return poll(() => checkQuiescenceOfFunctions(fs));
}

// ---- static update points

export function setupWaitStaticPoints(tasks: DsuTask[]): void {
  const by = currentUpdate()?.name ?? 'update';
  const updateId = currentUpdate()?.updateId;
  for (const t of tasks) {
    t.pointRequestedBy = by;
    t.requestedByUpdateId = updateId;
  }
}

export async function waitStaticPoints(tasks: DsuTask[]): Promise<boolean> {
  const { tries, sleep } = patience();
  const results = await Promise.all(tasks.map((t) => t.waitForPoint(tries * sleep)));
  return results.every(Boolean);
}

export function checkStaticPointsReached(tasks: DsuTask[]): boolean {
  return tasks.every((t) => t.atPoint !== null);
}

export function cleanFailedStaticPoints(tasks: DsuTask[]): void {
  for (const t of tasks) {
    t.pointRequestedBy = null;
    if (t.suspended) t.resume();
  }
}

/** Resumes these tasks; with none (or an empty list), every task, as Pymoult's resumeSuspendedThreads(). */
export function resumeSuspendedTasks(tasks?: (DsuTask | string)[]): void {
  for (const t of tasks?.length ? tasks : allTasks()) {
    const task = typeof t === 'string' ? getTaskByName(t) : t;
    if (task?.suspended) task.resume();
  }
}

export function reportMechanismError(what: string, err: unknown): void {
  emit('runtime.warning', `${what}: ${errorMessage(err)}`, { error: errorMessage(err) }, 'warn');
}
