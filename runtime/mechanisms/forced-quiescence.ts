// Forced quiescence, as Pymoult's setupForceQuiescence: a gate goes in front of f at once, new
// calls of f wait there (JavaScript cannot block a call: a held call returns a promise), the calls
// already running finish with the code they started with, and f is quiescent as soon as they have.
// After apply the held calls run the new version (cleanForceQuiescence), or the old one if the
// update did not apply (cleanFailedForceQuiescence). A call made from within an activation of f
// (recursion) goes through, as Pymoult's stub lets it, else it would wait for itself.
//
// The gate sits in f's slot, so "running" means counted by the slot minus the calls held at the
// gate. A function outside the instrumented set is reached through LiveEdit, which V8 refuses
// while the function is active: its gate goes in at the first moment it is idle.
import { callThrough, codeActivity, currentImplementation, isCodeActive, membersOf, redirect, restoreOriginal } from './relink';
import { isFunctionActive, poll } from './alterability';
import { framesOf } from './stack-inspection';
import { holdAlive } from '../core/timers';

interface HeldCall { via: Gate; self: unknown; args: unknown[]; resolve: (v: unknown) => void; reject: (e: unknown) => void }

interface Gate {
  /** The function whose calls the gate holds (f, or an original f stands for). */
  target: Function;
  fn: Function;
  /** What the target ran before its gate. */
  previous: Function;
  installed: boolean;
  held: number;
}

export interface ForceQuiescenceHandle {
  readonly f: Function;
  readonly module: unknown;
  /** Every gate is in place. */
  installed: boolean;
  readonly gates: Gate[];
  readonly held: HeldCall[];
}

/** The handles that hold calls now, each keeping the app alive until it lets them go. */
const keeping = new WeakMap<ForceQuiescenceHandle, () => void>();

function makeGate(h: ForceQuiescenceHandle, target: Function): Gate {
  const gate: Gate = {
    target, previous: target, installed: false, held: 0,
    fn: function (this: unknown, ...args: unknown[]) {
      // The gate is called from the target's own (forwarding) frame: a second one is recursion.
      if ((framesOf(target) ?? 0) > 1) {
        const through = callThrough(target, gate.previous, gate.fn, this, args);
        if (through) return through.value;
        if (gate.previous !== target) return Reflect.apply(gate.previous, this, args);
      }
      gate.held++;
      // A held call is the app's work, held back by us: it keeps the app alive as it would have.
      if (!keeping.has(h)) keeping.set(h, holdAlive());
      return new Promise((resolve, reject) => h.held.push({ via: gate, self: this, args, resolve, reject }));
    },
  };
  return gate;
}

/** Puts each gate in: a slot's at once; a LiveEdit one when its function is idle. */
function tryInstall(h: ForceQuiescenceHandle): boolean {
  for (const g of h.gates) {
    if (g.installed) continue;
    if (!codeActivity(g.target) && isFunctionActive(g.target)) continue;
    g.previous = currentImplementation(g.target);
    redirect(g.target, g.fn);
    g.installed = true;
  }
  h.installed = h.gates.every((g) => g.installed);
  return h.installed;
}

/** Whether code of the gate's target still runs, the calls held at the gate aside. */
function stillRunning(g: Gate): boolean {
  const act = codeActivity(g.target);
  if (!act) return isCodeActive(g.target);
  if (act.onStack) return true;
  // A held call of an async function or generator is counted (its gate's promise, or its own
  // activation awaiting it); a plain function's activations are only ever on the stack.
  if (act.suspendable) return act.counted - g.held > 0;
  return g.previous !== g.target && isFunctionActive(g.previous);
}

/** New calls of f wait at its entry (they get a promise) until the handle is cleaned. */
export function setupForceQuiescence(module: unknown, f: Function): ForceQuiescenceHandle {
  const h: ForceQuiescenceHandle = { f, module, installed: false, gates: [], held: [] };
  for (const target of membersOf(f)) h.gates.push(makeGate(h, target));
  tryInstall(h);
  return h;
}

export function checkForceQuiescence(h: ForceQuiescenceHandle): boolean {
  return tryInstall(h) && !h.gates.some(stillRunning);
}

export function waitForceQuiescence(h: ForceQuiescenceHandle): Promise<boolean> {
  return poll(() => checkForceQuiescence(h));
}

function release(h: ForceQuiescenceHandle): void {
  for (const g of h.gates) {
    // An update that applied has put its own version in place of the gate: that one stays.
    if (g.installed && currentImplementation(g.target) === g.fn) {
      if (g.previous === g.target) restoreOriginal(g.target);
      else redirect(g.target, g.previous);
    }
    g.installed = false;
    g.held = 0;
  }
  h.installed = false;
  const held = h.held.splice(0);
  for (const c of held) {
    try {
      c.resolve(Reflect.apply(c.via.target, c.self, c.args));
    } catch (err) {
      c.reject(err);
    }
  }
  keeping.get(h)?.();
  keeping.delete(h);
}

/** After the update applied: held calls run the new version. */
export function cleanForceQuiescence(h: ForceQuiescenceHandle): void {
  release(h);
}

/** The update did not apply: the gate goes, held calls run the old version. */
export function cleanFailedForceQuiescence(h: ForceQuiescenceHandle): void {
  release(h);
}
