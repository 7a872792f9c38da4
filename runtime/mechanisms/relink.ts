// redefineFunction: from now on every existing reference to f (exports, the module's own local
// calls, destructured imports, stored callbacks) runs g, with g's own closure. An instrumented f
// takes the slot path (slots.ts); anything else falls back to V8 LiveEdit (liveedit/redefine.ts),
// where the Node version allows it. The running update records which path it took.
import { slotOf, slotValue, writeSlot, isLiteralActive } from '../instrument/slots';
import { isCodeActiveByLiveEdit, isLiveEditForwarded, liveEditImplementation, liveEditRedefine, liveEditRestore } from '../liveedit/redefine';
import { currentUpdate } from '../dsu/manager';
import { emit } from '../core/events';
import { MoultRuntimeError } from '../core/errors';

export type RelinkPath = 'slot' | 'liveedit';

function noteVia(via: RelinkPath): void {
  currentUpdate()?.via.add(via);
}

export function redefineFunction(module: unknown, f: Function, g: Function): void {
  if (typeof f !== 'function' || typeof g !== 'function') throw new MoultRuntimeError('EBADARG', 'redefineFunction(module, f, g): f and g must be functions');
  void module; // names that pointed at f keep pointing at f, which now runs g
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
