// The functions of one module's source, found by parsing it once at load: where each begins and
// where its body begins, its kind, how its arguments can be forwarded, and for the functions
// that module code can name, the name an update uses (`render`, `Account.prototype.show`).
// meriyah: chosen by measurement over acorn and oxc-parser (BENCHMARKS.md): the same answers on
// every syntax Node runs, about twice as fast as acorn at an app's start.
import type { parse as Parse } from 'meriyah';

// Loaded on the first parse: a start that finds every module in the instrumentation cache never
// parses, and the parser (300 KB of code) was a fifth of the preload's own start-up cost.
let parse: typeof Parse | null = null;

/**
 * Loads the parser (once): its CommonJS build, which Node compiles in one piece (measured 6.5 ms
 * of CPU, against 9 ms for the ES build that `require('meriyah')` picks on Node 20.19+ through its
 * `module-sync` condition, by way of the ES module loader).
 */
export function loadParser(): typeof Parse {
  if (parse) return parse;
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    parse = (require(require.resolve('meriyah').replace(/meriyah\.m?js$/, 'meriyah.cjs')) as typeof import('meriyah')).parse;
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    parse = (require('meriyah') as typeof import('meriyah')).parse;
  }
  return parse;
}

/** How module code reaches a function: `base` evaluated in the module's scope, then `key` on it. */
export interface FunctionAccess {
  /** An expression in module scope; null when `key` is itself a binding of the module. */
  base: string | null;
  key: string;
  kind: 'value' | 'get' | 'set';
}

export interface FunctionEntry {
  /** Index of the function literal in the module, in source order. */
  k: number;
  start: number;
  /** Offset of the body's `{`, or of an arrow's expression body. */
  bodyStart: number;
  end: number;
  async: boolean;
  generator: boolean;
  arrow: boolean;
  exprBody: boolean;
  /** A method, getter or setter: `new` cannot call it. */
  method: boolean;
  accessor?: 'get' | 'set';
  /** Where the parameter list opens (a method's text before it is its key). */
  paramsStart: number;
  /** Where the prologue goes: just inside the `{`, after any directive ("use strict"). */
  insertAt: number;
  /** The parameters a forwarder passes on: declared names (`a`, `...rest`), or null for `...arguments`. */
  forward: string[] | null;
  /** False for what the slot path cannot reach: class constructors, arrows with patterns or defaults. */
  instrumented: boolean;
  /** Index among the functions that no other function encloses; -1 for nested ones. */
  top: number;
  name?: string;
  access?: FunctionAccess;
  usesThis: boolean;
  usesSuper: boolean;
  usesPrivate: boolean;
}

export interface ParsedModule {
  functions: FunctionEntry[];
  /** [start, end) of the bodies of the top-level functions: everything else ran once, at load. */
  topBodies: [number, number][];
}

type Node = { type: string; start: number; end: number; [key: string]: any };

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** A token's place in the source (comments are not tokens). */
export type TokenSpan = [start: number, end: number];

/** `tokens`, when given, receives every token of the source: the same parse serves both. */
export function parseModule(source: string, isModule: boolean, tokens?: TokenSpan[]): ParsedModule {
  const ast = loadParser()(source, {
    sourceType: isModule ? 'module' : 'script',
    // Offsets only: `ranges: true` (with arrays) measured 1.3-3.8x slower.
    ranges: { start: true, end: true },
    webcompat: true,
    globalReturn: !isModule,
    ...(tokens ? { onToken: (_type: string, start: number, end: number) => { tokens.push([start, end]); } } : {}),
  }) as unknown as Node;
  const functions: FunctionEntry[] = [];
  const topBodies: [number, number][] = [];
  const stack: FunctionEntry[] = [];

  /** `a.b.c` for a chain of plain names, else null. */
  const path = (n: Node): string | null => {
    if (n.type === 'Identifier') return n.name;
    if (n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier') {
      const base = path(n.object);
      return base === null ? null : `${base}.${n.property.name}`;
    }
    return null;
  };
  const keyName = (key: Node, computed: boolean): string | null => {
    if (computed) return key.type === 'Literal' && typeof key.value === 'string' ? key.value : null;
    if (key.type === 'Identifier') return key.name;
    if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
    return null;
  };
  /** The name a class or object literal is reached by from module scope. */
  const holderName = (n: Node, parent: Node | null): string | null => {
    // A class expression's own name is bound only inside it: module code knows it by what holds it.
    if (n.type === 'ClassDeclaration') return n.id?.name ?? null;
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if (parent?.type === 'AssignmentExpression') return path(parent.left);
    return null;
  };

  const enter = (fn: Node, parent: Node | null, naming: { access?: FunctionAccess; method?: boolean; ctor?: boolean; accessor?: 'get' | 'set' }): void => {
    const body = fn.body as Node;
    const exprBody = fn.type === 'ArrowFunctionExpression' && fn.expression === true;
    let insertAt = exprBody ? body.start : body.start + 1;
    if (!exprBody) for (const s of body.body as Node[]) { if (s.type === 'ExpressionStatement' && typeof s.directive === 'string') insertAt = s.end; else break; }
    const simple = (fn.params as Node[]).every((p) => p.type === 'Identifier' || (p.type === 'RestElement' && p.argument.type === 'Identifier'));
    const forward = simple ? (fn.params as Node[]).map((p) => (p.type === 'Identifier' ? p.name : `...${p.argument.name}`)) : null;
    const arrow = fn.type === 'ArrowFunctionExpression';
    const entry: FunctionEntry = {
      k: functions.length, start: naming.method && parent ? parent.start : fn.start, bodyStart: body.start, end: fn.end,
      async: fn.async === true, generator: fn.generator === true, arrow, exprBody, method: naming.method === true,
      accessor: naming.accessor, paramsStart: naming.method ? fn.start : (fn.params[0]?.start ?? fn.start),
      insertAt, forward, instrumented: !naming.ctor && (!arrow || simple), top: stack.length ? -1 : topBodies.length,
      usesThis: false, usesSuper: false, usesPrivate: false,
    };
    if (naming.access && !stack.length) {
      entry.access = naming.access;
      const { base, key, kind } = naming.access;
      const plain = base ? `${base}.${key}` : key;
      entry.name = kind === 'value' ? plain : `${kind} ${plain}`;
    }
    if (!stack.length) topBodies.push([body.start, body.end]);
    functions.push(entry);
    stack.push(entry);
    for (const p of fn.params as Node[]) visit(p, fn);
    visit(body, fn);
    stack.pop();
  };

  /** `this`, `super` and `new.target` belong to the nearest non-arrow function (and the arrows inside it). */
  const markLexical = (flag: 'usesThis' | 'usesSuper'): void => {
    for (let i = stack.length - 1; i >= 0; i--) {
      stack[i][flag] = true;
      if (!stack[i].arrow) break;
    }
  };

  const visit = (n: Node | null | undefined, parent: Node | null): void => {
    if (!n || typeof n.type !== 'string') return;
    switch (n.type) {
      case 'FunctionDeclaration':
        enter(n, parent, n.id ? { access: { base: null, key: n.id.name, kind: 'value' } } : {});
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        let access: FunctionAccess | undefined;
        if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') access = { base: null, key: parent.id.name, kind: 'value' };
        else if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') {
          const base = path(parent.left.object);
          const key = keyName(parent.left.property, parent.left.computed);
          if (base !== null && key !== null) access = { base, key, kind: 'value' };
        } else if (parent?.type === 'AssignmentExpression' && parent.left.type === 'Identifier') access = { base: null, key: parent.left.name, kind: 'value' };
        else if (n.id?.name && parent?.type === 'ExportDefaultDeclaration') access = { base: null, key: n.id.name, kind: 'value' };
        enter(n, parent, { access });
        return;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const cls = holderName(n, parent);
        visit(n.superClass, n);
        for (const m of n.body.body as Node[]) {
          if (m.type === 'MethodDefinition') {
            const key = keyName(m.key, m.computed);
            const base = cls === null ? null : m.static ? cls : `${cls}.prototype`;
            const kind = m.kind === 'get' || m.kind === 'set' ? m.kind : 'value';
            if (m.computed) visit(m.key, m);
            enter(m.value, m, { method: true, ctor: m.kind === 'constructor', accessor: kind === 'value' ? undefined : kind, access: base !== null && key !== null && m.kind !== 'constructor' ? { base, key, kind } : undefined });
          } else if (m.type === 'PropertyDefinition') {
            if (m.computed) visit(m.key, m);
            const key = keyName(m.key, m.computed);
            const named = m.static && cls !== null && key !== null && m.value && FUNCTION_TYPES.has(m.value.type);
            if (named) enter(m.value, m, { access: { base: cls, key: key!, kind: 'value' } });
            else visit(m.value, m);
          } else visit(m, n);
        }
        return;
      }
      case 'ObjectExpression': {
        const obj = holderName(n, parent);
        for (const p of n.properties as Node[]) {
          if (p.type !== 'Property' || !FUNCTION_TYPES.has(p.value.type)) { visit(p, n); continue; }
          if (p.computed) visit(p.key, p);
          const key = keyName(p.key, p.computed);
          const kind = p.kind === 'get' || p.kind === 'set' ? p.kind : 'value';
          const access = obj !== null && key !== null ? { base: obj, key, kind } as FunctionAccess : undefined;
          enter(p.value, p, { method: p.method || kind !== 'value', accessor: kind === 'value' ? undefined : kind, access });
        }
        return;
      }
      case 'ThisExpression': markLexical('usesThis'); return;
      case 'Super': markLexical('usesSuper'); return;
      case 'MetaProperty': markLexical('usesThis'); return;
      case 'PrivateIdentifier': for (const e of stack) e.usesPrivate = true; return;
      case 'Identifier':
        // A function that reads its own `arguments` already pays for the object: it forwards it whole.
        if (n.name === 'arguments') for (let i = stack.length - 1; i >= 0; i--) if (!stack[i].arrow) { stack[i].forward = null; break; }
        return;
    }
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const v = n[key];
      if (Array.isArray(v)) for (const c of v) visit(c, n);
      else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v, n);
    }
  };
  visit(ast, null);
  return { functions, topBodies };
}
