// The main path of relinking and quiescence, for functions instrumented at load: a function's
// slot is one field of its module's holder; writing it makes every closure of that function
// (every existing reference to it) run the new code. O(1): no debugger, no heap walk.
import { fileURLToPath } from 'node:url';
import { ensureCounts, literalOf, type Literal } from './modules';
import { holderOf, setHolderFields } from './holders';
import { stackFrames, scriptPath } from '../core/call-sites';
import { journal } from '../core/journal';

/** f's slot, if f was instrumented. */
export function slotOf(f: Function): Literal | undefined {
  return literalOf(f);
}

/** What a call of the literal runs now, as it was given (not the counting wrapper). */
export function slotValue(l: Literal): Function | undefined {
  return holderOf(l.record, l.entry.k)[`f${l.entry.k}`] === undefined ? undefined : l.record.impl[l.entry.k];
}

type Wrapper = (g: Function, running: () => Int32Array, settle: (result: unknown) => unknown, k: number) => Function;
const wrappers = new Map<number, Wrapper>();

/**
 * A function that runs g and counts it as running (and, for a promise, as pending until it
 * settles). Made for the literal's own parameter count, so that no rest array is built per call.
 */
function counting(l: Literal, g: Function): Function {
  const { record, entry } = l;
  const k = entry.k;
  ensureCounts(record);
  const settle = (result: unknown): unknown => {
    if (result !== null && typeof result === 'object' && typeof (result as Promise<unknown>).then === 'function') {
      record.pending[k]++;
      const done = (): void => { record.pending[k]--; };
      Promise.resolve(result).then(done, done);
    }
    return result;
  };
  const arity = entry.forward !== null && !entry.forward.some((p) => p.startsWith('...')) ? entry.forward.length : -1;
  let make = wrappers.get(arity);
  if (!make) {
    const params = arity < 0 ? '...a' : Array.from({ length: arity }, (_, i) => `a${i}`).join(',');
    const list = arity < 0 ? 'a' : `[${params}]`;
    const invoke = arity < 0 ? 'Reflect.apply(g,this,a)' : `g.call(this${arity ? `,${params}` : ''})`;
    const body = `return function(${params}){const r=running();r[k]++;try{return new.target?Reflect.construct(g,${list},new.target):settle(${invoke})}finally{r[k]--}}`;
    try {
      make = new Function('g', 'running', 'settle', 'k', body) as Wrapper;
    } catch {
      make = (g2, running, settle2, k2) => function (this: unknown, ...a: unknown[]) {
        const r = running();
        r[k2]++;
        try {
          return new.target ? Reflect.construct(g2, a, new.target) : settle2(Reflect.apply(g2, this, a));
        } finally {
          r[k2]--;
        }
      };
    }
    wrappers.set(arity, make);
  }
  return make(g, () => record.running, settle, k);
}

const GeneratorFunctionPrototype: unknown = Object.getPrototypeOf(function* () {});

/**
 * What the slot holds for g: g itself, unless a call of g could outlive the forwarder unseen.
 * An async function or a generator forwards inside its own activation count (instrument.ts); a
 * plain function's frame (the forwarder) is on the stack while g runs, which onStack sees; an
 * instrumented g counts its own suspended activations. Only a plain function replaced by an
 * uninstrumented async function (or anything unusual) gets the counting wrapper. Measured: g
 * itself is inlined into the callers like the original; the wrapper made a small redefined
 * function 10-30x slower per call.
 */
function slotTarget(l: Literal, g: Function): Function {
  if (l.entry.async || l.entry.generator || literalOf(g)) return g;
  const proto: unknown = Object.getPrototypeOf(g);
  if (proto === Function.prototype || proto === GeneratorFunctionPrototype) return g;
  // Async functions and async generators, classes that extend another, proxies: counted here.
  return counting(l, g);
}

/** Fills (or empties, with undefined) the slot; journaled, so that a failed update puts it back. */
export function writeSlot(l: Literal, g: Function | undefined, what: string): void {
  const { record, entry } = l;
  const key = `f${entry.k}`;
  const previous = { slot: holderOf(record, entry.k)[key], impl: record.impl[entry.k] };
  setHolderFields(record, entry.k, { [key]: g === undefined ? undefined : slotTarget(l, g) });
  record.impl[entry.k] = g;
  journal(what, () => {
    setHolderFields(record, entry.k, { [key]: previous.slot });
    record.impl[entry.k] = previous.impl;
  });
}

/**
 * Whether code of the literal runs or waits now: an activation of an async function or a
 * generator (suspended ones too) is counted by its prologue; a plain function can only be on the
 * current stack, which CallSites show; calls through the slot are counted by the wrapper, or by
 * what the slot runs when it is itself instrumented.
 */
export function isLiteralActive(l: Literal): boolean {
  return activeLiteral(l, 0);
}

function activeLiteral(l: Literal, depth: number): boolean {
  const { record, entry } = l;
  if (record.running[entry.k] > 0 || record.pending[entry.k] > 0) return true;
  const counted = entry.async || entry.generator;
  if (counted && (holderOf(record, entry.k)[`a${entry.k}`] as number) > 0) return true;
  // A generator's calls are all counted (a call through its slot delegates inside the count).
  if (!entry.generator && onStack(l)) return true;
  const impl = slotValue(l);
  const inner = impl === undefined ? undefined : literalOf(impl);
  return inner !== undefined && inner.entry !== entry && depth < 16 && activeLiteral(inner, depth + 1);
}

/**
 * The literal's activity in numbers, for forced quiescence (mechanisms/alterability.ts), which
 * holds calls at a gate in the slot and must not count them: `counted`, the calls counted now (its
 * own async/generator activations and the calls through its slot: each call held at the gate of
 * a suspendable (async or generator) function is one of them), and `onStack`, whether its code is on the current stack. Keep in step with
 * isLiteralActive.
 */
export function literalActivity(l: Literal): { counted: number; onStack: boolean; suspendable: boolean } {
  const { record, entry } = l;
  // The wrapper's counts are sized on first use (instrument/modules.ts ensureCounts): | 0 for the rest.
  let counted = (record.running[entry.k] | 0) + (record.pending[entry.k] | 0);
  const suspendable = entry.async || entry.generator;
  if (suspendable) counted += (holderOf(record, entry.k)[`a${entry.k}`] as number) | 0;
  return { counted, onStack: !entry.generator && onStack(l), suspendable };
}

function onStack(l: Literal): boolean {
  const { record, entry } = l;
  if (entry.startLine === undefined) return false;
  const frames = stackFrames();
  if (!frames) return true; // cannot tell: not quiescent
  let file: string | undefined;
  for (const frame of frames) {
    const line = (frame.getEnclosingLineNumber!() ?? 0) - 1;
    const column = (frame.getEnclosingColumnNumber!() ?? 0) - 1;
    // The frame's function begins between the function's start and its body: it is this one.
    const afterStart = line > entry.startLine! || (line === entry.startLine && column >= entry.startColumn!);
    const beforeBody = line < entry.bodyLine! || (line === entry.bodyLine && column <= entry.bodyColumn!);
    if (!afterStart || !beforeBody) continue;
    file ??= fileURLToPath(record.url);
    const framePath = scriptPath(frame.getScriptNameOrSourceURL?.() ?? frame.getFileName?.());
    if (framePath === undefined || framePath === file) return true;
  }
  return false;
}
