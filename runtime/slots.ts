// The main path of relinking and quiescence, for functions instrumented at load: a function's
// slot is one field of its module's holder; writing it makes every closure of that function
// (every existing reference to it) run the new code. O(1): no debugger, no heap walk.
import { fileURLToPath } from 'node:url';
import { holderOf, literalOf, type Literal } from './instrumented-modules';
import { stackFrames, scriptPath } from './call-sites';
import { journal } from './journal';

/** f's slot, if f was instrumented. */
export function slotOf(f: Function): Literal | undefined {
  return literalOf(f);
}

export function slotValue(l: Literal): Function | undefined {
  return holderOf(l.record, l.entry.k)[`f${l.entry.k}`] as Function | undefined;
}

/** Fills (or empties, with undefined) the slot; journaled, so that a failed update puts it back. */
export function writeSlot(l: Literal, g: Function | undefined, what: string): void {
  const holder = holderOf(l.record, l.entry.k);
  const key = `f${l.entry.k}`;
  const previous = holder[key];
  holder[key] = g;
  journal(what, () => { holder[key] = previous; });
}

/**
 * Whether code of the literal runs or waits now: an activation of an async function or a
 * generator (suspended ones too) is counted by its prologue; a plain function can only be on the
 * current stack, which CallSites show; calls through the slot are counted by the holder.
 */
export function isLiteralActive(l: Literal): boolean {
  const { record, entry } = l;
  if (record.running[entry.k] > 0 || record.pending[entry.k] > 0) return true;
  if (entry.async || entry.generator) {
    if ((holderOf(record, entry.k)[`a${entry.k}`] as number) > 0) return true;
    if (entry.generator) return false;
  }
  return onStack(l);
}

function onStack(l: Literal): boolean {
  const { record, entry } = l;
  if (entry.startLine === undefined) return false;
  const frames = stackFrames();
  if (!frames) return true; // cannot tell: not quiescent
  let file: string | undefined;
  for (const frame of frames) {
    const line = (frame.getEnclosingLineNumber!() ?? 0) - 1;
    const column = (frame.getEnclosingColumnNumber!() ?? 0) - 1;
    // The frame's function begins between the function's start and its body: it is this one.
    const afterStart = line > entry.startLine! || (line === entry.startLine && column >= entry.startColumn!);
    const beforeBody = line < entry.bodyLine! || (line === entry.bodyLine && column <= entry.bodyColumn!);
    if (!afterStart || !beforeBody) continue;
    file ??= fileURLToPath(record.url);
    const framePath = scriptPath(frame.getScriptNameOrSourceURL?.() ?? frame.getFileName?.());
    if (framePath === undefined || framePath === file) return true;
  }
  return false;
}
