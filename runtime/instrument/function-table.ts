// The functions of one module's source, found by parsing it once at load: where each begins and
// where its body begins, its kind, how its arguments can be forwarded, and for the functions
// that module code can name, the name an update uses (`render`, `Account.prototype.show`).
// meriyah: chosen by measurement over acorn and oxc-parser (BENCHMARKS.md): the same answers on
// every syntax Node runs, about twice as fast as acorn at an app's start.
import { loadParser } from './parser';

// The parser is loaded on the first parse (parser.ts); re-exported for the benches that time it.
export { loadParser };

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
  /**
   * Where the prologue goes: just inside the `{`, after any directive ("use strict"); for an
   * expression body, just after the `=>` (before any parenthesis the body starts with).
   */
  insertAt: number;
  /** The last directive has no semicolon: the prologue must start with one (`'use strict';if(…)`). */
  afterBareDirective?: boolean;
  /** The parameters a forwarder passes on: declared names (`a`, `...rest`), or null for `...arguments`. */
  forward: string[] | null;
  /**
   * False for what the slot path cannot reach: class constructors, arrows with patterns or
   * defaults, and async functions and generators whose body cannot be wrapped in try/finally
   * (a function declaration in it would clash with a var, a parameter or another declaration).
   */
  instrumented: boolean;
  /** Why a function is not instrumented (set only then): what `moult check` tells. */
  leftAsWritten?: LeftAsWritten;
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

/**
 * Why the rewrite leaves a function as written (LiveEdit reaches it): a class constructor or an
 * arrow with patterns or defaults (the slot path cannot forward to them), an async function or
 * generator whose body cannot be wrapped in try/finally, asm.js, a parameter list that cannot be
 * forwarded past a binding named `arguments`.
 */
export type LeftAsWritten = 'constructor' | 'arrow-parameters' | 'declarations' | 'asm.js' | 'arguments';

export type Node = { type: string; start: number; end: number; [key: string]: any };
type Scope = { vars: Set<string> | null; evals: boolean };

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** A token's place in the source (comments are not tokens). */
export type TokenSpan = [start: number, end: number];

/**
 * `tokens`, when given, receives every token of the source, and `statements` the program's
 * top-level statements (ESTree nodes, with offsets): the same parse serves all three (a patch's
 * planner reads them, patch/top-level.ts).
 */
export function parseModule(source: string, isModule: boolean, tokens?: TokenSpan[], statements?: Node[]): ParsedModule {
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
  /** Per function on the stack: the names it declares with `var` (nested blocks included; made on the first), and whether it calls eval. */
  const scopes: Scope[] = [];
  let inAsm = 0;

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
    let insertAt = exprBody ? afterArrow(source, fn) : body.start + 1;
    let afterBareDirective = false;
    let asm = false;
    if (!exprBody) {
      for (const s of body.body as Node[]) {
        if (s.type !== 'ExpressionStatement' || typeof s.directive !== 'string') break;
        insertAt = s.end;
        afterBareDirective = source.charCodeAt(s.end - 1) !== 0x3b; // ';'
        if (s.directive === 'use asm') asm = true;
      }
    }
    const simple = (fn.params as Node[]).every((p) => p.type === 'Identifier' || (p.type === 'RestElement' && p.argument.type === 'Identifier'));
    const forward = simple ? (fn.params as Node[]).map((p) => (p.type === 'Identifier' ? p.name : `...${p.argument.name}`)) : null;
    const arrow = fn.type === 'ArrowFunctionExpression';
    const entry: FunctionEntry = {
      k: functions.length, start: naming.method && parent ? parent.start : fn.start, bodyStart: body.start, end: fn.end,
      async: fn.async === true, generator: fn.generator === true, arrow, exprBody, method: naming.method === true,
      accessor: naming.accessor, paramsStart: naming.method ? fn.start : (fn.params[0]?.start ?? fn.start),
      // An asm.js module stays as written, inner functions included: V8 validates it as a whole
      // (and warns on stderr and runs it as plain JavaScript if anything was added).
      insertAt, forward, instrumented: !naming.ctor && (!arrow || simple) && !asm && inAsm === 0, top: stack.length ? -1 : topBodies.length,
      usesThis: false, usesSuper: false, usesPrivate: false,
    };
    if (afterBareDirective) entry.afterBareDirective = true;
    if (!entry.instrumented) entry.leftAsWritten = naming.ctor ? 'constructor' : arrow && !simple ? 'arrow-parameters' : 'asm.js';
    if (naming.access && !stack.length) {
      entry.access = naming.access;
      const { base, key, kind } = naming.access;
      const plain = base ? `${base}.${key}` : key;
      entry.name = kind === 'value' ? plain : `${kind} ${plain}`;
    }
    if (!stack.length) topBodies.push([body.start, body.end]);
    functions.push(entry);
    stack.push(entry);
    const scope: Scope = { vars: null, evals: false };
    scopes.push(scope);
    if (asm) inAsm++;
    for (const p of fn.params as Node[]) visit(p, fn);
    visit(body, fn);
    if (asm) inAsm--;
    stack.pop();
    scopes.pop();
    // `.apply(this, arguments)` forwards the arguments object: where a parameter or a declaration
    // of the function is itself named `arguments` (sloppy code), the parameters go by name.
    if (!arrow && entry.instrumented && ownsArguments(fn.params as Node[], body)) {
      if (forward) entry.forward = forward;
      else {
        entry.instrumented = false;
        entry.leftAsWritten = 'arguments';
      }
    }
    // The prologue of an async function or generator wraps its body in try/finally, which makes
    // the body's function declarations block-scoped: they must not clash there.
    if (entry.instrumented && (entry.async || entry.generator) && !exprBody && !wrappable(body, fn.params as Node[], scope)) {
      entry.instrumented = false;
      entry.leftAsWritten = 'declarations';
    }
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
      case 'VariableDeclaration':
        if (n.kind === 'var' && scopes.length) {
          const scope = scopes[scopes.length - 1];
          for (const d of n.declarations as Node[]) boundNames(d.id, scope.vars ??= new Set());
        }
        break;
      case 'CallExpression':
        if (n.callee.type === 'Identifier' && n.callee.name === 'eval' && scopes.length) scopes[scopes.length - 1].evals = true;
        break;
    }
    for (const key in n) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const v = n[key];
      if (Array.isArray(v)) for (const c of v) visit(c, n);
      else if (v && typeof v === 'object' && typeof v.type === 'string') visit(v, n);
    }
  };
  visit(ast, null);
  if (statements) statements.push(...(ast.body as Node[]));
  return { functions, topBodies };
}

/** Where an arrow's expression body starts, with any parentheses (meriyah's body.start is inside them): after `=>` and blanks. */
function afterArrow(source: string, fn: Node): number {
  const params = fn.params as Node[];
  const end = (fn.body as Node).start;
  // Between the parameters (or `async`) and `=>` there are only `(`, `)`, `,`, blanks and comments.
  for (let i = params.length ? params[params.length - 1].end : fn.start; i < end;) {
    const c = source.charCodeAt(i);
    const d = source.charCodeAt(i + 1);
    if (c === 0x3d && d === 0x3e) { // =>, then the blanks before the body (as the prologue went before it)
      for (i += 2; i < end && /\s/.test(source[i]); i++);
      return i;
    }
    if (c === 0x2f && d === 0x2a) {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) break;
      i = close + 2;
      continue;
    }
    if ((c === 0x2f && d === 0x2f) || source.startsWith('<!--', i) || source.startsWith('-->', i)) {
      while (i < end && !/[\n\r\u2028\u2029]/.test(source[i])) i++;
      continue;
    }
    i++;
  }
  return end;
}

/** The names a binding pattern declares. */
function boundNames(p: Node | null | undefined, into: Set<string>): void {
  if (!p) return;
  switch (p.type) {
    case 'Identifier': into.add(p.name); return;
    case 'AssignmentPattern': boundNames(p.left, into); return;
    case 'RestElement': boundNames(p.argument, into); return;
    case 'ArrayPattern': for (const e of p.elements as (Node | null)[]) boundNames(e, into); return;
    case 'ObjectPattern': for (const q of p.properties as Node[]) boundNames(q.type === 'RestElement' ? q : q.value, into); return;
  }
}

/**
 * Whether a body can be wrapped in a block: its top-level function declarations become lexical
 * there, so none may share a name with a var of the body, a parameter or another one of them
 * (and a direct eval could declare such a var at run time).
 */
function wrappable(body: Node, params: Node[], scope: Scope): boolean {
  const declared = new Set<string>();
  for (let s of body.body as Node[]) {
    while (s.type === 'LabeledStatement') s = s.body;
    if (s.type !== 'FunctionDeclaration' || !s.id) continue;
    if (declared.has(s.id.name) || scope.vars?.has(s.id.name)) return false;
    declared.add(s.id.name);
  }
  if (!declared.size) return true;
  if (scope.evals) return false;
  const names = new Set<string>();
  for (const p of params) boundNames(p, names);
  for (const n of names) if (declared.has(n)) return false;
  return true;
}

/** Whether a function binds the name `arguments` itself: a parameter, or a lexical or function declaration of its body. */
function ownsArguments(params: Node[], body: Node): boolean {
  const names = new Set<string>();
  for (const p of params) boundNames(p, names);
  if (body.type === 'BlockStatement') {
    for (const s of body.body as Node[]) {
      if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id) names.add(s.id.name);
      else if (s.type === 'VariableDeclaration' && s.kind !== 'var') for (const d of s.declarations as Node[]) boundNames(d.id, names);
    }
  }
  return names.has('arguments');
}
