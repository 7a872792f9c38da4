// The fallback path of redefineFunction, for functions the load-time instrumentation did not
// reach (node_modules by default): f's code is replaced in place through V8 LiveEdit by a
// forwarder to a slot that holds g, so the function object f keeps its identity. Each LiveEdit
// walks the whole heap: this is the slow path.
import { stackFrames, scriptPath } from '../core/call-sites';
import { capturedNames, functionLocation, liveEditGeneration, scriptUrl, setScriptSource } from '../core/inspector';
import { locateFunction, forwardingText, type FunctionSite } from './function-source';
import { MoultRuntimeError } from '../core/errors';
import { journal } from '../core/journal';

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
export function liveEditRestore(f: Function): void {
  const text = originals.get(f);
  if (text === undefined) return;
  const site = locateFunction(f);
  const r = setScriptSource(site.loc.scriptId, site.source.slice(0, site.start) + text + site.source.slice(site.end));
  if (r.status !== 'Ok') throw new MoultRuntimeError('ELIVEEDIT', `cannot restore ${f.name || 'function'}: ${r.status}`);
  forwarded.delete(f);
  originals.delete(f);
}

export function liveEditImplementation(f: Function): Function {
  const slot = forwarded.get(f);
  return slot === undefined ? f : slots()[slot];
}

export function isLiveEditForwarded(f: Function): boolean {
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
  const captured = capturedOf(f);
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

/** capturedNames(f), asked once per turn: check and apply of one update share it. */
const capturedCache = new Map<Function, { gen: number; names: { name: string; isClass: boolean }[] }>();
let capturedClearScheduled = false;
function capturedOf(f: Function): { name: string; isClass: boolean }[] {
  const gen = liveEditGeneration();
  const hit = capturedCache.get(f);
  if (hit && hit.gen === gen) return hit.names;
  const names = capturedNames(f);
  capturedCache.set(f, { gen, names });
  if (!capturedClearScheduled) {
    capturedClearScheduled = true;
    setImmediate(() => { capturedClearScheduled = false; capturedCache.clear(); }).unref();
  }
  return names;
}

const DEPTHS = Symbol.for('moult.relink.depths');

function installCaller(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[Symbol.for('moult.relink.call')]) return;
  // How many calls through each slot are running now: a forwarder is on the stack exactly while
  // its call is (it does nothing else), which makes its quiescence check a read of this.
  const depths: number[] = [];
  Object.defineProperty(globalThis, DEPTHS, { value: depths });
  Object.defineProperty(globalThis, Symbol.for('moult.relink.call'), {
    value: (slot: number, self: unknown, args: unknown[], newTarget: Function | undefined) => {
      const target = slots()[slot];
      depths[slot] = (depths[slot] | 0) + 1;
      try {
        return newTarget ? Reflect.construct(target, args, newTarget) : Reflect.apply(target, self, args);
      } finally {
        depths[slot]--;
      }
    },
  });
}

/** Calls through the slot running now; undefined if the installed caller does not count them. */
function callsRunning(slot: number): number | undefined {
  const depths = (globalThis as Record<symbol, unknown>)[DEPTHS];
  return Array.isArray(depths) ? depths[slot] | 0 : undefined;
}

const AsyncFunctionPrototype: unknown = Object.getPrototypeOf(async function () {});
const GeneratorFunctionPrototype: unknown = Object.getPrototypeOf(function* () {});
const AsyncGeneratorFunctionPrototype: unknown = Object.getPrototypeOf(async function* () {});

/**
 * Whether an activation of f's code can be suspended (an async function awaiting, a generator
 * between two next()): then only V8 can tell. Anything unusual counts as "can".
 */
function canSuspend(f: Function, text: string): boolean {
  const proto = Object.getPrototypeOf(f);
  // The text up to the parameter list (or the arrow): where `async` and `*` would be.
  const cut = Math.min(...[text.indexOf('('), text.indexOf('=>'), text.length].filter((i) => i >= 0));
  const head = text.slice(0, cut);
  const generator = proto === GeneratorFunctionPrototype || proto === AsyncGeneratorFunctionPrototype || head.includes('*');
  if (generator) return true;
  const isAsync = proto === AsyncFunctionPrototype || /\basync\b/.test(head);
  // A forwarder never awaits (its body returns the call's promise at once): only the stack counts.
  if (isAsync) return !forwarded.has(f);
  return proto !== Function.prototype || /^class\b/.test(text);
}

/**
 * Whether a frame of the current stack runs f's code: a frame whose function begins where f's
 * text begins (V8 reports the function token position, 1-based) in the same script. Closures
 * of the same function literal share their code, as they do for LiveEdit. When the script's
 * name is unknown on either side, the position alone decides (at worst a spurious "active").
 * Returns undefined when the stack cannot be inspected.
 */
function isOnStack(site: FunctionSite): boolean | undefined {
  const frames = stackFrames();
  if (!frames) return undefined;
  const line = site.line + 1;
  const column = site.column + 1;
  let fPath: string | undefined | null = null;
  for (const frame of frames) {
    if (frame.getEnclosingLineNumber!() !== line || frame.getEnclosingColumnNumber!() !== column) continue;
    if (fPath === null) fPath = scriptPath(scriptUrl(site.loc.scriptId));
    const framePath = scriptPath(frame.getScriptNameOrSourceURL?.() ?? frame.getFileName?.());
    if (fPath === undefined || framePath === undefined || framePath === fPath) return true;
  }
  return false;
}

/**
 * Whether the code of f is running or suspended somewhere. V8 refuses to patch a function that is
 * on the stack (BlockedByActiveFunction) or has a suspended async/generator activation
 * (BlockedByActiveGenerator), which makes a dry-run patch an exact quiescence test; but a dry run
 * is a LiveEdit (tens of ms, it walks the heap). Code that cannot be suspended (a plain function,
 * a method, an arrow, and the forwarder of an async function, which never awaits) can only be
 * active on the current stack: for it, the stack is read instead.
 */
export function isCodeActiveByLiveEdit(f: Function): boolean {
  // f forwards to a slot: unless it is a generator (its forwarder is suspended while it
  // delegates), it is active exactly while a call through its slot runs.
  const slot = forwarded.get(f);
  const proto = Object.getPrototypeOf(f);
  if (slot !== undefined && (proto === Function.prototype || proto === AsyncFunctionPrototype)) {
    const running = callsRunning(slot);
    if (running !== undefined) return running > 0;
  }
  const site = locateFunction(f);
  if (!canSuspend(f, site.text)) {
    // The same refusals as the probe would give for a function that cannot be forwarded.
    forwardingText(site.text, () => '0');
    const onStack = isOnStack(site);
    if (onStack !== undefined) return onStack;
  }
  const probe = forwarderSources(f, 0)[0];
  const r = setScriptSource(probe.scriptId, probe.after, true);
  if (r.status === 'BlockedByActiveFunction' || r.status === 'BlockedByActiveGenerator') return true;
  if (r.status !== 'Ok') throw new MoultRuntimeError('ELIVEEDIT', `cannot probe ${f.name || 'function'}: ${r.status}${r.exceptionDetails ? ` (${r.exceptionDetails.text})` : ''}`);
  return false;
}

/** Applies the first candidate that V8 really installs: "Ok" alone does not prove it (see above). */
function applyFirstThatTakes(f: Function, patches: Patch[]): Patch {
  for (const [i, patch] of patches.entries()) {
    // The patches were made just now from f's location: the first one needs no new look-up.
    const r = setScriptSource(i === 0 ? patch.scriptId : scriptIdOf(f), patch.after);
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

export function liveEditRedefine(f: Function, g: Function): void {
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
    journal(`redefine ${f.name}`, () => liveEditRestore(f));
  }
}

/**
 * As liveEditRedefine, but undone without a second LiveEdit: the forwarder stays and forwards to
 * `same`, a function with f's own code (a new instance of the module f came from,
 * patch/fresh-instance.ts). On Node 26 an app crashed (SIGSEGV) when it called a function whose
 * original code a rollback had put back by LiveEdit after it ran as a forwarder.
 */
export function liveEditForward(f: Function, g: Function, same: Function): void {
  installCaller();
  const table = slots();
  const existing = forwarded.get(f);
  let slot: number;
  let before: Fn;
  if (existing !== undefined) {
    slot = existing;
    before = table[slot];
    table[slot] = g as Fn;
  } else {
    slot = table.push(g as Fn) - 1;
    before = same as Fn;
    const patch = applyFirstThatTakes(f, forwarderSources(f, slot));
    forwarded.set(f, slot);
    originals.set(f, patch.originalText);
  }
  journal(`redefine ${f.name}`, () => { table[slot] = before; });
}
