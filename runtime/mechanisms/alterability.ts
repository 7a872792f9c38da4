// When may an update apply? Quiescence of functions (no activation on the stack, no suspended
// async call: counted by instrumented code, else V8's own LiveEdit check), forced quiescence (new
// calls wait at the entry), and static update points reached by tasks.
import { currentUpdate } from '../dsu/manager';
import { currentImplementation, isCodeActive, isForwarded, redefineFunction, restoreOriginal } from './relink';
import { slotOf } from '../instrument/slots';
import { getTaskByName, type DsuTask } from '../dsu/task';
import { emit } from '../core/events';
import { errorMessage } from '../core/errors';
import { sleepUnref } from '../core/timers';

function patience(): { tries: number; sleep: number } {
  const u = currentUpdate();
  return { tries: u?.maxTries ?? 10, sleep: u?.sleepTime ?? 1000 };
}

async function poll(check: () => boolean): Promise<boolean> {
  const { tries, sleep } = patience();
  for (let i = 0; i < tries; i++) {
    if (check()) return true;
    if (i < tries - 1) await sleepUnref(sleep);
  }
  return false;
}

export function isFunctionActive(f: Function): boolean {
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

// ---- forced quiescence

interface HeldCall { self: unknown; args: unknown[]; resolve: (v: unknown) => void; reject: (e: unknown) => void }

export interface ForceQuiescenceHandle {
  readonly f: Function;
  readonly module: unknown;
  installed: boolean;
  gate: Function;
  held: HeldCall[];
  restore: (() => void) | null;
}

/** Tries to put the gate in front of f; V8 refuses while f's code is active. */
function tryInstall(h: ForceQuiescenceHandle): boolean {
  if (h.installed) return true;
  if (isFunctionActive(h.f)) return false;
  const wasForwarded = isForwarded(h.f);
  const previous = currentImplementation(h.f);
  redefineFunction(h.module, h.f, h.gate);
  h.restore = wasForwarded ? () => redefineFunction(h.module, h.f, previous) : () => restoreOriginal(h.f);
  h.installed = true;
  return true;
}

/** New calls of f wait at its entry (they get a promise) until the handle is cleaned. */
export function setupForceQuiescence(module: unknown, f: Function): ForceQuiescenceHandle {
  const h: ForceQuiescenceHandle = {
    f, module, installed: false, held: [], restore: null,
    gate: function (this: unknown, ...args: unknown[]) {
      return new Promise((resolve, reject) => h.held.push({ self: this, args, resolve, reject }));
    },
  };
  tryInstall(h);
  return h;
}

export function checkForceQuiescence(h: ForceQuiescenceHandle): boolean {
  return tryInstall(h);
}

export function waitForceQuiescence(h: ForceQuiescenceHandle): Promise<boolean> {
  return poll(() => tryInstall(h));
}

function release(h: ForceQuiescenceHandle): void {
  if (h.installed && currentImplementation(h.f) === h.gate) h.restore?.();
  h.installed = false;
  const held = h.held.splice(0);
  for (const c of held) {
    try {
      c.resolve(Reflect.apply(h.f, c.self, c.args));
    } catch (err) {
      c.reject(err);
    }
  }
}

/** After the update applied: held calls run the new version. */
export function cleanForceQuiescence(h: ForceQuiescenceHandle): void {
  release(h);
}

/** The update did not apply: the gate goes, held calls run the old version. */
export function cleanFailedForceQuiescence(h: ForceQuiescenceHandle): void {
  release(h);
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

export function resumeSuspendedTasks(tasks?: (DsuTask | string)[]): void {
  for (const t of tasks ?? []) {
    const task = typeof t === 'string' ? getTaskByName(t) : t;
    if (task?.suspended) task.resume();
  }
}

export function reportMechanismError(what: string, err: unknown): void {
  emit('runtime.warning', `${what}: ${errorMessage(err)}`, { error: errorMessage(err) }, 'warn');
}
