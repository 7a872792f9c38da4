// Every place where the load-time rewrite's insertions meet a boundary of the grammar (issue 15
// item 1): each case is valid JavaScript that the rewrite once broke (the first three kinds were
// found in node_modules, the others hunted next to them) or that sits on such a boundary.
// `code` is a module body; `run` an expression over it whose value the app prints (awaited).
// `types`: where the code is valid: script (CommonJS), module (ES), or both (the default);
// `minNode`: the first Node line that parses it.
export const CASES = [
  // Kind 1: an async function or generator with an empty body got its closing before its opening.
  { name: 'empty async arrow', code: 'const noop = async () => {};', run: 'noop().then(() => "resolved")' },
  { name: 'empty async function', code: 'async function f() {}', run: 'f().then((v) => v === undefined)' },
  { name: 'empty generator', code: 'function* g() {}', run: '[...g()].length' },
  { name: 'empty async generator', code: 'async function* g() {}', run: 'g().next().then((r) => r.done)' },
  { name: 'empty async method of a class', code: 'class A { async m() {} }', run: 'new A().m().then(() => "ok")' },
  { name: 'empty generator method of an object', code: 'const o = { *g() {}, async *h() {} };', run: '[...o.g()].length' },
  { name: 'async arrow whose body is a comment', code: 'const f = async () => { /* nothing */ };', run: 'f().then(() => 1)' },
  { name: 'empty async arrow in a class field', code: 'class A { static f = async () => {}; g = async () => {} }', run: 'Promise.all([A.f(), new A().g()]).then((r) => r.length)' },
  { name: 'empty async arrow inside an empty async function', code: 'async function f() { return async () => {} }', run: 'f().then((g) => typeof g)' },

  // Kind 2: a directive without a semicolon ran into the inserted prologue.
  { name: 'use strict without a semicolon', code: "function s() {\n  'use strict'\n  return this === undefined\n}", run: 's()' },
  { name: 'directive without a semicolon on one line', code: "function s() { 'use strict' ; return this === undefined }\nfunction t() { 'use strict' }", run: '[s(), t()]' },
  { name: 'directive then a comment on its line', code: "function s() {\n  'use strict' // why\n  return this === undefined\n}", run: 's()' },
  { name: 'two directives without semicolons', code: "function s() {\n  'use foo'\n  'use strict'\n  return this === undefined\n}", run: 's()' },
  // An asm.js module must stay exactly as written, or V8 warns on stderr and drops its compilation.
  { name: 'an asm.js module', code: "function Asm(stdlib) {\n  'use asm'\n  function add(a, b) { a = a | 0; b = b | 0; return (a + b) | 0 }\n  return { add: add }\n}", run: 'Asm(globalThis).add(1, 2)' },
  { name: 'an async function that is only a directive', code: "async function s() {'use strict'}", run: 's().then(() => "ok")' },
  { name: 'directive of an async arrow', code: "const s = async () => {\n  \"use strict\"\n  return 1\n};", run: 's()' },
  { name: 'directive of a generator', code: "function* g() {\n  'use strict'\n  yield this\n}", run: '[...g()]' },

  // Kind 3: an arrow's expression body in parentheses got the prologue inside the parentheses.
  { name: 'async arrow returning an object in parentheses', code: 'const mk = async (x) => ({ x });', run: 'mk(1)' },
  { name: 'async arrow with one bare parameter and a parenthesised object', code: 'const mk = async x => ({ x });', run: 'mk(2)' },
  { name: 'arrow returning a parenthesised sequence', code: 'const last = (a, b) => (a, b);\nconst al = async (a, b) => (a, b);', run: 'al(1, 2).then((v) => [last(1, 2), v])' },
  { name: 'arrow whose body starts with a parenthesis', code: 'const f = () => ({ a: 1 }).a;\nconst g = async () => (1) + (2);', run: 'g().then((v) => [f(), v])' },
  { name: 'arrow returning an arrow returning an object', code: 'const f = async (a) => async (b) => ({ a, b });', run: 'f(1).then((g) => g(2))' },
  { name: 'comments between the arrow and its body', code: 'const f = async (a /* => */) /* => */ => /* ( */ ({ a });\nconst g = x /* c */ => (x);', run: 'f(1).then((v) => [v, g(2)])' },
  { name: 'async arrow with no parameters and a comment', code: 'const f = async /* c */ () => ({ ok: 1 });', run: 'f()' },
  { name: 'arrow with a trailing comma in its parameters', code: 'const f = async (a, b,) => ({ a, b });', run: 'f(1, 2)' },
  { name: 'arrow body ending the line before the next statement', code: 'const f = x => x\nconst g = async x => x\n;[1].map(f)', run: 'g(3).then((v) => [f(1), v])' },
  { name: 'arrow in a template literal', code: 'const s = `${(x => (x))(1)}-${(async () => ({}))() instanceof Promise}`;', run: 's' },
  { name: 'arrow returning a class and a function', code: 'const C = () => class { m() { return 1 } };\nconst F = async () => function () { return 2 };', run: 'F().then((f) => [new (C())().m(), f()])' },

  // Wrapping a body in try/finally must not change which declarations clash.
  { name: 'var and function of one name in an async function', code: 'async function f() { var g = 1; function g() {} return typeof g }', run: 'f()' },
  { name: 'function declared twice in an async function', code: 'async function f() { function g() { return 1 } function g() { return 2 } return g() }', run: 'f()' },
  { name: 'var in a nested block and a function of one name in a generator', code: 'function* f() { if (true) { var g = 3 } function g() {} yield g }', run: '[...f()]' },

  // Names and syntax the prologue uses.
  { name: 'a parameter named arguments', code: 'function f(arguments) { return arguments }', run: 'f(5)', types: ['script'] },
  { name: 'arguments inside an arrow', code: 'function f() { return (() => arguments.length)() }\nconst g = async function () { return (async () => arguments[0])() };', run: 'g(7).then((v) => [f(1, 2), v])' },
  { name: 'new.target and super in arrows', code: 'class B { m() { return "b" } }\nclass A extends B { m() { return (() => super.m())() } }\nfunction F() { return (() => new.target === F)() }', run: '[new A().m(), new F() instanceof F, F()]' },
  { name: 'getter and setter with a default', code: 'const o = { _v: 0, get v() { return this._v }, set v(x = 9) { this._v = x } };\nclass K { static set s(v = 3) { K._s = v } }', run: '(o.v = undefined, K.s = undefined, [o.v, K._s])' },
  { name: 'labels at the start of a body', code: 'function f() { out: for (;;) { break out } return 1 }\nasync function g() { a: b: { break a } return 2 }', run: 'g().then((v) => [f(), v])' },
  { name: 'unicode escapes in names', code: 'const \\u0061sync = (x) => x;\nasync function \\u{62}() {}\nconst c = { \\u0067et: () => 1 };', run: '[async(1), typeof b, c.get()]' },
  { name: 'an arrow named async', code: 'const async = (x) => x;\nconst r = async(1);', run: 'r' },

  // Line terminators and comments: nothing inserted contains a line break.
  { name: 'CRLF line endings', code: "async function f() {\r\n  'use strict'\r\n  return 1\r\n}\r\nconst g = async () => ({\r\n  a: 1\r\n});\r\n", run: 'Promise.all([f(), g()])' },
  { name: 'U+2028 and U+2029 in strings and between statements', code: "const s = '\u2028';\u2029async function f() {}\u2028const g = async () => ({ s });", run: 'g().then((v) => v.s.length)' },
  { name: 'HTML-like comments in a script', code: "async function f() {\n<!-- an old-style comment\n--> another one\n  return 1\n}\nconst g = x => x --> 0\n", run: 'f().then((v) => [v, g(1)])', types: ['script'] },
  { name: 'a shebang line', code: '#!/usr/bin/env node\nasync function f() {}', run: 'f().then(() => "ok")' },

  // Explicit resource management: Node 24+ parses `using` and `await using`.
  { name: 'using declarations in a function and an async arrow', code: 'function res() { return { [Symbol.dispose]() { res.n = (res.n ?? 0) + 1 } } }\nfunction f() { using r = res(); return typeof r }\nconst g = async () => { await using s = res(); return 1 };', run: 'g().then((v) => [f(), v, res.n])', minNode: 24 },

  // Only in modules, or only in scripts.
  { name: 'top-level await next to an empty async arrow', code: 'const noop = async () => {};\nawait noop();', run: '"ok"', types: ['module'] },
  { name: 'with and duplicate parameters (sloppy scripts)', code: 'function f(a, a) { with ({ b: a }) { return b } }\nasync function g(a, a) {}', run: 'g(1, 2).then(() => f(1, 2))', types: ['script'] },
];
