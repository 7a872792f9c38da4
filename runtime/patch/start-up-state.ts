// What start-up state a new source of a loaded module would leave stale (SPEC 6.5): each function
// whose own code the release changes (own-changes.ts) and that ran only while the app started
// (start-up.ts), and each statement that computed something from a binding the release gives a
// new value as the module loaded. What it computed then, callers may still hold (routes compiled
// by path-to-regexp at start-up, a middleware body-parser's factory built then, a table): the new
// code would not reach it. Each is refused with its reason, unless a declared recompute hook
// answers for it (recompute.ts).
import { parseModule, type FunctionEntry } from '../instrument/function-table';
import { scriptSource, scriptsMatching } from '../core/inspector';
import type { ModuleRecord } from '../instrument/modules';
import { ownChanges, parents } from './own-changes';
import { runStatuses, startUpHistory, type FunctionChain, type ScriptRange, type compiledNow } from './start-up';

export interface StartUpCheck {
  /** compiledNow(), taken first thing in the plan. */
  now: ReturnType<typeof compiledNow>;
  /** Whether a declared recompute hook answers for this function (or binding) of the file, or one it is in. */
  covers(names: string[]): boolean;
}

export const namesOf = (s: Stale): string[] => [s.name, ...s.within];

export interface Stale {
  /** The function's name; an anonymous one goes by the nearest named function it is in. */
  name: string;
  /** The names of the functions it is in, innermost first: a hook for one of them answers for it too. */
  within: string[];
  /** In the loaded source (as the app runs it now). */
  line: number;
  why: 'start-up' | 'starting' | 'unknown' | 'load';
  /** For `load`: the binding the statement read. */
  reads?: string;
  /** The function's [start, end) in the loaded source. */
  start: number;
  end: number;
}

interface Side { source: string; functions: FunctionEntry[] }

function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

function ownName(f: FunctionEntry): string | undefined {
  return f.name ?? f.access?.key;
}

/** The names of the functions `f` is in, innermost first. */
function enclosing(side: Side, i: number): string[] {
  const f = side.functions[i];
  return side.functions.filter((g, j) => j < i && g.start <= f.start && g.end >= f.end).reverse().map(ownName).filter((n): n is string => n !== undefined);
}

/** Each function of a script with the functions around it, innermost first, and whether it is called where it is written. */
function chainsOf(text: string, fns: FunctionEntry[]): (k: number) => FunctionChain {
  const parent = parents(fns);
  const range = (f: FunctionEntry): ScriptRange => ({ start: f.start, end: f.end, bodyStart: f.bodyStart });
  return (k) => {
    const chain: ScriptRange[] = [];
    for (let i = k; i !== -1; i = parent[i]) chain.push(range(fns[i]));
    // `(function () {…})()`, `(() => {…}).call(this)`, `!function () {…}()`
    const iife = /^\s*\)?\s*(\(|\.call\(|\.apply\()/.test(text.slice(fns[k].end, fns[k].end + 16));
    return { chain, iife };
  };
}

function staleOf(side: Side, changed: number[], statuses: string[]): Stale[] {
  const starting = startUpHistory() === null;
  const out: Stale[] = [];
  changed.forEach((i, n) => {
    const s = statuses[n];
    if (s !== 'start-up' && s !== 'unknown') return;
    const f = side.functions[i];
    const within = enclosing(side, i);
    const line = lineOf(side.source, f.start);
    out.push({ name: ownName(f) ?? within[0] ?? `the function at line ${line}`, within, line, why: s === 'unknown' ? 'unknown' : starting ? 'starting' : 'start-up', start: f.start, end: f.end });
  });
  return out;
}

/**
 * A loaded instrumented module: `current` is the source its functions run now (after earlier
 * patches), `slotOfCurrent` which loaded function each of its top-level functions is (-1: added
 * by a patch, in a scope of its own). V8 runs the module as instrumented when it loaded.
 */
/** Lines that read, as the module loaded, a binding the new code gives a new value: stale in any change. */
export function loadStale(loadReads: { name: string; line: number }[]): Stale[] {
  return loadReads.map((r) => ({ name: r.name, within: [], line: r.line, why: 'load', reads: r.name, start: -1, end: -1 }));
}

export function staleInModule(record: ModuleRecord, current: Side, next: Side, topPairs: number[], slotOfCurrent: number[], loadReads: { name: string; line: number }[], check: StartUpCheck, alsoChanged: ((ownText: string) => boolean) | null = null): Stale[] {
  const changed = ownChanges(current, next, topPairs, alsoChanged);
  const out = loadStale(loadReads);
  if (!changed.length) return out;
  const script = scriptsMatching(record.url).find((s) => s.url === record.url);
  if (!script) return [...out, ...staleOf(current, changed, changed.map(() => 'unknown'))];
  const text = scriptSource(script.scriptId);
  const placed = parseModule(text, record.isModule).functions;
  // Which loaded function (index in the script) each changed one of the current source is.
  const loadedTops = record.functions.filter((f) => f.top >= 0);
  const currentTops = current.functions.filter((f) => f.top >= 0);
  const loadedIndex = (i: number): number => {
    if (current.functions === record.functions) return i;
    const f = current.functions[i];
    const top = f.top >= 0 ? f : currentTops.filter((t) => t.start <= f.start && t.end >= f.end)[0];
    const slot = slotOfCurrent[top.top];
    if (slot === undefined || slot < 0) return -1;
    const loaded = loadedTops[slot];
    // A top-level function an earlier patch left as it loaded: its nested ones are where they were.
    if (record.source.slice(loaded.start, loaded.end) === current.source.slice(top.start, top.end)) return loaded.k + (i - current.functions.indexOf(top));
    return loaded.k;
  };
  const chainOf = chainsOf(text, placed);
  const chains: FunctionChain[] = [];
  const kept: number[] = [];
  for (const i of changed) {
    const k = loadedIndex(i);
    if (k < 0 || !placed[k]) continue; // born in a patch's scope, after start-up
    chains.push(chainOf(k));
    kept.push(i);
  }
  return [...out, ...staleOf(current, kept, runStatuses(record.url, chains, check.now))];
}

/** A module the instrumentation did not reach: V8 runs `loaded` as it is; its top level is the same as `next`'s (checked before). */
export function staleInScript(url: string, loaded: Side, next: Side, check: StartUpCheck): Stale[] {
  const tops = next.functions.filter((f) => f.top >= 0).map((_, i) => i);
  const changed = ownChanges(loaded, next, tops);
  if (!changed.length) return [];
  const chainOf = chainsOf(loaded.source, loaded.functions);
  return staleOf(loaded, changed, runStatuses(url, changed.map(chainOf), check.now));
}

const WHY: Record<Stale['why'], (s: Stale) => string> = {
  'start-up': (s) => `${s.name} (line ${s.line}) ran only while the app started: what it computed then, and what callers keep of it (compiled routes, a middleware built by a factory, a cache), would stay as the old code made it`,
  starting: (s) => `${s.name} (line ${s.line}) ran while the app was starting, which is not over: what it computed would stay as the old code made it`,
  unknown: (s) => `${s.name} (line ${s.line}) ran while the app started, and whether it ran since cannot be told: what it computed then may stay as the old code made it`,
  load: (s) => `line ${s.line} read ${s.reads} as the module loaded, and the new code gives ${s.reads} a new value: what that line computed keeps the old one`,
};

/** Why a file is refused: each stale item, and what the user can do. */
export function staleRefusal(label: string, stale: Stale[], wayOut = 'declare a recompute hook for it with --recompute, or use --reload-if-needed'): string {
  return `${stale.map((s) => `${label}: ${WHY[s.why](s)}`).join('; ')} (${wayOut})`;
}
