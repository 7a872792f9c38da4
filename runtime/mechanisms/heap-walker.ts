// Pymoult's HeapWalker: a cycle-safe traversal of the object graph reachable from some roots,
// calling walk_<TypeName>(obj) for each object whose constructor has that name.

export class HeapWalker {
  /** Called for objects with no walk_<TypeName> method; override to see everything. */
  walkDefault(_obj: object): void {}
}

function typeName(obj: object): string {
  const proto = Object.getPrototypeOf(obj);
  const ctor = proto && Object.prototype.hasOwnProperty.call(proto, 'constructor') ? proto.constructor : null;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'Object';
}

export function traverseHeap(walker: HeapWalker, roots: unknown[]): number {
  const seen = new WeakSet<object>();
  const stack: unknown[] = [...roots];
  let visited = 0;
  while (stack.length) {
    const v = stack.pop();
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || seen.has(v as object)) continue;
    const obj = v as object;
    seen.add(obj);
    visited++;
    if (typeof obj === 'object') {
      const method = (walker as unknown as Record<string, unknown>)[`walk_${typeName(obj)}`];
      if (typeof method === 'function') method.call(walker, obj);
      else walker.walkDefault(obj);
    }
    if (obj instanceof Map) for (const [k, val] of obj) stack.push(k, val);
    else if (obj instanceof Set) for (const val of obj) stack.push(val);
    for (const key of Reflect.ownKeys(obj)) {
      let desc: PropertyDescriptor | undefined;
      try { desc = Object.getOwnPropertyDescriptor(obj, key); } catch { continue; }
      if (desc && 'value' in desc) stack.push(desc.value);
    }
  }
  return visited;
}
