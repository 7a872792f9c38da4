// redefineFunction: from now on every existing reference to f (exports, the module's own local
// calls, destructured imports, stored callbacks) runs g. f's code is replaced in place through V8
// LiveEdit by a forwarder to a slot that holds g, so the function object f keeps its identity.
import { capturedNames, functionLocation, setScriptSource } from './inspector';
import { locateFunction, forwardingText } from './function-source';
import { MoultRuntimeError } from './errors';
import { journal } from './journal';

type Fn = (...args: any[]) => any;
const SLOTS = Symbol.for('moult.relink.slots');
type SlotTable = { [SLOTS]?: Fn[] };

function slots(): Fn[] {
  const g = globalThis as SlotTable;
  return (g[SLOTS] ??= []);
}

/** f → its slot, once f's code forwards to a slot. */
const forwarded = new WeakMap<Function, number>();
/** f → the text f had before it was made a forwarder. */
const originals = new WeakMap<Function, string>();

/** Puts f's own original code back in place (undoes every redefinition of f). */
export function restoreOriginal(f: Function): void {
  const text = originals.get(f);
  if (text === undefined) return;
  const site = locateFunction(f);
  const r = setScriptSource(site.loc.scriptId, site.source.slice(0, site.start) + text + site.source.slice(site.end));
  if (r.status !== 'Ok') throw new MoultRuntimeError('ELIVEEDIT', `cannot restore ${f.name || 'function'}: ${r.status}`);
  forwarded.delete(f);
  originals.delete(f);
}

export function currentImplementation(f: Function): Function {
  const slot = forwarded.get(f);
  return slot === undefined ? f : slots()[slot];
}

export function isForwarded(f: Function): boolean {
  return forwarded.has(f);
}

interface Patch { scriptId: string; before: string; originalText: string; replacement: string; after: string }

/**
 * Forwarders to try, best first. The forwarder mentions the closure's variables in dead code (V8
 * LiveEdit silently keeps the old code when a patch changes which outer variables are captured),
 * but inside a class body the class's own name is a different binding: hence the fallbacks.
 */
function forwarderSources(f: Function, slot: number): Patch[] {
  const site = locateFunction(f);
  const call = (args: string, self: string, nt: string): string =>
    `globalThis[Symbol.for('moult.relink.call')](${slot}, ${self}, ${args}, ${nt})`;
  const captured = capturedNames(f);
  const all = captured.map((c) => c.name);
  const noClasses = captured.filter((c) => !c.isClass).map((c) => c.name);
  // A method sits in a class body, where the class's own name may be an uncaptured inner binding.
  const isMethod = !/^(async\s+)?function\b/.test(site.text) && !/=>/.test(site.text.slice(0, site.text.indexOf('{') >>> 0));
  const lists = isMethod ? [noClasses, all, []] : [all, noClasses, []];
  const seen = new Set<string>();
  const patches: Patch[] = [];
  for (const names of lists) {
    const replacement = forwardingText(site.text, call, names);
    if (seen.has(replacement)) continue;
    seen.add(replacement);
    patches.push({ scriptId: site.loc.scriptId, before: site.source, originalText: site.text, replacement, after: site.source.slice(0, site.start) + replacement + site.source.slice(site.end) });
  }
  return patches;
}

function installCaller(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[Symbol.for('moult.relink.call')]) return;
  Object.defineProperty(globalThis, Symbol.for('moult.relink.call'), {
    value: (slot: number, self: unknown, args: unknown[], newTarget: Function | undefined) => {
      const target = slots()[slot];
      return newTarget ? Reflect.construct(target, args, newTarget) : Reflect.apply(target, self, args);
    },
  });
}

/**
 * Whether the code of f is running or suspended somewhere: V8 refuses to patch a function that is
 * on the stack (BlockedByActiveFunction) or has a suspended async/generator activation
 * (BlockedByActiveGenerator), which makes a dry-run patch an exact quiescence test.
 */
export function isCodeActive(f: Function): boolean {
  const probe = forwarderSources(f, 0)[0];
  const r = setScriptSource(probe.scriptId, probe.after, true);
  if (r.status === 'BlockedByActiveFunction' || r.status === 'BlockedByActiveGenerator') return true;
  if (r.status !== 'Ok') throw new MoultRuntimeError('ELIVEEDIT', `cannot probe ${f.name || 'function'}: ${r.status}${r.exceptionDetails ? ` (${r.exceptionDetails.text})` : ''}`);
  return false;
}

/** Applies the first candidate that V8 really installs: "Ok" alone does not prove it (see above). */
function applyFirstThatTakes(f: Function, patches: Patch[]): Patch {
  for (const patch of patches) {
    const r = setScriptSource(scriptIdOf(f), patch.after);
    if (r.status !== 'Ok') {
      throw new MoultRuntimeError(r.status.startsWith('Blocked') ? 'EACTIVE' : 'ELIVEEDIT',
        `cannot redefine ${f.name || 'function'}: ${r.status}${r.exceptionDetails ? ` (${r.exceptionDetails.text} at line ${r.exceptionDetails.lineNumber + 1})` : ''}`);
    }
    if (Function.prototype.toString.call(f) === patch.replacement) return patch;
    // V8 kept the old code: put the script back as it was and try the next forwarder.
    let back: { status: string };
    try {
      back = setScriptSource(patch.scriptId, patch.before);
    } catch {
      back = setScriptSource(scriptIdOf(f), patch.before);
    }
    if (back.status !== 'Ok') break;
  }
  throw new MoultRuntimeError('ELIVEEDIT', `V8 did not install the new code of ${f.name || 'function'}`);
}

function scriptIdOf(f: Function): string {
  return functionLocation(f).scriptId;
}

export function redefineFunction(module: unknown, f: Function, g: Function): void {
  if (typeof f !== 'function' || typeof g !== 'function') throw new MoultRuntimeError('EBADARG', 'redefineFunction(module, f, g): f and g must be functions');
  installCaller();
  const table = slots();
  const existing = forwarded.get(f);
  if (existing !== undefined) {
    const previous = table[existing];
    table[existing] = g as Fn;
    journal(`redefine ${f.name}`, () => { table[existing] = previous; });
  } else {
    const slot = table.push(g as Fn) - 1;
    const patch = applyFirstThatTakes(f, forwarderSources(f, slot));
    forwarded.set(f, slot);
    originals.set(f, patch.originalText);
    journal(`redefine ${f.name}`, () => restoreOriginal(f));
  }
  // Names that pointed at f in the module keep pointing at f, which now runs g; names the
  // module had for nothing else stay untouched.
  void module;
}
