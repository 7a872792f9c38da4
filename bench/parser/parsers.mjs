// The three candidate parsers behind one interface, with the options load-time instrumentation
// would use, and the function-collecting AST walk. Shared by run.mjs and child.mjs.
//
// kind: 'commonjs' (a CommonJS module: script goal, top-level `return` allowed, hashbang allowed),
//       'module' (an ES module). Every adapter returns an ESTree Program whose nodes carry
//       start/end offsets, or throws on a syntax error.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(path.join(ROOT, 'package.json'));

export const PARSERS = ['acorn', 'meriyah', 'oxc'];
/** The npm package behind each parser name (oxc-parser is ESM: loaded with require(esm), node >= 20.19). */
export const PACKAGES = { acorn: 'acorn', meriyah: 'meriyah', oxc: 'oxc-parser' };

/** The options each adapter passes, per kind (also written to the results). */
export function options(name, kind, variant = {}) {
  switch (name) {
    case 'acorn':
      return {
        ecmaVersion: 'latest',
        sourceType: kind === 'module' ? 'module' : 'script',
        allowHashBang: true,
        allowReturnOutsideFunction: kind === 'commonjs',
      };
    case 'meriyah':
      // webcompat: Annex B syntax (HTML comments, `if (x) function f(){}`, ...), which node accepts
      // in CommonJS. ranges: start/end only (`ranges: true` also builds a `range` array per node).
      // (variant.ranges: the `ranges: true` form, measured for comparison only.)
      return { sourceType: kind, ranges: variant.ranges ? true : { start: true, end: true }, webcompat: true, next: Boolean(variant.next) };
    case 'oxc':
      // preserveParens: false gives plain ESTree (no ParenthesizedExpression nodes), as acorn/meriyah.
      return { lang: 'js', sourceType: kind, preserveParens: false };
    default:
      throw new Error(`unknown parser ${name}`);
  }
}

/** Loads a parser package (timed by the caller) and returns parse(source, kind, variant) -> Program. */
export function load(name) {
  const mod = require(PACKAGES[name]);
  switch (name) {
    case 'acorn':
      return (src, kind, variant) => mod.parse(src, options(name, kind, variant));
    case 'meriyah':
      return (src, kind, variant) => mod.parse(src, options(name, kind, variant));
    case 'oxc':
      return (src, kind, variant) => {
        // parseSync returns the AST as a JSON string from Rust; `.program` JSON.parses it (and
        // fixes up RegExp/BigInt literals). Both are part of getting a JS AST, so both are timed.
        // oxc does not throw on syntax errors: it recovers and lists them in `errors`.
        const r = mod.parseSync(kind === 'module' ? 'input.mjs' : 'input.cjs', src, options(name, kind, variant));
        if (r.errors.length) {
          const e = r.errors[0];
          const err = new SyntaxError(`${e.message} (${e.labels?.[0]?.start ?? '?'})`);
          err.oxcErrors = r.errors.length;
          throw err;
        }
        return r.program;
      };
    default:
      throw new Error(`unknown parser ${name}`);
  }
}

/**
 * oxc only: the two halves of getting its AST, timed apart: parseSync (native parse + serialization
 * of the AST to a JSON string) and `.program` (JSON.parse of it on the JS side).
 */
export function oxcSplit(src, kind) {
  const mod = require(PACKAGES.oxc);
  const t0 = performance.now();
  const r = mod.parseSync(kind === 'module' ? 'input.mjs' : 'input.cjs', src, options('oxc', kind));
  const t1 = performance.now();
  void r.program;
  return { native_ms: t1 - t0, json_ms: performance.now() - t1 };
}

/** Whether oxc-parser's raw transfer (AST passed in a shared buffer, no JSON) works here (it needs node >= 22). */
export function oxcRawTransferSupported() {
  return require(PACKAGES.oxc).rawTransferSupported();
}

export const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/**
 * The simple walk instrumentation needs: every object child of every node, recursively; collects
 * the function nodes. Returns {fns, nodes}.
 */
export function collectFunctions(program) {
  const fns = [];
  let nodes = 0;
  const visit = (node) => {
    nodes++;
    if (FUNCTION_TYPES.has(node.type)) fns.push(node);
    for (const key in node) {
      const v = node[key];
      if (v === null || typeof v !== 'object') continue;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          if (x !== null && typeof x === 'object' && typeof x.type === 'string') visit(x);
        }
      } else if (typeof v.type === 'string') {
        visit(v);
      }
    }
  };
  visit(program);
  return { fns, nodes };
}

/**
 * The same walk, also giving each function node's parent and grandparent (for the toString check:
 * a method's FunctionExpression starts at its parameters, V8's text at the method's key).
 */
export function collectFunctionsWithParents(program) {
  const out = [];
  const visit = (node, parent, grand) => {
    if (FUNCTION_TYPES.has(node.type)) out.push({ node, parent, grand });
    for (const key in node) {
      const v = node[key];
      if (v === null || typeof v !== 'object') continue;
      if (Array.isArray(v)) {
        for (const x of v) if (x !== null && typeof x === 'object' && typeof x.type === 'string') visit(x, node, parent);
      } else if (typeof v.type === 'string') {
        visit(v, node, parent);
      }
    }
  };
  visit(program, null, null);
  return out;
}

/** A compact signature of the function nodes (type, start, end, body start, body end), for comparing parsers. */
export function signature(fns) {
  return fns
    .map((f) => `${f.type[0]}${f.start}-${f.end}:${f.body?.start}-${f.body?.end}`)
    .sort()
    .join(',');
}
