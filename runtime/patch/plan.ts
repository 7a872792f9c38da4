// What a source patch of an instrumented module changes, decided before anything runs: the
// top-level code must be the same token for token (it ran once, at load, and cannot run again),
// and each top-level function whose text differs is recompiled from its new text inside the
// module's own scope, to be put in its slot. Functions nested in a changed one go with it, as
// long as they did not change themselves: closures made by earlier calls keep their own code.
import { parseModule, type FunctionEntry, type Node, type ParsedModule, type TokenSpan } from '../instrument/function-table';
import { MoultRuntimeError } from '../core/errors';
import type { ModuleRecord, PlacedEntry } from '../instrument/modules';
import { takePreparsed } from './preparse';
import { liveClosures } from './live-closures';
import { planTopLevel } from './top-level';
import { loadStale, namesOf, staleInModule, staleRefusal, type Stale, type StartUpCheck } from './start-up-state';

/** slotOf of each current source that a patch put in place (a module as loaded maps each function to itself). */
export const slotMaps = new WeakMap<object, number[]>();

export interface ChangedFunction {
  /** The loaded function (whose slot takes the new version). */
  old: FunctionEntry;
  /** An expression that evaluates, in the module's scope, to the new version. */
  expression: string;
  label: string;
}

export interface PatchPlan {
  changed: ChangedFunction[];
  /** Declarations evaluated once in a scope nested in the module's, where the new versions are compiled (top-level.ts). */
  prelude: string[];
  /** Specifiers an ES module's patch imports before it applies (top-level.ts). */
  imports: string[];
  /** For each top-level function of the new source: the loaded function (slot) it is, or -1 (it lives in a patch's scope). */
  slotOf: number[];
  /** Why the slot path cannot take this patch (the LiveEdit fallback may), or null. */
  needsLiveEdit: string | null;
  /** Live closures of changed inner functions, with their text before: after a LiveEdit each must show new code. */
  closures: { fn: Function; before: string; of: string }[];
  /** Start-up state the release changes that declared recompute hooks answer for (start-up-state.ts). */
  recomputed: Stale[];
  /**
   * Changed inner functions whose live closures the recompute hooks are to replace (the slot path
   * recompiles their enclosing function): none of them may be alive once the hooks ran.
   */
  mustBeGone: { entries: PlacedEntry[]; of: string }[];
  functions: FunctionEntry[];
  topBodies: [number, number][];
  tokens: TokenSpan[];
}

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

/** The tokens of the code outside the bodies of top-level functions (each body is one token). */
function shape(source: string, tokens: TokenSpan[], bodies: [number, number][]): { value: string; start: number }[] {
  const out: { value: string; start: number }[] = [];
  let b = 0;
  for (const [start, end] of tokens) {
    while (b < bodies.length && bodies[b][1] <= start) b++;
    if (b < bodies.length && start >= bodies[b][0]) {
      if (out[out.length - 1]?.value !== `body#${b}`) out.push({ value: `body#${b}`, start });
      continue;
    }
    out.push({ value: source.slice(start, end), start });
  }
  return out;
}

/** A source, parsed once for its functions, its tokens and its top-level statements. */
export interface ParsedSource { source: string; parsed: ParsedModule; tokens: TokenSpan[]; statements: Node[] }

export function parseSource(label: string, source: string, isModule: boolean): ParsedSource {
  // Parsed beforehand, in a turn of its own (host/update-prep.ts).
  const pre = takePreparsed(source, isModule);
  if (pre) return { source, ...pre };
  const tokens: TokenSpan[] = [];
  const statements: Node[] = [];
  try {
    return { source, parsed: parseModule(source, isModule, tokens, statements), tokens, statements };
  } catch (err) {
    throw new MoultRuntimeError('EPATCH', `${label}: ${(err as Error).message}`);
  }
}

/**
 * Refuses a new source whose code outside the bodies of top-level functions differs from the
 * loaded one, naming the first differing line.
 */
export function assertSameTopLevel(label: string, loaded: ParsedSource, next: ParsedSource): void {
  const before = shape(loaded.source, loaded.tokens, loaded.parsed.topBodies);
  const after = shape(next.source, next.tokens, next.parsed.topBodies);
  const source = next.source;
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    if (before[i]?.value === after[i]?.value) continue;
    const at = after[i] ?? after[after.length - 1];
    const line = at ? lineOf(source, at.start) : 1;
    const text = (source.split('\n')[line - 1] ?? '').trim();
    throw new MoultRuntimeError('EPATCH', `${label}:${line}: the patch changes code outside function bodies (\`${text.slice(0, 80)}\`): top-level statements, class member lists and exports ran once, at load, and cannot run again; only function bodies can be patched in place`);
  }
}

/**
 * A changed inner function: recompiling the enclosing function is the whole change when no closure
 * of the old inner functions is alive; else those closures (made by earlier calls, often at
 * start-up, holding what those calls computed) need LiveEdit, which changes them in place.
 */
function innerChangeRefusal(record: ModuleRecord, loaded: PlacedEntry, currentText: string, name: string, closures: PatchPlan['closures'], recomputing: PatchPlan['mustBeGone'] | null): string | null {
  // A function patched since load runs code the instrumentation never saw: its closures cannot be told apart.
  if (record.source.slice(loaded.start, loaded.end) !== currentText) return `${name} has a changed inner function, and it was patched since it loaded: only LiveEdit can change closures made by earlier calls`;
  const inner = record.functions.filter((n) => n.k > loaded.k && n.start >= loaded.start && n.end <= loaded.end);
  if (inner.some((n) => !n.instrumented)) return `${name} has a changed inner function that was not instrumented, whose existing closures only LiveEdit can change`;
  // The recompute hooks make the closures again with the new code: the old ones must be gone after.
  if (recomputing) {
    recomputing.push({ entries: inner, of: name });
    return null;
  }
  const live = liveClosures(record, inner);
  const n = [...live.values()].reduce((a, l) => a + l.length, 0);
  if (!n) return null;
  for (const list of live.values()) for (const fn of list) closures.push({ fn, before: Function.prototype.toString.call(fn), of: name });
  return `${name} has a changed inner function with ${n} live closure(s) made by earlier calls (they hold what those calls computed, e.g. at start-up): only LiveEdit can change them`;
}

function innerTexts(source: string, functions: FunctionEntry[], e: FunctionEntry): string[] {
  return functions.filter((n) => n.k > e.k && n.start >= e.start && n.end <= e.end).map((n) => source.slice(n.start, n.end));
}

/**
 * `rebind`: dependencies the release moves to another copy (release resolutions): the statements
 * that load them run again, and code that loads them later counts as changed.
 */
export function planPatch(record: ModuleRecord, label: string, source: string, check?: StartUpCheck, rebind: string[] = []): PatchPlan {
  const { current } = record;
  // Both sources were parsed before the update point, each in a turn of its own (host/update-prep.ts):
  // the planner reads those parses and parses nothing in the apply's turn (it parsed both again
  // there: 36-67 ms of CPU for a 22 KB module, `node bench/real-apps/patch-cost.mjs`).
  const loaded = parseSource(label, current.source, record.isModule);
  current.tokens ??= loaded.tokens;
  const next = source === current.source ? loaded : parseSource(label, source, record.isModule);
  const parsed = next.parsed;
  // What changed outside function bodies (SPEC 6.5): refused, or evaluated once in a new scope.
  const top = planTopLevel(label, record.isModule, { source: current.source, tokens: current.tokens, functions: current.functions, statements: loaded.statements }, { source, tokens: next.tokens, functions: parsed.functions, statements: next.statements }, record.url, rebind);
  // A plain patch has no recompute hooks: what a line computed at load from a binding the patch
  // gives a new value (`module.exports = { A }` for a class A that gains a method) would keep the
  // old one, and the patch would say completed for code that never runs. Refused (a release's
  // check refuses it too, unless one of its hooks answers for it).
  if (!check && top.loadReads.length) {
    throw new MoultRuntimeError('EPATCH', staleRefusal(label, loadStale(top.loadReads), 'a release with a recompute hook for it, `moult patch <app> <dir> --recompute hooks.js`, or a reload can change it'));
  }
  const slots = record.functions.filter((e) => e.top >= 0);
  const oldTop = current.functions.filter((e) => e.top >= 0);
  const newTop = parsed.functions.filter((e) => e.top >= 0);
  const reads = top.rebound.size ? new RegExp(`(?<![\\w$.])(?:${[...top.rebound].map((n) => n.replace(/\$/g, '\\$')).join('|')})(?![\\w$])`) : null;
  const changed: ChangedFunction[] = [];
  let needsLiveEdit: string | null = null;
  const closures: PatchPlan['closures'] = [];
  // Which loaded function (slot) each top-level function of the current source is: after a patch
  // that added functions, the current source has some that no slot backs (they live in a scope).
  const slotOfCurrent = slotMaps.get(current) ?? oldTop.map((_, i) => i);
  const slotOf = newTop.map((_, i) => (top.pairs[i] < 0 ? -1 : slotOfCurrent[top.pairs[i]] ?? -1));
  const prelude = [...top.prelude];
  // Start-up state the new source would leave stale: refused, unless a recompute hook answers for it.
  let recomputed: Stale[] = [];
  const mustBeGone: PatchPlan['mustBeGone'] = [];
  if (check) {
    const loads = rebind.length ? new RegExp(`\\b(require|import)\\s*\\(\\s*['"\`](${rebind.map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})(/[^'"\`]*)?['"\`]`) : null;
    const alsoChanged = reads || loads ? (text: string): boolean => (reads?.test(text) ?? false) || (loads?.test(text) ?? false) : null;
    const stale = staleInModule(record, current, { source, functions: parsed.functions }, top.pairs, slotOfCurrent, top.loadReads, check, alsoChanged);
    const uncovered = stale.filter((s) => !check.covers(namesOf(s)));
    if (uncovered.length) throw new MoultRuntimeError('EPATCH', staleRefusal(label, uncovered));
    recomputed = stale;
  }
  for (let i = 0; i < newTop.length; i++) {
    const o = top.pairs[i];
    if (o < 0) continue; // a new function: its declaration is in the prelude
    const old = oldTop[o];
    if (slotOf[i] < 0) {
      // Born in an earlier patch's scope: changed (or reading something rebound), it is declared again in the new one.
      const text = source.slice(newTop[i].start, newTop[i].end);
      if (current.source.slice(old.start, old.end) === text && !(reads && reads.test(text))) continue;
      if (!/^(async\s+)?function\b/.test(text) || !newTop[i].name) throw new MoultRuntimeError('EPATCH', `${label}:${lineOf(source, newTop[i].start)}: a function added by an earlier patch changes, and only a function declaration can be declared again`);
      prelude.push(text);
      continue;
    }
    const next = newTop[i];
    const text = source.slice(next.start, next.end);
    if (current.source.slice(old.start, old.end) === text && !(reads && reads.test(text))) continue;
    const name = next.name ?? old.name ?? `the function at line ${lineOf(source, next.start)}`;
    const oldInner = innerTexts(current.source, current.functions, old);
    const newInner = innerTexts(source, parsed.functions, next);
    const home = next.method && next.access?.base ? next.access.base : null;
    let refusal: string | null = null;
    if (!slots[slotOf[i]].instrumented) refusal = `${name} was not instrumented (a class constructor, or an arrow function with patterns or defaults in its parameters)`;
    else if (oldInner.length !== newInner.length || oldInner.some((t, j) => t !== newInner[j])) {
      const recomputing = recomputed.some((s) => s.start >= old.start && s.end <= old.end) ? mustBeGone : null;
      refusal = innerChangeRefusal(record, slots[slotOf[i]], current.source.slice(old.start, old.end), name, closures, recomputing);
    }
    else if (next.usesPrivate) refusal = `${name} uses private names (#…), which only code inside its class body can name`;
    else if (next.arrow && next.usesThis) refusal = `${name} is an arrow function that uses \`this\` (a class field?), which module scope cannot give it`;
    else if (next.usesSuper && !home) refusal = `${name} uses \`super\` in a class that module code cannot name`;
    if (refusal) {
      needsLiveEdit ??= refusal;
      continue;
    }
    changed.push({ old: slots[slotOf[i]], expression: expressionOf(source, next, next.usesSuper ? home : null), label: name });
  }
  if (needsLiveEdit && prelude.length) {
    throw new MoultRuntimeError('EPATCH', `${label}: ${needsLiveEdit}, and the release changes declarations outside function bodies, which LiveEdit cannot evaluate`);
  }
  return { changed, needsLiveEdit, closures, recomputed, mustBeGone, prelude, imports: top.imports, slotOf, functions: parsed.functions, topBodies: parsed.topBodies, tokens: next.tokens };
}

/**
 * The new version as an expression: a method, getter or setter comes out of an object literal,
 * whose prototype is that of the method's home when the method uses `super` (V8 looks `super`
 * up from the home object at each call).
 */
function expressionOf(source: string, e: FunctionEntry, home: string | null): string {
  if (!e.method) return `(${source.slice(e.start, e.end)})`;
  const tail = source.slice(e.paramsStart, e.end);
  const head = e.accessor ? `${e.accessor} ` : `${e.async ? 'async ' : ''}${e.generator ? '*' : ''}`;
  const literal = `{${head}__moult_k${tail}}`;
  const homed = home ? `Object.setPrototypeOf(${literal},Object.getPrototypeOf(${home}))` : `(${literal})`;
  return `Object.getOwnPropertyDescriptor(${homed},'__moult_k').${e.accessor ?? 'value'}`;
}
