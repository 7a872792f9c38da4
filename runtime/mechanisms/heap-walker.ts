// Pymoult's HeapWalker: a cycle-safe traversal of the object graph reachable from some roots,
// calling walk_<TypeName>(obj) for each object whose constructor has that name. The traversal goes
// on by itself; a Pymoult walker that recurses with this.walk(child) works too (each object is
// handed to the walker once per traversal). Roots may be module names, as Pymoult's: '__main__'
// is the app's entry module, any other name a module the app loaded (its exports).
import path from 'node:path';
import Module from 'node:module';
import { entryDir, mainModule } from '../core/entry';
import { MoultRuntimeError } from '../core/errors';

/** Objects already handed to each walker in the traversal under way. */
const handed = new WeakMap<HeapWalker, WeakSet<object>>();

export class HeapWalker {
  /** Called for objects with no walk_<TypeName> method; override to see everything. */
  walkDefault(_obj: object): void {}

  /** Pymoult's walk(item): hands item to its walk_<TypeName> (or walkDefault), once per traversal. */
  walk(item: unknown): void {
    if (item === null || typeof item !== 'object') return;
    let set = handed.get(this);
    if (!set) handed.set(this, (set = new WeakSet()));
    if (set.has(item)) return;
    set.add(item);
    const method = (this as unknown as Record<string, unknown>)[`walk_${typeName(item)}`];
    if (typeof method === 'function') method.call(this, item);
    else this.walkDefault(item);
  }
}

function typeName(obj: object): string {
  const proto = Object.getPrototypeOf(obj);
  const ctor = proto && Object.prototype.hasOwnProperty.call(proto, 'constructor') ? proto.constructor : null;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'Object';
}

/** A root given by name: '__main__' (the entry module), else a module the app has loaded. */
function moduleByName(name: string): unknown {
  if (name === '__main__') return mainModule()?.exports;
  const req = Module.createRequire(path.join(entryDir(), 'noop.js'));
  let resolved: string;
  try { resolved = req.resolve(name.startsWith('.') ? path.resolve(entryDir(), name) : name); } catch {
    throw new MoultRuntimeError('EBADARG', `traverseHeap: no module ${name} from ${entryDir()}`);
  }
  const cached = require.cache[resolved];
  if (!cached) throw new MoultRuntimeError('EBADARG', `traverseHeap: module ${name} is not loaded`);
  return cached.exports;
}

export function traverseHeap(walker: HeapWalker, roots: unknown[] = ['__main__']): number {
  if (!(walker instanceof HeapWalker)) throw new MoultRuntimeError('EBADARG', 'traverseHeap: walker must be a HeapWalker');
  const seen = new WeakSet<object>();
  handed.set(walker, new WeakSet());
  const stack: unknown[] = roots.map((r) => (typeof r === 'string' ? moduleByName(r) : r));
  let visited = 0;
  try {
    while (stack.length) {
      const v = stack.pop();
      if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v as object)) continue;
      const obj = v as object;
      seen.add(obj);
      visited++;
      if (typeof obj === 'object') walker.walk(obj);
      if (obj instanceof Map) for (const [k, val] of obj) stack.push(k, val);
      else if (obj instanceof Set) for (const val of obj) stack.push(val);
      for (const key of Reflect.ownKeys(obj)) {
        let desc: PropertyDescriptor | undefined;
        try { desc = Object.getOwnPropertyDescriptor(obj, key); } catch { continue; }
        if (desc && 'value' in desc) stack.push(desc.value);
      }
    }
  } finally {
    handed.delete(walker);
  }
  return visited;
}
