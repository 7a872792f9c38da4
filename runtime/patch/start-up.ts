// Which functions ran only while the app started (SPEC 6.5): a release that changes one of them
// changes code whose results callers may still hold (routes compiled at start-up, a middleware a
// factory built then, a table computed as the module loaded), which the new code never reaches.
//
// How, at no cost once the app runs: V8's best-effort coverage reports the functions that have a
// live closure that has run (its feedback vector, or its interrupt budget, shows a call). At the
// end of start-up the watch notes them (what ran during start-up), then has V8 flush every
// function's bytecode once (one full GC with --stress-flush-code and --flush-baseline-code, flags
// put back at once), which resets every closure's feedback: from then on, "reported" means
// "called since start-up ended". A function reported at the end of start-up but not now ran only
// during start-up. A function whose closures all died (a callback made and dropped within a
// call, an IIFE) is never reported: it takes the status of the nearest enclosing function that is. Measured (issue 18 notes): V8 precise
// coverage would tell it too, but costs 4-20x on hot code as long as it is on; this costs one full
// GC at the end of start-up (49-96 ms on the express bench app at load ~25) and the lazy
// recompilation of what runs afterwards. Functions V8 would not flush (on the stack, module top
// levels) cannot be told: they count as start-up code. The daemon starts the app with
// --no-flush-bytecode (V8 would otherwise flush a function that ran early after ~5 GCs, before
// the watch looked) and --no-lazy-feedback-allocation (lazily, a long function called once gets
// its feedback vector during that call with a count of 0, and is never reported: body-parser's
// urlencoded() on Node 20, scratch lazy.mjs in the issue 18 notes), both turned back on here.
// After start-up, such a function called once is still not reported: it counts as start-up code
// (refused, never left stale). Precise coverage during start-up is no way out: starting it turns
// V8's bytecode flushing off for good (Node 20 and 26), and the flush is what tells the rest.
//
// The end of start-up: the first connection the app accepts, or a server listening for
// `updates.startup` (1 s), or, for an app that never listens, five times that after its entry
// module was evaluated. What ran until then is noted at once; the flush comes `updates.startup`
// later (not on the first request's path).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { post, wasEdited } from '../core/inspector';
import { emit } from '../core/events';
import { errorMessage } from '../core/errors';
import { entryFile, mainModule } from '../core/entry';
import { moduleByUrl } from '../instrument/modules';

export interface StartUpSettings {
  settle_ms: number;
  /** V8 flags the daemon added to the command line for the watch. */
  added: string[];
}

/** Compiled functions of one script: start * 2^26 + end of each (offsets under 64 MiB). */
interface ScriptFunctions { scriptId: string; ranges: number[][] }

export interface StartUpHistory {
  /** Functions compiled when start-up ended (they ran during it), by script URL. */
  ranStartUp: Map<string, ScriptFunctions>;
  /** Of those, the ones the flush could not reach: whether they ran since cannot be told. */
  unflushed: Map<string, Set<string>>;
  /** Why the watch could not tell what ran after start-up (then every function that ran counts as start-up code). */
  failed?: string;
}

let settings: StartUpSettings | null = null;
let history: StartUpHistory | null = null;
let observedAt = 0;
const waiting: (() => void)[] = [];

/** A function called once as the watch begins and never again: the flush must leave it uncompiled. */
function canary(): number {
  return 1;
}

function fileUrl(url: string): string {
  return url.startsWith('/') ? pathToFileURL(url).href : url;
}

type Coverage = { result: { scriptId: string; url: string; functions: { functionName: string; ranges: { startOffset: number; endOffset: number; count: number }[] }[] }[] };

const OWN_URL = pathToFileURL(__filename).href;
let canaryCompiled = false;

/** The compiled functions of every file the app loaded, now. */
export function compiledNow(): Map<string, ScriptFunctions> {
  post('Profiler.enable');
  const { result } = post<Coverage>('Profiler.getBestEffortCoverage');
  const out = new Map<string, ScriptFunctions>();
  for (const s of result) {
    if (!s.url || s.url.startsWith('node:')) continue;
    const url = fileUrl(s.url);
    const ranges: number[][] = [];
    for (const f of s.functions) {
      const r = f.ranges[0];
      if (!r || r.count === 0) continue;
      ranges.push([r.startOffset, r.endOffset]);
      if (url === OWN_URL && f.functionName === 'canary') canaryCompiled = true;
    }
    out.set(url, { scriptId: s.scriptId, ranges });
  }
  return out;
}

function userSets(flag: string): boolean {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return args.some((a) => a.replace(/_/g, '-').replace(/^--no-/, '--') === `--${flag}`);
}

/** One full GC that flushes every function's bytecode it can (flags back as they were). */
function flushAll(): void {
   
  const v8 = require('node:v8') as typeof import('node:v8');
   
  const vm = require('node:vm') as typeof import('node:vm');
  const hadGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!hadGc) {
    // A context of our own gets `gc`; the flag goes off again before the app can make one.
    v8.setFlagsFromString('--expose-gc');
    try { gc = vm.runInNewContext('gc') as () => void; } finally { v8.setFlagsFromString('--no-expose-gc'); }
  }
  v8.setFlagsFromString('--flush-bytecode');
  v8.setFlagsFromString('--flush-baseline-code');
  v8.setFlagsFromString('--stress-flush-code');
  try {
    gc!();
  } finally {
    v8.setFlagsFromString('--no-stress-flush-code');
    if (!userSets('flush-baseline-code')) v8.setFlagsFromString('--no-flush-baseline-code');
    // Flushing on, as V8 has it by default (the daemon turned it off for start-up), unless the app's own flags say otherwise.
    const own = [...process.execArgv].reverse().find((a) => /^--(no-)?flush[-_]bytecode$/.test(a));
    v8.setFlagsFromString(own ?? '--flush-bytecode');
  }
}

/** The end of start-up: what ran until now; the flush comes `settle` later, off the first request's path. */
function endStartUp(settleMs: number): void {
  let ranStartUp: Map<string, ScriptFunctions>;
  try {
    ranStartUp = compiledNow();
  } catch (err) {
    return failed(err);
  }
  // Feedback vectors lazily again, as V8 has them by default (the daemon made them eager for start-up).
  if (settings?.added.includes('--no-lazy-feedback-allocation')) {
    (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--lazy-feedback-allocation');
  }
  setTimeout(() => setImmediate(() => observe(ranStartUp)), settleMs).unref();
}

function failed(err: unknown): void {
  history = { ranStartUp: new Map(), unflushed: new Map(), failed: errorMessage(err) };
  emit('runtime.warning', `moult cannot tell which code ran only at start-up (${errorMessage(err)}): a release that changes code that ran is refused or reloaded`, {}, 'warn');
  observedAt = Date.now();
  for (const w of waiting.splice(0)) w();
}

/**
 * The flush. A function that ran during start-up and again before the flush, never since, counts
 * as start-up code (conservative); one that first ran after the end of start-up is not in it.
 */
function observe(ranStartUp: Map<string, ScriptFunctions>): void {
  const t0 = process.hrtime.bigint();
  try {
    // The canary runs once more: reported now, it must not be once the flush is done.
    canary();
    canaryCompiled = false;
    compiledNow();
    const seen = canaryCompiled;
    flushAll();
    canaryCompiled = false;
    const after = compiledNow();
    const unflushed = new Map<string, Set<string>>();
    for (const [url, s] of after) {
      const before = ranStartUp.get(url);
      if (!before) continue;
      const keys = new Set(before.ranges.map(([a, b]) => `${a}:${b}`));
      const left = s.ranges.map(([a, b]) => `${a}:${b}`).filter((k) => keys.has(k));
      if (left.length) unflushed.set(url, new Set(left));
    }
    // The flush must have worked: this file's canary ran before it, and never since.
    const worked = seen && !canaryCompiled;
    history = { ranStartUp, unflushed, ...(worked ? {} : { failed: `V8 ${process.versions.v8} did not flush compiled code` }) };
    const n = [...ranStartUp.values()].reduce((a, s) => a + s.ranges.length, 0);
    emit('runtime.startup', `start-up over: ${n} functions ran during it (told apart from what runs later in ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms)`, {}, 'debug');
  } catch (err) {
    return failed(err);
  }
  observedAt = Date.now();
  for (const w of waiting.splice(0)) w();
}

function entryEvaluated(): boolean | null {
  const main = mainModule();
  if (main) return main.loaded;
  const entry = entryFile();
  const record = entry ? moduleByUrl(pathToFileURL(path.resolve(entry)).href) : undefined;
  // An ES entry the instrumentation did not reach: its evaluation cannot be seen.
  return record ? record.holders[0].e !== undefined : null;
}

/** Starts watching (the preload, when the daemon runs the app). */
export function watchStartUp(s: StartUpSettings, ownSocket: (address: unknown) => boolean): void {
  settings = s;
  for (const flag of s.added) {
    const i = process.execArgv.indexOf(flag);
    if (i !== -1) process.execArgv.splice(i, 1);
  }
  canary();
  const began = Date.now();
  let listening = 0;
  let evaluated = 0;
   
  const dc = require('node:diagnostics_channel') as typeof import('node:diagnostics_channel');
  const LISTEN = 'tracing:net.server.listen:asyncEnd';
  const CONNECTION = 'net.server.socket';
  const theirs = (server: { address?: () => unknown } | undefined): boolean => {
    let address: unknown = null;
    try { address = server?.address?.(); } catch { /* closed already */ }
    return !ownSocket(address);
  };
  let connected = false;
  const onListen = (m: unknown): void => { if (!listening && theirs((m as { server?: { address?: () => unknown } }).server)) listening = Date.now(); };
  // The first connection the app accepts ends its start-up: serving is not starting (a request
  // in the settle time would otherwise count as start-up code).
  const onConnection = (m: unknown): void => {
    if (connected || !theirs((m as { socket?: { server?: { address?: () => unknown } } }).socket?.server)) return;
    connected = true;
    // Before the connection's first request is read (a later turn).
    check();
  };
  dc.subscribe(LISTEN, onListen);
  dc.subscribe(CONNECTION, onConnection);
  let ended = false;
  const check = (): void => {
    if (ended) return;
    const now = Date.now();
    if (!evaluated) {
      const e = entryEvaluated();
      if (e === true || (e === null && now - began >= 5 * s.settle_ms)) evaluated = now;
    }
    const over = connected || (listening && now - listening >= s.settle_ms) || (evaluated && now - evaluated >= 5 * s.settle_ms);
    if (!over) return;
    ended = true;
    clearInterval(timer);
    dc.unsubscribe(LISTEN, onListen);
    dc.unsubscribe(CONNECTION, onConnection);
    endStartUp(s.settle_ms);
  };
  const timer = setInterval(check, Math.min(100, Math.max(10, s.settle_ms / 4)));
  timer.unref();
}

/** What the watch saw, once start-up is over; null before (or when nothing watches: no daemon). */
export function startUpHistory(): StartUpHistory | null {
  return history;
}

/**
 * Resolves when start-up is over and the app has run for `updates.startup` since (at once when
 * nothing watches it): what runs after start-up has had that long to show itself. A release that
 * arrives as the app starts waits for it.
 */
export function startUpOver(): Promise<void> {
  if (!settings) return Promise.resolve();
  const s = settings;
  const over = history ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve));
  return over.then(() => {
    const left = observedAt + s.settle_ms - Date.now();
    return left > 0 ? new Promise<void>((resolve) => setTimeout(resolve, left)) : undefined;
  });
}

export type RunStatus = 'not-run' | 'start-up' | 'after' | 'unknown';

/** A function as V8 placed it in its script: [start, end) and where its body starts. */
export interface ScriptRange { start: number; end: number; bodyStart: number }

/**
 * A changed function and the functions around it, innermost first (script offsets); `iife`: it is
 * called where it is written, so it ran whenever what encloses it ran (at load, for a top-level one).
 */
export interface FunctionChain { chain: ScriptRange[]; iife: boolean }

/** V8's range for one of the script's functions: same end, starting within its head (V8 starts methods at the parameters). */
function find(ranges: number[][] | undefined, f: ScriptRange): string | null {
  if (!ranges) return null;
  for (const [a, b] of ranges) if (b === f.end && a >= f.start && a < Math.max(f.bodyStart, f.start + 1)) return `${a}:${b}`;
  return null;
}

/**
 * For each changed function of a loaded script (its offsets in the source V8 runs): whether it
 * ran only during start-up, ran since, never ran, or cannot be told. `now` is compiledNow(),
 * taken first thing in a plan.
 */
export function runStatuses(url: string, fns: FunctionChain[], now: Map<string, ScriptFunctions>): RunStatus[] {
  const current = now.get(url)?.ranges;
  if (!history) {
    // Start-up is not over (a replay as the app starts): whatever ran so far ran during it.
    return fns.map(({ chain, iife }) => (chain.some((f) => find(current, f)) || iife ? 'start-up' : 'not-run'));
  }
  const before = history.ranStartUp.get(url);
  const cannotTell = history.failed !== undefined || (before !== undefined && wasEdited(before.scriptId));
  const unflushed = history.unflushed.get(url);
  return fns.map(({ chain, iife }) => {
    // The function itself, or what encloses it when its own closures are gone.
    const at = chain.findIndex((f) => find(before?.ranges, f));
    if (at === -1) return iife && before ? (cannotTell ? 'unknown' : 'start-up') : 'not-run';
    if (cannotTell || unflushed?.has(find(before?.ranges, chain[at])!)) return 'unknown';
    const since = find(current, chain[at]) !== null;
    // A nested function whose own closures are gone, in an enclosing one that ran since: it may
    // run with it (a callback of a request handler); in one that ran only at start-up, it ran then.
    return since ? (at === 0 ? 'after' : 'not-run') : 'start-up';
  });
}
