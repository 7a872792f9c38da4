// The holders: per-module objects behind read-only globals, whose fields the instrumented code
// reads (`f<k>`: the slot of function k; `a<k>`: the live activations of an async function or a
// generator; `e`: the module's eval hook). V8 treats a global that was never written as a
// constant, and the never-written fields of that object as constants too: until an update fills
// a slot, optimized code folds the prologue's check away; once it is filled, the new version is
// inlined into the callers like the original. So a holder is never written in place: a new value
// makes a new holder (and a new global).
import { CALL, CONSTRUCT, HOLDER_SIZE, holderName } from './rewrite';

/** What the instrumented code reads. */
export type Holder = Record<string, unknown> & {
  e?: (src: string) => unknown;
};

/** A module as its holders see it. */
export interface HolderOwner {
  id: string;
  url: string;
  /** How many functions the module has, and which ones count their activations (async, generators). */
  count: number;
  counted: ReadonlySet<number>;
  holders: Holder[];
}

export function holderOf(owner: HolderOwner, k: number): Holder {
  return owner.holders[Math.floor(k / HOLDER_SIZE)];
}

/** The fields of a holder, in order: `f<k>` for each function of the chunk, `a<k>` for the counted ones, `e`. */
function holderFields(owner: HolderOwner, chunk: number): string[] {
  const fields: string[] = [];
  for (let k = chunk * HOLDER_SIZE; k < Math.min(owner.count, (chunk + 1) * HOLDER_SIZE); k++) {
    fields.push(`f${k}`);
    if (owner.counted.has(k)) fields.push(`a${k}`);
  }
  fields.push('e');
  return fields;
}

/** Makes a holder of one shape: with every slot empty (no argument), or with the given values. */
type HolderFactory = (values?: Record<string, unknown>) => Holder;
/** One factory per shape (many small modules share theirs): made once, used for every holder of that shape. */
const factories = new Map<string, HolderFactory>();

function factoryFor(owner: HolderOwner, chunk: number): HolderFactory {
  // The shape in a few characters (no field list built per module at start-up).
  let shape = `${chunk}:${owner.count}`;
  for (const k of owner.counted) if (k >= chunk * HOLDER_SIZE && k < (chunk + 1) * HOLDER_SIZE) shape += `,${k}`;
  let make = factories.get(shape);
  if (make) return make;
  const fields = holderFields(owner, chunk);
  try {
    // One literal: every field in place from the start, so V8 keeps the fast layout and tracks
    // each field as a constant of this object. The empty one is a constant literal (a copy of
    // its boilerplate: what every module's start makes).
    const empty = fields.map((f) => (f[0] === 'a' ? `${f}:0` : `${f}:void 0`)).join(',');
    const given = fields.map((f) => (f[0] === 'a' ? `${f}:o.${f}|0` : `${f}:o.${f}`)).join(',');
    make = new Function('o', `return o===void 0?{${empty}}:{${given}}`) as HolderFactory;
  } catch {
    make = (o) => Object.fromEntries(fields.map((f) => [f, f[0] === 'a' ? (Number(o?.[f]) | 0) : o?.[f]])) as Holder;
  }
  factories.set(shape, make);
  return make;
}

const own = (name: string): boolean => Object.prototype.hasOwnProperty.call(globalThis, name);

function defineHolder(owner: HolderOwner, chunk: number, holder: Holder): void {
  const name = holderName(owner.id, chunk * HOLDER_SIZE);
  const g = globalThis as Record<string, unknown>;
  // A new global each time (not a new value in the old one): see the top of this file.
  if (own(name)) delete g[name];
  Object.defineProperty(g, name, { value: holder, enumerable: false, writable: false, configurable: true });
  owner.holders[chunk] = holder;
}

/** Creates the module's holders (every slot empty). */
export function makeHolders(owner: HolderOwner, chunks: number): void {
  if (!own(CALL)) {
    // What every forwarder calls through: `CALL(g, self, a)` is `g.call(self, a)` (instrument.ts).
    const call = Function.prototype.call;
    Object.defineProperty(globalThis, CALL, { value: call.bind(call), enumerable: false, writable: false, configurable: false });
    Object.defineProperty(globalThis, CONSTRUCT, { value: Reflect.construct, enumerable: false, writable: false, configurable: false });
  }
  for (let chunk = 0; chunk < chunks; chunk++) {
    // A module loaded again under the same URL (its require.cache entry deleted) gets no second
    // holder of that name: the earlier instance's functions read this one.
    if (own(holderName(owner.id, chunk * HOLDER_SIZE))) throw new Error(`${owner.url} is already instrumented in this process`);
    defineHolder(owner, chunk, factoryFor(owner, chunk)());
  }
}

/**
 * Sets fields of function k's holder (its slot `f<k>`): the holder is replaced by a new one with
 * the same fields, the given values and the others copied (activation counts included; the
 * prologue reads the global at each use, so a call that began before the swap ends on the new
 * holder's count). Code that had the old holder folded in is deoptimized by V8 and reoptimized.
 */
export function setHolderFields(owner: HolderOwner, k: number, values: Record<string, unknown>): void {
  const chunk = Math.floor(k / HOLDER_SIZE);
  defineHolder(owner, chunk, factoryFor(owner, chunk)(valuesOf(owner.holders[chunk], values)));
}

/** After the module's function table changed (a LiveEdit): every holder made again with the new fields, values kept. */
export function reshapeHolders(owner: HolderOwner): void {
  for (let chunk = 0; chunk * HOLDER_SIZE < owner.count; chunk++) {
    const make = factoryFor(owner, chunk);
    defineHolder(owner, chunk, chunk < owner.holders.length ? make(valuesOf(owner.holders[chunk])) : make());
  }
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
