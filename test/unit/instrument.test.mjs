// What the load-time rewrite does to a module (runtime/instrument/rewrite.ts instrument(), with
// function-table.ts), without running it: each case is a module's source and, for each of its
// functions in source order, the name an update uses for it (`Cart.prototype.total`; `-` where
// module code cannot name it) and what the rewrite did: `prologue` (the forwarder to its slot is in
// the code), `prologue, counted` (async functions and generators also count their activations, for
// quiescence), or `as written (<why>)`, the reason `moult check` reports (LiveEdit reaches those).
// The verdict is read from the rewritten code itself (the slot test of function k is there or
// not), not only from the table. test/runtime/rewrite-*.test.mjs keep the corpus, fuzz and
// semantics runs (compiling and running the rewritten code).
import test from 'ava';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { instrument, holderName, evalHookName } = require(path.join(root, 'dist/runtime/instrument/rewrite.js'));

const ID = 'unit';

// module source → each function: "name: what the rewrite did".
const CASES = [
  {
    name: 'a function declaration, a function expression and an arrow each get a prologue',
    source: 'function add(a, b) { return a + b; }\nconst sub = function (a, b) { return a - b; };\nconst neg = (a) => -a;',
    functions: ['add: prologue', 'sub: prologue', 'neg: prologue'],
  },
  {
    name: 'async functions, generators and async arrows: a prologue that counts their activations',
    source: 'async function load() {}\nfunction* ids() {}\nasync function* stream() {}\nconst ping = async () => 1;',
    functions: ['load: prologue, counted', 'ids: prologue, counted', 'stream: prologue, counted', 'ping: prologue, counted'],
  },
  {
    name: 'a class: methods, accessors and static methods get prologues, the constructor is left as written',
    source: 'class Cart {\n  constructor(items) { this.items = items; }\n  total() { return 0; }\n  get size() { return 0; }\n  set size(v) {}\n  static of(...items) { return new Cart(items); }\n}',
    functions: ['-: as written (constructor)', 'Cart.prototype.total: prologue', 'get Cart.prototype.size: prologue', 'set Cart.prototype.size: prologue', 'Cart.of: prologue'],
  },
  {
    name: 'a class expression is named by the variable that holds it',
    source: 'const Svc = class Inner { run() {} };',
    functions: ['Svc.prototype.run: prologue'],
  },
  {
    name: 'class fields: a static arrow is named, an instance arrow is not; computed keys only when literal',
    source: "class A { static make = () => new A(); f = () => 1; ['x']() {} [Symbol.iterator]() {} }",
    functions: ['A.make: prologue', '-: prologue', 'A.prototype.x: prologue', '-: prologue'],
  },
  {
    name: 'object literal methods and functions assigned to properties are named by their path',
    source: 'const api = { get() {}, list: function () {}, del: () => 1 };\nmodule.exports.x = function () {};\nexports.y = () => 2;',
    functions: ['api.get: prologue', 'api.list: prologue', 'api.del: prologue', 'module.exports.x: prologue', 'exports.y: prologue'],
  },
  {
    name: 'nested functions each get their own prologue (only top-level ones are named)',
    source: 'function outer() { return function inner() { return () => 1; }; }',
    functions: ['outer: prologue', '-: prologue', '-: prologue'],
  },
  {
    name: 'ES module: exported functions, the default export named or not',
    module: true,
    source: 'export function a() {}\nexport default function () {}\nexport const b = () => 1;',
    functions: ['a: prologue', '-: prologue', 'b: prologue'],
  },
  {
    name: 'arrows with destructured or default parameters are left as written; a rest parameter is fine',
    source: 'const f = ({ a }) => a;\nconst g = (x = 1) => x;\nconst h = (...rest) => rest;\nfunction k({ a }, b = 1) { return a; }',
    functions: ['f: as written (arrow-parameters)', 'g: as written (arrow-parameters)', 'h: prologue', 'k: prologue'],
  },
  {
    name: 'an async function or generator whose declarations would clash inside try/finally is left as written',
    source: 'async function f() { var g = 1; function g() {} }\nasync function p(h) { function h() {} }\nfunction* q() { var r; function r() {} }\nasync function ok() { let x; { function x() {} } }',
    functions: ['f: as written (declarations)', '-: prologue', 'p: as written (declarations)', '-: prologue', 'q: as written (declarations)', '-: prologue', 'ok: prologue, counted', '-: prologue'],
  },
  {
    name: 'a function declaring its own `arguments`: forwarded by name, or left as written when its parameters cannot be',
    source: 'function byName(a, b) { function arguments() {} return a; }\nfunction g({ a }, b) { function arguments() {} return a; }',
    functions: ['byName: prologue', '-: prologue', 'g: as written (arguments)', '-: prologue'],
  },
  {
    name: 'an asm.js module is left as written, its inner functions too',
    source: "function Asm(stdlib) { 'use asm'; function f() { return 0; } return { f: f }; }",
    functions: ['Asm: as written (asm.js)', '-: as written (asm.js)'],
  },
  {
    name: 'a module without functions gets only the eval hook',
    source: 'const x = 1;\nmodule.exports = x;',
    functions: [],
  },
];

/** What the rewrite did to each function, read from the code it produced. */
function verdicts(r) {
  return r.functions.map((e) => {
    const h = holderName(ID, e.k);
    const forwards = r.code.includes(`${h}.f${e.k}!==void 0`);
    const counts = r.code.includes(`${h}.a${e.k}++`);
    const did = forwards ? `prologue${counts ? ', counted' : ''}` : `as written (${e.leftAsWritten})`;
    return `${e.name ?? '-'}: ${did}`;
  });
}

for (const c of CASES) {
  test(`instrument(): ${c.name}`, (t) => {
    const r = instrument(c.source, ID, c.module === true);
    t.deepEqual(verdicts(r), c.functions);
    // The table agrees with the code: a prologue exactly where `instrumented` says.
    t.deepEqual(r.functions.map((e) => e.instrumented), c.functions.map((f) => f.includes(': prologue')));
    // No line break is inserted: every line keeps its number (one line added for the eval hook).
    t.is(r.code.split('\n').length, c.source.split('\n').length + 1);
    t.true(r.code.endsWith(`;function ${evalHookName(ID)}(__moult_src){return eval(__moult_src)}${holderName(ID, 0)}.e=${evalHookName(ID)};`));
  });
}

test('instrument(): a directive without its semicolon gets one before the prologue', (t) => {
  const r = instrument("function f() { 'use strict'\n  return 1; }", ID, false);
  t.true(r.code.startsWith(`function f() { 'use strict';if(${holderName(ID, 0)}.f0!==void 0)`), r.code);
});

test('instrument(): a module past 256 functions reads a second holder object', (t) => {
  const source = Array.from({ length: 300 }, (_, i) => `function f${i}() { return ${i}; }`).join('\n');
  const r = instrument(source, ID, false);
  t.is(r.holders, 2);
  t.true(r.code.includes(`${holderName(ID, 299)}.f299!==void 0`));
  t.is(holderName(ID, 299), `__moult$${ID}_1`);
});
