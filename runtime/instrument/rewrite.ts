// Load-time indirection: every function of an app module gets a one-statement prologue that
// forwards the call to its slot once an update has filled it. The slots are fields of a
// per-module holder object reached through a read-only global, which V8 treats as a constant:
// until an update writes a slot, optimized code folds the check away. Async functions and
// generators also count their live activations (suspended ones included), which is how the
// runtime knows they are quiescent without a debugger.
//
// Nothing inserted contains a line break, so every line keeps its number; a column moves only
// when it follows an insertion on the same line (code after a function's opening brace).
import { parseModule, type FunctionEntry } from './function-table';

/** Functions per holder object: a few hundred fields keep V8's fast (constant-tracked) layout. */
export const HOLDER_SIZE = 256;

export function holderName(moduleId: string, k: number): string {
  const chunk = Math.floor(k / HOLDER_SIZE);
  return chunk === 0 ? `__moult$${moduleId}` : `__moult$${moduleId}_${chunk}`;
}

/**
 * The global every forwarder calls through: `Function.prototype.call` bound to itself, so that
 * `CALL(g, self, a)` is `g.call(self, a)` (defined once by holders.ts).
 */
export const CALL = '__moult$call';

/** `Reflect.construct` as it was at start-up: a module's own `Reflect` binding cannot shadow it. */
export const CONSTRUCT = '__moult$new';

export function evalHookName(moduleId: string): string {
  return `__moult$${moduleId}$eval`;
}

/** Where a function ended up in the instrumented code, for stack checks and identification. */
export interface Placed {
  /** Line (0-based) and column of the function's start and of its body's start. */
  startLine: number;
  startColumn: number;
  bodyLine: number;
  bodyColumn: number;
  /** Characters from the opening insertion to the end of the function's text. */
  tailLength: number;
}

export interface InstrumentedModule {
  code: string;
  functions: (FunctionEntry & Partial<Placed>)[];
  topBodies: [number, number][];
  /** How many holder objects the code reads (`holderName(id, 0..holders-1)`). */
  holders: number;
}

interface Insertion { pos: number; text: string; closing: boolean; depth: number; entry: FunctionEntry }

/**
 * The text inserted at `insertAt`: the forwarder, and the activation count where there is one.
 * It is kept as small as possible (V8 inlines small functions, and every byte here is in every
 * function): once a slot is filled, the call goes straight to what the slot holds, with the
 * declared parameters. Quiescence covers the new version too: an async function or a generator
 * forwards inside its own activation count; a plain function's frame is on the stack while the
 * new version runs (slots.ts). Measured: a prologue that counted calls itself (try/finally in
 * every plain function) cost 25 % on small hot functions; this one costs nothing measurable.
 */
export function openingText(e: FunctionEntry, moduleId: string): string {
  const h = holderName(moduleId, e.k);
  const k = e.k;
  const self = e.arrow ? 'void 0' : 'this';
  // CALL(f, self, ...args) is f.call(self, ...args) with no property read on f: V8 20 checked the
  // map of what the slot holds at every `.call` (10-30 % on a small redefined function).
  const call = e.forward === null
    ? `${h}.f${k}.apply(${self},arguments)`
    : `${CALL}(${h}.f${k},${self}${e.forward.length ? `,${e.forward.join(',')}` : ''})`;
  const test = `${h}.f${k}!==void 0`;
  if (e.generator) return `${h}.a${k}++;try{if(${test})return yield* ${call};`;
  // Async: the forwarded call is awaited inside the count, so that a call waiting on the new
  // version counts as this function's activation (no wrapper needed in the slot).
  if (e.async) return e.exprBody ? `{${h}.a${k}++;try{if(${test})return await ${call};return (` : `${h}.a${k}++;try{if(${test})return await ${call};`;
  if (e.exprBody) return `(${test}?${call}:(`;
  if (e.arrow || e.method) return `if(${test})return ${call};`;
  const args = e.forward === null ? '...arguments' : e.forward.join(',');
  return `if(${test})return new.target?${CONSTRUCT}(${h}.f${k},[${args}],new.target):${call};`;
}

function closingText(e: FunctionEntry, moduleId: string): string {
  const h = holderName(moduleId, e.k);
  const counted = e.async || e.generator;
  if (e.exprBody) return counted ? `)}finally{${h}.a${e.k}--}}` : '))';
  return counted ? `}finally{${h}.a${e.k}--}` : '';
}

export function instrument(source: string, moduleId: string, isModule: boolean): InstrumentedModule {
  const { functions, topBodies } = parseModule(source, isModule);
  const insertions: Insertion[] = [];
  const open: FunctionEntry[] = [];
  for (const e of functions) {
    while (open.length && open[open.length - 1].end <= e.start) open.pop();
    open.push(e);
    if (!e.instrumented) continue;
    insertions.push({ pos: e.insertAt, text: openingText(e, moduleId), closing: false, depth: open.length, entry: e });
    const close = closingText(e, moduleId);
    if (close) insertions.push({ pos: e.exprBody ? e.end : e.end - 1, text: close, closing: true, depth: open.length, entry: e });
  }
  // At one offset: functions that end there close innermost first, then functions open outermost first.
  insertions.sort((a, b) => a.pos - b.pos || (a.closing === b.closing ? (a.closing ? b.depth - a.depth : a.depth - b.depth) : a.closing ? -1 : 1));

  const parts: string[] = [];
  const placedStart = new Map<FunctionEntry, number>();
  const placedEnd = new Map<FunctionEntry, number>();
  let from = 0;
  let out = 0;
  for (const ins of insertions) {
    parts.push(source.slice(from, ins.pos));
    out += ins.pos - from;
    from = ins.pos;
    if (!ins.closing) placedStart.set(ins.entry, out);
    parts.push(ins.text);
    out += ins.text.length;
    if (ins.closing) placedEnd.set(ins.entry, out);
  }
  parts.push(source.slice(from));
  let code = parts.join('');

  // Offsets of the instrumented code, for the line and column of each function: a position moves
  // by the insertions before it, and by those opening at it unless a function also closes there.
  const inserted = [0];
  for (const ins of insertions) inserted.push(inserted[inserted.length - 1] + ins.text.length);
  const firstAt = (pos: number, after: boolean): number => {
    let lo = 0;
    let hi = insertions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (insertions[mid].pos < pos || (after && insertions[mid].pos === pos)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const shift = (pos: number): number => {
    const i = firstAt(pos, false);
    const before = i < insertions.length && insertions[i].pos === pos && insertions[i].closing ? i : firstAt(pos, true);
    return pos + inserted[before];
  };
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c === 10 || c === 0x2028 || c === 0x2029 || (c === 13 && code.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  const lineColumn = (offset: number): [number, number] => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo, offset - lineStarts[lo]];
  };
  const placed = functions.map((e) => {
    if (!e.instrumented) return e;
    const [startLine, startColumn] = lineColumn(shift(e.start));
    const [bodyLine, bodyColumn] = lineColumn(shift(e.bodyStart));
    // An expression body's text ends with its own closing insertion; a block body with its `}`.
    const end = e.exprBody ? placedEnd.get(e)! : shift(e.end);
    const tailLength = end - placedStart.get(e)!;
    return { ...e, startLine, startColumn, bodyLine, bodyColumn, tailLength };
  });

  const holders = Math.max(1, Math.ceil(functions.length / HOLDER_SIZE));
  // The module's own scope, for updates: names resolved where the module's code resolves them.
  const hook = evalHookName(moduleId);
  code += `\n;function ${hook}(__moult_src){return eval(__moult_src)}${holderName(moduleId, 0)}.e=${hook};`;
  return { code, functions: placed, topBodies, holders };
}
