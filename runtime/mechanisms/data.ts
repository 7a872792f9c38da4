// Finding and converting live objects. Instances are found with V8's Runtime.queryObjects, so the
// app never registers its classes; lazy conversion hooks the old prototype instead of touching
// each object, which makes it O(1) at apply time.
import { objectIdOf, post, releaseGroup, valueOf } from '../core/inspector';
import { journal } from '../core/journal';
import { MoultRuntimeError } from '../core/errors';
import { addGetterRouter, addSetterRouter, removeRouters, routersOf, setRoutedView, type AccessSink } from './routers';

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

/**
 * Gives obj the class newCls (its prototype), then lets transformer fix its fields. Journaled.
 * Pymoult's form updateToClass(obj, cls, newCls, transformer) is taken too: obj changes class
 * only if cls is null or obj's class; the transformer runs either way.
 */
export function updateToClass(obj: object, newCls: Class, transformer?: Transformer): void;
export function updateToClass(obj: object, cls: Class | null, newCls: Class, transformer?: Transformer): void;
export function updateToClass(obj: object, ...rest: unknown[]): void {
  if (rest.length === 3 || (rest.length === 2 && isClassLike(rest[1]))) {
    const [cls, newCls, transformer] = rest as [Class | null, Class, Transformer | undefined];
    if (cls === null || Object.getPrototypeOf(obj) === cls.prototype) {
      convertBatch('convert object', [obj], Object.getPrototypeOf(obj), newCls.prototype as object, transformer);
    } else {
      transformer?.(obj);
    }
    return;
  }
  const [newCls, transformer] = rest as [Class, Transformer | undefined];
  convertBatch('convert object', [obj], Object.getPrototypeOf(obj), newCls.prototype as object, transformer);
}

/**
 * A class rather than a transformer: `class` syntax, or a function whose prototype carries
 * methods. Tells Pymoult's shorter call forms from moult's (a plain function with an empty
 * prototype is taken for a transformer).
 */
function isClassLike(v: unknown): v is Class {
  if (typeof v !== 'function' || !v.prototype) return false;
  if (/^class\b/.test(Function.prototype.toString.call(v))) return true;
  return Object.getOwnPropertyNames(v.prototype).some((k) => k !== 'constructor');
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
export function startEagerUpdate(cls: Class, newCls: Class | Transformer, transformer?: Transformer, module?: unknown): number {
  const found = instancesOf(cls);
  // Pymoult's startEagerUpdate(cls, transformer): the transformer does the whole conversion.
  if (!isClassLike(newCls) && transformer === undefined) {
    for (const obj of found) (newCls as Transformer)(obj);
    return found.length;
  }
  convertBatch('convert object', found, cls.prototype as object, newCls.prototype as object, transformer);
  rebindInModule(module, cls, newCls);
  return found.length;
}

/**
 * Converts each instance of cls on its first use, as Pymoult's startLazyUpdate: a getter and a
 * setter router on cls (routers.ts) convert the object they see, and the access that triggered
 * the conversion is then done on the converted object. O(1) at apply time.
 */
export function startLazyUpdate(cls: Class, newCls: Class | Transformer, transformer?: Transformer, module?: unknown): void {
  const proto = cls.prototype as object;
  // Pymoult's startLazyUpdate(cls, transformer): routers that hand each object to the transformer
  // (which, as in Pymoult, converts it, or is called at each of its routed accesses).
  if (!isClassLike(newCls) && transformer === undefined) {
    const getter = addGetterRouter(cls, { function: newCls as Transformer });
    const setter = addSetterRouter(cls, { function: newCls as Transformer });
    journal('lazy conversion', () => removeRouters(cls, { getter, setter }), false);
    return;
  }
  const convert = (obj: object): void => {
    // Subclass instances keep reading the old class's members (through the router's layer).
    if (Object.getPrototypeOf(obj) !== proto) return;
    Object.setPrototypeOf(obj, newCls.prototype);
    transformer?.(obj);
  };
  const getter = addGetterRouter(cls, { function: convert });
  const setter = addSetterRouter(cls, { function: convert });
  setRoutedView(cls, newCls.prototype as object);
  rebindInModule(module, cls, newCls);
  // Objects already converted stay converted: undoing a lazy conversion needs a restart.
  journal('lazy conversion', () => removeRouters(cls, { getter, setter }), false);
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

export interface RedefineClassOptions {
  /** Also convert every live instance now (startEagerUpdate), with this transformer if it is one. */
  eager?: boolean | Transformer;
}

/**
 * Pymoult's redefineClass: the module's bindings of cls now hold newCls (new objects made through
 * them are newCls's); live instances are left alone, for a lazy conversion or nothing. Asked for,
 * (`{eager}`, or a transformer as the fourth argument), every live instance is converted now too.
 * Returns how many instances were converted.
 */
export function redefineClass(module: unknown, cls: Class, newCls: Class, opts: RedefineClassOptions | Transformer = {}): number {
  if (typeof cls !== 'function' || typeof newCls !== 'function') throw new MoultRuntimeError('EBADARG', 'redefineClass(module, cls, newCls): cls and newCls must be classes');
  const eager = typeof opts === 'function' ? opts : opts.eager;
  if (eager) return startEagerUpdate(cls, newCls, typeof eager === 'function' ? eager : undefined, module);
  rebindInModule(module, cls, newCls);
  return 0;
}

/**
 * Pymoult's DataAccessor. 'immediate': every live instance now (iterable; its async iterator yields
 * to the event loop between batches). 'progressive': the instances as the program touches them,
 * through a getter and a setter router on the class (routers.ts; what JavaScript routes is said
 * there), each delivered once, until stop(); asynchronous only (`for await`), since JavaScript
 * cannot block an iteration as Pymoult's queue does.
 */
export class DataAccessor<T extends object = object> implements AccessSink {
  /** The object the consumer handles now (its own accesses to it are not delivered again). */
  accessing: T | null = null;
  private queue: T[] = [];
  private delivered = new WeakSet<object>();
  private wakeUp: (() => void) | null = null;
  private stopped = false;

  constructor(readonly cls: Class, readonly mode: 'immediate' | 'progressive' = 'immediate', readonly batchSize = 1000) {
    if (mode !== 'immediate' && mode !== 'progressive') throw new MoultRuntimeError('EBADARG', `DataAccessor: mode must be 'immediate' or 'progressive', got ${String(mode)}`);
  }

  [Symbol.iterator](): Iterator<T> {
    if (this.mode === 'progressive') throw new MoultRuntimeError('EBADARG', "DataAccessor: progressive access is asynchronous: iterate it with for await");
    return (instancesOf(this.cls) as T[])[Symbol.iterator]();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.mode === 'progressive') {
      yield* this.progressive();
      return;
    }
    const all = instancesOf(this.cls) as T[];
    for (let i = 0; i < all.length; i++) {
      if (i > 0 && i % this.batchSize === 0) await new Promise((r) => setImmediate(r));
      yield all[i];
    }
  }

  /** Pymoult's put(): a router saw obj. */
  put(obj: object): void {
    if (this.stopped || this.delivered.has(obj)) return;
    this.delivered.add(obj);
    this.queue.push(obj as T);
    this.wake();
  }

  /** Ends a progressive iteration (Pymoult's stop()) and takes its routers off. */
  stop(): void {
    this.stopped = true;
    this.wake();
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  private async *progressive(): AsyncGenerator<T> {
    // As Pymoult: routers already on the class (a lazy conversion's) deliver here too.
    const { getter, setter } = routersOf(this.cls);
    const before = { getter: getter?.dataAccessor, setter: setter?.dataAccessor };
    const own = {
      getter: getter ? undefined : addGetterRouter(this.cls, { dataAccessor: this }),
      setter: setter ? undefined : addSetterRouter(this.cls, { dataAccessor: this }),
    };
    if (getter) getter.dataAccessor = this;
    if (setter) setter.dataAccessor = this;
    try {
      for (;;) {
        while (this.queue.length) {
          this.accessing = this.queue.shift()!;
          yield this.accessing;
          this.accessing = null;
        }
        if (this.stopped) return;
        await new Promise<void>((resolve) => { this.wakeUp = resolve; });
      }
    } finally {
      this.accessing = null;
      this.stopped = true;
      if (getter && getter.dataAccessor === this) getter.dataAccessor = before.getter;
      if (setter && setter.dataAccessor === this) setter.dataAccessor = before.setter;
      removeRouters(this.cls, { ...(own.getter ? { getter: own.getter } : {}), ...(own.setter ? { setter: own.setter } : {}) });
    }
  }
}
