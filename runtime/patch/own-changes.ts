// Which functions a new source changes in their own code, at any depth: a function's own code is
// its text with the text of each function nested in it left out (their changes are theirs). What
// start-up state a release leaves stale depends on it (start-up-state.ts): a factory whose own code
// changes computed what it returned with old code; a factory whose returned closure alone changes
// did not (LiveEdit or the slot path reach that closure's code).
import type { FunctionEntry } from '../instrument/function-table';

interface Side { source: string; functions: FunctionEntry[] }

/** Each function's nearest enclosing function (-1 for top-level ones), by index. */
export function parents(fns: FunctionEntry[]): number[] {
  const out: number[] = [];
  const stack: number[] = [];
  fns.forEach((f, i) => {
    while (stack.length && fns[stack[stack.length - 1]].end <= f.start) stack.pop();
    out.push(stack.length ? stack[stack.length - 1] : -1);
    stack.push(i);
  });
  return out;
}

function childrenOf(par: number[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  par.forEach((p, i) => {
    const list = out.get(p) ?? [];
    list.push(i);
    out.set(p, list);
  });
  return out;
}

function ownText(side: Side, kids: Map<number, number[]>, i: number): string {
  const f = side.functions[i];
  let text = '';
  let at = f.start;
  for (const c of kids.get(i) ?? []) {
    const child = side.functions[c];
    text += side.source.slice(at, child.start) + '\u0001';
    at = child.end;
  }
  return text + side.source.slice(at, f.end);
}

/**
 * Indices (into `before.functions`) of the functions whose own code `after` changes. Top-level
 * functions are paired by `topPairs` (for each top-level function of `after`, by its `top` index,
 * the one of `before` it replaces, or -1); nested ones by their place among their siblings. A
 * nested function with no counterpart (removed, or changed along with its siblings' count) counts
 * as changed, with everything nested in it.
 */
export function ownChanges(before: Side, after: Side, topPairs: number[], alsoChanged: ((ownText: string) => boolean) | null = null): number[] {
  const pb = parents(before.functions);
  const pa = parents(after.functions);
  const kb = childrenOf(pb);
  const ka = childrenOf(pa);
  const changed = new Set<number>();
  const all = (i: number): void => {
    changed.add(i);
    for (const c of kb.get(i) ?? []) all(c);
  };
  const pair = (o: number, n: number): void => {
    const own = ownText(before, kb, o);
    // Same code, reading something the release gives a new value (a rebound name, a dependency moved): changed too.
    if (own !== ownText(after, ka, n) || alsoChanged?.(own)) changed.add(o);
    const co = kb.get(o) ?? [];
    const cn = ka.get(n) ?? [];
    if (co.length === cn.length) {
      co.forEach((c, j) => pair(c, cn[j]));
      return;
    }
    // Siblings added or removed: those whose whole text is unchanged pair in order; the rest changed.
    const text = (s: Side, i: number): string => s.source.slice(s.functions[i].start, s.functions[i].end);
    let j = 0;
    for (const c of co) {
      const k = cn.findIndex((x, idx) => idx >= j && text(after, x) === text(before, c));
      if (k === -1) { all(c); continue; }
      j = k + 1;
    }
  };
  const oldTops = before.functions.map((f, i) => (f.top >= 0 ? i : -1)).filter((i) => i >= 0);
  const newTops = after.functions.map((f, i) => (f.top >= 0 ? i : -1)).filter((i) => i >= 0);
  topPairs.forEach((o, n) => { if (o >= 0 && oldTops[o] !== undefined && newTops[n] !== undefined) pair(oldTops[o], newTops[n]); });
  return [...changed].sort((a, b) => a - b);
}
