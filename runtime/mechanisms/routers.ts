// Pymoult's getter and setter routers (data_access.py: GetItemRouter, SetItemRouter,
// add_getter_router, add_setter_router): code that runs when a field of an instance of a class is
// read or written. Pymoult replaces the class's __getattribute__ / __setattr__, which sees every
// access. JavaScript has no such hook on ordinary objects, and a Proxy would be a different object
// (identity, ===, WeakMaps): so the class's prototype members move onto a Proxy placed under the
// prototype, and an access reaches the router when it reaches the prototype: a method, a field the
// object lacks, the writing of a new field, JSON.stringify (its toJSON lookup), String() and
// template literals (Symbol.toPrimitive, toString), util.inspect. Reads of the object's own
// fields, Object.keys, spread and `in` never consult the prototype with the object at hand: they
// do not route (`in` answers for the class without routing). The routers live on the prototype:
// O(1) to install, whatever the number of instances.
import { MoultRuntimeError } from '../core/errors';

type Class = abstract new (...args: any[]) => object;

/** Where a router delivers the objects it sees (DataAccessor's progressive mode). */
export interface AccessSink {
  put(obj: object): void;
  /** The object the sink's consumer is handling now: its own accesses are not delivered again. */
  readonly accessing?: object | null;
}

export interface GetterRouterOptions {
  /** Replaces the read, as Pymoult's `getter`: getter(obj, key). */
  getter?: (obj: any, key: PropertyKey) => unknown;
  dataAccessor?: AccessSink;
  /** Runs with the object before the read (Pymoult's `function`), with routing off for it. */
  function?: (obj: any) => void;
}

export interface SetterRouterOptions {
  /** Replaces the write, as Pymoult's `setter`: setter(obj, key, value). */
  setter?: (obj: any, key: PropertyKey, value: unknown) => void;
  dataAccessor?: AccessSink;
  function?: (obj: any) => void;
}

class Router {
  dataAccessor: AccessSink | undefined;
  function: ((obj: any) => void) | undefined;
  constructor(opts: { dataAccessor?: AccessSink; function?: (obj: any) => void }) {
    if (opts.function !== undefined && typeof opts.function !== 'function') throw new MoultRuntimeError('EBADARG', 'router: function must be a function');
    this.dataAccessor = opts.dataAccessor;
    this.function = opts.function;
  }

  protected see(obj: object): void {
    if (this.dataAccessor && this.dataAccessor.accessing !== obj) this.dataAccessor.put(obj);
    this.function?.(obj);
  }
}

export class GetItemRouter extends Router {
  readonly getter: ((obj: any, key: PropertyKey) => unknown) | undefined;
  constructor(opts: GetterRouterOptions = {}) {
    super(opts);
    this.getter = opts.getter;
  }

  /** A routed read of obj[key]; `read` is the read as it would be without the router. */
  route(obj: object, key: PropertyKey, read: () => unknown): unknown {
    this.see(obj);
    return this.getter ? this.getter(obj, key) : read();
  }
}

export class SetItemRouter extends Router {
  readonly setter: ((obj: any, key: PropertyKey, value: unknown) => void) | undefined;
  constructor(opts: SetterRouterOptions = {}) {
    super(opts);
    this.setter = opts.setter;
  }

  route(obj: object, key: PropertyKey, value: unknown, write: () => boolean): boolean {
    this.see(obj);
    if (!this.setter) return write();
    this.setter(obj, key, value);
    return true;
  }
}

interface Layer {
  proto: Record<PropertyKey, unknown>;
  parent: object | null;
  saved: PropertyDescriptorMap;
  /** The prototype's members, read from here while the layer is in place. */
  base: object;
  getter: GetItemRouter | null;
  setter: SetItemRouter | null;
  /** What `key in obj` answers for (lazy conversion: the class the objects are becoming). */
  view: object;
}

const layers = new WeakMap<object, Layer>();
/** Objects whose routed access is running: their nested accesses are plain ones. */
const busy = new WeakSet<object>();

function isPrototypeObject(o: object): boolean {
  const ctor = Object.prototype.hasOwnProperty.call(o, 'constructor') ? (o as { constructor?: unknown }).constructor : undefined;
  return typeof ctor === 'function' && ctor.prototype === o;
}

function layerOf(cls: Class): Layer {
  if (typeof cls !== 'function' || !cls.prototype) throw new MoultRuntimeError('EBADARG', 'routers: expected a class');
  const proto = cls.prototype as Record<PropertyKey, unknown>;
  const existing = layers.get(proto);
  if (existing) return existing;
  const parent = Object.getPrototypeOf(proto) as object | null;
  const saved: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(proto);
  Reflect.deleteProperty(saved, 'constructor');
  const base = Object.create(parent, saved) as object;
  const layer: Layer = { proto, parent, saved, base, getter: null, setter: null, view: base };
  // Whether the object still routes through this layer once its router ran (a conversion may
  // have given it another prototype).
  const routed = (obj: object): boolean => {
    for (let p = Object.getPrototypeOf(obj); p; p = Object.getPrototypeOf(p)) if (p === proto) return true;
    return false;
  };
  const plain = (receiver: object): boolean => receiver === proto || busy.has(receiver) || isPrototypeObject(receiver);
  const trap = new Proxy(Object.create(parent) as object, {
    get(_t, key, receiver: object) {
      if (!layer.getter || plain(receiver)) return Reflect.get(layer.base, key, receiver);
      busy.add(receiver);
      try {
        return layer.getter.route(receiver, key, () => (routed(receiver) ? Reflect.get(layer.base, key, receiver) : Reflect.get(receiver, key, receiver)));
      } finally {
        busy.delete(receiver);
      }
    },
    set(_t, key, value, receiver: object) {
      if (!layer.setter || plain(receiver)) return Reflect.set(layer.base, key, value, receiver);
      busy.add(receiver);
      try {
        return layer.setter.route(receiver, key, value, () => (routed(receiver) ? Reflect.set(layer.base, key, value, receiver) : Reflect.set(receiver, key, value, receiver)));
      } finally {
        busy.delete(receiver);
      }
    },
    has: (_t, key) => key in layer.view,
  });
  for (const key of Reflect.ownKeys(saved)) delete proto[key];
  Object.setPrototypeOf(proto, trap);
  layers.set(proto, layer);
  return layer;
}

/** Pymoult's add_getter_router: every routed read of an instance of cls goes through the router. */
export function addGetterRouter(cls: Class, opts: GetterRouterOptions = {}): GetItemRouter {
  const router = new GetItemRouter(opts);
  layerOf(cls).getter = router;
  return router;
}

/** Pymoult's add_setter_router: every routed write to an instance of cls goes through the router. */
export function addSetterRouter(cls: Class, opts: SetterRouterOptions = {}): SetItemRouter {
  const router = new SetItemRouter(opts);
  layerOf(cls).setter = router;
  return router;
}

/** The routers of cls, if any. */
export function routersOf(cls: Class): { getter: GetItemRouter | null; setter: SetItemRouter | null } {
  const layer = layers.get(cls.prototype as object);
  return { getter: layer?.getter ?? null, setter: layer?.setter ?? null };
}

/** `key in obj` answers for `proto` (lazy conversion: the class its objects are becoming). */
export function setRoutedView(cls: Class, proto: object): void {
  layerOf(cls).view = proto;
}

/**
 * Takes routers off cls (both, or only those given); once none is left the prototype gets its
 * members back.
 */
export function removeRouters(cls: Class, only?: { getter?: GetItemRouter; setter?: SetItemRouter }): void {
  const proto = cls.prototype as object;
  const layer = layers.get(proto);
  if (!layer) return;
  if (!only || (only.getter && layer.getter === only.getter)) layer.getter = null;
  if (!only || (only.setter && layer.setter === only.setter)) layer.setter = null;
  if (layer.getter || layer.setter) return;
  Object.setPrototypeOf(proto, layer.parent);
  Object.defineProperties(proto, layer.saved);
  layers.delete(proto);
}
