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
import { parse } from 'meriyah';
import { MoultRuntimeError } from '../core/errors';
import type { FunctionEntry, TokenSpan } from '../instrument/function-table';

type Node = { type: string; start: number; end: number; [key: string]: any };

export interface TopLevelPlan {
  /** Declarations to evaluate, in order, in the new scope (empty: nothing outside bodies changed). */
  prelude: string[];
  /** Names the prelude (re)binds: functions that read one are compiled again, in the new scope. */
  rebound: Set<string>;
  /** For each top-level function of the new source (by its `top` index): the loaded one it replaces, or -1 (new). */
  pairs: number[];
  /** Specifiers of the imports an ES module adds: imported before the patch applies (import-scope.ts), read by the prelude. */
  imports: string[];
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

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}

function statements(source: string, isModule: boolean, tokens: TokenSpan[], tops: FunctionEntry[], rename: Map<string, string>): Stmt[] {
  const ast = parse(source, { sourceType: isModule ? 'module' : 'script', ranges: { start: true, end: true }, webcompat: true, globalReturn: !isModule, next: true }) as unknown as Node;
  let t = 0;
  return (ast.body as Node[]).map((node) => {
    const parts: string[] = [];
    const inside = tops.filter((f) => f.start >= node.start && f.end <= node.end);
    while (t < tokens.length && tokens[t][0] < node.start) t++;
    for (; t < tokens.length && tokens[t][1] <= node.end; t++) {
      const [s, e] = tokens[t];
      const fn = inside.find((f) => s >= f.bodyStart && s < f.end);
      if (fn) {
        if (parts[parts.length - 1] !== `fn#${fn.top}`) parts.push(`fn#${fn.top}`);
        continue;
      }
      const text = source.slice(s, e);
      parts.push(rename.get(text) ?? text);
    }
    // Function bodies are the slot path's: only their place counts here.
    const key = parts.join(' ').replace(/fn#\d+/g, 'fn#');
    return { node, key, line: lineAt(source, node.start), tops: inside.map((f) => f.top) };
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

const PURE_CALLS = new Set(['RegExp', 'Symbol', 'Symbol.for', 'Object.freeze', 'Object.create', 'String', 'Number', 'Boolean', 'Array.from', 'Array.of', 'Object.keys', 'Object.entries', 'Object.fromEntries', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Math.pow', 'Math.max', 'Math.min', 'BigInt', 'Date.UTC', 'JSON.parse']);

function calleeName(n: Node): string | null {
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier') return `${n.object.name}.${n.property.name}`;
  return null;
}

/** Whether evaluating the expression again has no effect outside it (and reads nothing that changes). */
export function sideEffectFree(n: Node | null | undefined): boolean {
  if (!n) return true;
  switch (n.type) {
    case 'Literal': case 'Identifier': case 'FunctionExpression': case 'ArrowFunctionExpression': case 'ThisExpression':
      return true;
    case 'TemplateLiteral': return (n.expressions as Node[]).every(sideEffectFree);
    case 'ArrayExpression': return (n.elements as Node[]).every((e) => !e || (e.type !== 'SpreadElement' && sideEffectFree(e)));
    case 'ObjectExpression': return (n.properties as Node[]).every((p) => p.type === 'Property' && (!p.computed || sideEffectFree(p.key)) && sideEffectFree(p.value));
    case 'UnaryExpression': return n.operator !== 'delete' && sideEffectFree(n.argument);
    case 'BinaryExpression': case 'LogicalExpression': return sideEffectFree(n.left) && sideEffectFree(n.right);
    case 'ConditionalExpression': return sideEffectFree(n.test) && sideEffectFree(n.consequent) && sideEffectFree(n.alternate);
    case 'MemberExpression': return sideEffectFree(n.object) && (!n.computed || sideEffectFree(n.property));
    case 'ClassExpression': case 'ClassDeclaration':
      return sideEffectFree(n.superClass) && (n.body.body as Node[]).every((m) => m.type !== 'StaticBlock' && (!m.computed || sideEffectFree(m.key)) && !(m.type === 'PropertyDefinition' && m.static && !sideEffectFree(m.value)));
    case 'CallExpression': case 'NewExpression': {
      // require('x'): the module is loaded once (a loaded one is only looked up).
      if (n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1 && n.arguments[0].type === 'Literal' && typeof n.arguments[0].value === 'string') return true;
      const name = calleeName(n.callee);
      return name !== null && PURE_CALLS.has(name) && (n.arguments as Node[]).every((a) => a.type !== 'SpreadElement' && sideEffectFree(a));
    }
    default:
      return false;
  }
}

function declaredNames(n: Node): string[] {
  if (n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration') return n.id ? [n.id.name] : [];
  if (n.type !== 'VariableDeclaration') return [];
  const names: string[] = [];
  const collect = (p: Node | null): void => {
    if (!p) return;
    if (p.type === 'Identifier') names.push(p.name);
    else if (p.type === 'ObjectPattern') for (const q of p.properties as Node[]) collect(q.type === 'RestElement' ? q.argument : q.value);
    else if (p.type === 'ArrayPattern') for (const q of p.elements as Node[]) collect(q);
    else if (p.type === 'AssignmentPattern') collect(p.left);
    else if (p.type === 'RestElement') collect(p.argument);
  };
  for (const d of n.declarations as Node[]) collect(d.id);
  return names;
}

/** A statement that may be evaluated once more, in a nested scope. */
function evaluable(n: Node): boolean {
  if (n.type === 'FunctionDeclaration') return true;
  if (n.type === 'ClassDeclaration') return sideEffectFree(n);
  if (n.type === 'VariableDeclaration') return (n.declarations as Node[]).every((d) => sideEffectFree(d.init));
  if (n.type === 'EmptyStatement') return true;
  return false;
}

function assignedNames(source: string, isModule: boolean): Set<string> {
  const out = new Set<string>();
  const ast = parse(source, { sourceType: isModule ? 'module' : 'script', webcompat: true, globalReturn: !isModule, next: true }) as unknown as Node;
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
  visit(ast);
  return out;
}

function refuse(label: string, source: string, s: Stmt, why: string): never {
  const text = (source.split('\n')[s.line - 1] ?? '').trim();
  throw new MoultRuntimeError('EPATCH', `${label}:${s.line}: the patch changes code outside function bodies (\`${text.slice(0, 80)}\`): ${why}; such code ran once, at load, and cannot run again (a patch may add declarations, change side-effect-free constants and function bodies)`);
}

interface Side { source: string; tokens: TokenSpan[]; functions: FunctionEntry[] }

/** Plans the top level of `next` against `loaded`; throws EPATCH naming the loaded source's line. */
export function planTopLevel(label: string, isModule: boolean, loaded: Side, next: Side, url = ''): TopLevelPlan {
  const oldTops = loaded.functions.filter((f) => f.top >= 0);
  const newTops = next.functions.filter((f) => f.top >= 0);
  const attempt = (rename: Map<string, string>): { a: Stmt[]; b: Stmt[]; pairs: [number, number][] } => {
    const a = statements(loaded.source, isModule, loaded.tokens, oldTops, new Map());
    const b = statements(next.source, isModule, next.tokens, newTops, rename);
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
  const prelude: string[] = [];
  const rebound = new Set<string>();
  for (const [neu, old] of renames) { prelude.push(`const ${neu} = ${old};`); rebound.add(neu); }
  const removed = unmatched(pairs, a.length, 0);
  const added = unmatched(pairs, b.length, 1);
  const assigned = added.length ? assignedNames(next.source, isModule) : new Set<string>();
  const removedNames = new Set(removed.flatMap((i) => declaredNames(a[i].node)));
  for (const i of removed) {
    const n = a[i].node;
    if (n.type === 'VariableDeclaration' || n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration' || n.type === 'EmptyStatement' || n.type === 'ImportDeclaration') continue;
    if (n.type === 'ExpressionStatement' && n.expression.type === 'CallExpression' && sideEffectFree(n.expression)) continue; // a bare require('x')
    refuse(label, loaded.source, a[i], 'a statement other than a declaration is removed or changed');
  }
  const imports: string[] = [];
  for (const j of added) {
    const n = b[j].node;
    if (n.type === 'ImportDeclaration' && isModule && n.importKind !== 'type') {
      // Imported (asynchronously) before the patch applies; the prelude binds what it names.
      imports.push(n.source.value);
      for (const sp of n.specifiers as Node[]) rebound.add(sp.local.name);
      prelude.push(importPrelude(n, url));
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
    prelude.push(next.source.slice(n.start, n.end));
  }
  // Top-level functions: paired through the matched statements (a new one lives in the prelude).
  const topPairs = new Array<number>(newTops.length).fill(-1);
  for (const [i, j] of pairs) a[i].tops.forEach((t, k) => { if (b[j].tops[k] !== undefined) topPairs[b[j].tops[k]] = t; });
  return { prelude, rebound, pairs: topPairs, imports };
}
