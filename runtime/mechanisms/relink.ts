// redefineFunction: from now on every existing reference to f (exports, the module's own local
// calls, destructured imports, stored callbacks) runs g, with g's own closure; and, as Pymoult's
// setattr(module, name, g), each property of `module` that held f now holds g itself
// (`module.f === g`). An instrumented f takes the slot path (slots.ts); anything else falls back
// to V8 LiveEdit (liveedit/redefine.ts), where the Node version allows it. The running update
// records which path it took.
//
// Handing g out through the module means the app may now hold g itself, so a later update may
// name g (`module.f`) instead of f: g stands for the originals it was put in place of, and
// redefining g redirects those originals' slots to the newer version (O(1)). A function that is
// only a replacement is not itself rewritten (that would be LiveEdit, 0.4-0.5 s for a heap of
// 200 000 small objects on Node 26, measured): a copy of `module.f` that the app stored after the
// earlier update keeps running that version, as every old reference does in Pymoult.
import { slotOf, slotValue, writeSlot, isLiteralActive, literalActivity } from '../instrument/slots';
import { isCodeActiveByLiveEdit, isLiveEditForwarded, liveEditImplementation, liveEditRedefine, liveEditRestore } from '../liveedit/redefine';
import { currentUpdate } from '../dsu/manager';
import { emit } from '../core/events';
import { MoultRuntimeError } from '../core/errors';
import { journal, withoutJournal } from '../core/journal';

export type RelinkPath = 'slot' | 'liveedit';

function noteVia(via: RelinkPath): void {
  currentUpdate()?.via.add(via);
}

/** g → the functions redefineFunction put g in place of (checked against what they run now). */
const standsFor = new WeakMap<Function, Set<Function>>();

/** The functions whose calls run f now because redefineFunction put f in their place. */
export function originalsOf(f: Function): Function[] {
  const set = standsFor.get(f);
  return set ? [...set].filter((o) => o !== f && currentImplementation(o) === f) : [];
}

/**
 * The functions whose own references a redefinition of f redirects: f and the originals it
 * stands for; only the originals when f is nothing but a replacement (see the header).
 */
export function membersOf(f: Function): Function[] {
  const originals = originalsOf(f);
  return originals.length && !slotOf(f) && !isLiveEditForwarded(f) ? originals : [f, ...originals];
}

export function redefineFunction(module: unknown, f: Function, g: Function): void {
  if (typeof f !== 'function' || typeof g !== 'function') throw new MoultRuntimeError('EBADARG', 'redefineFunction(module, f, g): f and g must be functions');
  const originals = originalsOf(f);
  const members = membersOf(f);
  for (const m of members) {
    if (m === g) restoreOriginal(m);
    else redirect(m, g);
  }
  const stands = standsFor.get(g) ?? new Set<Function>();
  for (const m of members) if (m !== g && currentImplementation(m) === g) stands.add(m);
  if (stands.size) standsFor.set(g, stands);
  rebind(module, [f, ...originals], g);
}

/** Calls of f run g from now on (f's own references only; no module property changes). */
export function redirect(f: Function, g: Function): void {
  const slot = slotOf(f);
  if (slot) {
    const forwarded = slot.entry.forward;
    if (forwarded !== null && !forwarded.some((p) => p.startsWith('...')) && g.length > forwarded.length) {
      emit('runtime.warning', `${f.name || 'function'} declares ${forwarded.length} parameter(s) and its new version ${g.length}: calls pass on only the declared ones`, {}, 'warn');
    }
    writeSlot(slot, g, `redefine ${f.name}`);
    noteVia('slot');
    return;
  }
  liveEditRedefine(f, g);
  noteVia('liveedit');
}

/** module → the keys redefineFunction rebound there → the original function each stands for. */
const rebound = new WeakMap<object, Map<PropertyKey, Function>>();

/**
 * Pymoult's setattr(module, name, g): every own data property of `module` (an object or a
 * function: exports, a namespace-like object, a class) that holds f, or an original f stands for,
 * now holds g; and so does a property rebound earlier for one of them (it holds an earlier
 * version), but not one that merely holds the same function under its own name. Read-only and
 * accessor properties stay (an ES module namespace cannot be written: its calls still run g
 * through the slot). Journaled.
 */
function rebind(module: unknown, family: Function[], g: Function): void {
  if (module === null || (typeof module !== 'object' && typeof module !== 'function')) return;
  const m = module as Record<PropertyKey, unknown>;
  let keys: PropertyKey[];
  try { keys = Reflect.ownKeys(m); } catch { return; }
  let record = rebound.get(m);
  for (const key of keys) {
    let desc: PropertyDescriptor | undefined;
    try { desc = Reflect.getOwnPropertyDescriptor(m, key); } catch { continue; }
    if (!desc || !('value' in desc) || !desc.writable || desc.value === g) continue;
    const previous = desc.value as unknown;
    const stoodFor = record?.get(key);
    // What the key stands for: the original recorded when it was first rebound, else its value.
    const holds = family.includes(previous as Function) ? stoodFor ?? previous as Function : stoodFor !== undefined && family.includes(stoodFor) ? stoodFor : undefined;
    if (holds === undefined) continue;
    // A namespace object says writable but refuses the write: Reflect.set answers false.
    if (!Reflect.set(m, key, g)) continue;
    if (!record) rebound.set(m, (record = new Map()));
    const map = record;
    map.set(key, holds);
    journal(`rebind ${String(key)}`, () => {
      if (m[key] !== g) return;
      m[key] = previous;
      if (stoodFor === undefined) map.delete(key);
      else map.set(key, stoodFor);
    });
  }
}

/** Puts f's own code back (undoes every redefinition of f). */
export function restoreOriginal(f: Function): void {
  const slot = slotOf(f);
  if (slot) writeSlot(slot, undefined, `restore ${f.name}`);
  else liveEditRestore(f);
}

/** What a call of f runs now. */
export function currentImplementation(f: Function): Function {
  const slot = slotOf(f);
  if (slot) return slotValue(slot) ?? f;
  return liveEditImplementation(f);
}

export function isForwarded(f: Function): boolean {
  const slot = slotOf(f);
  return slot ? slotValue(slot) !== undefined : isLiveEditForwarded(f);
}

/** Whether f's own code (not what it forwards to) runs or waits now. */
export function isCodeActive(f: Function): boolean {
  const slot = slotOf(f);
  return slot ? isLiteralActive(slot) : isCodeActiveByLiveEdit(f);
}

/** f's activity in numbers where its slot counts it (forced quiescence); undefined otherwise. */
export function codeActivity(f: Function): { counted: number; onStack: boolean; suspendable: boolean } | undefined {
  const slot = slotOf(f);
  return slot ? literalActivity(slot) : undefined;
}

/**
 * Calls f as it ran before `now` was put in its place (`previous`: f's own code when it is f):
 * the slot holds `previous` for the call's synchronous start, then `now` again. Not journaled: a
 * passing change. Only for a slot; false when f has none.
 */
export function callThrough(f: Function, previous: Function, now: Function, self: unknown, args: unknown[]): { value: unknown } | false {
  const slot = slotOf(f);
  if (!slot) return false;
  return withoutJournal(() => {
    writeSlot(slot, previous === f ? undefined : previous, `pass ${f.name}`);
    try {
      return { value: Reflect.apply(f, self, args) };
    } finally {
      writeSlot(slot, now, `gate ${f.name}`);
    }
  });
}
