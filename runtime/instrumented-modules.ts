// The app modules that were instrumented as they loaded: their holders (the slots and activation
// counts their functions read), their function tables and their current source. Shared by the
// load hooks, which fill it, and by the mechanisms (relinking, quiescence, patches, ctx.fn).
import { CALL, HOLDER_SIZE, holderName, instrument, openingText, type InstrumentedModule } from './instrument';
import type { FunctionEntry } from './function-table';
import type { Placed } from './instrument';
import { cached, store } from './instrument-cache';
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
 * instrumented module can be kept on disk (instrument-cache.ts) and used again as it is.
 */
export function moduleIdFor(url: string): string {
  for (let salt = 0; ; salt++) {
    const id = crypto.createHash('sha1').update(`${salt}:${url}`).digest('hex').slice(0, 10);
    const taken = byId.get(id);
    if (!taken || taken.url === url) return id;
  }
}

/** The fields of a holder, in order: `f<k>` for each function of the chunk, `a<k>` for the counted ones, `e`. */
function holderFields(record: ModuleRecord, chunk: number): string[] {
  const fields: string[] = [];
  for (let k = chunk * HOLDER_SIZE; k < Math.min(record.functions.length, (chunk + 1) * HOLDER_SIZE); k++) {
    fields.push(`f${k}`);
    const e = record.functions[k];
    if (e?.async || e?.generator) fields.push(`a${k}`);
  }
  fields.push('e');
  return fields;
}

type HolderFactory = (values: Record<string, unknown>) => Holder;
/** One factory per shape (many small modules share theirs): made once, used for every holder of that shape. */
const factories = new Map<string, HolderFactory>();

function factoryFor(fields: string[]): HolderFactory {
  const shape = fields.join(',');
  let make = factories.get(shape);
  if (make) return make;
  try {
    // One literal: every field in place from the start, so V8 keeps the fast layout and tracks
    // each field as a constant of this object.
    make = new Function('o', `return {${fields.map((f) => (f[0] === 'a' ? `${f}:o.${f}|0` : `${f}:o.${f}`)).join(',')}}`) as HolderFactory;
  } catch {
    make = (o) => Object.fromEntries(fields.map((f) => [f, f[0] === 'a' ? (Number(o[f]) | 0) : o[f]])) as Holder;
  }
  factories.set(shape, make);
  return make;
}

const EMPTY: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

function defineHolder(record: ModuleRecord, chunk: number, holder: Holder): void {
  const name = holderName(record.id, chunk * HOLDER_SIZE);
  const g = globalThis as Record<string, unknown>;
  // A new global each time (not a new value in the old one): V8 treats a global that was never
  // written as a constant, and so the holder's fields, which are never written either: the code
  // that reads a filled slot calls what it holds directly (inlined), as if the function were its own.
  delete g[name];
  Object.defineProperty(g, name, { value: holder, enumerable: false, writable: false, configurable: true });
  record.holders[chunk] = holder;
}

function makeHolder(record: ModuleRecord, chunk: number): void {
  if (!Object.prototype.hasOwnProperty.call(globalThis, CALL)) {
    const call = Function.prototype.call;
    Object.defineProperty(globalThis, CALL, { value: call.bind(call), enumerable: false, writable: false, configurable: false });
  }
  const name = holderName(record.id, chunk * HOLDER_SIZE);
  // A module loaded again under the same URL (its require.cache entry deleted) gets no second
  // holder of that name: the earlier instance's functions read this one.
  if (Object.prototype.hasOwnProperty.call(globalThis, name)) throw new Error(`${record.url} is already instrumented in this process`);
  defineHolder(record, chunk, factoryFor(holderFields(record, chunk))(EMPTY));
}

/**
 * Sets fields of function k's holder (its slot `f<k>`): the holder is replaced by a new one with
 * the same fields, the given values and the others copied (activation counts included; the
 * prologue reads the global at each use, so a call that began before the swap ends on the new
 * holder's count). Code that had the old holder folded in is deoptimized by V8 and reoptimized.
 */
export function setHolderFields(record: ModuleRecord, k: number, values: Record<string, unknown>): void {
  const chunk = Math.floor(k / HOLDER_SIZE);
  defineHolder(record, chunk, factoryFor(holderFields(record, chunk))(valuesOf(record.holders[chunk], values)));
}

/**
 * A holder's values, changed, in an object of its own shape: never a copy of the holder (`{...h}`
 * would share its map, and a store into it would make every holder's field a variable for V8).
 */
function valuesOf(holder: Holder, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const values = Object.create(null) as Record<string, unknown>;
  for (const f of Object.keys(holder)) values[f] = holder[f];
  for (const f of Object.keys(changes)) values[f] = changes[f];
  return values;
}

/** Instruments a module's source and sets up its holders; the returned code is what gets compiled. */
export function instrumentModule(url: string, source: string, isModule: boolean): string {
  const id = moduleIdFor(url);
  const disk = cached(id, url, source, isModule);
  let result = disk?.hit ?? null;
  if (!result) {
    result = instrument(source, id, isModule);
    if (disk) store(disk.key, result);
  }
  register(id, url, source, isModule, result);
  return result.code;
}

/** Records a module instrumented elsewhere (the loader thread) or here, and creates its holders. */
export function register(id: string, url: string, source: string, isModule: boolean, result: InstrumentedModule): ModuleRecord {
  const n = result.functions.length;
  const record: ModuleRecord = {
    id, url, isModule, source, functions: result.functions, topBodies: result.topBodies, holders: [],
    current: { source, functions: result.functions, topBodies: result.topBodies },
    running: new Int32Array(n), pending: new Int32Array(n), impl: [],
  };
  for (let chunk = 0; chunk < result.holders; chunk++) makeHolder(record, chunk);
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
  // Each holder is made again with the fields of the new table (values kept), new ones added.
  for (let chunk = 0; chunk * HOLDER_SIZE < n; chunk++) {
    if (chunk < record.holders.length) defineHolder(record, chunk, factoryFor(holderFields(record, chunk))(valuesOf(record.holders[chunk])));
    else makeHolder(record, chunk);
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
