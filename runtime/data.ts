// Finding and converting live objects. Instances are found with V8's Runtime.queryObjects, so the
// app never registers its classes; lazy conversion hooks the old prototype instead of touching
// each object, which makes it O(1) at apply time.
import { objectIdOf, post, releaseGroup, valueOf } from './inspector';
import { journal } from './journal';
import { MoultRuntimeError } from './errors';

type Class = abstract new (...args: any[]) => object;
type Transformer = (obj: any) => void;

/** Every live object whose prototype is exactly cls.prototype (not subclass instances). */
export function instancesOf(cls: Class): object[] {
  const proto = cls.prototype as object;
  try {
    const q = post<{ objects: { objectId: string } }>('Runtime.queryObjects', { prototypeObjectId: objectIdOf(proto), objectGroup: 'moult' });
    const all = valueOf(q.objects.objectId) as object[];
    // queryObjects also finds subclasses' prototype objects (their [[Prototype]] is proto too).
    return all.filter((o) => Object.getPrototypeOf(o) === proto && !isPrototypeObject(o));
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

/** Gives obj the class newCls (its prototype), then lets transformer fix its fields. Journaled. */
export function updateToClass(obj: object, newCls: Class, transformer?: Transformer): void {
  const undo = snapshot(obj);
  Object.setPrototypeOf(obj, newCls.prototype);
  journal('convert object', undo);
  transformer?.(obj);
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
  for (const obj of found) updateToClass(obj, newCls, transformer);
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
