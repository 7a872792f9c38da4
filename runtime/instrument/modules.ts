// The app modules that were instrumented as they loaded: their holders (holders.ts), their
// function tables and their current source. Shared by the load hooks, which fill it, and by the
// mechanisms (relinking, quiescence, patches, ctx.fn). A module's function table is read only
// when an update needs it: from the instrumentation cache it comes as text, parsed on first use
// (measured: parsing the tables was most of a cached start's extra cost, 15 ms for 200 modules).
import { holderName, instrument, openingText, type InstrumentedModule } from './rewrite';
import type { FunctionEntry } from './function-table';
import type { Placed } from './rewrite';
import { cached, store } from './cache';
import type { Problem } from './compiles';
import { hashHex } from './hash';
import { holderOf, makeHolders, reshapeHolders, type Holder, type HolderOwner } from './holders';

export { holderOf, type Holder };

export type PlacedEntry = FunctionEntry & Partial<Placed>;

/** A module's functions (each with its slot) and the bodies of its top-level functions. */
export interface ModuleTable { functions: PlacedEntry[]; topBodies: [number, number][] }

/** What the load hooks hand over: the holders' shape, and the table (or, from the cache, its reader). */
export interface ModuleParts {
  holders: number;
  count: number;
  counted: number[];
  table: ModuleTable | (() => unknown);
}

export function partsOf(result: InstrumentedModule): ModuleParts {
  return { holders: result.holders, ...shapeOf(result.functions), table: { functions: result.functions, topBodies: result.topBodies } };
}

function shapeOf(functions: FunctionEntry[]): { count: number; counted: number[] } {
  return { count: functions.length, counted: functions.filter((e) => e.async || e.generator).map((e) => e.k) };
}

/** The source as its functions now stand (the last patch), parsed: what the next patch is compared with. */
export interface CurrentSource { source: string; functions: FunctionEntry[]; topBodies: [number, number][]; tokens?: [number, number][] }

const NO_COUNTS = new Int32Array(0);

export class ModuleRecord implements HolderOwner {
  holders: Holder[] = [];
  count: number;
  counted: Set<number>;
  /** Calls running now through a slot's counting wrapper, and those whose promise has not settled (sized on first use). */
  running: Int32Array = NO_COUNTS;
  pending: Int32Array = NO_COUNTS;
  /** What each filled slot runs, as given (the slot may hold a counting wrapper of it). */
  impl: (Function | undefined)[] = [];
  private table: ModuleTable | (() => unknown);
  private now: CurrentSource | null = null;

  /** `source`: what the module was loaded from. */
  constructor(readonly id: string, readonly url: string, readonly isModule: boolean, readonly source: string, parts: ModuleParts) {
    this.count = parts.count;
    this.counted = new Set(parts.counted);
    this.table = parts.table;
  }

  private loaded(): ModuleTable {
    if (typeof this.table === 'function') {
      let table: ModuleTable | null = null;
      try {
        table = this.table() as ModuleTable | null;
      } catch {
        table = null;
      }
      // No table kept (removed from the cache since): instrumenting again gives the same one.
      if (!Array.isArray(table?.functions) || table.functions.length !== this.count) {
        const again = instrument(this.source, this.id, this.isModule);
        table = { functions: again.functions, topBodies: again.topBodies };
      }
      this.table = table;
    }
    return this.table;
  }

  get functions(): PlacedEntry[] {
    return this.loaded().functions;
  }

  set functions(functions: PlacedEntry[]) {
    this.table = { ...this.loaded(), functions };
    const shape = shapeOf(functions);
    this.count = shape.count;
    this.counted = new Set(shape.counted);
  }

  get topBodies(): [number, number][] {
    return this.loaded().topBodies;
  }

  set topBodies(topBodies: [number, number][]) {
    this.table = { ...this.loaded(), topBodies };
  }

  get current(): CurrentSource {
    return (this.now ??= { source: this.source, functions: this.functions, topBodies: this.topBodies });
  }

  set current(current: CurrentSource) {
    this.now = current;
  }
}

/** The wrapper counts of a module, sized for its functions (a counting wrapper is about to use them). */
export function ensureCounts(record: ModuleRecord): void {
  if (record.running.length >= record.count) return;
  const grow = (a: Int32Array): Int32Array => { const b = new Int32Array(record.count); b.set(a); return b; };
  record.running = grow(record.running);
  record.pending = grow(record.pending);
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
    const id = hashHex('sha1', `${salt}:${url}`).slice(0, 10);
    // A module loaded again (out of require.cache) is a second instance: a new id, its own holders.
    if (!byId.has(id) && !Object.prototype.hasOwnProperty.call(globalThis, holderName(id, 0))) return id;
  }
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
  if (disk?.hit) {
    register(id, url, source, isModule, disk.hit);
    return disk.hit.code;
  }
  const result = instrument(source, id, isModule);
  const problem = check?.(result.code);
  if (problem) throw new RewriteBroken(problem);
  const parts = partsOf(result);
  if (disk) store(disk.key, parts as ModuleParts & { table: ModuleTable }, result.code);
  register(id, url, source, isModule, parts);
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
export function register(id: string, url: string, source: string, isModule: boolean, parts: ModuleParts): ModuleRecord {
  const record = new ModuleRecord(id, url, isModule, source, parts);
  makeHolders(record, parts.holders);
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

/** After a LiveEdit gave the module a new function table: the holders (and counts) its functions read exist. */
export function growHolders(record: ModuleRecord): void {
  ensureCounts(record);
  reshapeHolders(record);
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
