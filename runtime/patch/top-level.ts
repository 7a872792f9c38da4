// What a patch may change outside function bodies (SPEC 6.5), decided by comparing the loaded and
// the new source statement by statement (each top-level function counts as one token, its text
// is the slot path's business). Statements the new source adds are allowed when evaluating them
// once more has no effect outside them: declarations whose initializers are side-effect free
// (literals, RegExps, functions, classes, `require(…)`, a few pure built-in calls). They are
// evaluated once, in a scope nested in the module's own, in which the new function bodies are
// compiled: so the new code sees them, and the rest of the module is untouched. A declaration
// whose initializer changed is evaluated there again (it shadows the old binding for the new
// code), if it is side-effect free and never assigned. Removed declarations are left alone (old
// closures may still read them). A renamed function keeps its identity: the new name is bound to
// the old function, whose slot runs the new body. Anything else is refused with the line of the
// loaded source that changed.
import { loadParser } from '../instrument/parser';
import { MoultRuntimeError } from '../core/errors';
import type { FunctionEntry, TokenSpan } from '../instrument/function-table';
import { declaredNames, exportAssignment, referencedNames, sideEffectFree, type Node } from './statements';


export interface TopLevelPlan {
  /** Declarations to evaluate, in order, in the new scope (empty: nothing outside bodies changed). */
  prelude: string[];
  /** Names the prelude (re)binds: functions that read one are compiled again, in the new scope. */
  rebound: Set<string>;
  /** For each top-level function of the new source (by its `top` index): the loaded one it replaces, or -1 (new). */
  pairs: number[];
  /** Specifiers of the imports an ES module adds: imported before the patch applies (import-scope.ts), read by the prelude. */
  imports: string[];
  /**
   * Statements of the loaded source, outside function bodies, that read a binding whose value
   * the release changes: what they computed as the module loaded keeps the old value (SPEC 6.5,
   * start-up state). `line` is the loaded source's.
   */
  loadReads: { name: string; line: number }[];
}

/** Where the namespaces of a patch's new imports wait for its prelude (filled before it applies). */
export const IMPORTS = Symbol.for('moult.patch.imports');
export const importKey = (url: string, specifier: string): string => `${url}\0${specifier}`;

/** An added import declaration as prelude declarations reading the namespace imported beforehand. */
function importPrelude(n: Node, url: string): string {
  const ns = `globalThis[Symbol.for('moult.patch.imports')].get(${JSON.stringify(importKey(url, n.source.value))})`;
  return (n.specifiers as Node[]).map((sp) => {
    if (sp.type === 'ImportDefaultSpecifier') return `const ${sp.local.name} = ${ns}.default;`;
    if (sp.type === 'ImportNamespaceSpecifier') return `const ${sp.local.name} = ${ns};`;
    const imported = sp.imported.type === 'Identifier' ? sp.imported.name : sp.imported.value;
    return `const ${sp.local.name} = ${ns}[${JSON.stringify(imported)}];`;
  }).join(' ');
}

interface Stmt { node: Node; key: string; line: number; tops: number[] }


/** Whether a string token names one of these specifiers (or a file in one): `'qs'`, `"encodeurl/index.js"`. */
function namesSpecifier(token: string, specs: string[]): boolean {
  if (!/^['"`]/.test(token)) return false;
  const v = token.slice(1, -1);
  return specs.some((s) => v === s || v.startsWith(`${s}/`));
}

/**
 * The module's top-level statements, each as a key of its tokens outside function bodies. A
 * statement that loads one of `rebind` (a dependency the release moves to another copy) gets a key
 * of its own: it is to run again (its require resolves elsewhere now).
 */
function statements(source: string, body: Node[], tokens: TokenSpan[], tops: FunctionEntry[], rename: Map<string, string>, rebind: string[] = []): Stmt[] {
  // In the apply's turn: one pass over the tokens and one over the source's lines, whatever the
  // module's size (a line count per statement from the start, and a search of the functions per
  // token, were 20-30 ms of CPU on a 22 KB module).
  let t = 0;
  let line = 1;
  let lineFrom = 0;
  return body.map((node) => {
    const parts: string[] = [];
    const inside = tops.filter((f) => f.start >= node.start && f.end <= node.end);
    while (t < tokens.length && tokens[t][0] < node.start) t++;
    while (t < tokens.length && tokens[t][1] <= node.end) {
      const [s, e] = tokens[t];
      const fn = inside.find((f) => s >= f.bodyStart && s < f.end);
      if (fn) {
        if (parts[parts.length - 1] !== `fn#${fn.top}`) parts.push(`fn#${fn.top}`);
        // The rest of its body: tokens of the same function.
        while (t < tokens.length && tokens[t][0] < fn.end) t++;
        continue;
      }
      const text = source.slice(s, e);
      parts.push(rename.get(text) ?? text);
      t++;
    }
    for (; lineFrom < node.start; lineFrom++) if (source.charCodeAt(lineFrom) === 10) line++;
    // Function bodies are the slot path's: only their place counts here.
    const key = parts.join(' ').replace(/fn#\d+/g, 'fn#') + (rebind.length && parts.some((p) => namesSpecifier(p, rebind)) ? ' #rebind' : '');
    return { node, key, line, tops: inside.map((f) => f.top) };
  });
}

/** Longest common subsequence of the two key lists: [i, j] pairs of matched statements. */
function match(a: Stmt[], b: Stmt[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i].key === b[j].key ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const out: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[i].key === b[j].key) { out.push([i, j]); i++; j++; } else if (dp[i + 1][j] >= dp[i][j + 1]) i++; else j++;
  }
  return out;
}

/** A statement that may be evaluated once more, in a nested scope. */
function evaluable(n: Node): boolean {
  if (n.type === 'FunctionDeclaration') return true;
  if (n.type === 'ClassDeclaration') return sideEffectFree(n);
  if (n.type === 'VariableDeclaration') return (n.declarations as Node[]).every((d) => sideEffectFree(d.init));
  if (n.type === 'EmptyStatement') return true;
  return false;
}

/** Every name the code assigns anywhere (`x = …`, `x++`): at the top level, state. */
export function assignedNames(source: string, isModule: boolean): Set<string> {
  return assignedIn((loadParser()(source, { sourceType: isModule ? 'module' : 'script', webcompat: true, globalReturn: !isModule, next: true }) as unknown as Node).body as Node[]);
}

/** assignedNames() of already parsed statements. */
function assignedIn(body: Node[]): Set<string> {
  const out = new Set<string>();
  const visit = (n: any): void => {
    if (!n || typeof n.type !== 'string') return;
    if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier') out.add(n.left.name);
    if (n.type === 'UpdateExpression' && n.argument.type === 'Identifier') out.add(n.argument.name);
    for (const k in n) {
      const v = n[k];
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') visit(v);
    }
  };
  body.forEach(visit);
  return out;
}

function refuse(label: string, source: string, s: Stmt, why: string): never {
  const text = (source.split('\n')[s.line - 1] ?? '').trim();
  throw new MoultRuntimeError('EPATCH', `${label}:${s.line}: the patch changes code outside function bodies (\`${text.slice(0, 80)}\`): ${why}; such code ran once, at load, and cannot run again (a patch may add declarations, change side-effect-free constants and function bodies)`);
}

/** A source as parsed once, before the update point (patch/preparse.ts): nothing here parses it again. */
interface Side { source: string; tokens: TokenSpan[]; functions: FunctionEntry[]; statements: Node[] }

/** Where a release's prelude assigns an export again (journaled by slot-patch.ts). */
export const EXPORT_SET = Symbol.for('moult.patch.export');
function exportCode(e: { target: string; key: string; value: string }): string {
  return `globalThis[Symbol.for('moult.patch.export')](${e.target}, ${JSON.stringify(e.key)}, ${e.value});`;
}

/** Whether the loaded module declared (or imported) `name` at its top level. */
function declaredIn(stmts: Stmt[], name: string): boolean {
  return stmts.some((s) => declaredNames(s.node).includes(name) || (s.node.type === 'ImportDeclaration' && (s.node.specifiers as Node[]).some((sp) => sp.local.name === name)));
}

/**
 * Plans the top level of `next` against `loaded`; throws EPATCH naming the loaded source's line.
 * `rebind`: specifiers that resolve to another copy now (a dependency the release installs).
 */
export function planTopLevel(label: string, isModule: boolean, loaded: Side, next: Side, url = '', rebind: string[] = []): TopLevelPlan {
  const oldTops = loaded.functions.filter((f) => f.top >= 0);
  const newTops = next.functions.filter((f) => f.top >= 0);
  const attempt = (rename: Map<string, string>): { a: Stmt[]; b: Stmt[]; pairs: [number, number][] } => {
    const a = statements(loaded.source, loaded.statements, loaded.tokens, oldTops, new Map());
    const b = statements(next.source, next.statements, next.tokens, newTops, rename, rebind);
    return { a, b, pairs: match(a, b) };
  };
  let { a, b, pairs } = attempt(new Map());
  const unmatched = (p: [number, number][], len: number, side: 0 | 1): number[] => [...Array(len).keys()].filter((i) => !p.some((x) => x[side] === i));
  // Renamed functions: each removed function declaration is tried as renamed to each added one;
  // a renaming stands when it makes more statements match (`module.exports = newName` again).
  const removedFns = unmatched(pairs, a.length, 0).map((i) => a[i].node).filter((n) => n.type === 'FunctionDeclaration' && n.id);
  const addedFns = unmatched(pairs, b.length, 1).map((i) => b[i].node).filter((n) => n.type === 'FunctionDeclaration' && n.id);
  const renames = new Map<string, string>();
  if (removedFns.length * addedFns.length <= 64) {
    for (const r of removedFns) {
      let best: { name: string; tried: ReturnType<typeof attempt> } | null = null;
      for (const c of addedFns) {
        if (renames.has(c.id.name)) continue;
        const tried = attempt(new Map([...renames, [c.id.name as string, r.id.name as string]]));
        if (tried.pairs.length > (best?.tried.pairs.length ?? pairs.length)) best = { name: c.id.name, tried };
      }
      if (best) { renames.set(best.name, r.id.name); ({ a, b, pairs } = best.tried); }
    }
  }
  // Prelude code in the new source's order (a declaration may read one before it).
  const entries: { at: number; code: string }[] = [];
  const prelude = { push: (code: string, at = -1): void => { entries.push({ at, code }); } };
  const rebound = new Set<string>();
  for (const [neu, old] of renames) { prelude.push(`const ${neu} = ${old};`); rebound.add(neu); }
  const removed = unmatched(pairs, a.length, 0);
  const added = unmatched(pairs, b.length, 1);
  const assigned = added.length ? assignedIn(next.statements) : new Set<string>();
  const removedNames = new Set(removed.flatMap((i) => declaredNames(a[i].node)));
  for (const i of removed) {
    const n = a[i].node;
    if (n.type === 'VariableDeclaration' || n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration' || n.type === 'EmptyStatement' || n.type === 'ImportDeclaration') continue;
    if (n.type === 'ExpressionStatement' && n.expression.type === 'CallExpression' && sideEffectFree(n.expression)) continue; // a bare require('x')
    if (exportAssignment(n, loaded.source)) continue; // the export keeps its value, or the release assigns it again
    refuse(label, loaded.source, a[i], 'a statement other than a declaration is removed or changed');
  }
  const imports: string[] = [];
  for (const j of added) {
    const n = b[j].node;
    if (n.type === 'ImportDeclaration' && isModule && n.importKind !== 'type') {
      // Imported (asynchronously) before the patch applies; the prelude binds what it names.
      imports.push(n.source.value);
      for (const sp of n.specifiers as Node[]) rebound.add(sp.local.name);
      prelude.push(importPrelude(n, url), n.start);
      continue;
    }
    const exp = exportAssignment(n, next.source);
    if (exp) {
      prelude.push(exportCode(exp), n.start);
      continue;
    }
    if (!evaluable(n)) {
      // Name the loaded line where the change is: the first unmatched statement of the loaded source before which it comes.
      const before = pairs.find(([, jj]) => jj > j);
      const at = removed.find((i) => before === undefined || i < before[0]) ?? (before ? before[0] : a.length - 1);
      refuse(label, loaded.source, a[Math.max(0, at)] ?? b[j], 'a statement that is not a side-effect-free declaration is added or changed');
    }
    for (const name of declaredNames(n)) {
      // A binding the loaded module had and the release gives a new value: only if nothing assigns it.
      if (removedNames.has(name) && (assigned.has(name) || (n.type === 'VariableDeclaration' && n.kind === 'let'))) {
        refuse(label, next.source, b[j], `${name} is state (a \`let\` or an assigned binding) whose initializer changes`);
      }
      rebound.add(name);
    }
    // Function declarations are hoisted in the new scope: no matter where the release puts them.
    prelude.push(next.source.slice(n.start, n.end), n.start);
  }
  // Top-level functions: paired through the matched statements (a new one lives in the prelude).
  const topPairs = new Array<number>(newTops.length).fill(-1);
  for (const [i, j] of pairs) a[i].tops.forEach((t, k) => { if (b[j].tops[k] !== undefined) topPairs[b[j].tops[k]] = t; });
  // What ran as the module loaded and read a binding the release gives a new value: declarations
  // and export assignments that are side-effect free run again (their names are rebound in turn);
  // anything else keeps what it computed then (loadReads: start-up state).
  const changedNames = new Set([...added.flatMap((j) => declaredNames(b[j].node)).filter((n) => removedNames.has(n)), ...[...rebound].filter((n) => !removedNames.has(n) && declaredIn(a, n))]);
  const loadReads: TopLevelPlan['loadReads'] = [];
  const again = new Set<number>();
  const readCache = new Map<number, Set<string>>();
  const readsOf = (i: number): Set<string> => {
    let r = readCache.get(i);
    if (!r) readCache.set(i, (r = referencedNames(a[i].node)));
    return r;
  };
  const assignedNow = (): Set<string> => (assignedCache ??= assignedIn(next.statements));
  let assignedCache: Set<string> | undefined;
  for (let grew = true; grew && changedNames.size;) {
    grew = false;
    for (const [i, j] of pairs) {
      if (again.has(i) || a[i].node.type === 'FunctionDeclaration') continue;
      const reads = readsOf(i);
      if (![...changedNames].some((name) => reads.has(name))) continue;
      const n = b[j].node;
      const exp = exportAssignment(n, next.source);
      const decl = n.type === 'VariableDeclaration' && n.kind !== 'let' && evaluable(n) && !declaredNames(n).some((x) => assignedNow().has(x));
      if (!exp && !decl) continue;
      again.add(i);
      grew = true;
      prelude.push(exp ? exportCode(exp) : next.source.slice(n.start, n.end), n.start);
      for (const name of declaredNames(n)) { rebound.add(name); changedNames.add(name); }
    }
  }
  // (Only when some name changes: reading every statement's names is a walk of the whole module.)
  if (changedNames.size) for (const [i] of pairs) {
    if (again.has(i) || a[i].node.type === 'FunctionDeclaration') continue;
    const reads = readsOf(i);
    for (const name of changedNames) if (reads.has(name)) loadReads.push({ name, line: a[i].line });
  }
  return { prelude: entries.sort((x, y) => x.at - y.at).map((e) => e.code), rebound, pairs: topPairs, imports, loadReads };
}
