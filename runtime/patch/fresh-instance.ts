// A release of a CommonJS module the instrumentation did not reach (node_modules by default) that
// changes its top level: cookie 0.7.0 (CVE-2024-47764) adds four RegExp constants and drops one.
// LiveEdit replaces function bodies but cannot run new declarations in the module's scope, so
// this used to be refused unless the user instrumented the package (issue 18, "tried as a new
// user would").
//
// When the module keeps no state at its top level, a second instance of its new version is what
// loading it anew gives: the new version's top level only declares (side-effect-free initializers,
// functions, classes, requires, its exports assigned), and no top-level binding of either version
// is assigned after its declaration or holds an object the module could fill (but the exports).
// The new instance is evaluated beside the old one (not in require.cache: the old module object
// stays the one every importer holds); each old exported function (and method of an exported
// class: the class itself stays, its constructor must not change) becomes a forwarder to its new
// counterpart through LiveEdit (liveedit/redefine.ts: the function object keeps its identity, so
// destructured copies reach the new code too, and V8's installing is checked), and the other
// exports are set on the old exports object. All journaled; the undo leaves the forwarders in
// place and points them at a second new instance, of the loaded version (liveEditForward).
// Closures the old code made earlier are the start-up check's (start-up-state.ts), as for LiveEdit.
import Module from 'node:module';
import { loadParser } from '../instrument/parser';
import { Update } from '../dsu/update';
import { journal } from '../core/journal';
import { MoultRuntimeError } from '../core/errors';
import { isCodeActiveByLiveEdit, liveEditForward, liveEditRedefine } from '../liveedit/redefine';
import { declaredNames, exportAssignment, sideEffectFree, type Node } from './statements';
import { assignedNames } from './top-level';

/** Initializers that make something the module's code could fill: a second instance would not share it. */
function makesContainer(n: Node | null | undefined): boolean {
  if (!n) return false;
  if (n.type === 'ObjectExpression' || n.type === 'ArrayExpression' || n.type === 'NewExpression') return true;
  if (n.type === 'CallExpression') return !(n.callee.type === 'Identifier' && n.callee.name === 'require');
  return false;
}

function isModuleExports(n: Node): boolean {
  return n.type === 'MemberExpression' && !n.computed && n.object.type === 'Identifier' && n.object.name === 'module' && n.property.name === 'exports';
}

/** `module.exports = name`: the name whose value is the exports (a container there is fine). */
function exportedName(body: Node[]): string | null {
  for (const n of body) {
    if (n.type === 'ExpressionStatement' && n.expression.type === 'AssignmentExpression' && isModuleExports(n.expression.left) && n.expression.right.type === 'Identifier') return n.expression.right.name;
  }
  return null;
}

/** Why a new instance of `next` could not stand for the module loaded from `loaded`, or null. */
export function freshInstanceProblem(loaded: string, next: string): string | null {
  const opts = { sourceType: 'script' as const, webcompat: true, globalReturn: true, next: true, ranges: true };
  const sides = [{ what: 'the loaded version', source: loaded }, { what: 'the new version', source: next }];
  for (const { what, source } of sides) {
    const body = (loadParser()(source, opts) as unknown as Node).body as Node[];
    const exported = exportedName(body);
    const declared = new Set<string>();
    for (const n of body) {
      const line = source.slice(0, n.start).split('\n').length;
      if (n.type === 'VariableDeclaration') {
        for (const d of n.declarations as Node[]) {
          const names = declaredNames({ ...n, declarations: [d] });
          if (!sideEffectFree(d.init)) return `${what}, line ${line}: its initializer may have effects`;
          if (makesContainer(d.init) && !names.includes(exported ?? '')) return `${what}, line ${line}: ${names.join(', ')} holds an object the module may fill (state a new instance would not share)`;
          names.forEach((x) => declared.add(x));
        }
        continue;
      }
      if (n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration') {
        if (!sideEffectFree(n) && n.type === 'ClassDeclaration') return `${what}, line ${line}: class ${n.id?.name} runs code as it is defined`;
        declaredNames(n).forEach((x) => declared.add(x));
        continue;
      }
      if (n.type === 'EmptyStatement' || (n.type === 'ExpressionStatement' && typeof n.directive === 'string')) continue;
      if (exportAssignment(n, source)) continue;
      if (n.type === 'ExpressionStatement' && n.expression.type === 'AssignmentExpression' && n.expression.operator === '=' && isModuleExports(n.expression.left) && sideEffectFree(n.expression.right)) continue;
      return `${what}, line ${line}: a top-level statement that does more than declare (\`${source.slice(n.start, Math.min(n.end, n.start + 60)).split('\n')[0]}\`)`;
    }
    const state = [...assignedNames(source, false)].filter((x) => declared.has(x));
    if (state.length) return `${what}: ${state.join(', ')} ${state.length > 1 ? 'are' : 'is'} state (assigned after ${state.length > 1 ? 'their declarations' : 'its declaration'})`;
  }
  return null;
}

type Fn = (...args: unknown[]) => unknown;

function isClass(f: Fn): boolean {
  return /^class\b/.test(Function.prototype.toString.call(f));
}

/** A class's `extends` and constructor, as written (what its instances are made by). */
function constructorText(f: Fn): string {
  const text = Function.prototype.toString.call(f);
  const cls = ((loadParser()(`(${text})`, { next: true, ranges: true }) as unknown as Node).body[0] as Node).expression as Node;
  const ctor = (cls.body.body as Node[]).find((m) => m.type === 'MethodDefinition' && m.kind === 'constructor');
  const at = (n: Node | null | undefined): string => (n ? text.slice(n.start - 1, n.end - 1) : '');
  return `${at(cls.superClass)}|${at(ctor)}`;
}

/** Old function → new function, for what the importers may hold: the exports, their properties, the methods of exported classes. */
function pairsOf(before: unknown, after: unknown): { pairs: [Fn, Fn][]; values: [Record<PropertyKey, unknown>, string, unknown][] } {
  const pairs: [Fn, Fn][] = [];
  const values: [Record<PropertyKey, unknown>, string, unknown][] = [];
  const seen = new Set<unknown>();
  const fnPair = (o: unknown, n: unknown): boolean => {
    if (typeof o !== 'function' || typeof n !== 'function' || o === n) return false;
    if (seen.has(o)) return true;
    seen.add(o);
    if (isClass(o as Fn) || isClass(n as Fn)) {
      // The old class stays (instanceof, its instances); its methods forward, its constructor cannot.
      if (constructorText(o as Fn) !== constructorText(n as Fn)) throw new MoultRuntimeError('EPATCH', `the constructor of class ${(o as Fn).name} changes, and a class cannot be redefined in place`);
      methods((o as { prototype: object }).prototype, (n as { prototype: object }).prototype);
      methods(o, n);
    } else {
      pairs.push([o as Fn, n as Fn]);
      const op = (o as { prototype?: object }).prototype;
      const np = (n as { prototype?: object }).prototype;
      if (op && np) methods(op, np);
    }
    return true;
  };
  const methods = (op: object, np: object): void => {
    for (const k of Object.getOwnPropertyNames(np)) {
      if (k === 'constructor' || k === 'prototype') continue;
      const od = Object.getOwnPropertyDescriptor(op, k);
      const nd = Object.getOwnPropertyDescriptor(np, k);
      if (od && nd && 'value' in od && 'value' in nd) fnPair(od.value, nd.value);
    }
  };
  if (typeof before === 'function' && typeof after !== 'function') throw new MoultRuntimeError('EPATCH', 'its exports change from a function to something else');
  fnPair(before, after);
  if (!before || (typeof before !== 'object' && typeof before !== 'function') || !after || (typeof after !== 'object' && typeof after !== 'function')) return { pairs, values };
  const skip = typeof after === 'function' ? new Set(['length', 'name', 'prototype', 'arguments', 'caller']) : new Set<string>();
  for (const k of Object.keys(after as object)) {
    if (skip.has(k)) continue;
    const o = (before as Record<string, unknown>)[k];
    const n = (after as Record<string, unknown>)[k];
    if (!fnPair(o, n) && o !== n) values.push([before as Record<PropertyKey, unknown>, k, n]);
  }
  return { pairs, values };
}

export class FreshInstanceUpdate extends Update {
  private pairs: [Fn, Fn][] = [];
  private values: [Record<PropertyKey, unknown>, string, unknown][] = [];
  private lastBlock = '';

  /** Old function → the same code in an instance of the loaded version: what the undo forwards to. */
  private same = new Map<Fn, Fn>();

  constructor(readonly old: NodeJS.Module, readonly label: string, readonly source: string, readonly loaded: string) {
    super({ name: `patch:${label}` });
  }

  private instance(source: string): unknown {
    const m = new Module(this.old.filename, this.old.parent ?? undefined) as NodeJS.Module & { _compile(src: string, file: string): unknown };
    m.filename = this.old.filename;
    m.paths = this.old.paths;
    m._compile(source, this.old.filename);
    m.loaded = true;
    return m.exports;
  }

  /** The new instances are made before the update point: their top level only declares, so nobody sees them until apply. */
  override preupdateSetup(): void {
    ({ pairs: this.pairs, values: this.values } = pairsOf(this.old.exports, this.instance(this.source)));
    // The undo does not LiveEdit the old code back: the forwarders then go to a copy of it.
    this.same = new Map(pairsOf(this.old.exports, this.instance(this.loaded)).pairs);
  }

  override checkAlterability(): boolean {
    const busy = this.pairs.find(([o]) => isCodeActiveByLiveEdit(o));
    this.lastBlock = busy ? `${busy[0].name || 'a function'} of ${this.label} is running` : '';
    return !busy;
  }

  get blockedBy(): string {
    return this.lastBlock;
  }

  override apply(): void {
    for (const [o, n] of this.pairs) {
      const same = this.same.get(o);
      if (same) liveEditForward(o, n, same);
      else liveEditRedefine(o, n);
    }
    for (const [obj, key, value] of this.values) {
      const had = Object.prototype.hasOwnProperty.call(obj, key);
      const before = obj[key];
      obj[key] = value;
      journal(`export ${key} of ${this.label}`, () => { if (had) obj[key] = before; else delete obj[key]; });
    }
    this.via.add('instance');
  }
}
