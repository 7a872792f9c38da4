// Pymoult's mixins (data_update.py): generateMixinUser(cls, ...mixins) makes a class whose
// members come from the mixins first, then cls (Python's bases = mixins + (cls,)); and
// applyMixinToObject(obj, ...mixins) gives one object the mixins' members. Here an object gets
// them as its own properties (same descriptors: methods stay non-enumerable, so JSON and
// Object.keys do not see them), the first mixin winning; journaled.
import { journal } from '../core/journal';
import { MoultRuntimeError } from '../core/errors';

type Class = abstract new (...args: any[]) => object;
type Mixin = Class | object;

function membersOf(mixin: Mixin): object {
  if (mixin === null || (typeof mixin !== 'object' && typeof mixin !== 'function')) throw new MoultRuntimeError('EBADARG', 'mixins: a mixin is a class or an object');
  return typeof mixin === 'function' ? (mixin.prototype as object) : mixin;
}

/** Copies the mixins' members onto target, the first mixin winning. */
function copyMembers(target: object, mixins: Mixin[]): void {
  for (const mixin of [...mixins].reverse()) {
    const source = membersOf(mixin);
    for (const key of Reflect.ownKeys(source)) {
      if (key === 'constructor') continue;
      Object.defineProperty(target, key, Reflect.getOwnPropertyDescriptor(source, key)!);
    }
  }
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

/** A subclass of cls whose prototype has the mixins' members (they take precedence over cls's). */
export function generateMixinUser<C extends Class>(cls: C, ...mixins: Mixin[]): C {
  if (typeof cls !== 'function') throw new MoultRuntimeError('EBADARG', 'generateMixinUser(cls, ...mixins): cls must be a class');
  const Base = cls as unknown as new (...args: any[]) => object;
  const MixinUser = class extends Base {};
  Object.defineProperty(MixinUser, 'name', { value: `${cls.name}WithMixins` });
  copyMembers(MixinUser.prototype, mixins);
  return MixinUser as unknown as C;
}

export function applyMixinToObject(obj: object, ...mixins: Mixin[]): void {
  const undo = snapshot(obj);
  copyMembers(obj, mixins);
  journal('apply mixin', undo);
}
