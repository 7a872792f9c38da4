// Finding and converting live objects. Instances are found with V8's Runtime.queryObjects, so the
// app never registers its classes; lazy conversion hooks the old prototype instead of touching
// each object, which makes it O(1) at apply time.
import { objectIdOf, post, releaseGroup, valueOf } from '../core/inspector';
import { journal } from '../core/journal';
import { MoultRuntimeError } from '../core/errors';

type Class = abstract new (...args: any[]) => object;
type Transformer = (obj: any) => void;

/** Every live object whose prototype is exactly cls.prototype (not subclass instances). */
export function instancesOf(cls: Class): object[] {
  const proto = cls.prototype as object;
  try {
    const q = post<{ objects: { objectId: string } }>('Runtime.queryObjects', { prototypeObjectId: objectIdOf(proto), objectGroup: 'moult' });
    const all = valueOf(q.objects.objectId) as object[];
    // queryObjects also finds subclasses' prototype objects (their [[Prototype]] is proto too).
    // The array is a fresh one of our own: filtered in place.
    let n = 0;
    for (let i = 0; i < all.length; i++) {
      const o = all[i];
      if (Object.getPrototypeOf(o) === proto && !isPrototypeObject(o)) all[n++] = o;
    }
    all.length = n;
    return all;
  } finally {
    releaseGroup();
  }
}

function isPrototypeObject(o: object): boolean {
  const ctor = Object.prototype.hasOwnProperty.call(o, 'constructor') ? (o as { constructor?: unknown }).constructor : undefined;
  return typeof ctor === 'function' && ctor.prototype === o;
}

function snapshot(obj: object): () => void {
  const proto = Object.getPrototypeOf(obj);
  const own = Object.getOwnPropertyDescriptors(obj);
  return () => {
    for (const k of Reflect.ownKeys(obj)) if (!(k in own)) delete (obj as Record<PropertyKey, unknown>)[k];
    Object.defineProperties(obj, own);
    Object.setPrototypeOf(obj, proto);
  };
}

const hasOwn = Object.prototype.hasOwnProperty;
const getDescriptor = Reflect.getOwnPropertyDescriptor;

/**
 * Gives every object of `objs` the prototype `proto`, then lets transformer fix its fields. Each
 * conversion is a journal step of its own (as many steps as objects), but they share one undo
 * function and keep what the undo needs in parallel arrays, not in a closure and a descriptor
 * map per object: the old prototype only where it is not `expected`, and each object's own
 * properties as they were just before its conversion. Plain data properties (writable, enumerable, configurable: the
 * usual case) are kept as keys and values, the key list shared by consecutive objects that have
 * the same keys; any other object keeps full descriptors. The journal undoes its steps newest
 * first, so each call of the shared undo restores the newest object not yet restored.
 */
function convertBatch(what: string, objs: readonly object[], expected: object | null, proto: object, transformer?: Transformer): void {
  const n = objs.length;
  let done = 0;
  let undone = 0;
  const oldProtos = new Map<number, object | null>();
  // Own properties are kept even without a transformer: the undo has always put them back as
  // they were at the conversion, whatever changed them afterwards.
  const keysOf: PropertyKey[][] = new Array(n);
  const valueEnd = new Uint32Array(n);
  const values: unknown[] = [];
  const descriptors = new Map<number, PropertyDescriptorMap>();
  let lastKeys: PropertyKey[] = [];

  const undoNewest = (): void => {
    const i = done - 1 - undone++;
    if (i < 0) return;
    const obj = objs[i] as Record<PropertyKey, unknown>;
    {
      let full = descriptors.get(i);
      if (!full) {
        full = {};
        let v = i === 0 ? 0 : valueEnd[i - 1];
        for (const k of keysOf[i]) full[k as string] = { value: values[v++], writable: true, enumerable: true, configurable: true };
      }
      for (const k of Reflect.ownKeys(obj)) if (!hasOwn.call(full, k)) delete obj[k];
      Object.defineProperties(obj, full);
      // A field the transformer deleted came back last: put the fields back in their order.
      const keys = Reflect.ownKeys(full);
      if (!sameKeys(Reflect.ownKeys(obj), keys) && keys.every((k) => full![k as string].configurable)) {
        for (const k of keys) delete obj[k];
        Object.defineProperties(obj, full);
      }
    }
    Object.setPrototypeOf(obj, oldProtos.has(i) ? oldProtos.get(i)! : expected);
  };

  for (let i = 0; i < n; i++) {
    const obj = objs[i];
    const old = Object.getPrototypeOf(obj);
    if (old !== expected) oldProtos.set(i, old);
    {
      const keys = Reflect.ownKeys(obj);
      const first = values.length;
      let plain = true;
      for (let j = 0; j < keys.length; j++) {
        const d = getDescriptor(obj, keys[j])!;
        if (!d.writable || !d.enumerable || !d.configurable || !('value' in d)) { plain = false; break; }
        values.push(d.value);
      }
      if (plain) {
        keysOf[i] = sameKeys(keys, lastKeys) ? lastKeys : (lastKeys = keys);
      } else {
        values.length = first;
        keysOf[i] = lastKeys;
        descriptors.set(i, Object.getOwnPropertyDescriptors(obj));
      }
      valueEnd[i] = values.length;
    }
    Object.setPrototypeOf(obj, proto);
    done = i + 1;
    journal(what, undoNewest);
    transformer?.(obj);
  }
}

function sameKeys(a: PropertyKey[], b: PropertyKey[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Gives obj the class newCls (its prototype), then lets transformer fix its fields. Journaled. */
export function updateToClass(obj: object, newCls: Class, transformer?: Transformer): void {
  convertBatch('convert object', [obj], Object.getPrototypeOf(obj), newCls.prototype as object, transformer);
}

function rebindInModule(module: unknown, from: unknown, to: unknown): void {
  if (!module || typeof module !== 'object') return;
  const m = module as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    let desc: PropertyDescriptor | undefined;
    try { desc = Object.getOwnPropertyDescriptor(m, key); } catch { continue; }
    if (desc && 'value' in desc && desc.value === from && desc.writable) {
      m[key] = to;
      journal(`rebind ${key}`, () => { m[key] = from; });
    }
  }
}

/** Converts every live instance of cls now. */
export function startEagerUpdate(cls: Class, newCls: Class, transformer?: Transformer, module?: unknown): number {
  const found = instancesOf(cls);
  convertBatch('convert object', found, cls.prototype as object, newCls.prototype as object, transformer);
  rebindInModule(module, cls, newCls);
  return found.length;
}

/** Converts each instance of cls on its first use (property lookup past its own fields). */
export function startLazyUpdate(cls: Class, newCls: Class, transformer?: Transformer, module?: unknown): void {
  const proto = cls.prototype as Record<PropertyKey, unknown>;
  const parent = Object.getPrototypeOf(proto);
  const saved = Object.getOwnPropertyDescriptors(proto);
  // What the old prototype did, for objects that are not direct instances (subclasses).
  const old = Object.create(parent, saved);
  const convert = (receiver: object): object => {
    if (Object.getPrototypeOf(receiver) !== proto) return old;
    Object.setPrototypeOf(receiver, newCls.prototype);
    transformer?.(receiver);
    return newCls.prototype;
  };
  const trap = new Proxy(Object.create(parent), {
    get: (_t, key, receiver) => Reflect.get(convert(receiver), key, receiver),
    set: (_t, key, value, receiver) => Reflect.set(convert(receiver), key, value, receiver),
    has: (_t, key) => key in newCls.prototype,
  });
  for (const key of Reflect.ownKeys(saved)) if (key !== 'constructor') delete proto[key];
  Object.setPrototypeOf(proto, trap);
  rebindInModule(module, cls, newCls);
  // Objects already converted stay converted: undoing a lazy conversion needs a restart.
  journal('lazy conversion', () => {
    Object.setPrototypeOf(proto, parent);
    Object.defineProperties(proto, saved);
  }, false);
}

export function addFieldToClass(cls: Class, name: string, value: unknown): void {
  const proto = cls.prototype as Record<string, unknown>;
  const had = Object.getOwnPropertyDescriptor(proto, name);
  proto[name] = value;
  journal(`add field ${name}`, () => { if (had) Object.defineProperty(proto, name, had); else delete proto[name]; });
}

export function addMethodToClass(cls: Class, name: string, method: Function): void {
  if (typeof method !== 'function') throw new MoultRuntimeError('EBADARG', `addMethodToClass: ${name} is not a function`);
  addFieldToClass(cls, name, method);
}

/** Replaces cls by newCls: in the module's bindings and for every live instance. */
export function redefineClass(module: unknown, cls: Class, newCls: Class, transformer?: Transformer): number {
  return startEagerUpdate(cls, newCls, transformer, module);
}

export function applyMixinToObject(obj: object, mixin: Class | object): void {
  const source = typeof mixin === 'function' ? (mixin.prototype as object) : mixin;
  const undo = snapshot(obj);
  for (const key of Reflect.ownKeys(source)) {
    if (key === 'constructor') continue;
    Object.defineProperty(obj, key, Object.getOwnPropertyDescriptor(source, key)!);
  }
  journal('apply mixin', undo);
}

/** Pymoult's DataAccessor: the live instances of a class, all at once or in batches. */
export class DataAccessor<T extends object = object> {
  constructor(readonly cls: Class, readonly mode: 'immediate' | 'progressive' = 'immediate', readonly batchSize = 1000) {
    if (mode !== 'immediate' && mode !== 'progressive') throw new MoultRuntimeError('EBADARG', `DataAccessor: mode must be 'immediate' or 'progressive', got ${String(mode)}`);
  }

  [Symbol.iterator](): Iterator<T> {
    return (instancesOf(this.cls) as T[])[Symbol.iterator]();
  }

  /** Progressive access yields to the event loop between batches. */
  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const all = instancesOf(this.cls) as T[];
    for (let i = 0; i < all.length; i++) {
      if (this.mode === 'progressive' && i > 0 && i % this.batchSize === 0) await new Promise((r) => setImmediate(r));
      yield all[i];
    }
  }
}
