// The app modules that were instrumented as they loaded: their holders (the slots and activation
// counts their functions read), their function tables and their current source. Shared by the
// load hooks, which fill it, and by the mechanisms (relinking, quiescence, patches, ctx.fn).
import { HOLDER_SIZE, holderName, instrument, openingText, type InstrumentedModule } from './rewrite';
import type { FunctionEntry } from './function-table';
import type { Placed } from './rewrite';
import { cached, store } from './cache';
import type { Problem } from './compiles';
import crypto from 'node:crypto';

export type PlacedEntry = FunctionEntry & Partial<Placed>;

/** What the instrumented code reads: `f<k>` (the slot of function k), `a<k>` (its live activations). */
export type Holder = Record<string, unknown> & {
  e?: (src: string) => unknown;
};

export interface ModuleRecord {
  id: string;
  url: string;
  isModule: boolean;
  /** The source the module was loaded from, and its functions (each with its slot). */
  source: string;
  functions: PlacedEntry[];
  topBodies: [number, number][];
  /** The source as its functions now stand (the last patch), parsed: what the next patch is compared with. */
  current: { source: string; functions: FunctionEntry[]; topBodies: [number, number][]; tokens?: [number, number][] };
  holders: Holder[];
  /** Calls running now through each slot, and calls through it whose promise has not settled. */
  running: Int32Array;
  pending: Int32Array;
  /** What each filled slot runs, as given (the slot itself holds a counting wrapper of it). */
  impl: (Function | undefined)[];
}

const byId = new Map<string, ModuleRecord>();
const byUrl = new Map<string, ModuleRecord>();

/**
 * A module's id (in its holders' names) comes from its URL: the same in every run, so that an
 * instrumented module can be kept on disk (instrument/cache.ts) and used again as it is. A file
 * loaded again (deleted from require.cache and required: import-fresh, decache, reloaders) is a
 * second instance with holders of its own: the next salt, as is any id whose holders exist.
 */
export function moduleIdFor(url: string): string {
  for (let salt = 0; ; salt++) {
    const id = crypto.createHash('sha1').update(`${salt}:${url}`).digest('hex').slice(0, 10);
    if (!byId.has(id) && !Object.prototype.hasOwnProperty.call(globalThis, holderName(id, 0))) return id;
  }
}

function makeHolder(record: ModuleRecord, chunk: number, count: number): Holder {
  const fields: string[] = [];
  for (let k = chunk * HOLDER_SIZE; k < Math.min(count, (chunk + 1) * HOLDER_SIZE); k++) {
    fields.push(`f${k}:void 0`);
    const e = record.functions[k];
    if (e?.async || e?.generator) fields.push(`a${k}:0`);
  }
  let holder: Holder;
  try {
    // One literal: every field in place from the start, so V8 keeps the fast layout and tracks
    // each slot as a constant field until an update writes it.
    holder = new Function(`return {${fields.join(',')},e:void 0}`)() as Holder;
  } catch {
    holder = Object.fromEntries(fields.map((f) => [f.slice(0, f.indexOf(':')), f.endsWith(':0') ? 0 : undefined])) as Holder;
  }
  Object.defineProperty(globalThis, holderName(record.id, chunk * HOLDER_SIZE), { value: holder, enumerable: false, writable: false, configurable: false });
  return holder;
}

/** The rewritten code does not compile (SPEC 6.7): the module is to load as written. */
export class RewriteBroken extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/**
 * Instruments a module's source and sets up its holders; the returned code is what gets compiled.
 * `check`, when given, reads the rewritten code first (RewriteBroken if it does not compile):
 * only checked code is kept in the cache.
 */
export function instrumentModule(url: string, source: string, isModule: boolean, check?: (code: string) => Problem | null): string {
  const id = moduleIdFor(url);
  const disk = cached(id, url, source, isModule);
  let result = disk?.hit ?? null;
  if (!result) {
    result = instrument(source, id, isModule);
    const problem = check?.(result.code);
    if (problem) throw new RewriteBroken(problem);
    if (disk) store(disk.key, result);
  }
  register(id, url, source, isModule, result);
  return result.code;
}

/** A module that loads as written after all: its functions are not reached through slots. */
export function forget(url: string): void {
  const record = byUrl.get(url);
  if (!record) return;
  byUrl.delete(url);
  byId.delete(record.id);
}

/** Records a module instrumented elsewhere (the loader thread) or here, and creates its holders. */
export function register(id: string, url: string, source: string, isModule: boolean, result: InstrumentedModule): ModuleRecord {
  const n = result.functions.length;
  const record: ModuleRecord = {
    id, url, isModule, source, functions: result.functions, topBodies: result.topBodies, holders: [],
    current: { source, functions: result.functions, topBodies: result.topBodies },
    running: new Int32Array(n), pending: new Int32Array(n), impl: [],
  };
  for (let chunk = 0; chunk < result.holders; chunk++) record.holders.push(makeHolder(record, chunk, n));
  byId.set(id, record);
  byUrl.set(url, record);
  return record;
}

export function moduleById(id: string): ModuleRecord | undefined {
  return byId.get(id);
}

export function moduleByUrl(url: string): ModuleRecord | undefined {
  return byUrl.get(url);
}

export function allModules(): IterableIterator<ModuleRecord> {
  return byId.values();
}

export function holderOf(record: ModuleRecord, k: number): Holder {
  return record.holders[Math.floor(k / HOLDER_SIZE)];
}

/** After a LiveEdit gave the module more functions: the holders (and counts) they read exist. */
export function growHolders(record: ModuleRecord): void {
  const n = record.functions.length;
  if (record.running.length < n) {
    const grow = (a: Int32Array): Int32Array => { const b = new Int32Array(n); b.set(a); return b; };
    record.running = grow(record.running);
    record.pending = grow(record.pending);
  }
  for (let chunk = record.holders.length; chunk * HOLDER_SIZE < n; chunk++) record.holders.push(makeHolder(record, chunk, n));
  for (const e of record.functions) {
    const holder = holderOf(record, e.k);
    if ((e.async || e.generator) && typeof holder[`a${e.k}`] !== 'number') holder[`a${e.k}`] = 0;
  }
}

/** The function a live function object was created from: its module and its entry. */
export interface Literal { record: ModuleRecord; entry: PlacedEntry }

const PROLOGUE = /__moult\$(\w+?)(?:_\d+)?\.[fa](\d+)(?:!==|\+\+)/g;

/**
 * Finds which instrumented literal `f` is an instance of, from its text: the prologue names the
 * holder and the function's index, and sits at a known distance from the end of the text (a
 * default parameter value may hold another function's prologue first, hence the check).
 */
export function literalOf(f: Function): Literal | undefined {
  // Asked several times per quiescence check and per redefinition: f's text is read once. A
  // LiveEdit patch of the module gives it a new function table, which makes the answer stale.
  const known = literals.get(f);
  if (known === null) return undefined;
  if (known && known.record.functions[known.entry.k] === known.entry) return known;
  const found = findLiteral(f);
  literals.set(f, found ?? null);
  return found;
}

const literals = new WeakMap<Function, Literal | null>();

function findLiteral(f: Function): Literal | undefined {
  let text: string;
  try {
    text = Function.prototype.toString.call(f);
  } catch {
    return undefined;
  }
  if (!text.includes('__moult$')) return undefined;
  PROLOGUE.lastIndex = 0;
  for (let m = PROLOGUE.exec(text); m; m = PROLOGUE.exec(text)) {
    const record = byId.get(m[1]);
    const entry = record?.functions[Number(m[2])];
    if (!record || !entry?.instrumented || entry.tailLength === undefined) continue;
    const at = text.length - entry.tailLength;
    if (at >= 0 && text.startsWith(openingOf(record, entry), at)) return { record, entry };
  }
  return undefined;
}

const openings = new WeakMap<PlacedEntry, string>();
function openingOf(record: ModuleRecord, entry: PlacedEntry): string {
  let text = openings.get(entry);
  if (text === undefined) {
    text = openingText(entry, record.id);
    openings.set(entry, text);
  }
  return text;
}
