// Which inner functions of a module have live closures: made by earlier calls of their enclosing
// function and kept (a middleware built at start-up, a callback stored in a registry). A patch
// that changes such an inner function cannot reach them through the enclosing function's slot:
// they hold their own code and the variables of the call that made them. When none is alive (the
// usual case for callbacks made and dropped within one call), recompiling the enclosing function
// is the whole change. Found with V8's Runtime.queryObjects over every function (one garbage
// collection and heap walk per kind of function asked for, ~0.1-0.6 s, paid only by a patch
// that changes an inner function), each identified by the prologue the instrumentation put at the
// start of its body.
import { instancesOf } from '../mechanisms/data';
import { openingText } from '../instrument/rewrite';
import type { ModuleRecord, PlacedEntry } from '../instrument/modules';

type Class = abstract new (...args: any[]) => object;
const KINDS: Class[] = [
  Function,
  Object.getPrototypeOf(async function () {}).constructor,
  Object.getPrototypeOf(function* () {}).constructor,
  Object.getPrototypeOf(async function* () {}).constructor,
];

/** The constructor whose instances a function of this kind is (each query is a GC and a heap walk). */
function kindOf(e: PlacedEntry): number {
  return e.async && e.generator ? 3 : e.generator ? 2 : e.async ? 1 : 0;
}

/**
 * Every live function of one kind, with its text: read once per turn of the event loop (a release
 * plans many files in one).
 */
const cache = new Map<number, { fn: Function; text: string }[]>();
function liveFunctions(kind: number): { fn: Function; text: string }[] {
  const hit = cache.get(kind);
  if (hit) return hit;
  const all: { fn: Function; text: string }[] = [];
  for (const f of instancesOf(KINDS[kind]) as Function[]) {
    let text: string;
    try { text = Function.prototype.toString.call(f); } catch { continue; }
    // Only instrumented functions can be ours: their text holds a prologue.
    if (text.includes('__moult$')) all.push({ fn: f, text });
  }
  if (!cache.size) setImmediate(() => cache.clear()).unref();
  cache.set(kind, all);
  return all;
}

/** Forgets the functions read this turn: what a recompute hook just replaced must be looked for again. */
export function forgetLiveFunctions(): void {
  cache.clear();
}

/** The live closures of each of these functions of the module (as loaded), by function index. */
export function liveClosures(record: ModuleRecord, entries: PlacedEntry[]): Map<number, Function[]> {
  const out = new Map<number, Function[]>();
  const wanted = entries.filter((e) => e.instrumented).map((e) => ({ k: e.k, kind: kindOf(e), marker: openingText(e, record.id) }));
  if (!wanted.length) return out;
  for (const kind of new Set(wanted.map((w) => w.kind))) for (const { fn, text } of liveFunctions(kind)) {
    for (const w of wanted) {
      if (w.kind !== kind) continue;
      // A function's own prologue comes before any other in its text (inner ones come after it).
      const at = text.indexOf(w.marker);
      if (at !== -1 && (at === 0 || text.lastIndexOf('__moult$', at - 1) === -1)) {
        const list = out.get(w.k) ?? [];
        list.push(fn);
        out.set(w.k, list);
      }
    }
  }
  return out;
}
