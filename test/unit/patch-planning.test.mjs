// What a source patch of an instrumented module changes, decided before anything runs
// (runtime/patch/plan.ts, top-level.ts, statements.ts; SPEC 6.4-6.5), without an app: each case is the
// module as loaded and the patch's source, and the plan: the functions whose slots take a new
// version, the declarations evaluated once in the patch's scope (the prelude), the imports an ES
// module's patch loads first, or why only LiveEdit can take it, or the refusal (EPATCH, with the
// line). The loaded module is a real ModuleRecord made from instrument()'s output, as the load
// hooks make it. A second table classifies top-level initializers: which may be evaluated again
// (side-effect free) and which not. test/releases/ and test/daemon/patch-*.test.mjs keep the
// patches applied to running apps.
import test from 'ava';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (file) => require(path.join(root, 'dist', file));
const { planPatch } = dist('runtime/patch/plan.js');
const { sideEffectFree } = dist('runtime/patch/statements.js');
const { ModuleRecord, partsOf } = dist('runtime/instrument/modules.js');
const { instrument } = dist('runtime/instrument/rewrite.js');
const { parse } = require(require.resolve('meriyah', { paths: [root] }));

const REFUSED_OUTSIDE = 'the patch changes code outside function bodies';

// loaded source → patch source → plan (changed slots, prelude, imports, LiveEdit) or refusal.
const CASES = [
  {
    name: 'a changed function body: that function takes its new version',
    loaded: 'function add(a, b) { return a + b; }\nmodule.exports = { add };',
    patch: 'function add(a, b) { return b + a; }\nmodule.exports = { add };',
    plan: { changed: ['add'] },
  },
  {
    name: 'the same source: nothing to change',
    loaded: 'function add(a, b) { return a + b; }\nmodule.exports = { add };',
    patch: 'function add(a, b) { return a + b; }\nmodule.exports = { add };',
    plan: { changed: [] },
  },
  {
    name: 'comments and spacing outside function bodies are not changes',
    loaded: 'function add(a, b) { return a + b; }\nmodule.exports = { add };',
    patch: '// adds\nfunction add(a, b) { return a + b; }\n\nmodule.exports = {\n  add\n};',
    plan: { changed: [] },
  },
  {
    name: 'a method, an object method and a getter: each named as module code reaches it',
    loaded: 'class Cart { total() { return 1; } }\nconst o = { m() { return 1; }, get g() { return 1; } };\nmodule.exports = { Cart, o };',
    patch: 'class Cart { total() { return 2; } }\nconst o = { m() { return 2; }, get g() { return 2; } };\nmodule.exports = { Cart, o };',
    plan: { changed: ['Cart.prototype.total', 'o.m', 'get o.g'] },
  },
  {
    name: 'a new constant read by a changed function: declared in the prelude',
    loaded: "function greet(n) { return 'hi ' + n; }\nmodule.exports = greet;",
    patch: "const PREFIX = 'v2';\nfunction greet(n) { return PREFIX + ' hi ' + n; }\nmodule.exports = greet;",
    plan: { changed: ['greet'], prelude: ["const PREFIX = 'v2';"] },
  },
  {
    name: 'a changed RegExp constant: evaluated again, and the unchanged function that reads it is recompiled',
    loaded: "const SEP = /-/g;\nfunction clean(s) { return s.replace(SEP, ' '); }\nmodule.exports = clean;",
    patch: "const SEP = /[-_]/g;\nfunction clean(s) { return s.replace(SEP, ' '); }\nmodule.exports = clean;",
    plan: { changed: ['clean'], prelude: ['const SEP = /[-_]/g;'] },
  },
  {
    name: 'a constant computed at load from a changed constant is evaluated again too',
    loaded: "const SEP = '-';\nconst ROUTE = '/a' + SEP;\nfunction route() { return ROUTE; }\nmodule.exports = route;",
    patch: "const SEP = '_';\nconst ROUTE = '/a' + SEP;\nfunction route() { return ROUTE; }\nmodule.exports = route;",
    plan: { changed: ['route'], prelude: ["const SEP = '_';", "const ROUTE = '/a' + SEP;"] },
  },
  {
    name: 'an export that reads a changed constant is assigned again (journaled by slot-patch.ts)',
    loaded: 'const LIMIT = 10;\nexports.limit = LIMIT;',
    patch: 'const LIMIT = 20;\nexports.limit = LIMIT;',
    plan: { changed: [], prelude: ['const LIMIT = 20;', /^globalThis\[Symbol\.for\('moult\.patch\.export'\)\]\(exports, "limit", LIMIT\);$/] },
  },
  {
    name: 'a new helper function: declared in the prelude, its caller takes a new version',
    loaded: 'function clean(s) { return s.toLowerCase(); }\nmodule.exports = clean;',
    patch: 'function trim(s) { return s.trim(); }\nfunction clean(s) { return trim(s).toLowerCase(); }\nmodule.exports = clean;',
    plan: { changed: ['clean'], prelude: ['function trim(s) { return s.trim(); }'] },
  },
  {
    name: 'a new require: allowed (a module loads once)',
    loaded: 'function line(s) { return s; }\nmodule.exports = line;',
    patch: "const { EOL } = require('node:os');\nfunction line(s) { return s + EOL; }\nmodule.exports = line;",
    plan: { changed: ['line'], prelude: ["const { EOL } = require('node:os');"] },
  },
  {
    name: 'a removed require: left alone (old closures may still read it)',
    loaded: "const util = require('node:util');\nfunction show(x) { return util.inspect(x); }\nmodule.exports = show;",
    patch: 'function show(x) { return String(x); }\nmodule.exports = show;',
    plan: { changed: ['show'] },
  },
  {
    name: 'a renamed function keeps its slot: the new name is bound to the loaded function',
    loaded: "function shout(s) { return s + '!'; }\nmodule.exports = { shout: shout };",
    patch: "function yell(s) { return s + '!!'; }\nmodule.exports = { shout: yell };",
    plan: { changed: ['yell'], prelude: ['const yell = shout;'] },
  },
  {
    name: 'a changed inner function with no live closure: the enclosing function takes its new version',
    loaded: 'function maker() { return function tagged(s) { return s; }; }\nmodule.exports = maker;',
    patch: "function maker() { return function tagged(s) { return s + '!'; }; }\nmodule.exports = maker;",
    plan: { changed: ['maker'] },
  },
  {
    name: 'ES module: a new import is loaded before the patch and bound in the prelude',
    module: true,
    loaded: "import { basename } from 'node:path';\nexport function f(s) { return basename(s); }",
    patch: "import { basename } from 'node:path';\nimport { EOL } from 'node:os';\nexport function f(s) { return basename(s) + EOL; }",
    plan: { changed: ['f'], imports: ['node:os'], prelude: [/^const EOL = globalThis\[Symbol\.for\('moult\.patch\.imports'\)\]\.get\(.*node:os.*\)\["EOL"\];$/] },
  },
  {
    name: 'a changed class constructor: not instrumented, only LiveEdit can take it',
    loaded: 'class A { constructor() { this.x = 1; } }\nmodule.exports = A;',
    patch: 'class A { constructor() { this.x = 2; } }\nmodule.exports = A;',
    plan: { changed: [], liveEdit: /was not instrumented \(a class constructor/ },
  },
  {
    name: 'a method that uses private names (#x): only LiveEdit can take it',
    loaded: 'class A { #x = 1; get() { return this.#x; } }\nmodule.exports = A;',
    patch: 'class A { #x = 1; get() { return this.#x + 1; } }\nmodule.exports = A;',
    plan: { changed: [], liveEdit: /A\.prototype\.get uses private names/ },
  },
  {
    name: 'an arrow class field that uses this: only LiveEdit can take it',
    loaded: 'class A { f = () => this.x; }\nmodule.exports = A;',
    patch: 'class A { f = () => this.x + 1; }\nmodule.exports = A;',
    plan: { changed: [], liveEdit: /is an arrow function that uses `this`/ },
  },
  {
    name: 'a change only LiveEdit can take, with a new declaration: refused',
    loaded: 'class A { constructor() { this.x = 1; } }\nmodule.exports = A;',
    patch: 'const N = 2;\nclass A { constructor() { this.x = N; } }\nmodule.exports = A;',
    refused: /^lib\.js: .*was not instrumented.*and the release changes declarations outside function bodies, which LiveEdit cannot evaluate$/,
  },
  {
    name: 'a changed top-level call: refused, naming the loaded line',
    loaded: "function f() {}\nconsole.log('v1');",
    patch: "function f() {}\nconsole.log('v2');",
    refused: new RegExp(`^lib\\.js:2: ${REFUSED_OUTSIDE} \\(\`console\\.log\\('v1'\\);\`\\): a statement other than a declaration is removed or changed`),
  },
  {
    name: 'an added timer: refused (it would run again)',
    loaded: 'function tick() {}\nmodule.exports = tick;',
    patch: 'function tick() {}\nsetInterval(tick, 1000);\nmodule.exports = tick;',
    refused: /^lib\.js:\d+: .*a statement that is not a side-effect-free declaration is added or changed/,
  },
  {
    name: 'a constant whose new initializer has effects (Date.now()): refused',
    loaded: 'const started = 1;\nmodule.exports = () => started;',
    patch: 'const started = Date.now();\nmodule.exports = () => started;',
    refused: /^lib\.js:1: .*\(`const started = 1;`\): a statement that is not a side-effect-free declaration is added or changed/,
  },
  {
    name: 'a `let` whose initializer changes is state: refused',
    loaded: 'let hits = 0;\nfunction hit() { return ++hits; }\nmodule.exports = hit;',
    patch: 'let hits = 10;\nfunction hit() { return ++hits; }\nmodule.exports = hit;',
    refused: /^lib\.js:1: .*hits is state \(a `let` or an assigned binding\) whose initializer changes/,
  },
  {
    name: 'an assigned `var` whose initializer changes is state: refused',
    loaded: 'var count = 0;\nfunction inc() { count++; }\nmodule.exports = inc;',
    patch: 'var count = 5;\nfunction inc() { count++; }\nmodule.exports = inc;',
    refused: /^lib\.js:1: .*count is state/,
  },
  {
    name: 'ES module: a changed export list is refused',
    module: true,
    loaded: 'function a() {}\nexport { a };',
    patch: 'function a() {}\nfunction b() {}\nexport { a, b };',
    refused: /^lib\.js:2: .*\(`export \{ a \};`\): a statement other than a declaration is removed or changed/,
  },
  {
    name: 'a patch that does not parse: refused with the parser\'s place',
    loaded: 'function f() { return 1; }\nmodule.exports = f;',
    patch: 'function f() { return 1;\nmodule.exports = f;',
    refused: /^lib\.js: \[2:\d+-2:\d+\]: Unexpected token/,
  },
];

/** The module as the load hooks leave it (instrumented, its table kept), and the plan of the patch. */
function planOf(c) {
  const isModule = c.module === true;
  const record = new ModuleRecord('unit', 'file:///app/lib.js', isModule, c.loaded, partsOf(instrument(c.loaded, 'unit', isModule)));
  const p = planPatch(record, 'lib.js', c.patch);
  return { changed: p.changed.map((f) => f.label), prelude: p.prelude, imports: p.imports, liveEdit: p.needsLiveEdit };
}

for (const c of CASES) {
  test(`patch planning: ${c.name}`, (t) => {
    if (c.refused) {
      t.throws(() => planOf(c), { code: 'EPATCH', message: c.refused });
      return;
    }
    const got = planOf(c);
    const want = { changed: [], prelude: [], imports: [], liveEdit: null, ...c.plan };
    t.deepEqual(got.changed, want.changed, 'functions whose slot takes a new version');
    t.deepEqual(got.imports, want.imports, 'imports loaded before the patch');
    t.is(got.prelude.length, want.prelude.length, `prelude: ${JSON.stringify(got.prelude)}`);
    want.prelude.forEach((p, i) => (p instanceof RegExp ? t.regex(got.prelude[i], p) : t.is(got.prelude[i], p)));
    if (want.liveEdit instanceof RegExp) t.regex(got.liveEdit ?? '', want.liveEdit);
    else t.is(got.liveEdit, want.liveEdit);
  });
}

// An initializer → whether evaluating it once more has no effect outside it (top-level.ts): what
// decides whether a declaration the patch adds or changes may go into the prelude.
const INITIALIZERS = [
  ['42', true], ["'text'", true], ['/-/g', true], ['`v${major}`', true], ['[1, 2, [3]]', true],
  ["{ a: 1, ['b']: 2 }", true], ['() => work()', true], ['function () { work(); }', true],
  ['a && b ? c : -d', true], ['config.port', true], ["require('node:os')", true],
  ["Object.freeze({ level: 'info' })", true], ['new Map([[1, 2]])', true], ["Symbol.for('moult')", true],
  ["JSON.parse('{}')", true], ['class extends Base { static x = 1; m() {} }', true],
  ['Date.now()', false], ['Math.random()', false], ['fetch(url)', false], ['new Foo()', false],
  ['require(name)', false], ['x++', false], ['x = 1', false], ['delete o.k', false], ['[...xs]', false],
  ['{ ...defaults }', false], ['o[next()]', false], ['`v${bump()}`', false], ['new Set(load())', false],
  ['class { static { start(); } }', false], ['class { static y = f(); }', false], ['class extends mixin() {}', false],
];

for (const [expression, free] of INITIALIZERS) {
  test(`top-level initializer \`${expression}\` is ${free ? 'side-effect free: may be evaluated again' : 'not side-effect free: refused'}`, (t) => {
    const ast = parse(`(${expression});`, { ranges: true, next: true });
    t.is(sideEffectFree(ast.body[0].expression), free);
  });
}
