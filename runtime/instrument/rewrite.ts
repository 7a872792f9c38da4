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
import { lineColumn, lineStarts } from './lines';

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

/**
 * One piece of inserted text. `seq` is the order of a depth-first walk of the functions (each
 * opens, its inner functions open and close, it closes): it orders insertions at one offset, such
 * as the opening and the closing of an empty body (`async () => {}`), or inner and outer closings.
 */
/**
 * TEST SEAM, for the fail-safe's tests (README, "Tests"): with MOULT_TEST_BREAK_REWRITE set, a
 * module whose source contains its value comes out with a stray `)` after its first prologue, on
 * that function's line, as a bug of the rewrite would leave it. No real construct is known to
 * break the rewrite any more, and the fail-safe (SPEC 6.7) must still be shown to work.
 */
const BREAK_REWRITE = process.env.MOULT_TEST_BREAK_REWRITE || null;

interface Insertion { pos: number; text: string; lead: string; closing: boolean; seq: number; entry: FunctionEntry }

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
  let seq = 0;
  const closeUntil = (pos: number): void => {
    while (open.length && open[open.length - 1].end <= pos) {
      const e = open.pop()!;
      const close = e.instrumented ? closingText(e, moduleId) : '';
      if (close) insertions.push({ pos: e.exprBody ? e.end : e.end - 1, text: close, lead: '', closing: true, seq: seq++, entry: e });
    }
  };
  for (const e of functions) {
    closeUntil(e.start);
    open.push(e);
    // After a directive without its semicolon, one is needed: `'use strict'` then `if(…)` would run together.
    if (e.instrumented) insertions.push({ pos: e.insertAt, text: openingText(e, moduleId), lead: e.afterBareDirective ? ';' : '', closing: false, seq: seq++, entry: e });
  }
  closeUntil(Infinity);
  insertions.sort((a, b) => a.pos - b.pos || a.seq - b.seq);

  const parts: string[] = [];
  const placedStart = new Map<FunctionEntry, number>();
  const placedEnd = new Map<FunctionEntry, number>();
  let from = 0;
  let out = 0;
  let broken = BREAK_REWRITE !== null && source.includes(BREAK_REWRITE);
  for (const ins of insertions) {
    parts.push(source.slice(from, ins.pos), ins.lead, ins.text);
    if (broken && !ins.closing) {
      parts.push(')');
      broken = false;
    }
    out += ins.pos - from + ins.lead.length;
    from = ins.pos;
    if (!ins.closing) placedStart.set(ins.entry, out);
    out += ins.text.length;
    if (ins.closing) placedEnd.set(ins.entry, out);
  }
  parts.push(source.slice(from));
  let code = parts.join('');

  // Where a character of the source lands: after every insertion at or before its offset.
  const inserted = [0];
  for (const ins of insertions) inserted.push(inserted[inserted.length - 1] + ins.lead.length + ins.text.length);
  const shift = (pos: number): number => {
    let lo = 0;
    let hi = insertions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (insertions[mid].pos <= pos) lo = mid + 1;
      else hi = mid;
    }
    return pos + inserted[lo];
  };
  const starts = lineStarts(code);
  const placed = functions.map((e) => {
    if (!e.instrumented) return e;
    const [startLine, startColumn] = lineColumn(starts, shift(e.start));
    const [bodyLine, bodyColumn] = lineColumn(starts, shift(e.bodyStart));
    // An expression body's text ends with its own closing insertion; a block body with its `}`.
    const end = e.exprBody ? placedEnd.get(e)! : shift(e.end - 1) + 1;
    const tailLength = end - placedStart.get(e)!;
    return { ...e, startLine, startColumn, bodyLine, bodyColumn, tailLength };
  });

  const holders = Math.max(1, Math.ceil(functions.length / HOLDER_SIZE));
  // The module's own scope, for updates: names resolved where the module's code resolves them.
  const hook = evalHookName(moduleId);
  code += `\n;function ${hook}(__moult_src){return eval(__moult_src)}${holderName(moduleId, 0)}.e=${hook};`;
  return { code, functions: placed, topBodies, holders };
}
