// What a top-level statement of a module is, for the patch planner (top-level.ts): whether
// evaluating it once more has no effect outside it, which names it declares, whether it assigns
// one of the module's exports. Shared by the planner and by the re-evaluation of what reads a
// rebound name (top-level.ts) and the new-instance path (fresh-instance.ts).

import type { Node } from '../instrument/function-table';

export type { Node };

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

export function declaredNames(n: Node): string[] {
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

/**
 * `exports.x = …` / `module.exports.x = …` with a side-effect-free right side: the module's own
 * export, assigned once more (journaled) when a release changes what it reads. Its target as code,
 * or null.
 */
export function exportAssignment(n: Node, source: string): { target: string; key: string; value: string } | null {
  if (n.type !== 'ExpressionStatement' || n.expression.type !== 'AssignmentExpression' || n.expression.operator !== '=') return null;
  const left = n.expression.left as Node;
  if (left.type !== 'MemberExpression') return null;
  const obj = left.object as Node;
  const isExports = (obj.type === 'Identifier' && obj.name === 'exports')
    || (obj.type === 'MemberExpression' && !obj.computed && obj.object.type === 'Identifier' && obj.object.name === 'module' && obj.property.name === 'exports');
  if (!isExports) return null;
  const key = !left.computed ? left.property.name : left.property.type === 'Literal' && typeof left.property.value === 'string' ? left.property.value : null;
  if (key === null || !sideEffectFree(n.expression.right)) return null;
  return { target: source.slice(obj.start, obj.end), key, value: source.slice(n.expression.right.start, n.expression.right.end) };
}

/**
 * The names a top-level statement reads as it runs (identifiers in reference position), outside
 * the functions it makes: `res.send = function send() {}` reads `res`, not `send`.
 */
export function referencedNames(n: Node): Set<string> {
  const out = new Set<string>();
  const visit = (x: any, parentKey: string, parent: any): void => {
    if (!x || typeof x.type !== 'string') return;
    if (x.type === 'FunctionExpression' || x.type === 'ArrowFunctionExpression' || x.type === 'FunctionDeclaration') return;
    if (x.type === 'Identifier') {
      const declaration = (parentKey === 'id' && (parent.type === 'VariableDeclarator' || parent.type === 'ClassDeclaration' || parent.type === 'ClassExpression'))
        || (parentKey === 'property' && parent.type === 'MemberExpression' && !parent.computed)
        || (parentKey === 'key' && !parent.computed && (parent.type === 'Property' || parent.type === 'MethodDefinition' || parent.type === 'PropertyDefinition'))
        || parentKey === 'label';
      if (!declaration) out.add(x.name);
      return;
    }
    for (const k of Object.keys(x)) {
      if (k === 'start' || k === 'end' || k === 'loc' || k === 'range') continue;
      const v = x[k];
      if (Array.isArray(v)) for (const c of v) visit(c, k, x);
      else if (v && typeof v === 'object') visit(v, k, x);
    }
  };
  visit(n, '', null);
  return out;
}
