// A patch's sources parsed before its update point (host/update-prep.ts does it in turns of their
// own), kept for the parseSource() of the same source (plan.ts), once. The first parse of a
// process is the slow one (the parser's code compiles as it first runs: measured ~13 ms of one
// turn for the first patch of a 1 KB module, against ~1 ms once warm), hence warmParser(): small
// programs that run most of the parser's paths, one per turn, before the first real parse.
// (A worker thread was tried: no parsing on the app's thread, but starting one blocked the app's
// thread 15-40 ms at a time on a loaded machine, and it costs ~10 MB while it lives.)
import { parseModule, type Node, type ParsedModule, type TokenSpan } from '../instrument/function-table';
import { loadParser } from '../instrument/parser';
import { nextTurn } from '../core/timers';
import { planTopLevel } from './top-level';

/** One parse of a source: its function table, its tokens and its top-level statements (what the planner reads). */
export interface Preparsed { parsed: ParsedModule; tokens: TokenSpan[]; statements: Node[] }

const ready = new Map<string, Preparsed>();
const keyOf = (source: string, isModule: boolean): string => `${isModule ? 'm' : 's'}:${source}`;

/** Parses `source` now, for the next parseSource() of it; false if it does not parse (parseSource reports why). */
export function preparse(source: string, isModule: boolean): boolean {
  const key = keyOf(source, isModule);
  if (ready.has(key)) return true;
  try {
    const tokens: TokenSpan[] = [];
    const statements: Node[] = [];
    ready.set(key, { parsed: parseModule(source, isModule, tokens, statements), tokens, statements });
    return true;
  } catch {
    return false;
  }
}

/** The result for this source, if it was parsed beforehand (taken: used once). */
export function takePreparsed(source: string, isModule: boolean): Preparsed | undefined {
  const key = keyOf(source, isModule);
  const r = ready.get(key);
  ready.delete(key);
  return r;
}

const WARM_UP = [
  'var a = 1, b = "s"; let c = [a, b, ...d]; const e = { a, b: c, [f]: 1, ...g };',
  'function f(a, b = 1, ...c) { if (a) return b; else { for (let i = 0; i < c.length; i++) a += c[i]; } return a; }',
  'class A extends B { #x = 1; static s = 2; constructor() { super(); } get g() { return this.#x; } set g(v) {} static m() {} *gen() { yield 1; } async am() { await 1; } }',
  'const o = { m() {}, get g() { return 1; } }; const f2 = async (x) => x?.y ?? (await z); `t${a}b`; /re/g.test(s); try { throw 1; } catch (e) {} finally {}',
  'for (const x of xs) { switch (x) { case 1: break; default: continue; } } while (a) a--; do {} while (0); for (const k in o) {} new Foo(a, ...b); typeof a; void 0; delete o.x; a = b ? c : d; x => ({ x }); module.exports = { a };',
];
let warm: Promise<void> | null = null;

function warmPlanner(isModule: boolean): void {
  const side = (source: string): Parameters<typeof planTopLevel>[2] => {
    const tokens: TokenSpan[] = [];
    const statements: Node[] = [];
    return { source, tokens, statements, functions: parseModule(source, isModule, tokens, statements).functions };
  };
  const before = 'const a = 1;\nfunction f(x) { return x + a; }\nexports.f = f;';
  planTopLevel('warm-up', isModule, side(before), side(`${before.replace('x + a', 'x - a')}\nconst b = [a];`));
}

/** Loads the parser, then runs it on small programs, one per turn, once per process. */
export function warmParser(isModule: boolean): Promise<void> {
  warm ??= (async () => {
    await nextTurn();
    loadParser();
    for (const program of WARM_UP) {
      await nextTurn();
      try { parseModule(program, isModule, []); } catch { /* a warm-up only */ }
    }
    // The planner's code too (it runs in the apply's turn): measured 6-13 ms of CPU for its first
    // run on a 22 KB module, 3-9 once it has run on a small one.
    await nextTurn();
    try { warmPlanner(isModule); } catch { /* a warm-up only */ }
  })();
  return warm;
}
